"""One table model for every list of records: the columns say how to show and sort a row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon

__all__ = ["ITEM_ROLE", "SORT_ROLE", "Column", "FilterProxy", "RecordTableModel"]

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
#: The row's record itself.
ITEM_ROLE = int(Qt.ItemDataRole.UserRole)
#: A plain str/number to sort by (dates sort as ISO text, missing values first).
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a record. ``title`` is called when drawn, so it follows the language."""

    title: Callable[[], str]
    text: Callable[[T], str]
    sort_key: Callable[[T], str | int | float] | None = None
    icon: Callable[[T], QIcon | None] | None = None
    # A background colour that carries meaning (overdue, changes requested); the text says it too.
    colour: Callable[[T], str | None] | None = None


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows of records of one type, read-only; ``set_rows`` replaces them all."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace the contents (a reset: views keep no stale indexes), kept in the current sort order."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows.sort(
                key=self._key(self._sort[0]), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder
            )
        self.endResetModel()

    def _key(self, column: int) -> Callable[[T], Any]:
        spec = self._columns[column]
        return spec.sort_key or spec.text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one key call per row: 10,000 rows sort in milliseconds, where a proxy
        comparing through ``data()`` would make ~150,000 calls into Python."""
        if not (0 <= column < len(self._columns)):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        self._rows.sort(key=self._key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = {id(record): row for row, record in enumerate(self._rows)}
        before = self.persistentIndexList()
        after = [
            self.index(new_row[id(old[i.row()])], i.column()) if 0 <= i.row() < len(old) else QModelIndex()
            for i in before
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def rows(self) -> list[T]:
        """The records, in model order."""
        return list(self._rows)

    def item(self, row: int) -> T:
        """The record at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(self._columns)):
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return column.text(record)
        if role == ITEM_ROLE:
            return record
        if role == SORT_ROLE:
            return column.sort_key(record) if column.sort_key else column.text(record)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(record)
        if role == Qt.ItemDataRole.BackgroundRole and column.colour is not None:
            colour = column.colour(record)
            return QBrush(QColor(colour)) if colour else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return self._columns[section].title()
            return None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class FilterProxy(QSortFilterProxyModel):
    """Text search over every column plus an optional predicate on the record (e.g. a status filter)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._predicate: Callable[[Any], bool] | None = None

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """Show only records for which ``predicate`` is true (None: all)."""
        self._predicate = predicate
        self.refilter()

    def refilter(self) -> None:
        """Re-run the filter after its inputs changed."""
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9: the non-deprecated way
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Let a ``RecordTableModel`` sort itself (fast); this proxy then only filters, in source order."""
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if self._predicate is not None:
            record = model.data(model.index(source_row, 0, source_parent), ITEM_ROLE)
            if record is not None and not self._predicate(record):
                return False
        return super().filterAcceptsRow(source_row, source_parent)
