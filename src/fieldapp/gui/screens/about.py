"""About and diagnostics: versions, where the data is, sync state; copyable for support."""

from __future__ import annotations

import platform
import sys

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

import fieldapp
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_datetime
from fieldapp.gui.screens.base import Page, title_label

__all__ = ["AboutPage", "diagnostics_text"]


def diagnostics_text(ctx: GuiContext) -> str:
    """Plain facts for support (English on purpose: it is read by whoever helps). Never secrets."""
    lines = [
        f"fieldapp {getattr(fieldapp, '__version__', '?')}",
        f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"System: {platform.platform()}",
        f"Profile: {ctx.profile_dir}",
        f"Logs: {ctx.log_dir}",
        f"Language: {ctx.settings.language}, UI scale: {ctx.settings.ui_scale}",
    ]
    try:
        status = ctx.core.status()
        for name in ("user", "server", "last_sync", "pending_uploads", "conflicts", "rejected", "last_error"):
            value = getattr(status, name, None)
            if name == "user" and value is not None:
                value = getattr(value, "username", value)
            lines.append(f"{name}: {value}")
    except Exception as exc:
        lines.append(f"status unavailable: {exc}")
    session = ctx.core.session
    if session is not None:
        lines.append(f"device: {getattr(session, 'device_id', '?')}")
    return "\n".join(lines)


class AboutPage(Page):
    """What this app is, and the facts someone helping by phone needs."""

    key = "about"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("About fieldapp"), self))
        intro = QLabel(
            self.tr(
                "fieldapp keeps your tasks, training and submissions on this laptop and sends them to the "
                "server whenever there is a connection. Your work is saved as soon as you type it."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        heading = QLabel(self.tr("Diagnostics (for whoever helps you):"), self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("diagnostics")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Diagnostics"))
        heading.setBuddy(self.details)
        layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("&Copy diagnostics"), self)
        self.copy_button.clicked.connect(self.copy)
        self.logs_button = QPushButton(self.tr("Open &log folder"), self)
        self.logs_button.clicked.connect(self.open_logs)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.logs_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def title(self) -> str:
        return self.tr("About")

    def refresh(self) -> None:
        self.details.setPlainText(diagnostics_text(self.ctx))
        try:
            status = self.ctx.core.status()
            last = getattr(status, "last_sync", None)
        except Exception:
            last = None
        self.summary.setText(
            arg(
                self.tr("Version %1. Last successful sync: %2."),
                getattr(fieldapp, "__version__", "?"),
                format_datetime(last) if last else self.tr("never"),
            )
        )

    def copy(self) -> None:
        """Put the diagnostics on the clipboard."""
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def open_logs(self) -> None:
        """Open the log folder in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.log_dir)))
