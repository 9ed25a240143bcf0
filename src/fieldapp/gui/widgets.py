"""Small reusable widgets: a view over attachments, and a read-only text block."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QListView, QTableView, QTextBrowser, QWidget

from fieldapp.gui.i18n import arg, format_datetime, format_number
from fieldapp.gui.labels import decision_label
from fieldapp.gui.models.attachments import THUMBNAIL, AttachmentListModel

__all__ = [
    "AttachmentView",
    "ReadOnlyText",
    "blob_finder",
    "open_blob_externally",
    "paragraphs_html",
    "reviews_html",
    "setup_table",
]


def setup_table(view: QTableView) -> None:
    """Row selection, no row numbers, and fixed row heights that fit the font's full line height.

    Fixed heights keep 10,000-row lists fast (no per-row measuring); taking them from the font keeps
    tall scripts such as Nastaliq from being clipped.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.verticalHeader()
    header.hide()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    # Nastaliq strokes reach above and below the font's nominal height: leave room for them.
    header.setDefaultSectionSize(round(view.fontMetrics().height() * 1.35) + 4)
    top = view.horizontalHeader()
    top.setMinimumHeight(round(top.fontMetrics().height() * 1.35) + 8)


def reviews_html(reviews: Iterable[Any]) -> str:
    """A mentor's reviews (core ``ReviewView``s), newest first, as safe HTML."""
    parts = []
    for review in reversed(list(reviews)):
        version = arg(QCoreApplication.translate("Reviews", "version %1"), format_number(review.revision))
        when = format_datetime(review.created_at)
        decision = escape(decision_label(review.decision))
        head = f"<p><b>{decision}</b> — {escape(review.reviewer)} ({version}, {when})</p>"
        parts.append(head + paragraphs_html(review.comment))
    return "".join(parts)


def blob_finder(blobs: Any) -> Callable[[str], Path | None]:
    """``sha -> local path`` for a core ``BlobStore`` (None while a file has not arrived yet)."""
    return lambda sha: blobs.path(sha) if blobs.has(sha) else None


def paragraphs_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (what people typed is never interpreted as markup)."""
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))


def open_blob_externally(blob_path: Path, name: str) -> bool:
    """Open a stored file with the system's viewer, under its real name so the viewer knows its type."""
    folder = Path(tempfile.mkdtemp(prefix="fieldapp-open-"))
    target = folder / Path(name).name
    shutil.copyfile(blob_path, target)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


class AttachmentView(QListView):
    """Files as icons with thumbnails, laid out in a wrapping row; double-click opens one."""

    def __init__(self, model: AttachmentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._files = model
        self.doubleClicked.connect(self.open_file)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setMinimumHeight(THUMBNAIL.height() + 24)
        self.setMaximumHeight(THUMBNAIL.height() + 64)

    def open_file(self, index: QModelIndex) -> None:
        """Open the file at ``index`` with the system's viewer (when it is on this laptop)."""
        ref = self._files.data(index, Qt.ItemDataRole.UserRole)
        path = self._files.path_of(ref.sha256) if ref is not None else None
        if path is not None:
            open_blob_externally(path, ref.name)

    def selected_row(self) -> int:
        """The selected file's row, or -1."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else self.currentIndex().row()


class ReadOnlyText(QTextBrowser):
    """A read-only block of text that wraps and can be selected, scrolled and read by a screen reader."""

    def __init__(self, parent: QWidget | None = None, **kwargs: Any) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
