"""Choosing who uses fieldapp now: pick your name, type your PIN. The PIN is checked off the GUI thread
(Argon2 is deliberately slow, and the first unlock of an older profile encrypts her data) and wrong PINs
lead to a growing wait. The right PIN hands back her profile folder and her data key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.core.vault import DataKey
from fieldapp.device.people import PeopleRegistry, PinLocked, UnlockedProfile, WrongPin
from fieldapp.device.pins import PIN_MAX
from fieldapp.gui.background import run_in_background
from fieldapp.gui.i18n import arg

__all__ = ["PersonSwitcher"]


class PersonSwitcher(QDialog):
    """Lists the people on this laptop; ``person_chosen`` carries her profile folder after the right PIN,
    and ``unlocked`` her :class:`~fieldapp.device.people.UnlockedProfile` (folder and data key)."""

    person_chosen = Signal(object)
    pin_refused = Signal(str)
    #: The installer wants to set up one more person (the caller runs the wizard again).
    add_person_requested = Signal()

    #: ``exec()`` result when "Set up another person" was chosen.
    ADD_PERSON = 2

    def __init__(self, device_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personSwitcher")
        self.registry = PeopleRegistry(device_dir)
        self.chosen_profile: Path | None = None
        #: Her unlocked profile (folder and data key) after the right PIN.
        self.unlocked: UnlockedProfile | None = None
        self.people = QListWidget()
        for person in self.registry.people():
            item = QListWidgetItem(person.display_name)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            font = item.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            item.setFont(font)
            self.people.addItem(item)
        self.people.setCurrentRow(0)
        self.pin_label = QLabel()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(PIN_MAX)
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_edit.returnPressed.connect(self.try_open)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        self.add_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self._add_person)
        self.heading = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.people)
        layout.addWidget(self.pin_label)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Who is using fieldapp?"))
        self.heading.setText(self.tr("Choose your name and type your PIN."))
        self.pin_label.setText(self.tr("PIN"))
        self.add_button.setText(self.tr("Set up another person…"))

    def _add_person(self) -> None:
        self.add_person_requested.emit()
        self.done(self.ADD_PERSON)

    def select(self, display_name: str) -> None:
        """Choose a person by name (as a click would)."""
        for row in range(self.people.count()):
            if self.people.item(row).text() == display_name:
                self.people.setCurrentRow(row)

    def try_open(self) -> None:
        """Check the PIN on a worker thread; open her profile or say why not."""
        item = self.people.currentItem()
        if item is None:
            return
        person_id = str(item.data(Qt.ItemDataRole.UserRole))
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        self._set_busy(True)
        run_in_background(lambda: self.registry.unlock(person_id, pin), self._opened, self._refused)

    def _set_busy(self, busy: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(not busy)
        self.pin_edit.setEnabled(not busy)

    @property
    def chosen_key(self) -> DataKey | None:
        """Her data key after the right PIN (None before)."""
        return self.unlocked.key if self.unlocked is not None else None

    def _opened(self, unlocked: UnlockedProfile) -> None:
        self._set_busy(False)
        self.message.clear()
        self.unlocked = unlocked
        self.chosen_profile = unlocked.profile_dir
        self.person_chosen.emit(unlocked.profile_dir)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, PinLocked):
            text = arg(
                self.tr("Too many wrong PINs. Please wait %1 seconds, then try again."), exc.retry_after
            )
            # Keep the Open button off for the wait, so nobody is tempted to keep guessing.
            self.pin_edit.setEnabled(False)
            # Tie the timer to the dialog so it dies with it instead of touching a deleted widget.
            QTimer.singleShot(exc.retry_after * 1000, self, lambda: self._set_busy(False))
        elif isinstance(exc, WrongPin):
            text = arg(self.tr("That PIN is not right. %1 more tries before a wait."), exc.attempts_left)
            self._set_busy(False)
        else:
            text = arg(self.tr("This person's space could not be opened: %1"), str(exc))
            self._set_busy(False)
        self.message.setText(text)
        self.pin_refused.emit(text)
