"""Render every main screen of a profile to PNG files (the demo's headless mode, the screenshot script)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from fieldapp.gui.app import Shell, create_application, open_context
from fieldapp.gui.background import wait_for_all
from fieldapp.gui.mainwindow import MainWindow

__all__ = ["render_screens"]

#: A common laptop screen; the size the screenshots show.
SHOT_SIZE = QSize(1280, 760)


def _settle(app: QApplication) -> None:
    # Let background work (server calls on coordinator screens) finish and repaint before grabbing.
    for _ in range(3):
        wait_for_all(15_000)
        app.processEvents()


def _prepare(window: MainWindow, key: str) -> None:
    """Put each screen in a state that shows what it is for (a task open, a module open...)."""
    page = window.show_page(key)
    if key == "tasks":
        rows = page.model.rows()  # type: ignore[attr-defined]
        if rows:
            page.select_task(rows[-1].task.id)  # type: ignore[attr-defined]
    elif key == "training":
        rows = page.model.rows()  # type: ignore[attr-defined]
        if rows:
            page.select_module(rows[0].id)  # type: ignore[attr-defined]
    elif key == "inbox":
        rows = page.model.rows()  # type: ignore[attr-defined]
        if rows:
            page.select_submission(rows[0].id)  # type: ignore[attr-defined]
    elif key == "module_editor":
        _settle(QApplication.instance())  # type: ignore[arg-type]
        if page.module_choice.count():  # type: ignore[attr-defined]
            page.open_selected()  # type: ignore[attr-defined]
            _settle(QApplication.instance())  # type: ignore[arg-type]
            page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]


def render_screens(
    profile_dir: Path, out_dir: Path, language: str | None = None, prefix: str = ""
) -> list[Path]:
    """Open ``profile_dir`` (optionally in ``language``), grab each main screen, return the PNG paths."""
    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = open_context(profile_dir)
    if language is not None:
        ctx.settings.language = language
        ctx.settings.save()
        ctx.languages.install(language)
        from fieldapp.gui.style import base_point_size

        ctx.languages.install(language, base_point_size(language, ctx.settings.ui_scale))
    shell = Shell(ctx)
    window = shell.build()
    window.resize(SHOT_SIZE)
    window.show()
    written: list[Path] = []
    try:
        for key in list(window.pages):
            _prepare(window, key)
            _settle(app)
            path = out_dir / f"{prefix}{key}.png"
            if not window.grab().save(str(path)):
                raise OSError(f"could not write {path}")
            written.append(path)
    finally:
        window.close()
        shell.shutdown()
        ctx.languages.install("en")
    return written
