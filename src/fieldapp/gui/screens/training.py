"""Training: modules with her progress; a module's lessons, the reader, and the quiz."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.core.errors import FieldAppError
from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_number
from fieldapp.gui.models.table import ITEM_ROLE, Column, RecordTableModel
from fieldapp.gui.screens.base import Page, show_error, title_label
from fieldapp.gui.screens.lesson_reader import LessonReader
from fieldapp.gui.screens.quiz import QuizWidget
from fieldapp.gui.widgets import setup_table

__all__ = ["TrainingPage", "module_columns"]

_QUIZ = "__quiz__"


def _percent(fraction: float) -> str:
    return f"{format_number(round(fraction * 100))}%"


def module_columns() -> list[Column[Any]]:
    """Columns of the module list (core ``ModuleSummary`` rows)."""
    from PySide6.QtCore import QCoreApplication

    return [
        Column(lambda: QCoreApplication.translate("TrainingPage", "Module"), lambda m: m.title),
        Column(
            lambda: QCoreApplication.translate("TrainingPage", "Lessons"),
            lambda m: format_number(m.lessons),
            sort_key=lambda m: m.lessons,
        ),
        Column(
            lambda: QCoreApplication.translate("TrainingPage", "Done"),
            lambda m: _percent(m.progress.fraction),
            sort_key=lambda m: m.progress.fraction,
        ),
    ]


class TrainingPage(Page):
    """Modules on the left; the chosen module's lessons, reader and quiz on the right."""

    key = "training"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.module: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Training"), self))
        self.model: RecordTableModel[Any] = RecordTableModel(module_columns(), self)
        self.view = QTableView(self)
        self.view.setObjectName("moduleList")
        self.view.setAccessibleName(self.tr("Training modules"))
        self.view.setModel(self.model)
        setup_table(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._module_selected)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        self.module_title = QLabel(right)
        self.module_title.setProperty("role", "title")
        self.module_title.setWordWrap(True)
        right_layout.addWidget(self.module_title)
        self.progress = QProgressBar(right)
        self.progress.setObjectName("moduleProgress")
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Progress in this module"))
        right_layout.addWidget(self.progress)
        inner = QSplitter(Qt.Orientation.Horizontal, right)
        inner.setChildrenCollapsible(False)
        self.lessons = QStandardItemModel(self)
        self.lesson_view = QListView(inner)
        self.lesson_view.setObjectName("lessonList")
        self.lesson_view.setAccessibleName(self.tr("Lessons"))
        self.lesson_view.setModel(self.lessons)
        self.lesson_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lesson_view.selectionModel().selectionChanged.connect(self._lesson_selected)
        self.stack = QStackedWidget(inner)
        self.reader = LessonReader(ctx, self.stack)
        self.quiz = QuizWidget(ctx, self.stack)
        self.quiz.finished.connect(lambda _result: self._after_progress())
        self.stack.addWidget(self.reader)
        self.stack.addWidget(self.quiz)
        inner.addWidget(self.lesson_view)
        inner.addWidget(self.stack)
        inner.setStretchFactor(1, 3)
        inner.setSizes([180, 540])
        right_layout.addWidget(inner, 1)
        row = QHBoxLayout()
        self.complete_button = QPushButton(self.tr("I have &finished this lesson"), right)
        self.complete_button.setObjectName("completeLesson")
        self.complete_button.clicked.connect(self.complete_lesson)
        row.addWidget(self.complete_button)
        row.addStretch(1)
        right_layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 740])
        layout.addWidget(splitter, 1)
        self.empty = QLabel(self.tr("No training modules yet. They arrive when this laptop syncs."), self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)
        self._show_module(None)

    def title(self) -> str:
        return self.tr("Training")

    def refresh(self) -> None:
        current = self.module.id if self.module is not None else None
        selection = self.view.selectionModel()
        blocked = selection.blockSignals(True)
        try:
            self.model.set_rows(self.ctx.core.training.list())
            for row in range(self.model.rowCount()):
                if self.model.item(row).id == current:
                    self.view.selectRow(row)
        finally:
            selection.blockSignals(blocked)
        self.empty.setVisible(self.model.rowCount() == 0)
        if current is not None:
            try:
                self.module = self.ctx.core.training.get(current)
            except FieldAppError:  # no longer visible to her (scope shrank): show nothing
                self._show_module(None)
                return
            self._update_progress_keep()

    def select_module(self, module_id: str) -> bool:
        """Select a module by id; False when it is not on this device."""
        for row in range(self.model.rowCount()):
            if self.model.item(row).id == module_id:
                self.view.selectRow(row)
                self._show_module(module_id)
                return True
        return False

    def _module_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            summary = QModelIndex(indexes[0]).data(ITEM_ROLE)
            if self.module is None or self.module.id != summary.id:
                self._show_module(summary.id)

    def _show_module(self, module_id: str | None) -> None:
        self.lessons.clear()
        if module_id is None:
            self.module = None
            self.module_title.setText(self.tr("Choose a module"))
            self.progress.setValue(0)
            self.complete_button.setEnabled(False)
            self.reader.browser.clear()
            return
        training = self.ctx.core.training
        self.module = training.get(module_id)
        self._update_progress()
        self.select_lesson(0)

    def _update_progress(self) -> None:
        module = self.module
        progress = self.ctx.core.training.progress(module.id)
        self.module_title.setText(module.title)
        self.progress.setValue(round(progress.fraction * 100))
        self.progress.setFormat(arg(self.tr("%1 done"), _percent(progress.fraction)))
        self.lessons.clear()
        for lesson in module.lessons:
            mark = "✓ " if lesson.id in progress.completed else ""
            item = QStandardItem(mark + lesson.title)
            item.setData(lesson.id, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.lessons.appendRow(item)
        if module.quiz is not None and module.quiz.questions:
            if progress.quiz_passed:
                text = arg(self.tr("Quiz (passed, best %1)"), _percent(progress.best_score or 0))
            else:
                text = self.tr("Quiz")
            item = QStandardItem(text)
            item.setData(_QUIZ, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.lessons.appendRow(item)

    def select_lesson(self, row: int) -> None:
        """Open the lesson (or the quiz) at ``row`` of the lesson list."""
        if 0 <= row < self.lessons.rowCount():
            self.lesson_view.setCurrentIndex(self.lessons.index(row, 0))

    def _lesson_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self.module is None:
            return
        lesson_id = QModelIndex(indexes[0]).data(Qt.ItemDataRole.UserRole)
        if lesson_id == _QUIZ:
            self.quiz.show_quiz(self.module)
            self.stack.setCurrentWidget(self.quiz)
            self.complete_button.setEnabled(False)
            return
        lesson = next(lesson for lesson in self.module.lessons if lesson.id == lesson_id)
        self.reader.show_lesson(self.module, lesson)
        self.stack.setCurrentWidget(self.reader)
        self.complete_button.setEnabled(True)
        progress = self.ctx.core.training.progress(self.module.id)
        if lesson_id not in progress.opened:
            try:
                self.ctx.core.training.open_lesson(self.module.id, lesson_id)
            except Exception as exc:
                show_error(self, str(exc))

    def current_lesson_id(self) -> str | None:
        """The lesson on show (None for the quiz or nothing)."""
        value = self.lesson_view.currentIndex().data(Qt.ItemDataRole.UserRole)
        return None if value in (None, _QUIZ) else str(value)

    def complete_lesson(self) -> None:
        """Record the lesson as finished and move to the next one."""
        lesson_id = self.current_lesson_id()
        if self.module is None or lesson_id is None:
            return
        try:
            self.ctx.core.training.complete_lesson(self.module.id, lesson_id)
        except Exception as exc:
            show_error(self, str(exc))
            return
        row = self.lesson_view.currentIndex().row()
        self._after_progress()
        self.select_lesson(row + 1)

    def _after_progress(self) -> None:
        self._update_progress_keep()
        self.ctx.local_change()

    def _update_progress_keep(self) -> None:
        if self.module is None:
            return
        selection = self.lesson_view.selectionModel()
        current = self.lesson_view.currentIndex().row()
        blocked = selection.blockSignals(True)
        try:
            self._update_progress()
            if current >= 0:
                self.lesson_view.setCurrentIndex(
                    self.lessons.index(min(current, self.lessons.rowCount() - 1), 0)
                )
        finally:
            selection.blockSignals(blocked)
