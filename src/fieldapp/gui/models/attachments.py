"""Attached files as a list with image thumbnails (model/view; thumbnails made once and cached)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from fieldapp.gui.i18n import format_number

__all__ = ["THUMBNAIL", "AttachmentListModel", "human_size"]

THUMBNAIL = QSize(96, 96)
Index = QModelIndex | QPersistentModelIndex


def human_size(size: int) -> str:
    """A file size a person can read, in the current locale's digits."""
    from PySide6.QtCore import QLocale

    return QLocale().formattedDataSize(size, 1) if size >= 0 else format_number(size)


class AttachmentListModel(QAbstractListModel):
    """Rows of ``AttachmentRef`` / ``AssetRef``; ``path_of(sha)`` finds the local file (or None)."""

    def __init__(self, path_of: Callable[[str], Path | None], parent: Any = None) -> None:
        super().__init__(parent)
        self._path_of = path_of
        self._refs: list[Any] = []
        self._icons: dict[str, QIcon] = {}

    def set_refs(self, refs: list[Any]) -> None:
        """Replace the files shown."""
        self.beginResetModel()
        self._refs = list(refs)
        self.endResetModel()

    def path_of(self, sha: str) -> Path | None:
        """The local file of ``sha`` (None while it has not arrived)."""
        return self._path_of(sha)

    def refs(self) -> list[Any]:
        """The files, in order."""
        return list(self._refs)

    def append(self, ref: Any) -> None:
        """Add one file at the end (unless the same content is already there)."""
        if any(r.sha256 == ref.sha256 for r in self._refs):
            return
        row = len(self._refs)
        self.beginInsertRows(QModelIndex(), row, row)
        self._refs.append(ref)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Remove the file at ``row``."""
        if 0 <= row < len(self._refs):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._refs[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._refs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._refs)) or index.column() != 0:
            return None
        ref = self._refs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return ref.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{ref.name} ({human_size(ref.size)})"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(ref)
        if role == Qt.ItemDataRole.UserRole:
            return ref
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _icon(self, ref: Any) -> QIcon:
        cached = self._icons.get(ref.sha256)
        if cached is not None:
            return cached
        icon = QIcon()
        path = self._path_of(ref.sha256)
        if path is not None and str(getattr(ref, "mime", "")).startswith("image/"):
            reader = QImageReader(str(path))
            # Decode at thumbnail size: a 12-megapixel photo must not be loaded whole just to be drawn small.
            reader.setAutoTransform(True)
            original = reader.size()
            if original.isValid():
                reader.setScaledSize(original.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            if not image.isNull():
                icon = QIcon(QPixmap.fromImage(image))
        if icon.isNull():
            style = QApplication.style()
            icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._icons[ref.sha256] = icon
        return icon
