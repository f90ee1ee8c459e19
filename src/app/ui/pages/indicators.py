"""Chỉ tiêu screen: the indicators of the current plan with a target column per milestone year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Changes
from app.services.plans import IndicatorRow, list_indicators
from app.ui.context import AppContext
from app.ui.widgets import (
    Index,
    PlanPicker,
    RowFilterProxy,
    SearchBox,
    busy_cursor,
    number_key,
    run_busy,
    show_number,
    text_key,
)
from app.vntext import fold


@dataclass(frozen=True, slots=True)
class IndicatorData:
    rows: list[IndicatorRow]
    years: list[str]
    haystacks: list[str]


def prepare(rows: list[IndicatorRow]) -> IndicatorData:
    years = sorted({y for r in rows for y in r.targets})
    haystacks = [
        fold(" ".join((r.group or "", r.code, r.name, r.unit, r.lead, r.cooperating))) for r in rows
    ]
    return IndicatorData(rows, years, haystacks)


class IndicatorsModel(QAbstractTableModel):
    """Columns: Nhóm, Mã, Chỉ tiêu, Đơn vị tính, Mục tiêu <year>…, Chủ trì, Phối hợp."""

    FIXED = ("Nhóm", "Mã", "Chỉ tiêu", "Đơn vị tính")
    TAIL = ("Chủ trì", "Phối hợp")

    def __init__(self) -> None:
        super().__init__()
        self.data_set = IndicatorData([], [], [])
        self.order: list[int] = []
        self._keys: dict[int, list[Any]] = {}
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_data(self, data: IndicatorData) -> None:
        self.data_set = data
        self._keys = {}
        if self.sort_column >= self.columnCount():
            self.sort_column = -1
        self._rebuild()

    @property
    def headers(self) -> tuple[str, ...]:
        return self.FIXED + tuple(f"Mục tiêu {y}" for y in self.data_set.years) + self.TAIL

    def _cell(self, row: IndicatorRow, column: int) -> str:
        n_fixed, years = len(self.FIXED), self.data_set.years
        if column < n_fixed:
            return (row.group or "", row.code, row.name, row.unit)[column]
        if column < n_fixed + len(years):
            target = row.targets.get(years[column - n_fixed])
            return target.text if target else ""
        return (row.lead, row.cooperating)[column - n_fixed - len(years)]

    def _key(self, column: int) -> Callable[[int], Any]:
        rows, n_fixed, years = self.data_set.rows, len(self.FIXED), self.data_set.years
        if column in (0, 1):
            return lambda i: (number_key(self._cell(rows[i], column)), i)
        if n_fixed <= column < n_fixed + len(years):
            year = years[column - n_fixed]

            def target_key(i: int) -> Any:
                t = rows[i].targets.get(year)
                value = t.value if t is not None else None
                return (value is None, value or 0.0, text_key(t.text if t else ""), i)

            return target_key
        return lambda i: (text_key(self._cell(rows[i], column)), i)

    def _rebuild(self) -> None:
        self.beginResetModel()
        indexes = list(range(len(self.data_set.rows)))
        if self.sort_column >= 0:
            keys = self._keys.get(self.sort_column)
            if keys is None:
                keys = self._keys[self.sort_column] = [
                    self._key(self.sort_column)(i) for i in indexes
                ]
            descending = self.sort_order == Qt.SortOrder.DescendingOrder
            indexes.sort(key=keys.__getitem__, reverse=descending)
        self.order = indexes
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._rebuild()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.data_set.rows[self.order[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and self._is_target(column):
                return self._target_tip(row, column)
            return text
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and (column < 2 or self._is_target(column)):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _is_target(self, column: int) -> bool:
        return len(self.FIXED) <= column < len(self.FIXED) + len(self.data_set.years)

    def _target_tip(self, row: IndicatorRow, column: int) -> str:
        target = row.targets.get(self.data_set.years[column - len(self.FIXED)])
        if target is None or not target.text:
            return ""
        if target.op is None:
            return f"{target.text} (chỉ tiêu định tính)"
        return f"{target.text} — đọc là {target.op} {show_number(target.value)}"

    def source_index(self, row: int) -> int:
        return self.order[row]


class IndicatorsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = IndicatorsModel()
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.picker = PlanPicker(ctx)
        self.search = SearchBox("Tìm chỉ tiêu, đơn vị… (Ctrl+F)")
        self.search.install_shortcut(self)
        self.search.search.connect(lambda _t: self.apply_filter())
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.on_sort)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch:"))
        top.addWidget(self.picker, 1)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        self.empty = QLabel("Chưa có kế hoạch nào. Hãy nhập kế hoạch ở màn hình Kế hoạch (Ctrl+I).")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Chỉ tiêu</h2>"))
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        ctx.plan_selected.connect(lambda _pid: self.reload())
        ctx.changed.connect(self.on_changed)
        self.reload()

    def on_changed(self, changes: Changes) -> None:
        if changes.indicators or changes.plans:
            self.reload()

    def reload(self) -> None:
        plan_id = self.ctx.current_plan_id
        self.empty.setVisible(plan_id is None)
        self.table.setVisible(plan_id is not None)
        if plan_id is None:
            self._show(IndicatorData([], [], []))
            return
        db = self.ctx.db
        run_busy(self, lambda: prepare(list_indicators(db, plan_id)), self._show)

    def _show(self, data: IndicatorData) -> None:
        self.model.set_data(data)
        header = self.table.horizontalHeader()
        widths = [44, 44, 300, 90] + [90] * len(data.years) + [150, 130]
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(0, not any(r.group for r in data.rows))
        self.apply_filter()

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        if not words:
            self.proxy.set_predicate(None)
        else:
            model = self.model
            self.proxy.set_predicate(
                lambda r: all(w in model.data_set.haystacks[model.order[r]] for w in words)
            )
        total = len(self.model.data_set.rows)
        self.count_label.setText(f"{self.proxy.rowCount()}/{total} chỉ tiêu")

    def on_sort(self, column: int, order: Qt.SortOrder) -> None:
        busy_cursor(lambda: self.model.sort(column, order))
        self.apply_filter()
