"""Create tasks and assign them to interns or a whole cohort (coordinators, mentors).

Creation goes through the core (an outbox change), so it works offline and is sent at the next sync.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_date, format_number
from fieldapp.gui.labels import assignment_status_label
from fieldapp.gui.models.table import Column, FilterProxy, RecordTableModel
from fieldapp.gui.screens.base import Page, show_error, title_label
from fieldapp.gui.widgets import setup_table

__all__ = ["TaskAdminPage", "admin_task_columns"]


def admin_task_columns() -> list[Column[Any]]:
    """Columns of the task overview (core ``TaskView`` rows)."""
    return [
        Column(lambda: QCoreApplication.translate("TaskAdminPage", "Task"), lambda t: t.title),
        Column(
            lambda: QCoreApplication.translate("TaskAdminPage", "Due"),
            lambda t: format_date(t.due),
            sort_key=lambda t: t.due.isoformat() if t.due else "9999",
        ),
        Column(
            lambda: QCoreApplication.translate("TaskAdminPage", "Assigned to"),
            lambda t: format_number(len(t.assignments)),
            sort_key=lambda t: len(t.assignments),
        ),
        Column(
            lambda: QCoreApplication.translate("TaskAdminPage", "Progress"),
            lambda t: assignment_status_label(t.status),
        ),
    ]


class TaskAdminPage(Page):
    """A form to create a task, beside every task on this laptop."""

    key = "task_admin"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Tasks"), self))
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)

        form_box = QWidget(splitter)
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(0, 0, 8, 0)
        form = QFormLayout()
        self.task_title = QLineEdit(form_box)
        self.task_title.setObjectName("newTaskTitle")
        form.addRow(self.tr("&Title:"), self.task_title)
        self.description = QPlainTextEdit(form_box)
        self.description.setObjectName("newTaskDescription")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(120)
        form.addRow(self.tr("&What to do:"), self.description)
        due_row = QHBoxLayout()
        self.has_due = QCheckBox(self.tr("&Due by"), form_box)
        self.due = QDateEdit(form_box)
        self.due.setObjectName("newTaskDue")
        self.due.setCalendarPopup(True)
        self.due.setDate(QDate.currentDate().addDays(7))
        self.due.setEnabled(False)
        self.due.setAccessibleName(self.tr("Due date"))
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form.addRow(self.tr("Due date:"), due_row)
        form_layout.addLayout(form)

        self.for_cohort = QRadioButton(self.tr("A whole &cohort:"), form_box)
        self.for_interns = QRadioButton(self.tr("Chosen &interns:"), form_box)
        self.target = QButtonGroup(self)
        self.target.addButton(self.for_cohort)
        self.target.addButton(self.for_interns)
        self.for_cohort.setChecked(True)
        self.cohort = QComboBox(form_box)
        self.cohort.setObjectName("newTaskCohort")
        self.cohort.setAccessibleName(self.tr("Cohort"))
        self.interns = QStandardItemModel(self)
        self.intern_view = QListView(form_box)
        self.intern_view.setObjectName("newTaskInterns")
        self.intern_view.setAccessibleName(self.tr("Interns"))
        self.intern_view.setModel(self.interns)
        self.intern_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.for_cohort.toggled.connect(self._target_changed)
        form_layout.addWidget(self.for_cohort)
        form_layout.addWidget(self.cohort)
        form_layout.addWidget(self.for_interns)
        form_layout.addWidget(self.intern_view, 1)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(self.tr("C&reate task"), form_box)
        self.create_button.setObjectName("createTask")
        self.create_button.setProperty("primary", True)
        self.create_button.clicked.connect(self.create_task)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        form_layout.addLayout(buttons)
        self.message = QLabel(form_box)
        self.message.setObjectName("taskAdminMessage")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        form_layout.addWidget(self.message)

        self.model: RecordTableModel[Any] = RecordTableModel(admin_task_columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(splitter)
        self.view.setObjectName("allTasks")
        self.view.setAccessibleName(self.tr("All tasks"))
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(form_box)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._target_changed()

    def title(self) -> str:
        return self.tr("Tasks")

    def _target_changed(self) -> None:
        whole = self.for_cohort.isChecked()
        self.cohort.setEnabled(whole)
        self.intern_view.setEnabled(not whole)

    def refresh(self) -> None:
        core = self.ctx.core
        current = self.cohort.currentData()
        self.cohort.clear()
        for cohort_id, name in core.cohorts():
            self.cohort.addItem(name, cohort_id)
        if current is not None:
            self.cohort.setCurrentIndex(max(self.cohort.findData(current), 0))
        checked = self.chosen_interns()
        self.interns.clear()
        for user in core.people("intern"):
            item = QStandardItem(user.display_name or user.username)
            item.setData(user.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if user.id in checked else Qt.CheckState.Unchecked)
            self.interns.appendRow(item)
        self.model.set_rows(core.tasks.list())

    def chosen_interns(self) -> list[str]:
        """Ids of the ticked interns."""
        return [
            self.interns.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.interns.rowCount())
            if self.interns.item(row).checkState() == Qt.CheckState.Checked
        ]

    def create_task(self) -> None:
        """Create the task through the core (works offline; sent at the next sync)."""
        due: date | None = None
        if self.has_due.isChecked():
            qdate = self.due.date()
            due = date(qdate.year(), qdate.month(), qdate.day())
        whole = self.for_cohort.isChecked()
        try:
            self.ctx.core.tasks.create(
                self.task_title.text(),
                self.description.toPlainText(),
                due,
                intern_ids=None if whole else self.chosen_interns(),
                cohort_id=self.cohort.currentData() if whole else None,
            )
        except Exception as exc:
            show_error(self, str(exc))
            return
        self.message.setText(
            arg(
                self.tr("Task “%1” created. It will be sent at the next sync."),
                self.task_title.text().strip(),
            )
        )
        self.task_title.clear()
        self.description.clear()
        self.ctx.local_change()
