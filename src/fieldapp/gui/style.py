"""The application's look: the calm, high-contrast stylesheet and the UI scale."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QApplication

__all__ = ["apply_style", "base_point_size"]

_BASE_POINT_SIZE = 10.0
# Nastaliq stacks letters diagonally and needs more height and size to stay legible.
_SCRIPT_FACTOR = {"ur": 1.1, "ps": 1.1}


def base_point_size(language: str, ui_scale: float) -> float:
    """The application font size for a language at a UI scale."""
    return _BASE_POINT_SIZE * ui_scale * _SCRIPT_FACTOR.get(language, 1.0)


def apply_style(app: QApplication) -> None:
    """Apply the Fusion style (the same on every platform) and our stylesheet."""
    app.setStyle("Fusion")
    qss = resources.files("fieldapp") / "resources" / "styles" / "calm.qss"
    app.setStyleSheet(qss.read_text(encoding="utf-8"))
