"""The intern's tasks: a filterable list (model/view) beside the selected task and her submission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import format_date
from fieldapp.gui.labels import assignment_status_label, submission_status_label
from fieldapp.gui.models.table import ITEM_ROLE, Column, FilterProxy, RecordTableModel
from fieldapp.gui.screens.base import Page, title_label
from fieldapp.gui.screens.task_detail import TaskDetail
from fieldapp.gui.widgets import setup_table

__all__ = ["TaskRow", "TasksPage", "task_columns"]


@dataclass(frozen=True)
class TaskRow:
    """A task with the intern's submission for it (None when she has not started one)."""

    task: Any
    submission: Any = None

    @property
    def submission_status(self) -> str:
        """The submission's status value, '' when there is none."""
        return str(getattr(getattr(self.submission, "status", None), "value", "") or "")

    def overdue(self, today: date) -> bool:
        """Due before today and not done."""
        return self.task.due is not None and self.task.due < today and self.task.status.value != "done"


def task_columns() -> list[Column[TaskRow]]:
    """Columns of the task list."""
    from PySide6.QtCore import QCoreApplication

    return [
        Column(lambda: QCoreApplication.translate("TasksPage", "Task"), lambda r: r.task.title),
        Column(
            lambda: QCoreApplication.translate("TasksPage", "Due"),
            lambda r: format_date(r.task.due),
            sort_key=lambda r: r.task.due.isoformat() if r.task.due else "9999",
            colour=lambda r: "#fde8e8" if r.overdue(date.today()) else None,
        ),
        Column(
            lambda: QCoreApplication.translate("TasksPage", "My status"),
            lambda r: assignment_status_label(r.task.status),
        ),
        Column(
            lambda: QCoreApplication.translate("TasksPage", "Submission"),
            lambda r: submission_status_label(r.submission_status),
        ),
    ]


# Filter choices: key -> predicate on a TaskRow.
_FILTERS = ("all", "open", "due", "changes", "done")


class TasksPage(Page):
    """Today's tasks: what is due, what the mentor sent back, and the work on each."""

    key = "tasks"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("My tasks"), self))
        filters = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("taskSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Words in the title"))
        search_label.setBuddy(self.search)
        show_label = QLabel(self.tr("S&how:"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("taskFilter")
        names = {
            "all": self.tr("All tasks"),
            "open": self.tr("Not done yet"),
            "due": self.tr("Due today or late"),
            "changes": self.tr("Changes requested"),
            "done": self.tr("Done"),
        }
        for key in _FILTERS:
            self.filter.addItem(names[key], key)
        self.filter.setCurrentIndex(1)
        show_label.setBuddy(self.filter)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addWidget(show_label)
        filters.addWidget(self.filter)
        layout.addLayout(filters)

        self.model: RecordTableModel[TaskRow] = RecordTableModel(task_columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("taskList")
        self.view.setAccessibleName(self.tr("Tasks"))
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Fixed row heights: scrolling 10,000 rows never measures each one.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setStretchLastSection(False)
        self._size_columns()

        self.detail = TaskDetail(ctx, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.empty = QLabel(self)
        self.empty.setObjectName("tasksEmpty")
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._apply_filter()
        self.setTabOrder(self.search, self.filter)
        self.setTabOrder(self.filter, self.view)
        self.setTabOrder(self.view, self.detail)

    def title(self) -> str:
        return self.tr("My tasks")

    def _size_columns(self) -> None:
        """Widths from the texts a column can show (never by measuring every row: lists can be long)."""
        fm = self.view.fontMetrics()
        header_fm = self.view.horizontalHeader().fontMetrics()
        samples = {
            1: [format_date(date(2026, 12, 28))],
            2: [assignment_status_label(s) for s in ("todo", "in_progress", "done")],
            3: [
                submission_status_label(s)
                for s in ("", "draft", "submitted", "approved", "changes_requested")
            ],
        }
        for column, texts in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(
                [header_fm.horizontalAdvance(title) + 40, *(fm.horizontalAdvance(t) + 28 for t in texts)]
            )
            self.view.setColumnWidth(column, width)

    def _apply_filter(self) -> None:
        key = self.filter.currentData()
        today = date.today()

        def predicate(row: TaskRow) -> bool:
            status = row.task.status.value
            if key == "open":
                return status != "done" or row.submission_status == "changes_requested"
            if key == "due":
                return status != "done" and row.task.due is not None and row.task.due <= today
            if key == "changes":
                return row.submission_status == "changes_requested"
            if key == "done":
                return status == "done"
            return True

        self.proxy.set_predicate(predicate)
        self._update_empty()

    def _update_empty(self) -> None:
        if self.model.rowCount() == 0:
            self.empty.setText(self.tr("No tasks yet. New tasks arrive when this laptop syncs."))
        elif self.proxy.rowCount() == 0:
            self.empty.setText(self.tr("No tasks match. Choose “All tasks” to see every task."))
        else:
            self.empty.clear()
        self.empty.setVisible(bool(self.empty.text()))

    def refresh(self) -> None:
        core = self.ctx.core
        user = core.user
        me = user.id if user is not None else None
        mine = {s.task_id: s for s in core.submissions.list() if s.author_id == me}
        selected = self.selected_task_id()
        rows = [TaskRow(task, mine.get(task.id)) for task in core.tasks.list()]
        self.model.set_rows(rows)
        self._update_empty()
        if (selected is not None and not self.select_task(selected)) or selected is None:
            self.detail.show_task(None, None)

    def selected_task_id(self) -> str | None:
        """The id of the task on show, if any."""
        return self.detail.task.id if self.detail.task is not None else None

    def select_task(self, task_id: str) -> bool:
        """Select a task in the list (clearing the filter if it hides it); False if it is not there."""
        for attempt in range(2):
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if index.data(ITEM_ROLE).task.id == task_id:
                    self.view.selectRow(row)
                    self.view.scrollTo(index)
                    record = index.data(ITEM_ROLE)
                    self.detail.show_task(record.task, record.submission)
                    return True
            if attempt == 0:
                self.filter.setCurrentIndex(0)
                self.search.clear()
        return False

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        record: TaskRow = QModelIndex(indexes[0]).data(ITEM_ROLE)
        if self.detail.task is None or self.detail.task.id != record.task.id:
            self.detail.show_task(record.task, record.submission)
