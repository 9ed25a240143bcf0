"""One submission for the mentor: its revisions side by side, attachments, history, and the decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_datetime, format_number
from fieldapp.gui.labels import submission_status_label
from fieldapp.gui.models.attachments import AttachmentListModel
from fieldapp.gui.screens.base import show_error
from fieldapp.gui.widgets import AttachmentView, ReadOnlyText, paragraphs_html, reviews_html

__all__ = ["ReviewPanel"]


class ReviewPanel(QWidget):
    """Shows a submission (``show_submission``) and records the mentor's review."""

    reviewed = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.submission: Any = None
        self.setObjectName("reviewPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)

        compare = QSplitter(self)
        compare.setChildrenCollapsible(False)
        earlier_box = QWidget(compare)
        earlier_layout = QVBoxLayout(earlier_box)
        earlier_layout.setContentsMargins(0, 0, 0, 0)
        earlier_label = QLabel(self.tr("&Earlier version:"), earlier_box)
        self.earlier_choice = QComboBox(earlier_box)
        self.earlier_choice.setObjectName("earlierRevision")
        earlier_label.setBuddy(self.earlier_choice)
        self.earlier_choice.currentIndexChanged.connect(self._show_earlier)
        self.earlier = ReadOnlyText(earlier_box)
        self.earlier.setObjectName("earlierText")
        self.earlier.setAccessibleName(self.tr("Earlier version"))
        earlier_layout.addWidget(earlier_label)
        earlier_layout.addWidget(self.earlier_choice)
        earlier_layout.addWidget(self.earlier, 1)
        latest_box = QWidget(compare)
        latest_layout = QVBoxLayout(latest_box)
        latest_layout.setContentsMargins(0, 0, 0, 0)
        self.latest_label = QLabel(latest_box)
        self.latest_label.setWordWrap(True)
        self.latest = ReadOnlyText(latest_box)
        self.latest.setObjectName("latestText")
        self.latest.setAccessibleName(self.tr("Latest version"))
        latest_layout.addWidget(self.latest_label)
        latest_layout.addWidget(self.latest, 1)
        compare.addWidget(earlier_box)
        compare.addWidget(latest_box)
        self.earlier_box = earlier_box
        layout.addWidget(compare, 2)

        self.files = AttachmentListModel(ctx.core.blobs, self)
        self.files_view = AttachmentView(self.files, self)
        self.files_view.setObjectName("reviewAttachments")
        self.files_view.setAccessibleName(self.tr("Attached files"))
        layout.addWidget(self.files_view)

        history_box = QGroupBox(self.tr("Reviews so far"), self)
        history_layout = QVBoxLayout(history_box)
        self.history = ReadOnlyText(history_box)
        self.history.setObjectName("reviewHistory")
        self.history.setAccessibleName(self.tr("Reviews so far"))
        self.history.setMaximumHeight(110)
        history_layout.addWidget(self.history)
        layout.addWidget(history_box)

        comment_label = QLabel(self.tr("&Comment for the intern:"), self)
        layout.addWidget(comment_label)
        self.comment = QPlainTextEdit(self)
        self.comment.setObjectName("reviewComment")
        self.comment.setAccessibleName(self.tr("Comment for the intern"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(110)
        comment_label.setBuddy(self.comment)
        layout.addWidget(self.comment)
        row = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("&Approve"), self)
        self.approve_button.setObjectName("approve")
        self.approve_button.setProperty("primary", True)
        self.approve_button.clicked.connect(lambda: self.decide("approve"))
        self.changes_button = QPushButton(self.tr("Ask for c&hanges"), self)
        self.changes_button.setObjectName("requestChanges")
        self.changes_button.clicked.connect(lambda: self.decide("request_changes"))
        self.comment_button = QPushButton(self.tr("Send co&mment only"), self)
        self.comment_button.setObjectName("commentOnly")
        self.comment_button.clicked.connect(lambda: self.decide("comment"))
        row.addWidget(self.approve_button)
        row.addWidget(self.changes_button)
        row.addWidget(self.comment_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.show_submission(None)

    def show_submission(self, submission: Any) -> None:
        """Show a core ``SubmissionView`` (or nothing)."""
        self.submission = submission
        has = submission is not None
        for widget in (self.comment, self.approve_button, self.changes_button, self.comment_button):
            widget.setEnabled(has)
        if not has:
            self.heading.setText(self.tr("Choose a submission from the list"))
            self.state.clear()
            self.latest_label.clear()
            self.latest.clear()
            self.earlier.clear()
            self.earlier_choice.clear()
            self.earlier_box.setVisible(False)
            self.files.set_refs([])
            self.files_view.hide()
            self.history.clear()
            return
        self.heading.setText(arg(self.tr("%1 — %2"), submission.author, submission.task_title))
        unsent = (
            self.tr(" Your review is saved and will be sent at the next sync.") if submission.unsent else ""
        )
        self.state.setText(submission_status_label(submission.status) + unsent)
        revisions = list(submission.revisions)
        latest = revisions[-1] if revisions else None
        if latest is not None:
            self.latest_label.setText(
                arg(
                    self.tr("Latest version (%1), sent %2:"),
                    format_number(latest.revision),
                    format_datetime(latest.received_at or latest.submitted_at),
                )
            )
            self.latest.setHtml(paragraphs_html(latest.text))
            self.files.set_refs(list(latest.attachments))
            self.files_view.setVisible(bool(latest.attachments))
        else:
            self.latest_label.setText(self.tr("The text arrives with the next sync."))
            self.latest.clear()
            self.files.set_refs([])
        self.earlier_choice.blockSignals(True)
        self.earlier_choice.clear()
        for revision in reversed(revisions[:-1]):
            self.earlier_choice.addItem(
                arg(self.tr("Version %1"), format_number(revision.revision)), revision.revision
            )
        self.earlier_choice.blockSignals(False)
        self.earlier_box.setVisible(len(revisions) > 1)
        self._show_earlier()
        self.history.setHtml(reviews_html(submission.reviews) or self.tr("No reviews yet."))
        waiting = submission.status.value == "submitted"
        self.approve_button.setEnabled(waiting)
        self.changes_button.setEnabled(waiting)

    def _show_earlier(self) -> None:
        if self.submission is None:
            return
        number = self.earlier_choice.currentData()
        match = [r for r in self.submission.revisions if r.revision == number]
        self.earlier.setHtml(paragraphs_html(match[0].text) if match else "")

    def decide(self, decision: str) -> None:
        """Record the review in the outbox (sent at the next sync)."""
        if self.submission is None:
            return
        try:
            self.ctx.core.reviews.review(self.submission.id, decision, self.comment.toPlainText())
        except Exception as exc:
            show_error(self, str(exc))
            return
        self.comment.clear()
        self.reviewed.emit(self.submission.id)
        self.ctx.local_change()
