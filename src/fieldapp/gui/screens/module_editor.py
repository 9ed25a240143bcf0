"""The module editor (coordinators): Markdown lessons with a live preview, files, a quiz builder, and
publishing to cohorts. Drafts live on the server; every call runs on a worker thread.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.background import run_in_background
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import LANGUAGES, RTL_LANGUAGES, arg, format_number
from fieldapp.gui.models.attachments import AttachmentListModel
from fieldapp.gui.screens.base import Page, show_error, title_label
from fieldapp.gui.screens.lesson_reader import LessonBrowser, render_markdown
from fieldapp.gui.widgets import AttachmentView
from fieldapp.protocol import AssetRef, Lesson, Quiz

__all__ = ["ModuleEditorPage"]

_KINDS = ("single", "multiple", "short")


def _new_lesson(title: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "title": title, "body_md": "", "assets": []}


def _new_question() -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "kind": "single",
        "prompt": "",
        "options": [],
        "correct": [],
        "accepted": [],
        "points": 1,
    }


class ModuleEditorPage(Page):
    """Edit a module's draft and publish it; interns receive the published version at their next sync."""

    key = "module_editor"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.draft: dict[str, Any] = self._empty_draft()
        self._lesson_row = -1
        self._question_row = -1
        self._calls = 0
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Training modules"), self))
        top = QHBoxLayout()
        module_label = QLabel(self.tr("&Module:"), self)
        self.module_choice = QComboBox(self)
        self.module_choice.setObjectName("moduleChoice")
        module_label.setBuddy(self.module_choice)
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.setObjectName("openModule")
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton(self.tr("&New module"), self)
        self.new_button.setObjectName("newModule")
        self.new_button.clicked.connect(self.new_module)
        top.addWidget(module_label)
        top.addWidget(self.module_choice, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("moduleTabs")
        layout.addWidget(self.tabs, 1)
        self._build_about()
        self._build_lessons()
        self._build_files()
        self._build_quiz()

        bottom = QHBoxLayout()
        cohorts_label = QLabel(self.tr("Publish to &cohorts:"), self)
        self.cohorts = QStandardItemModel(self)
        self.cohort_view = QListView(self)
        self.cohort_view.setObjectName("publishCohorts")
        self.cohort_view.setModel(self.cohorts)
        self.cohort_view.setMaximumHeight(90)
        self.cohort_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        cohorts_label.setBuddy(self.cohort_view)
        bottom.addWidget(cohorts_label)
        bottom.addWidget(self.cohort_view, 1)
        buttons = QVBoxLayout()
        self.save_button = QPushButton(self.tr("&Save draft"), self)
        self.save_button.setObjectName("saveModule")
        self.save_button.clicked.connect(self.save)
        self.publish_button = QPushButton(self.tr("&Publish"), self)
        self.publish_button.setObjectName("publishModule")
        self.publish_button.setProperty("primary", True)
        self.publish_button.clicked.connect(self.publish)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.publish_button)
        bottom.addLayout(buttons)
        layout.addLayout(bottom)
        self.message = QLabel(self)
        self.message.setObjectName("moduleMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        layout.addWidget(self.message)
        self._show_draft()

    # ------------------------------------------------------------------ building

    def _build_about(self) -> None:
        page = QWidget(self.tabs)
        form = QFormLayout(page)
        self.module_title = QLineEdit(page)
        self.module_title.setObjectName("moduleTitle")
        form.addRow(self.tr("&Title:"), self.module_title)
        self.module_description = QPlainTextEdit(page)
        self.module_description.setObjectName("moduleDescription")
        self.module_description.setTabChangesFocus(True)
        form.addRow(self.tr("&Description:"), self.module_description)
        self.module_language = QComboBox(page)
        for code, name in LANGUAGES.items():
            self.module_language.addItem(name, code)
        self.module_language.currentIndexChanged.connect(self._content_direction)
        form.addRow(self.tr("&Language:"), self.module_language)
        self.tabs.addTab(page, self.tr("About"))

    def _build_lessons(self) -> None:
        page = QWidget(self.tabs)
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        self.lessons = QStandardItemModel(self)
        self.lesson_view = QListView(page)
        self.lesson_view.setObjectName("editorLessons")
        self.lesson_view.setAccessibleName(self.tr("Lessons"))
        self.lesson_view.setModel(self.lessons)
        self.lesson_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lesson_view.selectionModel().currentChanged.connect(self._lesson_changed)
        left.addWidget(self.lesson_view, 1)
        row = QHBoxLayout()
        self.add_lesson_button = QPushButton(self.tr("Add lesson"), page)
        self.add_lesson_button.setObjectName("addLesson")
        self.add_lesson_button.clicked.connect(self.add_lesson)
        self.remove_lesson_button = QPushButton(self.tr("Remove"), page)
        self.remove_lesson_button.setObjectName("removeLesson")
        self.remove_lesson_button.setAccessibleName(self.tr("Remove lesson"))
        self.remove_lesson_button.clicked.connect(self.remove_lesson)
        row.addWidget(self.add_lesson_button)
        row.addWidget(self.remove_lesson_button)
        left.addLayout(row)
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        form = QFormLayout()
        self.lesson_title = QLineEdit(page)
        self.lesson_title.setObjectName("lessonTitle")
        self.lesson_title.textEdited.connect(self._lesson_title_edited)
        form.addRow(self.tr("Lesson t&itle:"), self.lesson_title)
        right.addLayout(form)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.setChildrenCollapsible(False)
        self.lesson_body = QPlainTextEdit(split)
        self.lesson_body.setObjectName("lessonMarkdown")
        self.lesson_body.setAccessibleName(self.tr("Lesson text (Markdown)"))
        self.lesson_body.setTabChangesFocus(True)
        self.lesson_body.textChanged.connect(self._update_preview)
        self.preview = LessonBrowser(self.ctx, split)
        self.preview.setObjectName("lessonPreview")
        self.preview.setAccessibleName(self.tr("Preview"))
        split.addWidget(self.lesson_body)
        split.addWidget(self.preview)
        right.addWidget(split, 1)
        hint = QLabel(
            self.tr(
                "Write in Markdown: # heading, **bold**, - list. Add pictures on the Files tab "
                "and show them with ![description](file name)."
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        right.addWidget(hint)
        layout.addLayout(right, 3)
        self.tabs.addTab(page, self.tr("Lessons"))

    def _build_files(self) -> None:
        page = QWidget(self.tabs)
        layout = QVBoxLayout(page)
        self.assets = AttachmentListModel(self.ctx.core.blobs, self)
        self.asset_view = AttachmentView(self.assets, page)
        self.asset_view.setObjectName("moduleFiles")
        self.asset_view.setAccessibleName(self.tr("Files of this module"))
        self.asset_view.setMaximumHeight(16_777_215)
        layout.addWidget(self.asset_view, 1)
        row = QHBoxLayout()
        self.add_file_button = QPushButton(self.tr("Add &file…"), page)
        self.add_file_button.setObjectName("addModuleFile")
        self.add_file_button.clicked.connect(self.choose_files)
        row.addWidget(self.add_file_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.tabs.addTab(page, self.tr("Files"))

    def _build_quiz(self) -> None:
        page = QWidget(self.tabs)
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        pass_row = QFormLayout()
        self.pass_mark = QSpinBox(page)
        self.pass_mark.setObjectName("passMark")
        self.pass_mark.setRange(0, 100)
        self.pass_mark.setSuffix("%")
        pass_row.addRow(self.tr("Pass &mark:"), self.pass_mark)
        left.addLayout(pass_row)
        self.questions = QStandardItemModel(self)
        self.question_view = QListView(page)
        self.question_view.setObjectName("editorQuestions")
        self.question_view.setAccessibleName(self.tr("Questions"))
        self.question_view.setModel(self.questions)
        self.question_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.question_view.selectionModel().currentChanged.connect(self._question_changed)
        left.addWidget(self.question_view, 1)
        row = QHBoxLayout()
        self.add_question_button = QPushButton(self.tr("Add question"), page)
        self.add_question_button.setObjectName("addQuestion")
        self.add_question_button.clicked.connect(self.add_question)
        self.remove_question_button = QPushButton(self.tr("Remove"), page)
        self.remove_question_button.setObjectName("removeQuestion")
        self.remove_question_button.setAccessibleName(self.tr("Remove question"))
        self.remove_question_button.clicked.connect(self.remove_question)
        row.addWidget(self.add_question_button)
        row.addWidget(self.remove_question_button)
        left.addLayout(row)
        layout.addLayout(left, 1)
        form = QFormLayout()
        self.question_kind = QComboBox(page)
        self.question_kind.setObjectName("questionKind")
        names = {
            "single": self.tr("One right answer"),
            "multiple": self.tr("Several right answers"),
            "short": self.tr("Short written answer"),
        }
        for kind in _KINDS:
            self.question_kind.addItem(names[kind], kind)
        form.addRow(self.tr("&Kind:"), self.question_kind)
        self.question_prompt = QLineEdit(page)
        self.question_prompt.setObjectName("questionPrompt")
        form.addRow(self.tr("&Question:"), self.question_prompt)
        self.question_options = QPlainTextEdit(page)
        self.question_options.setObjectName("questionOptions")
        self.question_options.setTabChangesFocus(True)
        form.addRow(self.tr("&Choices (one a line):"), self.question_options)
        self.question_correct = QLineEdit(page)
        self.question_correct.setObjectName("questionCorrect")
        self.question_correct.setPlaceholderText(self.tr("e.g. 1, 3"))
        form.addRow(self.tr("Right c&hoices (numbers):"), self.question_correct)
        self.question_accepted = QPlainTextEdit(page)
        self.question_accepted.setObjectName("questionAccepted")
        self.question_accepted.setTabChangesFocus(True)
        form.addRow(self.tr("Accepted &answers (one a line):"), self.question_accepted)
        self.question_points = QSpinBox(page)
        self.question_points.setRange(0, 100)
        form.addRow(self.tr("&Points:"), self.question_points)
        layout.addLayout(form, 2)
        self.tabs.addTab(page, self.tr("Quiz"))

    # ------------------------------------------------------------------ draft <-> form

    @staticmethod
    def _empty_draft() -> dict[str, Any]:
        return {
            "id": None,
            "title": "",
            "description": "",
            "language": "en",
            "lessons": [],
            "quiz": {"pass_mark": 0.7, "questions": []},
            "assets": [],
        }

    def _show_draft(self) -> None:
        draft = self.draft
        self.assets.set_refs([AssetRef.model_validate(a) for a in draft.get("assets", [])])
        self.module_title.setText(draft.get("title", ""))
        self.module_description.setPlainText(draft.get("description", ""))
        self.module_language.setCurrentIndex(
            max(self.module_language.findData(draft.get("language", "en")), 0)
        )
        self._content_direction()
        self.lessons.clear()
        for lesson in draft["lessons"]:
            self.lessons.appendRow(self._item(lesson["title"] or self.tr("(untitled lesson)")))
        self._lesson_row = -1
        self._load_lesson(0 if draft["lessons"] else -1)
        quiz = draft.get("quiz") or {"pass_mark": 0.7, "questions": []}
        draft["quiz"] = quiz
        self.pass_mark.setValue(round(float(quiz.get("pass_mark", 0.7)) * 100))
        self.questions.clear()
        for number, _question in enumerate(quiz["questions"], start=1):
            self.questions.appendRow(self._item(arg(self.tr("Question %1"), format_number(number))))
        self._question_row = -1
        self._load_question(0 if quiz["questions"] else -1)

    @staticmethod
    def _item(text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        return item

    def _store_lesson(self) -> None:
        row = self._lesson_row
        if 0 <= row < len(self.draft["lessons"]):
            lesson = self.draft["lessons"][row]
            lesson["title"] = self.lesson_title.text()
            lesson["body_md"] = self.lesson_body.toPlainText()
            names = {a.name for a in self.assets.refs()}
            lesson["assets"] = sorted(n for n in names if n in lesson["body_md"])

    def _load_lesson(self, row: int) -> None:
        self._lesson_row = row
        has = 0 <= row < len(self.draft["lessons"])
        for widget in (self.lesson_title, self.lesson_body, self.remove_lesson_button):
            widget.setEnabled(has)
        lesson = self.draft["lessons"][row] if has else {"title": "", "body_md": ""}
        self.lesson_title.setText(lesson["title"])
        self.lesson_body.setPlainText(lesson["body_md"])
        if has:
            self.lesson_view.setCurrentIndex(self.lessons.index(row, 0))

    def _lesson_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.row() != self._lesson_row:
            self._store_lesson()
            self._load_lesson(current.row())

    def _lesson_title_edited(self, text: str) -> None:
        if 0 <= self._lesson_row < self.lessons.rowCount():
            self.lessons.item(self._lesson_row).setText(text or self.tr("(untitled lesson)"))

    def _content_direction(self) -> None:
        """Lesson text runs in the module's language direction, whatever the app's language is."""
        if not hasattr(self, "preview"):
            return  # still being built
        rtl = self.module_language.currentData() in RTL_LANGUAGES
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        for widget in (
            self.lesson_title,
            self.lesson_body,
            self.preview,
            self.module_title,
            self.module_description,
        ):
            widget.setLayoutDirection(direction)

    def _update_preview(self) -> None:
        # Pictures the coordinator added on the Files tab show in the preview as interns will see them.
        self.preview.assets = {a.name: a for a in self.assets.refs()}
        self.preview.setHtml(render_markdown(self.lesson_body.toPlainText()))

    def _store_question(self) -> None:
        row = self._question_row
        questions = self.draft["quiz"]["questions"]
        if 0 <= row < len(questions):
            question = questions[row]
            question["kind"] = self.question_kind.currentData()
            question["prompt"] = self.question_prompt.text()
            question["options"] = [
                o.strip() for o in self.question_options.toPlainText().splitlines() if o.strip()
            ]
            numbers = [
                p.strip() for p in self.question_correct.text().replace("،", ",").split(",") if p.strip()
            ]
            question["correct"] = [int(n) - 1 for n in numbers if n.isdigit() and int(n) >= 1]
            question["accepted"] = [
                a.strip() for a in self.question_accepted.toPlainText().splitlines() if a.strip()
            ]
            question["points"] = self.question_points.value()

    def _load_question(self, row: int) -> None:
        self._question_row = row
        questions = self.draft["quiz"]["questions"]
        has = 0 <= row < len(questions)
        for widget in (
            self.question_kind,
            self.question_prompt,
            self.question_options,
            self.question_correct,
            self.question_accepted,
            self.question_points,
            self.remove_question_button,
        ):
            widget.setEnabled(has)
        question = questions[row] if has else _new_question()
        self.question_kind.setCurrentIndex(max(self.question_kind.findData(question["kind"]), 0))
        self.question_prompt.setText(question["prompt"])
        self.question_options.setPlainText("\n".join(question["options"]))
        self.question_correct.setText(", ".join(str(i + 1) for i in question["correct"]))
        self.question_accepted.setPlainText("\n".join(question["accepted"]))
        self.question_points.setValue(int(question.get("points", 1)))
        if has:
            self.question_view.setCurrentIndex(self.questions.index(row, 0))

    def _question_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.row() != self._question_row:
            self._store_question()
            self._load_question(current.row())

    def collect(self) -> dict[str, Any]:
        """The draft as the form shows it, validated with the wire models (a clear error if not valid)."""
        self._store_lesson()
        self._store_question()
        draft = dict(self.draft)
        draft["title"] = self.module_title.text().strip()
        draft["description"] = self.module_description.toPlainText()
        draft["language"] = self.module_language.currentData()
        draft["assets"] = [a.model_dump(mode="json") for a in self.assets.refs()]
        draft["quiz"] = dict(self.draft["quiz"], pass_mark=self.pass_mark.value() / 100)
        for lesson in draft["lessons"]:
            Lesson.model_validate(lesson)
        quiz = Quiz.model_validate(draft["quiz"])
        draft["quiz"] = quiz.model_dump(mode="json") if quiz.questions else None
        if not draft["title"]:
            raise ValueError(self.tr("Give the module a title."))
        if draft.get("id") is None:
            draft.pop("id", None)
        return draft

    # ------------------------------------------------------------------ actions

    def title(self) -> str:
        return self.tr("Modules")

    def refresh(self) -> None:
        ticked = self.ticked_cohorts()
        self.cohorts.clear()
        for cohort_id, name in self.ctx.core.cohorts():
            item = self._item(name)
            item.setData(cohort_id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if cohort_id in ticked else Qt.CheckState.Unchecked)
            self.cohorts.appendRow(item)
        self.load_module_list()

    def ticked_cohorts(self) -> list[str]:
        """Ids of the cohorts ticked for publishing."""
        return [
            self.cohorts.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.cohorts.rowCount())
            if self.cohorts.item(r).checkState() == Qt.CheckState.Checked
        ]

    def _client_call(self, work: Any, done: Any, busy_text: str | None) -> None:
        """Run ``work(client)`` against the server on a worker thread; ``done(result)`` on the GUI thread."""
        core = self.ctx.core
        if busy_text is not None:
            self.message.setText(busy_text)
        self._calls += 1
        for button in (self.save_button, self.publish_button, self.open_button):
            button.setEnabled(False)

        def run() -> Any:
            from fieldapp.sync.admin_client import AdminClient

            with AdminClient(core) as client:
                return work(client)

        def finish() -> None:
            # Buttons come back only when every call in flight has answered.
            self._calls -= 1
            for button in (self.save_button, self.publish_button, self.open_button):
                button.setEnabled(self._calls == 0)

        def ok(result: Any) -> None:
            finish()
            done(result)

        def failed(exc: BaseException) -> None:
            finish()
            self.message.setText(arg(self.tr("The server could not do this: %1"), str(exc)))

        run_in_background(run, ok, failed, owner=self)

    def load_module_list(self) -> None:
        """Ask the server for the modules (drafts live there)."""

        def done(modules: list[dict[str, Any]]) -> None:
            current = self.module_choice.currentData()
            self.module_choice.clear()
            for module in modules:
                version = module.get("latest_version", 0)
                label = (
                    module["title"]
                    if not version
                    else arg(self.tr("%1 (version %2)"), module["title"], format_number(version))
                )
                self.module_choice.addItem(label, module["id"])
            if current is not None:
                self.module_choice.setCurrentIndex(max(self.module_choice.findData(current), 0))

        self._client_call(lambda c: c.modules(), done, None)

    def open_selected(self) -> None:
        """Load the chosen module's draft from the server."""
        module_id = self.module_choice.currentData()
        if module_id is None:
            return

        def done(detail: dict[str, Any]) -> None:
            self.draft = {**self._empty_draft(), **detail["draft"], "id": detail["id"]}
            for row in range(self.cohorts.rowCount()):
                item = self.cohorts.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in detail.get("cohort_ids", [])
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self._show_draft()
            self.message.setText(arg(self.tr("Opened “%1”."), self.draft["title"]))

        self._client_call(lambda c: c.module(module_id), done, self.tr("Opening…"))

    def new_module(self) -> None:
        """Start an empty draft with one lesson."""
        self.draft = self._empty_draft()
        self.draft["lessons"].append(_new_lesson(self.tr("Lesson 1")))
        self._show_draft()
        self.tabs.setCurrentIndex(0)
        self.module_title.setFocus()

    def add_lesson(self) -> None:
        """Add a lesson at the end and open it."""
        self._store_lesson()
        number = len(self.draft["lessons"]) + 1
        self.draft["lessons"].append(_new_lesson(arg(self.tr("Lesson %1"), format_number(number))))
        self.lessons.appendRow(self._item(self.draft["lessons"][-1]["title"]))
        self._load_lesson(len(self.draft["lessons"]) - 1)

    def remove_lesson(self) -> None:
        """Remove the open lesson."""
        row = self._lesson_row
        if 0 <= row < len(self.draft["lessons"]):
            del self.draft["lessons"][row]
            self._lesson_row = -1
            self.lessons.removeRow(row)
            self._load_lesson(min(row, len(self.draft["lessons"]) - 1))

    def add_question(self) -> None:
        """Add a question at the end and open it."""
        self._store_question()
        questions = self.draft["quiz"]["questions"]
        questions.append(_new_question())
        self.questions.appendRow(self._item(arg(self.tr("Question %1"), format_number(len(questions)))))
        self._load_question(len(questions) - 1)

    def remove_question(self) -> None:
        """Remove the open question."""
        row = self._question_row
        questions = self.draft["quiz"]["questions"]
        if 0 <= row < len(questions):
            del questions[row]
            self._question_row = -1
            self.questions.removeRow(row)
            for number in range(self.questions.rowCount()):
                self.questions.item(number).setText(arg(self.tr("Question %1"), format_number(number + 1)))
            self._load_question(min(row, len(questions) - 1))

    def choose_files(self) -> None:
        """Pick files and upload them as module assets."""
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files to the module"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Upload files to the server (resumable) and list them as the module's assets."""
        if not paths:
            return

        def done(refs: list[dict[str, Any]]) -> None:
            for ref in refs:
                self.assets.append(AssetRef.model_validate(ref))
            self.message.setText(arg(self.tr("%1 files added."), format_number(len(refs))))

        self._client_call(lambda c: [c.upload_asset(p) for p in paths], done, self.tr("Uploading files…"))

    def save(self) -> None:
        """Save the draft on the server."""
        try:
            draft = self.collect()
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            show_error(self, str(exc))
            return

        def done(detail: dict[str, Any]) -> None:
            self.draft["id"] = detail["id"]
            self.load_module_list()
            self.message.setText(self.tr("Draft saved on the server. Interns see it only after you publish."))

        self._client_call(lambda c: c.save_module(draft), done, self.tr("Saving…"))

    def publish(self) -> None:
        """Save, then publish a new version to the ticked cohorts."""
        cohorts = self.ticked_cohorts()
        if not cohorts:
            show_error(self, self.tr("Tick at least one cohort to publish to."))
            return
        try:
            draft = self.collect()
        except ValueError as exc:
            show_error(self, str(exc))
            return

        def work(client: Any) -> dict[str, Any]:
            detail = client.save_module(draft)
            return {**client.publish(detail["id"], cohorts), "id": detail["id"]}

        def done(result: dict[str, Any]) -> None:
            self.draft["id"] = result["id"]
            self.load_module_list()
            self.message.setText(
                arg(
                    self.tr("Published version %1. Interns receive it at their next sync."),
                    format_number(result.get("version", 0)),
                )
            )

        self._client_call(work, done, self.tr("Publishing…"))
