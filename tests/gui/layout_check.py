"""Geometry checks for a shown widget tree: nothing clipped, nothing overlapping, all text fits."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLayout,
    QSplitter,
    QSplitterHandle,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

__all__ = ["layout_problems"]

# Composite widgets place their own internal children; only our own layouts are checked.
_TOLERANCE = 1


def _in_layout(layout: QLayout | None, widget: QWidget) -> bool:
    if layout is None:
        return False
    if layout.indexOf(widget) >= 0:
        return True
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        if child is not None and _in_layout(child, widget):
            return True
    return False


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = f" {widget.text()[:40]!r}"
    return f"{type(widget).__name__}#{widget.objectName()}{text}"


def _text_problem(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel) and widget.text():
        rect = widget.contentsRect()
        fm = widget.fontMetrics()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + _TOLERANCE:
                return f"wrapped text needs height {needed}, has {widget.height()}"
        elif widget.textFormat().name != "RichText" and "<" not in widget.text():
            plain = widget.text().replace("&", "") if widget.buddy() else widget.text()
            lines = plain.splitlines() or [""]
            width = max((fm.horizontalAdvance(t) for t in lines), default=0)
            if width > rect.width() + _TOLERANCE:
                return f"text needs width {width}, has {rect.width()}"
            # Ink may overhang the advance (Nastaliq strokes) into the padding, but not past the widget.
            ink = max((fm.boundingRect(t).width() for t in lines), default=0)
            if ink > widget.width() + _TOLERANCE:
                return f"text ink needs width {ink}, has {widget.width()}"
        if fm.height() > rect.height() + _TOLERANCE:
            return f"text needs height {fm.height()}, has {rect.height()}"
    if isinstance(widget, (QAbstractButton, QComboBox)):
        hint = widget.minimumSizeHint()
        if hint.width() > widget.width() + _TOLERANCE or hint.height() > widget.height() + _TOLERANCE:
            return f"needs {hint.width()}x{hint.height()}, has {widget.width()}x{widget.height()}"
    return None


def layout_problems(root: QWidget) -> list[str]:
    """Every problem found under ``root`` (which must be shown): empty means the layout is sound."""
    problems: list[str] = []

    def visit(widget: QWidget) -> None:
        if isinstance(widget, QAbstractScrollArea):
            # Scrolled content may be larger than its viewport; that is what scrolling is for.
            viewport = widget.viewport()
            for child in viewport.findChildren(QWidget, options=_direct()):
                if child.isVisible():
                    visit(child)
            return
        own = widget.layout()
        children = [
            c for c in widget.findChildren(QWidget, options=_direct()) if c.isVisible() and not c.isWindow()
        ]
        managed = isinstance(widget, (QSplitter, QTabWidget, QStackedWidget))
        laid_out = [c for c in children if managed or _in_layout(own, c)]
        if isinstance(widget, QSplitter):
            laid_out = [c for c in laid_out if not isinstance(c, QSplitterHandle)]
        bounds = widget.rect()
        for child in laid_out:
            geometry = child.geometry()
            if not bounds.adjusted(-_TOLERANCE, -_TOLERANCE, _TOLERANCE, _TOLERANCE).contains(geometry):
                problems.append(f"{_name(child)} sticks out of {_name(widget)}: {geometry} not in {bounds}")
        for i, first in enumerate(laid_out):
            for second in laid_out[i + 1 :]:
                overlap: QRect = first.geometry().intersected(second.geometry())
                if overlap.width() > _TOLERANCE and overlap.height() > _TOLERANCE:
                    problems.append(f"{_name(first)} overlaps {_name(second)} by {overlap}")
        for child in laid_out:
            problem = _text_problem(child)
            if problem:
                problems.append(f"{_name(child)}: {problem}")
            visit(child)

    visit(root)
    return problems


def _direct():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly
