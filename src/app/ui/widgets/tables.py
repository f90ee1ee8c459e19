"""Table plumbing the list screens share: a read-only model of row DTOs, a proxy that
filters with one predicate, and selecting one row regardless of held keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.vntext import sort_key

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowFilterProxy(QSortFilterProxyModel):
    """Filters source rows with one predicate; sorting is left to the source model.

    The source model sorts its own cached rows with precomputed keys (much
    faster than ``lessThan`` on 20,000 rows), so :meth:`sort` delegates to it.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._accept: Callable[[int], bool] | None = None

    def set_predicate(self, accept: Callable[[int], bool] | None) -> None:
        """*accept(source_row)*; None shows every row."""
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.10
            self.beginFilterChange()
            self._accept = accept
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._accept = accept
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._accept is None or self._accept(source_row)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def busy_cursor(fn: Callable[[], None]) -> None:
    """Run *fn* on the UI thread with a wait cursor (sorting a long list)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        fn()
    finally:
        QApplication.restoreOverrideCursor()


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of row DTOs; subclasses say what each cell shows."""

    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        return self.extra(row, index.column(), role)

    def display(self, row: R, column: int) -> str:
        raise NotImplementedError

    def tooltip(self, row: R, column: int) -> str | None:
        text = self.display(row, column)
        return text if len(text) > 40 else None

    def extra(self, row: R, column: int, role: int) -> Any:
        return None

    def sort_value(self, row: R, column: int) -> Any:
        return sort_key(self.display(row, column))

    def search_text(self, row: R) -> str:
        return " ".join(self.display(row, c) for c in range(len(self.HEADERS)))


def select_only_row(table: QAbstractItemView, row: int) -> None:
    """Make *row* the one selected and current row of *table* and show it.

    Unlike ``QTableView.selectRow`` this does not depend on the keyboard
    modifiers held at the time (with Ctrl, selectRow toggles the row)."""
    index = table.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(index)
