"""The first-run wizard an installer walks through on a new laptop, fully offline if need be:
language, setup files or codes, the people who will use the laptop (each with a PIN), a content pack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldapp.bundles.local import ContentImport
from fieldapp.core.errors import FieldAppError
from fieldapp.device.enrollment import SetupInfo, read_setup_file, typed_setup
from fieldapp.device.media import find_on_media, removable_roots
from fieldapp.device.people import Person, UnlockedProfile
from fieldapp.device.pins import PIN_MAX, PIN_MIN
from fieldapp.device.setup import Device
from fieldapp.gui.background import run_in_background
from fieldapp.gui.i18n import LANGUAGES, LanguageManager, arg
from fieldapp.gui.settings import GuiSettings
from fieldapp.gui.style import base_point_size
from fieldapp.gui.wizard.packjobs import ProgressRelay, import_for_people

__all__ = ["FirstRunWizard"]

PACK_SUFFIX = ".fieldpack"


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("errorLabel")
    label.setStyleSheet("color: #b00020;")
    return label


def _start_folder() -> str:
    roots = removable_roots()
    return str(roots[0]) if roots else str(Path.home())


class _Page(QWizardPage):
    """A page whose texts are set in :meth:`retranslate`, called again when the language changes."""

    def wizard_(self) -> FirstRunWizard:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        return wizard

    def retranslate(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError


class LanguagePage(_Page):
    """Language first: each name in its own script, so anyone can find hers."""

    def __init__(self) -> None:
        super().__init__()
        self.choices = QListWidget()
        self.choices.setObjectName("languageList")
        for code, name in LANGUAGES.items():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            font = item.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            item.setFont(font)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.currentItemChanged.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices)
        self.retranslate()

    def retranslate(self) -> None:
        # Shown before anyone has chosen: the title says "Language" in all three languages.
        self.setTitle(self.tr("Language · زبان · ژبه"))
        self.setSubTitle(self.tr("Choose the language for this laptop. Each person can change it later."))

    def select(self, code: str) -> None:
        """Choose ``code`` (as a click would)."""
        for row in range(self.choices.count()):
            if self.choices.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.choices.setCurrentRow(row)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.wizard_().set_language(str(item.data(Qt.ItemDataRole.UserRole)))


class SetupPage(_Page):
    """Setup files (``.fieldenroll``, one per person) or a typed enrollment code and server address."""

    def __init__(self) -> None:
        super().__init__()
        self.setups: list[SetupInfo] = []
        self.list = QListWidget()
        self.add_file_button = QPushButton()
        self.add_file_button.clicked.connect(self._browse)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove_selected)
        self.typed_box = QGroupBox()
        self.server_edit = QLineEdit()
        self.server_edit.setObjectName("serverEdit")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.add_code_button = QPushButton()
        self.add_code_button.clicked.connect(
            lambda: self.add_typed(self.server_edit.text(), self.code_edit.text())
        )
        self.server_label = QLabel()
        self.code_label = QLabel()
        form = QFormLayout(self.typed_box)
        form.addRow(self.server_label, self.server_edit)
        form.addRow(self.code_label, self.code_edit)
        form.addRow("", self.add_code_button)
        self.error = _error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_file_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.typed_box)
        layout.addWidget(self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Connect this laptop to the server"))
        self.setSubTitle(
            self.tr(
                "Add the setup file of each person who will use this laptop (from the USB stick), "
                "or type an enrollment code and the server address. No internet is needed now."
            )
        )
        self.add_file_button.setText(self.tr("Add setup file…"))
        self.remove_button.setText(self.tr("Remove"))
        self.typed_box.setTitle(self.tr("Or type an enrollment code"))
        self.server_label.setText(self.tr("Server address"))
        self.code_label.setText(self.tr("Enrollment code"))
        self.server_edit.setPlaceholderText(self.tr("for example fieldapp.example.org"))
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKLM")
        self.add_code_button.setText(self.tr("Add this code"))
        self._refresh()

    def _describe(self, setup: SetupInfo) -> str:
        if setup.username:
            return arg(self.tr("%1 (server %2)"), setup.username, setup.server_url)
        return arg(self.tr("Enrollment code for server %1"), setup.server_url)

    def _refresh(self) -> None:
        self.list.clear()
        for setup in self.setups:
            self.list.addItem(self._describe(setup))
        self.completeChanged.emit()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a setup file"),
            _start_folder(),
            self.tr("fieldapp setup files (*.fieldenroll)"),
        )
        if path:
            self.add_setup_file(Path(path))

    def add_setup_file(self, path: Path) -> bool:
        """Add a setup file; on a bad file show why and return False."""
        try:
            setup = read_setup_file(path)
        except FieldAppError:
            self.error.setText(
                arg(
                    self.tr("%1 is not a fieldapp setup file, or it is damaged. Ask for a new one."),
                    path.name,
                )
            )
            return False
        return self._add(setup)

    def add_typed(self, server: str, code: str) -> bool:
        """Add a typed code and server address; on bad input show why and return False."""
        try:
            setup = typed_setup(server, code)
        except FieldAppError:
            self.error.setText(
                self.tr(
                    "Check the server address (like fieldapp.example.org) and the code (like ABCD-EFGH-JKLM)."
                )
            )
            return False
        self.code_edit.clear()
        return self._add(setup)

    def _add(self, setup: SetupInfo) -> bool:
        if any(s.code == setup.code for s in self.setups):
            self.error.setText(self.tr("This setup is already in the list."))
            return False
        keys = {s.server_key for s in [*self.setups, setup] if s.server_key}
        pinned = self.wizard_().device.server if self.wizard() else None
        if len(keys) > 1 or (pinned and pinned.key and keys and keys != {pinned.key}):
            self.error.setText(self.tr("This setup file is for a different server than the others."))
            return False
        self.error.clear()
        self.setups.append(setup)
        self._refresh()
        return True

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.setups):
            del self.setups[row]
            self._refresh()

    def isComplete(self) -> bool:
        return bool(self.setups)


class PersonForm(QGroupBox):
    """Name and PIN (twice) of one person."""

    changed = Signal()

    def __init__(self, setup: SetupInfo) -> None:
        super().__init__()
        self.setup = setup
        self.name_edit = QLineEdit((setup.username or "").capitalize())
        self.pin_edit = QLineEdit()
        self.pin_again = QLineEdit()
        for edit in (self.pin_edit, self.pin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(PIN_MAX)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        for edit in (self.name_edit, self.pin_edit, self.pin_again):
            edit.textChanged.connect(self.changed)
        self.name_label, self.pin_label, self.again_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.pin_label, self.pin_edit)
        form.addRow(self.again_label, self.pin_again)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.setup.username or self.tr("Person with an enrollment code"))
        self.name_label.setText(self.tr("Her name"))
        self.pin_label.setText(arg(self.tr("PIN (%1 to %2 digits)"), PIN_MIN, PIN_MAX))
        self.again_label.setText(self.tr("PIN again"))

    def problem(self) -> str | None:
        """What is still wrong with this form, in words, or None."""
        pin = self.pin_edit.text()
        if not self.name_edit.text().strip():
            return self.tr("Type a name for each person.")
        if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
            return arg(self.tr("A PIN is %1 to %2 digits."), PIN_MIN, PIN_MAX)
        if pin != self.pin_again.text():
            return self.tr("The two PINs are not the same.")
        return None


class PeoplePage(_Page):
    """One form per setup; on Next the people are created and enrolled (this cannot be undone here).

    Creating a person derives her PIN hash and her vault key (Argon2, deliberately slow), so it runs on a
    worker thread; the page moves on by itself when that is done (``people_saved``).
    """

    people_saved = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[PersonForm] = []
        self.saving = False
        self.saved = False
        self.forms_box = QWidget()
        self.forms_layout = QVBoxLayout(self.forms_box)
        self.hint = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.forms_box)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        self.setCommitPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Who will use this laptop?"))
        self.setSubTitle(
            self.tr(
                "Each person gets her own private space on this laptop. She needs her PIN to open it; "
                "nobody else can see her work."
            )
        )
        for form in self.forms:
            form.retranslate()
        self._update()

    def initializePage(self) -> None:
        for form in self.forms:
            form.deleteLater()
        self.forms = []
        for setup in self.wizard_().setup_page.setups:
            form = PersonForm(setup)
            form.changed.connect(self._update)
            self.forms_layout.addWidget(form)
            self.forms.append(form)
        self._update()

    def _update(self) -> None:
        problems = [p for p in (form.problem() for form in self.forms) if p]
        names = [form.name_edit.text().strip().casefold() for form in self.forms]
        if not problems and len(set(names)) != len(names):
            problems.append(self.tr("Each person needs a different name."))
        self.hint.setText(problems[0] if problems else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.forms) and not self.hint.text() and not self.saving

    def validatePage(self) -> bool:
        if self.saved:
            return True
        if not self.saving:
            self._start_saving()
        return False

    def _start_saving(self) -> None:
        wizard = self.wizard_()
        done = {p.display_name.casefold() for p in wizard.created}
        todo = [
            (form.name_edit.text(), form.pin_edit.text(), form.setup)
            for form in self.forms
            if form.name_edit.text().strip().casefold() not in done  # kept from an earlier try
        ]
        device = wizard.device

        def save() -> tuple[list[UnlockedProfile], FieldAppError | None]:
            made: list[UnlockedProfile] = []
            try:
                for name, pin, setup in todo:
                    unlocked = device.people.add_and_unlock(name, pin, setup.username)
                    made.append(unlocked)
                    device.enroll_person(unlocked.person, setup, unlocked.key)
            except FieldAppError as exc:
                return made, exc
            return made, None

        self.saving = True
        self.completeChanged.emit()
        run_in_background(save, self._saved, self._save_failed)

    def _saved(self, outcome: tuple[list[UnlockedProfile], FieldAppError | None]) -> None:
        made, error = outcome
        wizard = self.wizard_()
        for unlocked in made:
            wizard.unlocked.append(unlocked)
            wizard.created.append(unlocked.person)
            wizard.save_language_for(unlocked.person)
        self.saving = False
        if error is not None:
            self.hint.setText(arg(self.tr("This could not be saved: %1"), str(error)))
            self.completeChanged.emit()
            self.people_saved.emit(False)
            return
        self.saved = True
        self.completeChanged.emit()
        self.people_saved.emit(True)
        wizard.next()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.hint.setText(arg(self.tr("This could not be saved: %1"), type(exc).__name__))
        self.completeChanged.emit()
        self.people_saved.emit(False)


class ContentPage(_Page):
    """Optionally import a content pack into every new person's profile, with progress."""

    import_finished = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.done = False
        self.relay = ProgressRelay(self)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("packPath")
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._browse)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.start_import)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.relay.progress.connect(lambda done, _total: self.progress.setValue(done))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = _error_label()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.import_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Training content (optional)"))
        self.setSubTitle(
            self.tr(
                "If the USB stick has a content pack (.fieldpack), import it now so training and tasks "
                "are there without internet. You can skip this step."
            )
        )
        self.choose_button.setText(self.tr("Choose…"))
        self.import_button.setText(self.tr("Import"))

    def initializePage(self) -> None:
        if not self.path_edit.text():
            found = find_on_media(PACK_SUFFIX)
            if found:
                self.path_edit.setText(str(found[0]))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a content pack"), _start_folder(), self.tr("fieldapp packs (*.fieldpack)")
        )
        if path:
            self.path_edit.setText(path)

    def start_import(self) -> None:
        """Import the chosen pack into each new person's profile on a worker thread."""
        pack = Path(self.path_edit.text().strip())
        if not pack.is_file():
            self.error.setText(self.tr("Choose the content pack file first."))
            return
        wizard = self.wizard_()
        # Each new person's data is locked by her PIN: the job opens it with the key the wizard holds.
        targets = [(u.profile_dir, u.key) for u in wizard.unlocked]
        self.busy = True
        self.error.clear()
        self.status.setText(self.tr("Checking and importing the pack… This can take a few minutes."))
        self.import_button.setEnabled(False)
        self.completeChanged.emit()
        device_dir = wizard.device.dir
        run_in_background(
            lambda: import_for_people(device_dir, pack, targets, self.relay.report),
            self._imported,
            self._failed,
        )

    def _imported(self, results: list[ContentImport]) -> None:
        self.busy = False
        self.done = True
        names = [p.display_name for p in self.wizard_().created]
        lines = [
            arg(self.tr("%1: %2 records and %3 files imported."), name, result.records, result.files)
            for name, result in zip(names, results, strict=False)
        ]
        self.status.setText("\n".join(lines))
        self.import_button.setEnabled(True)
        self.completeChanged.emit()
        self.import_finished.emit(True)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.setValue(0)
        self.status.clear()
        detail = str(exc) if isinstance(exc, FieldAppError) else type(exc).__name__
        self.error.setText(arg(self.tr("The pack was not imported, and nothing was changed. %1"), detail))
        self.import_button.setEnabled(True)
        self.completeChanged.emit()
        self.import_finished.emit(False)

    def isComplete(self) -> bool:
        return not self.busy


class FinishPage(_Page):
    """What was done, and what happens at first contact with the server."""

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("This laptop is ready"))
        if self.wizard() is not None:
            self.initializePage()

    def initializePage(self) -> None:
        wizard = self.wizard_()
        names = ", ".join(p.display_name for p in wizard.created)
        lines = [arg(self.tr("People on this laptop: %1."), names)]
        if wizard.content_page.done:
            lines.append(self.tr("The training content is on the laptop."))
        lines.append(
            self.tr(
                "The first time the laptop reaches the internet, each person's setup is finished "
                "automatically. Until then everything works offline."
            )
        )
        self.summary.setText("\n\n".join(lines))


class FirstRunWizard(QWizard):
    """Sets up a laptop. ``setup_done`` carries the device folder when the installer clicks Finish."""

    setup_done = Signal(object)

    def __init__(self, device_dir: Path, languages: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.device = Device.open(device_dir)
        self.languages = languages
        self.language = languages.code
        self.created: list[Person] = []
        #: The people made here with their data keys (so their codes and content can be stored sealed).
        self.unlocked: list[UnlockedProfile] = []
        self.language_page = LanguagePage()
        self.setup_page = SetupPage()
        self.people_page = PeoplePage()
        self.content_page = ContentPage()
        self.finish_page = FinishPage()
        self.pages: list[_Page] = [
            self.language_page,
            self.setup_page,
            self.people_page,
            self.content_page,
            self.finish_page,
        ]
        for page in self.pages:
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(720, 560)
        self._retranslate()
        self.finished.connect(self._on_finished)

    def set_language(self, code: str) -> None:
        """Switch the whole app now (translation, right-to-left, fonts); remembered for each person."""
        self.language = code
        self.languages.install(code, base_point_size(code, 1.0))

    def save_language_for(self, person: Person) -> None:
        """Each new profile starts in the language chosen here."""
        settings = GuiSettings.load(self.device.people.profile_dir(person.id))
        settings.language = self.language
        settings.save()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up fieldapp"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Save these people"))
        for page in self.pages:
            page.retranslate()

    def _on_finished(self, result: int) -> None:
        if result == QWizard.DialogCode.Accepted:
            self.setup_done.emit(self.device.dir)
