"""One task for the intern: what to do, her status, the mentor's feedback, and her submission.

The editor autosaves a local draft shortly after each change (and when leaving the task), so nothing
typed is lost. "Submit" turns the draft into an immutable revision and says plainly when it will be sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.background import run_in_background
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_date, format_datetime
from fieldapp.gui.labels import assignment_status_label, submission_status_label
from fieldapp.gui.models.attachments import AttachmentListModel
from fieldapp.gui.screens.base import show_error
from fieldapp.gui.widgets import AttachmentView, ReadOnlyText, paragraphs_html, reviews_html

__all__ = ["AUTOSAVE_MS", "TaskDetail"]

#: Autosave this long after the last keystroke.
AUTOSAVE_MS = 800
_STATUSES = ("todo", "in_progress", "done")


class TaskDetail(QWidget):
    """Shows one task (``show_task``) and edits the signed-in intern's submission for it."""

    #: Emitted after a change that other views must reflect (status, draft saved, submitted).
    changed = Signal()
    draft_saved = Signal()
    submitted = Signal(str, int)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("taskDetail")
        self.task: Any = None
        self.submission: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.due = QLabel(self)
        self.due.setWordWrap(True)
        layout.addWidget(self.due)
        self.description = ReadOnlyText(self)
        self.description.setObjectName("taskDescription")
        self.description.setAccessibleName(self.tr("Task description"))
        self.description.setMaximumHeight(100)
        layout.addWidget(self.description)

        status_row = QHBoxLayout()
        status_label = QLabel(self.tr("My &status:"), self)
        self.status = QComboBox(self)
        self.status.setObjectName("taskStatus")
        for value in _STATUSES:
            self.status.addItem(assignment_status_label(value), value)
        status_label.setBuddy(self.status)
        self.status.currentIndexChanged.connect(self._status_changed)
        status_row.addWidget(status_label)
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        layout.addLayout(status_row)

        self.feedback_box = QGroupBox(self.tr("Feedback from your mentor"), self)
        feedback_layout = QVBoxLayout(self.feedback_box)
        self.feedback = ReadOnlyText(self.feedback_box)
        self.feedback.setObjectName("feedback")
        self.feedback.setAccessibleName(self.tr("Feedback from your mentor"))
        self.feedback.setMaximumHeight(140)
        feedback_layout.addWidget(self.feedback)
        layout.addWidget(self.feedback_box)

        self.work_box = QGroupBox(self.tr("Your work"), self)
        work_layout = QVBoxLayout(self.work_box)
        self.submission_state = QLabel(self.work_box)
        self.submission_state.setObjectName("submissionState")
        self.submission_state.setWordWrap(True)
        work_layout.addWidget(self.submission_state)
        answer_label = QLabel(self.tr("&Answer:"), self.work_box)
        work_layout.addWidget(answer_label)
        self.editor = QPlainTextEdit(self.work_box)
        self.editor.setObjectName("answerEditor")
        self.editor.setAccessibleName(self.tr("Answer"))
        self.editor.setTabChangesFocus(True)
        answer_label.setBuddy(self.editor)
        self.editor.textChanged.connect(self._schedule_autosave)
        work_layout.addWidget(self.editor, 3)
        files_label = QLabel(self.tr("Attached &files:"), self.work_box)
        work_layout.addWidget(files_label)
        self.files = AttachmentListModel(ctx.core.blobs, self)
        self.files_view = AttachmentView(self.files, self.work_box)
        self.files_view.setObjectName("attachments")
        self.files_view.setAccessibleName(self.tr("Attached files"))
        files_label.setBuddy(self.files_view)
        work_layout.addWidget(self.files_view)
        buttons = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("A&ttach a file…"), self.work_box)
        self.attach_button.setObjectName("attachFile")
        self.attach_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("&Remove file"), self.work_box)
        self.remove_button.setObjectName("removeFile")
        self.remove_button.clicked.connect(self.remove_selected_file)
        self.submit_button = QPushButton(self.tr("S&ubmit"), self.work_box)
        self.submit_button.setObjectName("submit")
        self.submit_button.setProperty("primary", True)
        self.submit_button.clicked.connect(self.submit)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        work_layout.addLayout(buttons)
        self.saved_label = QLabel(self.work_box)
        self.saved_label.setObjectName("draftSaved")
        self.saved_label.setProperty("role", "hint")
        self.saved_label.setWordWrap(True)
        work_layout.addWidget(self.saved_label)
        layout.addWidget(self.work_box, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._loading = False
        self.show_task(None, None)

    # ------------------------------------------------------------------ loading

    def show_task(self, task: Any, submission: Any) -> None:
        """Show ``task`` (a core ``TaskView``) and the intern's ``submission`` for it (or None)."""
        if self.task is not None and self._autosave.isActive():
            self.save_draft()
        self.task = task
        self.submission = submission
        self._loading = True
        try:
            self._fill()
        finally:
            self._loading = False

    def _fill(self) -> None:
        task = self.task
        enabled = task is not None
        for widget in (self.status, self.work_box):
            widget.setEnabled(enabled)
        if task is None:
            self.heading.setText(self.tr("Choose a task from the list"))
            self.due.clear()
            self.description.clear()
            self.feedback_box.hide()
            self.editor.clear()
            self.files.set_refs([])
            self.submission_state.clear()
            self.saved_label.clear()
            return
        self.heading.setText(task.title)
        self.due.setText(
            arg(self.tr("Due: %1"), format_date(task.due)) if task.due else self.tr("No due date")
        )
        self.description.setHtml(paragraphs_html(task.description or ""))
        with QSignalBlocker(self.status):
            self.status.setCurrentIndex(max(self.status.findData(str(task.status.value)), 0))
        self.status.setEnabled(task.assignment_id is not None)
        submission = self.submission
        reviews = list(getattr(submission, "reviews", []) or [])
        self.feedback_box.setVisible(bool(reviews))
        self.feedback.setHtml(reviews_html(reviews))
        status = str(getattr(getattr(submission, "status", None), "value", "") or "")
        editable = status in ("", "draft", "changes_requested")
        draft = self.ctx.core.submissions.draft(task.id)
        if draft is not None and editable:
            self.editor.setPlainText(draft.text)
            self.files.set_refs(list(draft.attachments))
            self.saved_label.setText(
                arg(self.tr("Draft saved on this laptop at %1."), format_datetime(draft.updated_at))
            )
        elif submission is not None and submission.revisions and status != "draft":
            latest = submission.revisions[-1]
            self.editor.setPlainText(latest.text)
            self.files.set_refs(list(latest.attachments))
            self.saved_label.clear()
        else:
            self.editor.clear()
            self.files.set_refs([])
            self.saved_label.clear()
        self.editor.setReadOnly(not editable)
        for button in (self.attach_button, self.remove_button, self.submit_button):
            button.setEnabled(editable)
        self.submit_button.setText(
            self.tr("Send new &version") if status == "changes_requested" else self.tr("S&ubmit")
        )
        self.submission_state.setText(self._state_text(submission, status))

    def _state_text(self, submission: Any, status: str) -> str:
        unsent = bool(getattr(submission, "unsent", False))
        if status in ("", "draft"):
            return self.tr("Not submitted yet. Your writing is kept on this laptop as you type.")
        if status == "changes_requested":
            return self.tr(
                "Your mentor asked for changes. Read the feedback, change your work and send a new version."
            )
        if unsent:
            return self.tr(
                "Submitted and saved on this laptop. It will be sent automatically the next time "
                "this laptop is online."
            )
        if status == "submitted":
            return self.tr("Sent. Your mentor will review it.")
        return submission_status_label(status)

    # ------------------------------------------------------------------ actions

    def _status_changed(self) -> None:
        if self._loading or self.task is None or self.task.assignment_id is None:
            return
        try:
            self.ctx.core.tasks.set_status(self.task.assignment_id, str(self.status.currentData()))
        except Exception as exc:
            show_error(self, str(exc))
            return
        self.ctx.local_change()

    def _schedule_autosave(self) -> None:
        if not self._loading and self.task is not None and not self.editor.isReadOnly():
            self._autosave.start()

    def save_draft(self) -> None:
        """Save the text and files as the local draft now."""
        self._autosave.stop()
        if self.task is None or self.editor.isReadOnly():
            return
        try:
            draft = self.ctx.core.submissions.save_draft(
                self.task.id, self.editor.toPlainText(), self.files.refs()
            )
        except Exception as exc:
            show_error(self, str(exc))
            return
        self.saved_label.setText(
            arg(self.tr("Draft saved on this laptop at %1."), format_datetime(draft.updated_at))
        )
        self.draft_saved.emit()

    def choose_files(self) -> None:
        """Ask for files and attach them."""
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.attach_files([Path(n) for n in names])

    def attach_files(self, paths: list[Path]) -> None:
        """Copy files into the file store off the GUI thread (photos can be large), then attach them."""
        if not paths:
            return
        blobs = self.ctx.core.blobs
        task_id = self.task.id if self.task is not None else None
        self.attach_button.setEnabled(False)
        self.saved_label.setText(self.tr("Adding files…"))

        def work() -> list[Any]:
            return [blobs.put_file(path) for path in paths]

        def done(refs: list[Any]) -> None:
            self.attach_button.setEnabled(True)
            if self.task is None or self.task.id != task_id:
                return
            for ref in refs:
                self.files.append(ref)
            self.save_draft()

        def failed(exc: BaseException) -> None:
            self.attach_button.setEnabled(True)
            self.saved_label.clear()
            show_error(self, arg(self.tr("The file could not be added: %1"), str(exc)))

        run_in_background(work, done, failed, owner=self)

    def remove_selected_file(self) -> None:
        """Detach the selected file (it stays in the store until nothing refers to it)."""
        row = self.files_view.selected_row()
        if row >= 0:
            self.files.remove(row)
            self.save_draft()

    def submit(self) -> None:
        """Turn the draft into a revision in the outbox; the sync engine sends it when online."""
        if self.task is None:
            return
        self.save_draft()
        try:
            submission_id, revision = self.ctx.core.submissions.submit(
                self.task.id, self.editor.toPlainText(), self.files.refs()
            )
        except Exception as exc:
            show_error(self, str(exc))
            return
        self.submitted.emit(submission_id, revision)
        self.ctx.local_change()
