"""A plain bar chart drawn with QPainter (QtCharts is an optional add-on; this needs nothing more)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from fieldapp.gui.i18n import format_number

__all__ = ["BarChart"]

_COLOURS = ("#1f4e79", "#2f855a", "#b7791f", "#9b1c1c", "#5a3e8a", "#3b4754")


class BarChart(QWidget):
    """Horizontal bars with their label and value; mirrors itself in right-to-left languages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[tuple[str, float]]) -> None:
        """Replace the bars: (label, value) pairs."""
        self._bars = list(bars)
        self.setAccessibleDescription("; ".join(f"{label}: {format_number(value)}" for label, value in bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        """The bars shown."""
        return list(self._bars)

    def _text_width(self, text: str) -> int:
        # Complex scripts (Nastaliq) can draw wider than their advance: take the larger of the two.
        fm = self.fontMetrics()
        return max(fm.horizontalAdvance(text), fm.boundingRect(text).width())

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self._bars)) * self._row_height() + 12)

    def minimumSizeHint(self) -> QSize:
        self.fontMetrics()
        label = max((self._text_width(label) for label, _ in self._bars), default=40)
        return QSize(label + 120, max(1, len(self._bars)) * self._row_height() + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        label_width = max((self._text_width(label) for label, _ in self._bars), default=0) + 16
        value_width = max((fm.horizontalAdvance(format_number(v)) for _, v in self._bars), default=0) + 12
        top = 6
        row = self._row_height()
        biggest = max((v for _, v in self._bars), default=0) or 1
        room = max(self.width() - label_width - value_width - 12, 10)
        for i, (label, value) in enumerate(self._bars):
            y = top + i * row
            length = room * (value / biggest)
            if rtl:
                label_rect = QRectF(self.width() - label_width, y, label_width - 6, row)
                bar = QRectF(self.width() - label_width - length, y + 3, length, row - 6)
                value_rect = QRectF(bar.left() - value_width, y, value_width - 4, row)
                label_align = Qt.AlignmentFlag.AlignRight
                value_align = Qt.AlignmentFlag.AlignRight
            else:
                label_rect = QRectF(6, y, label_width - 6, row)
                bar = QRectF(label_width, y + 3, length, row - 6)
                value_rect = QRectF(bar.right() + 4, y, value_width, row)
                label_align = Qt.AlignmentFlag.AlignLeft
                value_align = Qt.AlignmentFlag.AlignLeft
            painter.setPen(QColor("#1a1a1a"))
            painter.drawText(label_rect, int(label_align | Qt.AlignmentFlag.AlignVCenter), label)
            painter.fillRect(bar, QColor(_COLOURS[i % len(_COLOURS)]))
            painter.drawText(
                value_rect, int(value_align | Qt.AlignmentFlag.AlignVCenter), format_number(value)
            )
        painter.end()
