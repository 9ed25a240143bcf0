"""What every main screen has in common."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from fieldapp.gui.context import GuiContext

__all__ = ["Page", "show_error", "title_label"]


class Page(QWidget):
    """A main screen: it has a translated title and reloads itself from the core on ``refresh``."""

    #: Stable key (not shown): used for navigation, screenshots and tests.
    key = "page"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.key}")

    def title(self) -> str:
        """The screen's name in the navigation (translated)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload from the core services. Cheap local queries only; network work goes through workers."""


def title_label(text: str, parent: QWidget) -> QLabel:
    """A screen heading."""
    label = QLabel(text, parent)
    label.setProperty("role", "title")
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    label.setFont(font)
    return label


def show_error(parent: QWidget, message: str) -> None:
    """Show a plain-language error (a core ``FieldAppError`` message, never a traceback)."""
    QMessageBox.warning(parent, QCoreApplication.translate("Page", "Something went wrong"), message)
