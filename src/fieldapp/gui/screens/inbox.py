"""The mentor's review inbox: new / waiting on the intern / done, beside the chosen submission."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_datetime, format_number
from fieldapp.gui.labels import submission_status_label
from fieldapp.gui.models.table import ITEM_ROLE, Column, FilterProxy, RecordTableModel
from fieldapp.gui.screens.base import Page, title_label
from fieldapp.gui.screens.review_panel import ReviewPanel
from fieldapp.gui.widgets import setup_table

__all__ = ["InboxPage", "inbox_columns"]

#: Tab -> the submission statuses it lists.
_TABS = (("submitted",), ("changes_requested",), ("approved",))


def _sent(view: Any) -> str:
    if not view.revisions:
        return ""
    latest = view.revisions[-1]
    return str(latest.received_at or latest.submitted_at or "")


def inbox_columns() -> list[Column[Any]]:
    """Columns of the inbox (core ``SubmissionView`` rows)."""
    from PySide6.QtCore import QCoreApplication

    return [
        Column(lambda: QCoreApplication.translate("InboxPage", "Intern"), lambda s: s.author),
        Column(lambda: QCoreApplication.translate("InboxPage", "Task"), lambda s: s.task_title),
        Column(
            lambda: QCoreApplication.translate("InboxPage", "Version"),
            lambda s: format_number(s.revision),
            sort_key=lambda s: s.revision,
        ),
        Column(
            lambda: QCoreApplication.translate("InboxPage", "Status"),
            lambda s: submission_status_label(s.status),
        ),
        Column(
            lambda: QCoreApplication.translate("InboxPage", "Sent"),
            lambda s: format_datetime(_sent(s)),
            sort_key=_sent,
        ),
    ]


class InboxPage(Page):
    """Submissions to review, by state."""

    key = "inbox"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Reviews"), self))
        self.tabs = QTabBar(self)
        self.tabs.setObjectName("inboxTabs")
        self.tabs.setAccessibleName(self.tr("Which submissions to show"))
        for _ in _TABS:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(self._apply_filter)
        layout.addWidget(self.tabs)
        self.model: RecordTableModel[Any] = RecordTableModel(inbox_columns(), self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("inboxList")
        self.view.setAccessibleName(self.tr("Submissions"))
        self.view.setModel(self.proxy)
        setup_table(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.panel = ReviewPanel(ctx, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "hint")
        layout.addWidget(self.empty)
        self._apply_filter()

    def title(self) -> str:
        return self.tr("Reviews")

    def _apply_filter(self) -> None:
        statuses = _TABS[max(self.tabs.currentIndex(), 0)]
        self.proxy.set_predicate(lambda s: s.status.value in statuses)
        self._update_counts()

    def _update_counts(self) -> None:
        names = (self.tr("New (%1)"), self.tr("Waiting on the intern (%1)"), self.tr("Done (%1)"))
        rows = self.model.rows()
        for i, (name, statuses) in enumerate(zip(names, _TABS, strict=True)):
            count = sum(1 for s in rows if s.status.value in statuses)
            self.tabs.setTabText(i, arg(name, format_number(count)))
        self.empty.setText(self.tr("Nothing here.") if self.proxy.rowCount() == 0 else "")
        self.empty.setVisible(self.proxy.rowCount() == 0)

    def refresh(self) -> None:
        current = self.panel.submission.id if self.panel.submission is not None else None
        me = self.ctx.core.user
        rows = [s for s in self.ctx.core.submissions.list() if me is None or s.author_id != me.id]
        rows = [s for s in rows if s.status.value != "draft"]
        self.model.set_rows(rows)
        self._update_counts()
        if current is not None:
            self.select_submission(current)

    def select_submission(self, submission_id: str) -> bool:
        """Select a submission (switching tab if needed); False if it is not on this device."""
        for row in range(self.model.rowCount()):
            record = self.model.item(row)
            if record.id != submission_id:
                continue
            for tab, statuses in enumerate(_TABS):
                if record.status.value in statuses:
                    self.tabs.setCurrentIndex(tab)
            for proxy_row in range(self.proxy.rowCount()):
                if self.proxy.index(proxy_row, 0).data(ITEM_ROLE).id == submission_id:
                    self.view.selectRow(proxy_row)
            self.panel.show_submission(record)
            return True
        self.panel.show_submission(None)
        return False

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.panel.show_submission(QModelIndex(indexes[0]).data(ITEM_ROLE))
