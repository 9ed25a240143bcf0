"""Render the installer's screens offscreen for docs/installer-guide.md (a development tool).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m fieldapp.gui.wizard.screenshots docs/screenshots

Makes a throwaway server (in-process, needs the server extra), a USB-stick folder with setup files and a
content pack, walks the wizard as an installer would and saves ``installer-*.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from fieldapp.gui.app import create_application
from fieldapp.gui.i18n import LanguageManager
from fieldapp.gui.wizard.first_run import FirstRunWizard
from fieldapp.gui.wizard.switcher import PersonSwitcher


def _settle(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _save(widget: QWidget, out: Path, name: str) -> None:
    _settle()
    widget.grab().save(str(out / f"installer-{name}.png"))
    print(out / f"installer-{name}.png")


def _usb_stick(root: Path) -> Path:
    from fieldapp.server import admin, packs
    from fieldapp.server.config import ServerConfig
    from fieldapp.server.context import ServerContext

    ctx = ServerContext.open(
        ServerConfig(data_dir=root / "server", public_url="https://fieldapp.example.org")
    )
    admin.demo_seed(ctx)
    stick = root / "usb"
    stick.mkdir()
    for name in ("ayesha", "sana"):
        admin.write_enrollment_file(admin.create_enrollment(ctx, name), stick / f"{name}.fieldenroll")
    packs.export_content_pack(ctx, admin.DEMO_COHORT, stick / "bajaur-2026.fieldpack")
    ctx.close()
    return stick


def render(out: Path) -> None:
    """Walk the wizard and the person switcher, saving each screen into ``out``."""
    os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    assert isinstance(app, QApplication)
    languages = LanguageManager()
    with tempfile.TemporaryDirectory() as tmp:
        stick = _usb_stick(Path(tmp))
        wizard = FirstRunWizard(Path(tmp) / "laptop", languages)
        wizard.show()
        wizard.language_page.select("ur")
        _save(wizard, out, "1-language-urdu")
        wizard.language_page.select("en")
        _save(wizard, out, "1-language")
        wizard.next()
        wizard.setup_page.add_setup_file(stick / "ayesha.fieldenroll")
        wizard.setup_page.add_setup_file(stick / "sana.fieldenroll")
        _save(wizard, out, "2-setup-files")
        wizard.next()
        for form, pin in zip(wizard.people_page.forms, ("1357", "2468"), strict=True):
            form.pin_edit.setText(pin)
            form.pin_again.setText(pin)
        _save(wizard, out, "3-people")
        wizard.next()
        page = wizard.content_page
        page.path_edit.setText(str(stick / "bajaur-2026.fieldpack"))
        done = QEventLoop()
        page.import_finished.connect(lambda _ok: done.quit())
        page.start_import()
        done.exec()
        _save(wizard, out, "4-content-pack")
        wizard.next()
        _save(wizard, out, "5-ready")
        device_dir = wizard.device.dir
        wizard.button(QWizard.WizardButton.FinishButton).click()
        switcher = PersonSwitcher(device_dir)
        switcher.show()
        switcher.resize(420, 380)
        _save(switcher, out, "6-who-is-using")
        switcher.close()
    languages.install("en")


if __name__ == "__main__":
    render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
