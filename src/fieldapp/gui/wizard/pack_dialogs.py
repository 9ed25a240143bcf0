"""Packs from the main window: "Import content pack…" and "Export my work…", each with progress, the work
done off the GUI thread. The main window opens them with the signed-in person's profile folder and
refreshes its screens when ``pack_done`` says True."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.core.errors import FieldAppError
from fieldapp.core.vault import DataKey
from fieldapp.device.media import removable_roots
from fieldapp.device.setup import device_dir_for_profile
from fieldapp.gui.background import run_in_background
from fieldapp.gui.i18n import arg
from fieldapp.gui.wizard.packjobs import ProgressRelay, export_for_person, import_for_people

__all__ = ["ExportWorkDialog", "ImportPackDialog"]


class _PackDialog(QDialog):
    """A file field, one action button, a progress bar and a status line."""

    pack_done = Signal(bool)

    def __init__(self, profile_dir: Path, parent: QWidget | None = None, key: DataKey | None = None) -> None:
        super().__init__(parent)
        self.profile_dir = profile_dir
        self._key = key  # her data key when her PIN locks the profile (the job opens its own store)
        self.busy = False
        self.relay = ProgressRelay(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._browse)
        self.action_button = QPushButton()
        self.action_button.clicked.connect(self.start)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.relay.progress.connect(lambda done, _total: self.progress.setValue(done))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.action_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.close_buttons)
        self.resize(560, 260)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.choose_button.setText(self.tr("Choose…"))

    def _start_folder(self) -> str:
        roots = removable_roots()
        return str(roots[0]) if roots else str(Path.home())

    def _browse(self) -> None:  # pragma: no cover - a native dialog; tests set the path directly
        raise NotImplementedError

    def start(self) -> None:  # pragma: no cover - each dialog overrides it
        raise NotImplementedError

    def _run(self, job: Any, working: str) -> None:
        self.busy = True
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText(working)
        self.action_button.setEnabled(False)
        run_in_background(job, self._finished, self._failed)

    def _finished(self, result: Any) -> None:  # pragma: no cover - each dialog overrides it
        raise NotImplementedError

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.action_button.setEnabled(True)
        self.progress.setValue(0)
        detail = str(exc) if isinstance(exc, FieldAppError) else type(exc).__name__
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(arg(self.tr("Nothing was changed. %1"), detail))
        self.pack_done.emit(False)

    def _succeeded(self, text: str) -> None:
        self.busy = False
        self.action_button.setEnabled(True)
        self.progress.setValue(1000)
        self.status.setText(text)
        self.pack_done.emit(True)


class ImportPackDialog(_PackDialog):
    """Bring a content pack into this person's profile."""

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Import content pack"))
        self.intro.setText(
            self.tr(
                "Choose a content pack (.fieldpack) from the USB stick. It is checked first; a changed or "
                "damaged pack is refused and nothing is imported."
            )
        )
        self.action_button.setText(self.tr("Import"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a content pack"),
            self._start_folder(),
            self.tr("fieldapp packs (*.fieldpack)"),
        )
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        """Check and import the chosen pack on a worker thread."""
        pack = Path(self.path_edit.text().strip())
        if not pack.is_file():
            self.status.setText(self.tr("Choose the content pack file first."))
            return
        device_dir = device_dir_for_profile(self.profile_dir)
        target = (self.profile_dir, self._key)
        self._run(
            lambda: import_for_people(device_dir, pack, [target], self.relay.report)[0],
            self.tr("Checking and importing the pack…"),
        )

    def _finished(self, result: Any) -> None:
        self._succeeded(arg(self.tr("Imported %1 records and %2 files."), result.records, result.files))


class ExportWorkDialog(_PackDialog):
    """Write this person's unsent work to a pack for the server."""

    def __init__(self, profile_dir: Path, parent: QWidget | None = None, key: DataKey | None = None) -> None:
        super().__init__(profile_dir, parent, key)
        self.progress.setRange(0, 0)  # writing has no useful steps to count: a busy bar until done
        self.progress.hide()
        default_name = f"work-{date.today().isoformat()}.fieldpack"
        self.path_edit.setText(str(Path(self._start_folder()) / default_name))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Export my work"))
        self.intro.setText(
            self.tr(
                "Write everything waiting to be sent to a file on the USB stick. Only the server can read "
                "it. Handing it in twice, or syncing later, sends nothing twice."
            )
        )
        self.action_button.setText(self.tr("Export"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save my work as"), self.path_edit.text(), self.tr("fieldapp packs (*.fieldpack)")
        )
        if path:
            self.path_edit.setText(path if path.endswith(".fieldpack") else path + ".fieldpack")

    def start(self) -> None:
        """Write the pack on a worker thread."""
        out = Path(self.path_edit.text().strip())
        profile, key = self.profile_dir, self._key
        self.progress.show()
        self._run(lambda: export_for_person(profile, out, key), self.tr("Writing the pack…"))

    def _finished(self, result: Any) -> None:
        self.progress.hide()
        if result.path is None:
            self._succeeded(self.tr("Nothing is waiting to be sent, so no file was written."))
        else:
            self._succeeded(
                arg(
                    self.tr("Saved %1: %2 changes and %3 files. Give it to your coordinator."),
                    str(result.path),
                    result.changes,
                    result.files,
                )
            )
