"""The dialog for conflicts (someone changed the same thing first) and changes the server refused."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.gui.context import GuiContext
from fieldapp.gui.i18n import arg, format_datetime
from fieldapp.gui.labels import field_label, mutation_kind_label
from fieldapp.gui.models.table import Column, RecordTableModel
from fieldapp.gui.screens.base import show_error
from fieldapp.gui.widgets import setup_table

__all__ = ["ConflictsDialog", "conflict_columns", "rejected_columns"]


def _value(value: Any) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def conflict_columns() -> list[Column[Any]]:
    """Columns of the conflicts table."""
    return [
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "What"),
            lambda c: mutation_kind_label(c.kind),
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "Field"), lambda c: field_label(c.field)
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "Your change"),
            lambda c: _value(c.client_value),
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "On the server"),
            lambda c: _value(c.server_value),
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "Changed by"),
            lambda c: c.server_author or "",
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "When"),
            lambda c: format_datetime(c.server_changed_at),
            sort_key=lambda c: c.server_changed_at or "",
        ),
    ]


def rejected_columns() -> list[Column[Any]]:
    """Columns of the refused-changes table."""
    return [
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "What"),
            lambda r: mutation_kind_label(r.kind),
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "Made on"),
            lambda r: format_datetime(r.created_at),
            sort_key=lambda r: r.created_at or "",
        ),
        Column(
            lambda: QCoreApplication.translate("ConflictsDialog", "Why it was refused"),
            lambda r: r.reason or r.code or "",
        ),
    ]


def _table(parent: QWidget, model: RecordTableModel[Any], name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    setup_table(view)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    return view


class ConflictsDialog(QDialog):
    """Lists open conflicts (keep mine / keep the server's) and refused changes (seen: dismiss)."""

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Conflicts and refused changes"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        conflicts_tab = QWidget(self.tabs)
        conflicts_layout = QVBoxLayout(conflicts_tab)
        explain = QLabel(
            self.tr(
                "Someone else changed these on the server before your change arrived. The server's "
                "version is in use now. Choose which one to keep."
            ),
            conflicts_tab,
        )
        explain.setWordWrap(True)
        conflicts_layout.addWidget(explain)
        self.conflict_model: RecordTableModel[Any] = RecordTableModel(conflict_columns(), self)
        self.conflict_view = _table(conflicts_tab, self.conflict_model, self.tr("Conflicts"))
        conflicts_layout.addWidget(self.conflict_view, 1)
        row = QHBoxLayout()
        self.keep_server = QPushButton(self.tr("Keep the &server's version"), conflicts_tab)
        self.keep_server.clicked.connect(lambda: self._resolve("server"))
        self.keep_mine = QPushButton(self.tr("Keep &mine (send it again)"), conflicts_tab)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        row.addWidget(self.keep_server)
        row.addWidget(self.keep_mine)
        row.addStretch(1)
        conflicts_layout.addLayout(row)
        self.tabs.addTab(conflicts_tab, self.tr("Conflicts"))

        rejected_tab = QWidget(self.tabs)
        rejected_layout = QVBoxLayout(rejected_tab)
        explain2 = QLabel(
            self.tr("The server did not accept these changes. They will not be sent again."), rejected_tab
        )
        explain2.setWordWrap(True)
        rejected_layout.addWidget(explain2)
        self.rejected_model: RecordTableModel[Any] = RecordTableModel(rejected_columns(), self)
        self.rejected_view = _table(rejected_tab, self.rejected_model, self.tr("Refused changes"))
        rejected_layout.addWidget(self.rejected_view, 1)
        row2 = QHBoxLayout()
        self.dismiss = QPushButton(self.tr("I have seen this, &remove it"), rejected_tab)
        self.dismiss.clicked.connect(self._dismiss)
        row2.addWidget(self.dismiss)
        row2.addStretch(1)
        rejected_layout.addLayout(row2)
        self.tabs.addTab(rejected_tab, self.tr("Refused changes"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 460)
        self.reload()

    def reload(self) -> None:
        """Read conflicts and refusals from the sync store."""
        store = self.ctx.core.sync_store
        self.conflict_model.set_rows(store.conflicts())
        self.rejected_model.set_rows(store.rejected())
        self.tabs.setTabText(0, arg(self.tr("Conflicts (%1)"), self.conflict_model.rowCount()))
        self.tabs.setTabText(1, arg(self.tr("Refused changes (%1)"), self.rejected_model.rowCount()))
        if not self.conflict_model.rowCount() and self.rejected_model.rowCount():
            self.tabs.setCurrentIndex(1)

    def _selected(self, view: QTableView, model: RecordTableModel[Any]) -> Any:
        rows = view.selectionModel().selectedRows()
        if rows:
            return model.item(rows[0].row())
        if model.rowCount() == 1:
            return model.item(0)
        return None

    def _resolve(self, keep: str) -> None:
        conflict = self._selected(self.conflict_view, self.conflict_model)
        if conflict is None:
            return
        try:
            self.ctx.core.sync_store.resolve_conflict(conflict.id, keep)
        except Exception as exc:
            show_error(self, str(exc))
        self.reload()
        self.ctx.local_change()

    def _dismiss(self) -> None:
        refused = self._selected(self.rejected_view, self.rejected_model)
        if refused is None:
            return
        try:
            self.ctx.core.sync_store.dismiss_rejected(refused.id)
        except Exception as exc:
            show_error(self, str(exc))
        self.reload()
        self.ctx.events.changed.emit()
