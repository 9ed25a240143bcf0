"""A lesson: Markdown rendered to HTML in a QTextBrowser, images from the local file store, and the
lesson's other files (PDF, audio, video) opened in-app when this PySide6 has the module, else by the system.

Files are read through the core ``BlobStore`` (they may be encrypted at rest): images and PDFs from
memory, audio and video from a private temporary copy (QtMultimedia needs a file).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import markdown
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldapp.core.errors import FieldAppError
from fieldapp.core.safefiles import clean_name
from fieldapp.gui.background import run_in_background
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import RTL_LANGUAGES, arg
from fieldapp.gui.widgets import open_blob_externally, view_copy_then

__all__ = ["LessonBrowser", "LessonReader", "has_pdf_support", "render_markdown"]


def render_markdown(text: str) -> str:
    """Lesson Markdown as HTML (raw HTML in lessons is escaped: content is data, not code)."""
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    # Safe mode: drop inline/raw HTML so a lesson cannot inject markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def has_pdf_support() -> bool:
    """Whether this PySide6 build includes QtPdf (it is an optional add-on)."""
    try:
        return importlib.util.find_spec("PySide6.QtPdfWidgets") is not None and _pdf_loads()
    except ImportError:
        return False


def _pdf_loads() -> bool:
    try:
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        return False
    return True


def _multimedia_loads() -> bool:
    try:
        import PySide6.QtMultimediaWidgets  # noqa: F401
    except ImportError:
        return False
    return True


class LessonBrowser(QTextBrowser):
    """Resolves image names in the lesson to the module's assets in the local file store."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.assets: dict[str, Any] = {}
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        name = QUrl(name) if isinstance(name, str) else name
        if kind == QTextDocument.ResourceType.ImageResource.value:
            asset = self.assets.get(name.toString()) or self.assets.get(Path(name.path()).name)
            if asset is not None and self.ctx.core.blobs.has(asset.sha256):
                try:
                    image = QImage.fromData(self.ctx.core.blobs.read_bytes(asset.sha256))
                except FieldAppError:  # changed or damaged on disk: left out like a missing one
                    image = QImage()
                if not image.isNull():
                    limit = max(self.viewport().width() - 24, 200)
                    return image.scaledToWidth(limit) if image.width() > limit else image
            # A missing image (not downloaded yet) is left out instead of breaking the lesson.
            return QImage()
        return super().loadResource(kind, name)


class LessonReader(QWidget):
    """Shows one lesson and buttons for its non-image files."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = LessonBrowser(ctx, self)
        self.browser.setObjectName("lessonText")
        self.browser.setAccessibleName(self.tr("Lesson"))
        layout.addWidget(self.browser, 1)
        self.media_row = QHBoxLayout()
        layout.addLayout(self.media_row)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        layout.addWidget(self.note)
        self._buttons: list[QPushButton] = []

    def show_lesson(self, module: Any, lesson: Any) -> None:
        """Render ``lesson`` of ``module`` (core records)."""
        assets = {a.name: a for a in module.assets}
        self.browser.assets = assets
        # The lesson runs in its own language's direction, whatever the app's language is.
        rtl = module.language in RTL_LANGUAGES
        self.browser.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        self.browser.document().clear()
        self.browser.setHtml(render_markdown(lesson.body_md))
        for button in self._buttons:
            self.media_row.removeWidget(button)
            button.deleteLater()
        self._buttons = []
        missing = 0
        for name in lesson.assets:
            asset = assets.get(name)
            if asset is None or asset.mime.startswith("image/"):
                continue
            if not self.ctx.core.blobs.has(asset.sha256):
                missing += 1
                continue
            button = QPushButton(self._button_text(asset), self)
            button.setObjectName(f"asset_{name}")
            button.clicked.connect(lambda _=False, a=asset: self.open_asset(a))
            self.media_row.addWidget(button)
            self._buttons.append(button)
        self.note.setText(
            arg(self.tr("%1 files of this lesson arrive with the next sync."), missing) if missing else ""
        )
        self.note.setVisible(bool(missing))

    def _button_text(self, asset: Any) -> str:
        if asset.mime == "application/pdf":
            return arg(self.tr("Read %1"), asset.name)
        if asset.mime.startswith(("audio/", "video/")):
            return arg(self.tr("Play %1"), asset.name)
        return arg(self.tr("Open %1"), asset.name)

    def _show_pdf(self, data: bytes, name: str) -> None:
        PdfDialog(data, name, self).exec()

    def _play(self, path: Path, name: str) -> None:
        dialog = MediaDialog(path, name, self)
        try:
            dialog.exec()
        finally:
            # Let go of the decrypted copy now: it is removed when the app closes, and the player must not
            # still be reading it then.
            dialog.release()
            dialog.deleteLater()

    def open_asset(self, asset: Any) -> None:
        """PDF in QtPdf, audio/video in QtMultimedia when available; otherwise the system's viewer (for
        safe kinds of file only). The file is decrypted off the GUI thread."""
        blobs = self.ctx.core.blobs
        name = clean_name(asset.name)
        if asset.mime == "application/pdf" and has_pdf_support():
            run_in_background(
                lambda: blobs.read_bytes(asset.sha256),
                lambda data: self._show_pdf(data, name),
                lambda exc: self.note.setText(str(exc) if isinstance(exc, FieldAppError) else ""),
            )
        elif asset.mime.startswith(("audio/", "video/")) and _multimedia_loads():
            view_copy_then(self, blobs, asset.sha256, name, lambda path: self._play(path, name))
        else:
            open_blob_externally(self, blobs, asset.sha256, asset.name)


class PdfDialog(QDialog):
    """A PDF inside the app (QtPdf)."""

    def __init__(self, source: Path | bytes, name: str, parent: QWidget | None = None) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.setWindowTitle(name)
        layout = QVBoxLayout(self)
        self.document = QPdfDocument(self)
        if isinstance(source, bytes):
            # From memory: a decrypted PDF never touches the disk. The buffer lives as long as the dialog.
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(source))  # a copy the buffer owns
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self._buffer)
        else:
            self.document.load(str(source))
        view = QPdfView(self)
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(800, 900)


class MediaDialog(QDialog):
    """Audio or video inside the app (QtMultimedia)."""

    def __init__(self, path: Path, name: str, parent: QWidget | None = None) -> None:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.setWindowTitle(name)
        layout = QVBoxLayout(self)
        video = QVideoWidget(self)
        layout.addWidget(video, 1)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(video)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        row = QHBoxLayout()
        play = QPushButton(self.tr("&Play"), self)
        play.clicked.connect(self.player.play)
        pause = QPushButton(self.tr("P&ause"), self)
        pause.clicked.connect(self.player.pause)
        row.addWidget(play)
        row.addWidget(pause)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.player.stop)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def release(self) -> None:
        """Stop playing and close the file."""
        self.player.stop()
        self.player.setSource(QUrl())
