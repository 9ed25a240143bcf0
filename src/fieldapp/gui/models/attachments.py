"""Attached files as a list with image thumbnails (model/view; thumbnails made once and cached).

Files are read through the core ``BlobStore`` (``read_bytes``), never from their stored path: on a
profile locked by a PIN they are encrypted on disk. Names are shown cleaned of direction overrides and
other invisible characters (:func:`fieldapp.core.safefiles.clean_name`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from fieldapp.core.errors import FieldAppError
from fieldapp.core.safefiles import clean_name
from fieldapp.gui.i18n import format_number

__all__ = ["THUMBNAIL", "AttachmentListModel", "human_size"]

THUMBNAIL = QSize(96, 96)
Index = QModelIndex | QPersistentModelIndex


def human_size(size: int) -> str:
    """A file size a person can read, in the current locale's digits."""
    from PySide6.QtCore import QLocale

    return QLocale().formattedDataSize(size, 1) if size >= 0 else format_number(size)


class AttachmentListModel(QAbstractListModel):
    """Rows of ``AttachmentRef`` / ``AssetRef`` over a core ``BlobStore`` (``blobs``)."""

    def __init__(self, blobs: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.blobs = blobs
        self._refs: list[Any] = []
        self._icons: dict[str, QIcon] = {}

    def set_refs(self, refs: list[Any]) -> None:
        """Replace the files shown."""
        self.beginResetModel()
        self._refs = list(refs)
        self.endResetModel()

    def available(self, sha: str) -> bool:
        """Whether the file of ``sha`` is on this laptop (False while it has not arrived)."""
        return bool(self.blobs.has(sha))

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
            return clean_name(ref.name)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{clean_name(ref.name)} ({human_size(ref.size)})"
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
        data = None
        if str(getattr(ref, "mime", "")).startswith("image/") and self.available(ref.sha256):
            try:
                data = QByteArray(self.blobs.read_bytes(ref.sha256))
            except FieldAppError:
                data = None  # damaged or changed on disk: show the plain file icon
        if data is not None:
            buffer = QBuffer()
            buffer.setData(data)  # a copy the buffer owns
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            reader = QImageReader(buffer)
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
