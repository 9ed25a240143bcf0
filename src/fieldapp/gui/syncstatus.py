"""The always-visible sync status strip: last sync, waiting to go up, failures, conflicts, "Sync now"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_datetime, format_number

__all__ = ["SyncStatusBar"]


class SyncStatusBar(QFrame):
    """Shows whether the person's work is safe on the server, and what is still waiting."""

    conflicts_requested = Signal()
    problems_requested = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncStatus")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 6)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(layout)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("syncState")
        self.last_sync_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.failed_button = QPushButton(self)
        self.failed_button.setObjectName("syncFailures")
        self.failed_button.clicked.connect(self.problems_requested)
        self.conflicts_button = QPushButton(self)
        self.conflicts_button.setObjectName("syncConflicts")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(self.tr("Send your work and fetch new work now (F5)"))
        self.sync_button.clicked.connect(self.sync_now)
        for label in (self.state_label, self.last_sync_label, self.pending_label):
            layout.addWidget(label)
        layout.addStretch(1)
        for button in (self.failed_button, self.conflicts_button, self.sync_button):
            layout.addWidget(button)
        self._bridge_state = ""
        self._error: str | None = None
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("clockWarning")
        self.clock_label.setProperty("role", "error")
        self.clock_label.setWordWrap(True)
        self.clock_label.hide()
        layout.insertWidget(3, self.clock_label, 1)
        # Told once, after the sync that met them: records the server sent that this laptop cannot read.
        # Its own row, full width, so the sentence reads in two lines rather than a narrow column.
        self.skipped_label = QLabel(self)
        self.skipped_label.setObjectName("skippedRecords")
        self.skipped_label.setProperty("role", "error")
        self.skipped_label.setWordWrap(True)
        self.skipped_label.hide()
        outer.addWidget(self.skipped_label)
        self._ticker = QTimer(self)
        self._ticker.setInterval(30_000)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()
        ctx.events.changed.connect(self.refresh)
        self.connect_bridge(ctx.sync)
        self.refresh()

    def connect_bridge(self, bridge: Any) -> None:
        """Follow a sync bridge (``fieldapp.gui.syncbridge.SyncBridge``): its state, errors and data."""
        if bridge is None:
            return
        bridge.state_changed.connect(self._on_state)
        bridge.error.connect(self._on_error)
        bridge.data_changed.connect(self.ctx.events.changed)
        bridge.finished.connect(self._on_finished)
        bridge.conflicts_changed.connect(lambda _count: self.refresh())
        bridge.clock_warning.connect(self._on_clock_warning)

    def sync_now(self) -> None:
        """Ask the sync bridge for a sync now (never blocks: it runs on its own thread)."""
        bridge = self.ctx.sync
        if bridge is None:
            self._error = self.tr("Not signed in: sign in to send your work.")
            self.refresh()
            return
        self._error = None
        bridge.sync_now()

    def _on_state(self, state: str) -> None:
        self._bridge_state = state
        if state == "syncing":
            self._error = None
        self.refresh()

    def _on_error(self, message: str) -> None:
        self._error = message
        self.refresh()

    def _on_finished(self, report: Any) -> None:
        skipped = int(getattr(report, "skipped_records", 0) or 0)
        self.skipped_label.setText(
            arg(
                self.tr(
                    "Records left out: %1. Some records from the server could not be read; everything "
                    "else was synced. Please tell your coordinator."
                ),
                format_number(skipped),
            )
            if skipped
            else ""
        )
        self.skipped_label.setVisible(bool(skipped))
        self.refresh()

    def _on_clock_warning(self, message: str) -> None:
        self.clock_label.setText(message)
        self.clock_label.setVisible(bool(message))

    def refresh(self) -> None:
        """Re-read the status from the core and redraw."""
        try:
            status = self.ctx.core.status()
        except Exception as exc:  # the store may be mid-recovery; say so instead of crashing
            self.state_label.setText(self.tr("Status unavailable"))
            self.last_sync_label.setText(str(exc))
            return
        pending = int(getattr(status, "pending_uploads", 0) or 0)
        files = int(getattr(status, "pending_files", 0) or 0)
        rejected = int(getattr(status, "rejected", 0) or 0)
        conflicts = int(getattr(status, "conflicts", 0) or 0)
        last_sync = getattr(status, "last_sync", None)
        state_name = self._bridge_state
        error = self._error
        if state_name == "syncing":
            state, text = "pending", self.tr("Syncing…")
        elif state_name == "revoked":
            state, text = (
                "failed",
                self.tr("This laptop was switched off from the server. Ask your coordinator."),
            )
        elif state_name == "signed_out":
            state, text = "failed", self.tr("Signed out: sign in again to send your work.")
        elif state_name == "offline" and (pending or files):
            state, text = (
                "pending",
                self.tr("Offline. Your work is saved on this laptop and will be sent later."),
            )
        elif state_name == "offline":
            state, text = "ok", self.tr("Offline. Everything you did is already sent.")
        elif error or rejected:
            state, text = "failed", self.tr("Some work could not be sent")
        elif pending or files:
            state, text = "pending", self.tr("Saved on this laptop, waiting to be sent")
        elif not last_sync:
            state, text = "ok", self.tr("Nothing waiting to be sent")
        else:
            state, text = "ok", self.tr("All your work is sent")
        self.state_label.setText(text)
        self.state_label.setToolTip(str(error) if error else "")
        self.last_sync_label.setText(
            arg(self.tr("Last sync: %1"), format_datetime(last_sync))
            if last_sync
            else self.tr("Never synced")
        )
        self.pending_label.setText(
            arg(
                self.tr("Waiting to go up: %1 changes, %2 files"),
                format_number(pending),
                format_number(files),
            )
        )
        self.failed_button.setText(arg(self.tr("Failed: %1"), format_number(rejected)))
        self.failed_button.setVisible(bool(rejected) or bool(error))
        self.conflicts_button.setText(arg(self.tr("Conflicts: %1"), format_number(conflicts)))
        self.conflicts_button.setVisible(bool(conflicts))
        self.sync_button.setEnabled(state_name != "syncing")
        for label in (self.state_label, self.last_sync_label, self.pending_label):
            # Complex scripts (Nastaliq) can measure wider than QLabel's size hint: reserve the full width.
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(label.text()) + 4)
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
