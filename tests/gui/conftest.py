"""GUI tests run offscreen; every test here carries the ``gui`` marker."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.gui.app import Shell, open_context
from fieldapp.gui.i18n import load_bundled_fonts
from fieldapp.gui.mainwindow import MainWindow
from fieldapp.gui.style import apply_style

from .seed import INTERN, seeded_profile


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def styled_app(qapp: QApplication) -> QApplication:
    """The test QApplication with the app's fonts and stylesheet."""
    load_bundled_fonts()
    apply_style(qapp)
    return qapp


@pytest.fixture
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the app would show in a warning box (the box itself would block the test)."""
    shown: list[str] = []

    def fake_warning(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake_warning))
    return shown


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path, styled_app: QApplication) -> Iterator[Callable[..., MainWindow]]:
    """Build a main window over a seeded profile: ``make_window(user=..., language=..., core=...)``."""
    shells: list[Shell] = []

    def make(
        user: Any = INTERN,
        language: str = "en",
        core: Any = None,
        name: str = "profile",
        extra_tasks: int = 0,
    ) -> MainWindow:
        profile = tmp_path / name
        if core is None:
            core = seeded_profile(profile, user, extra_tasks=extra_tasks)
        else:
            profile = core.profile_dir
        (profile / "gui.ini").write_text(f"[General]\nlanguage={language}\n", encoding="utf-8")
        ctx = open_context(profile, core=core)
        shell = Shell(ctx)
        shells.append(shell)
        window = shell.build()
        shell.attach_sync(start=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for shell in shells:
        shell.shutdown()
        shell.ctx.languages.install("en")
