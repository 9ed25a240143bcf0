"""Start the desktop app: ``run(profile_dir, smoke)`` is what ``fieldapp`` (no subcommand) calls."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fieldapp.core.private import make_private_dir
from fieldapp.gui.background import wait_for_all
from fieldapp.gui.context import GuiContext
from fieldapp.gui.crash import CrashHandler, take_pending_report
from fieldapp.gui.i18n import LanguageManager, arg, load_bundled_fonts
from fieldapp.gui.mainwindow import MainWindow
from fieldapp.gui.settings import GuiSettings
from fieldapp.gui.style import apply_style, base_point_size

__all__ = ["Shell", "create_application", "open_context", "run"]

_log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (created once), with our style and bundled fonts."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        if (
            not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")
            and sys.platform == "linux"
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or [sys.argv[0] if sys.argv else "fieldapp"])
    app.setApplicationName("fieldapp")
    app.setOrganizationName("fieldapp")
    app.setApplicationDisplayName("fieldapp")
    load_bundled_fonts()
    apply_style(app)
    return app


def open_context(
    profile_dir: Path, core: Any = None, languages: LanguageManager | None = None, key: Any = None
) -> GuiContext:
    """Open the profile's collection (with her data key when her PIN locks it) and settings, and install
    its language. Viewer copies a crashed session left behind are removed here."""
    if core is None:
        from fieldapp.core.app import FieldApp

        core = FieldApp.open(profile_dir, key=key)
    core.blobs.clear_views()
    settings = GuiSettings.load(profile_dir)
    languages = languages or LanguageManager()
    languages.install(settings.language, base_point_size(settings.language, settings.ui_scale))
    ctx = GuiContext(profile_dir=profile_dir, core=core, settings=settings, languages=languages)
    make_private_dir(ctx.log_dir)
    return ctx


def _make_sync_bridge(ctx: GuiContext) -> Any:
    """The sync helper's background worker for this profile, or None when nobody is signed in."""
    if ctx.core.session is None:
        return None
    try:
        from fieldapp.gui.syncbridge import SyncBridge
    except ImportError:  # the sync engine is not installed in this build
        return None
    # The worker opens its own FieldApp on its thread: it needs her key too.
    return SyncBridge(ctx.profile_dir, parent=QCoreApplication.instance(), key=ctx.core.data_key)


class Shell:
    """Owns the main window and rebuilds it when the language or the signed-in person changes."""

    def __init__(self, ctx: GuiContext) -> None:
        self.ctx = ctx
        self.window: MainWindow | None = None

    def build(self) -> MainWindow:
        """(Re)create the main window for the current settings and session."""
        old = self.window
        window = MainWindow(self.ctx)
        window.rebuild_requested.connect(self.rebuild)
        if old is not None:
            window.setGeometry(old.geometry())
            old.hide()
            old.deleteLater()
        elif self.ctx.settings.geometry is not None:
            window.restoreGeometry(self.ctx.settings.geometry)
        self.window = window
        return window

    def attach_sync(self, start: bool = True) -> None:
        """Create the sync bridge (when signed in) and show its progress; done after the window is on
        screen, because importing the network stack costs start-up time a person would wait for."""
        if self.ctx.sync is None:
            self.ctx.sync = _make_sync_bridge(self.ctx)
            if self.ctx.sync is not None and self.window is not None:
                self.window.sync_status.connect_bridge(self.ctx.sync)
        if start and self.ctx.sync is not None:
            self.ctx.sync.start()

    def rebuild(self) -> None:
        """Apply a new language/scale or session: a fresh window picks up every translated string."""
        settings = self.ctx.settings
        self.ctx.languages.install(settings.language, base_point_size(settings.language, settings.ui_scale))
        had_bridge = self.ctx.sync is not None
        self.build().show()
        if not had_bridge:  # maybe just signed in: start syncing
            self.attach_sync()
            if self.ctx.sync is not None:
                self.ctx.sync.session_changed()

    def shutdown(self) -> None:
        """Stop background work and close the collection."""
        bridge = self.ctx.sync
        if bridge is not None and hasattr(bridge, "stop"):
            bridge.stop()
        wait_for_all()
        self.ctx.core.close()


def _show_report(parent: QWidget | None, critical: bool, title: str, text: str, details: str) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setDetailedText(details)
    if critical:
        box.show()  # from the excepthook: do not start a nested event loop there
    else:
        box.exec()


def _show_previous_crash(parent: QWidget, report: str, log_dir: Path) -> None:
    text = QCoreApplication.translate(
        "Shell",
        "fieldapp closed unexpectedly last time. Your saved work is safe. "
        "A report was saved in %1; please give it to your coordinator.",
    )
    title = QCoreApplication.translate("Shell", "fieldapp closed unexpectedly")
    _show_report(parent, False, title, arg(text, str(log_dir)), report)


def _show_crash_now(parent_getter: Any, report_path: str) -> None:
    path = Path(report_path)
    details = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    text = QCoreApplication.translate(
        "Shell", "An unexpected error happened. Your saved work is safe. A report was saved as %1."
    )
    title = QCoreApplication.translate("Shell", "Something went wrong")
    _show_report(parent_getter(), True, title, arg(text, report_path), details)


def _choose_profile(folder: Path, languages: LanguageManager) -> tuple[Path, Any] | None:
    """The first-run wizard on a new laptop, then who is using it (the devices helper's screens);
    a one-person profile folder opens directly. Returns her folder and data key (None when not locked)."""
    try:
        from fieldapp.gui.wizard.entry import choose_profile
    except ImportError:  # the device layer is not part of this build
        return folder, None
    choice = choose_profile(folder, languages)
    return (choice.profile_dir, choice.key) if choice is not None else None


def run(profile_dir: Path, smoke: bool) -> int:
    """Run the desktop app on ``profile_dir``; with ``smoke``, show the main window and exit 0."""
    from fieldapp.core.errors import FieldAppError

    make_private_dir(profile_dir)
    app = create_application()
    log_dir = profile_dir / "logs"
    make_private_dir(log_dir)
    previous_crash = None if smoke else take_pending_report(log_dir)
    crash = CrashHandler(log_dir)
    shell: Shell | None = None
    crash.install(lambda path: _show_crash_now(lambda: shell.window if shell else None, path))
    try:
        languages = LanguageManager()
        key = None
        if not smoke:
            chosen = _choose_profile(profile_dir, languages)
            if chosen is None:  # she closed the wizard or the person switcher
                return 0
            profile_dir, key = chosen
            log_dir = profile_dir / "logs"
        try:
            ctx = open_context(profile_dir, languages=languages, key=key)
        except FieldAppError as exc:
            QMessageBox.critical(None, QCoreApplication.translate("Shell", "fieldapp cannot start"), str(exc))
            return 1
        shell = Shell(ctx)
        window = shell.build()
        window.show()
        if smoke:
            shown: list[bool] = []

            def check_and_quit() -> None:
                # Checked inside the event loop: quitting closes every window.
                shown.append(window.isVisible() and window.current_page() is not None)
                app.quit()

            QTimer.singleShot(0, check_and_quit)
            app.exec()
            shell.shutdown()
            return 0 if shown == [True] else 1
        if previous_crash:
            QTimer.singleShot(0, lambda: _show_previous_crash(window, previous_crash, log_dir))
        QTimer.singleShot(0, shell.attach_sync)
        code = app.exec()
        shell.shutdown()
        return int(code)
    finally:
        crash.uninstall()
