"""Layout under long and right-to-left text: no clipped or overlapping widgets on any main screen.

The pseudo-translation doubles every string (then reverses it), which is longer than any real translation;
Urdu checks the bundled Nastaliq font's tall lines and the right-to-left layout.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt

from fieldapp.gui.pseudo import PseudoTranslator

from .layout_check import layout_problems
from .seed import COORDINATOR, INTERN, MENTOR, MODULE_ID, TASK_IDS


def _prepare(window: Any, key: str) -> None:
    page = window.show_page(key)
    if key == "tasks":
        page.select_task(TASK_IDS[0])
    elif key == "training":
        page.select_module(MODULE_ID)


def _check_all_pages(window: Any, qtbot: Any) -> list[str]:
    problems: list[str] = []
    for key in list(window.pages):
        _prepare(window, key)
        # A laptop screen; the window may ask for more when text is long (as a real window would).
        hint = window.minimumSizeHint()
        window.resize(QSize(max(1280, hint.width()), max(760, hint.height())))
        qtbot.waitUntil(lambda: window.isVisible())
        window.layout().activate()
        problems += [f"[{key}] {p}" for p in layout_problems(window)]
    return problems


@pytest.mark.parametrize("user", [INTERN, MENTOR, COORDINATOR], ids=["intern", "mentor", "coordinator"])
def test_english_layout_is_sound(make_window: Any, qtbot: Any, user: Any) -> None:
    window = make_window(user=user)
    assert _check_all_pages(window, qtbot) == []


@pytest.mark.parametrize("user", [INTERN, MENTOR, COORDINATOR], ids=["intern", "mentor", "coordinator"])
def test_pseudo_translation_layout_is_sound(make_window: Any, qtbot: Any, user: Any) -> None:
    # Build the window under the pseudo-translation, as a fresh start in that language would.
    from fieldapp.gui.i18n import LanguageManager

    translator = PseudoTranslator()
    manager = LanguageManager()
    manager.install_translator(translator)
    try:
        window = make_window(user=user)
        assert window.pages["settings"].title().startswith("sgnitteS")  # the pseudo text is in use
        assert _check_all_pages(window, qtbot) == []
    finally:
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("user", [INTERN, MENTOR, COORDINATOR], ids=["intern", "mentor", "coordinator"])
@pytest.mark.parametrize(("language", "font"), [("ur", "Noto Nastaliq Urdu"), ("ps", "Noto Naskh Arabic")])
def test_urdu_and_pashto_layout_is_sound_and_right_to_left(
    make_window: Any, qtbot: Any, user: Any, language: str, font: str
) -> None:
    window = make_window(user=user, language=language)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.font().families()[0] == font  # the bundled font, so a bare machine renders the script
    # Fits an old laptop's screen (screens scroll rather than grow past it).
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    assert _check_all_pages(window, qtbot) == []


def test_the_checker_catches_clipping_and_overlap(qtbot: Any, styled_app: Any) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QHBoxLayout(root)
    clipped = QLabel("a label with far too much text for its width", root)
    clipped.setFixedWidth(40)
    layout.addWidget(clipped)
    button = QPushButton("A long button text that will not fit", root)
    button.setFixedWidth(30)
    layout.addWidget(button)
    other = QLabel("x", root)
    layout.addWidget(other)
    root.show()
    qtbot.waitExposed(root)
    other.setGeometry(clipped.geometry())  # force an overlap
    problems = layout_problems(root)
    assert any("text needs width" in p for p in problems)
    assert any("QPushButton" in p and "needs" in p for p in problems)
    assert any("overlaps" in p for p in problems)
