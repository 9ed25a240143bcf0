"""Small reusable widgets: a view over attachments, and a read-only text block."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QMessageBox,
    QTableView,
    QTextBrowser,
    QWidget,
)

from fieldapp.core.errors import FieldAppError
from fieldapp.core.safefiles import clean_name, viewer_kind
from fieldapp.gui.background import run_in_background
from fieldapp.gui.i18n import arg, format_datetime, format_number
from fieldapp.gui.labels import decision_label
from fieldapp.gui.models.attachments import THUMBNAIL, AttachmentListModel

__all__ = [
    "AttachmentView",
    "ReadOnlyText",
    "open_blob_externally",
    "paragraphs_html",
    "reviews_html",
    "setup_table",
    "view_copy_then",
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


def paragraphs_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (what people typed is never interpreted as markup)."""
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))


def _say(parent: QWidget | None, text: str) -> QMessageBox:
    """A plain message that does not block (the window stays usable behind it)."""
    box = QMessageBox(parent)
    box.setObjectName("fileMessage")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("Attachments", "Opening a file"))
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def view_copy_then(
    parent: QWidget | None, blobs: Any, sha: str, name: str, use: Callable[[Path], object]
) -> None:
    """Decrypt the stored file to a private temporary copy (off the GUI thread), then ``use(path)``.

    The copy is 0600 in a 0700 folder inside her profile and is removed when the app closes.
    """

    def failed(exc: BaseException) -> None:
        detail = str(exc) if isinstance(exc, FieldAppError) else type(exc).__name__
        text = QCoreApplication.translate("Attachments", "This file could not be opened: %1")
        _say(parent, arg(text, detail))

    def done(path: Path) -> None:
        use(path)

    run_in_background(lambda: blobs.view_copy(sha, name), done, failed)


def open_blob_externally(parent: QWidget | None, blobs: Any, sha: str, name: str) -> bool:
    """Open a stored file with the system's viewer, only if it is a safe kind (see
    :mod:`fieldapp.core.safefiles`), under its cleaned name so the viewer knows its type.

    Returns False (and tells her why) when fieldapp does not open that kind of file.
    """
    shown = clean_name(name)
    try:
        head = blobs.head(sha)
    except FieldAppError:
        head = b""
    if viewer_kind(shown, head) is None:
        _say(
            parent,
            arg(
                QCoreApplication.translate(
                    "Attachments",
                    "fieldapp does not open this kind of file (%1), to keep this laptop safe. "
                    "Photos, PDF, sound, video and text files open.",
                ),
                shown,
            ),
        )
        return False
    view_copy_then(
        parent, blobs, sha, shown, lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    )
    return True


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
        """Open the file at ``index`` with the system's viewer (when it is on this laptop and safe)."""
        ref = self._files.data(index, Qt.ItemDataRole.UserRole)
        if ref is not None and self._files.available(ref.sha256):
            open_blob_externally(self, self._files.blobs, ref.sha256, ref.name)

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
