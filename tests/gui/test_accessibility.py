"""Keyboard and screen-reader basics on every main screen; big lists stay model/view."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from .seed import COORDINATOR, INTERN, MENTOR, TASK_IDS


def _tab_chain(start: QWidget, limit: int = 400) -> list[QWidget]:
    """Widgets Tab visits from ``start``, in order (what QWidget::focusNextChild does)."""
    chain: list[QWidget] = []
    widget = start.nextInFocusChain()
    while widget is not start and len(chain) < limit:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisible() and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


@pytest.mark.parametrize("user", [INTERN, MENTOR, COORDINATOR], ids=["intern", "mentor", "coordinator"])
def test_icon_only_buttons_have_translated_accessible_names(make_window: Any, user: Any) -> None:
    window = make_window(user=user)
    for key in window.pages:
        window.show_page(key)
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and not button.text().strip():
                assert button.accessibleName() or button.toolTip(), f"{key}: {button.objectName()} is unnamed"


@pytest.mark.parametrize("user", [INTERN, MENTOR, COORDINATOR], ids=["intern", "mentor", "coordinator"])
def test_every_control_is_reachable_by_tab(make_window: Any, user: Any) -> None:
    window = make_window(user=user)
    for key in window.pages:
        page = window.show_page(key)
        if key == "tasks":
            page.select_task(TASK_IDS[0])
        reachable = set(map(id, _tab_chain(window.navigation)))
        focusable = [
            w
            for w in page.findChildren(QWidget)
            if (w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.isVisible() and w.isEnabled()
        ]
        missing = [f"{type(w).__name__}#{w.objectName()}" for w in focusable if id(w) not in reachable]
        assert missing == [], f"{key}: not reachable with Tab: {missing}"


def test_tab_order_on_tasks_follows_the_screen(make_window: Any) -> None:
    window = make_window()
    page = window.show_page("tasks")
    page.select_task(TASK_IDS[0])
    chain = _tab_chain(window.navigation)
    order = [
        page.search,
        page.filter,
        page.view,
        page.detail.status,
        page.detail.editor,
        page.detail.attach_button,
        page.detail.submit_button,
        window.sync_status.sync_button,
    ]
    positions = [chain.index(w) for w in order]
    assert positions == sorted(positions)


def test_accessible_names_follow_the_language(make_window: Any) -> None:
    window = make_window(language="ur")
    page = window.show_page("tasks")
    assert page.view.accessibleName() == "کام"
    assert window.navigation.accessibleName() == "اسکرینیں"


def test_long_task_lists_create_no_widget_per_row(make_window: Any) -> None:
    small = make_window(name="small")
    small_count = len(small.findChildren(QWidget))
    big = make_window(name="big", extra_tasks=2000)
    page = big.show_page("tasks")
    page.filter.setCurrentIndex(page.filter.findData("all"))
    assert page.model.rowCount() == 2003
    page.view.scrollToBottom()
    assert len(big.findChildren(QWidget)) == small_count
