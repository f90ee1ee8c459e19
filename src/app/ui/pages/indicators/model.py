"""Chỉ tiêu table: cached IndicatorRow DTOs with a target column per milestone year.

:func:`prepare` runs off the UI thread and computes the search text and lead
units of every row once. An edit in place is not written here:
:attr:`IndicatorsModel.cell_edited` (indicator id, field, text) lets the
screen run it as an undoable command. The field is an IndicatorInput field
name, or ``target:YYYY`` for a milestone year's target. In plan order (unsorted,
or sorted by Nhóm or Mã) each group's title row stands before its indicators.

The years of a plan are the years its indicators have targets for; a year the
officer adds ("Thêm năm mục tiêu…") is kept in :attr:`IndicatorsModel.extra_years`
and shown as an empty column until a target is entered in it (then it is in the
data like the others). Nothing about an empty column is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from app.services.group_edit import GroupInfo
from app.services.plans import IndicatorRow
from app.ui.pages.group_rows import GROUP_ID_ROLE, GroupLine, group_cell, group_lines, with_groups
from app.ui.widgets import Index, number_key, show_number, text_key
from app.vntext import fold, split_units, unit_key

TARGET_PREFIX = "target:"


@dataclass(frozen=True, slots=True)
class IndicatorData:
    rows: list[IndicatorRow]
    years: list[str]
    haystacks: list[str]
    lead_keys: list[frozenset[str]] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)
    """(unit key, name as first written) of every lead unit, in Vietnamese order."""
    groups: list[GroupLine] = field(default_factory=list)
    """The plan's groups, in plan order (empty ones included)."""
    row_groups: list[GroupLine | None] = field(default_factory=list)
    """The group of each row."""

    def group_order(self, i: int) -> int:
        group = self.row_groups[i] if i < len(self.row_groups) else None
        return group.order if group is not None else -1


def prepare(
    rows: list[IndicatorRow], group_list: Sequence[GroupInfo] | None = None
) -> IndicatorData:
    """Search text, lead units and groups of every row (pure Python, any thread).

    With *group_list* (the plan's groups from the database) every group is
    known, empty ones included; without it the groups are read off the rows."""
    years = sorted({y for r in rows for y in r.targets})
    haystacks = [
        fold(" ".join((r.group or "", r.code, r.name, r.unit, r.lead, r.cooperating))) for r in rows
    ]
    units: dict[str, str] = {}
    cache: dict[str, frozenset[str]] = {}
    lead_keys = []
    for r in rows:
        keys = cache.get(r.lead)
        if keys is None:
            names = split_units(r.lead)
            keys = cache[r.lead] = frozenset(unit_key(n) for n in names)
            for n in names:
                units.setdefault(unit_key(n), n)
        lead_keys.append(keys)
    if group_list is None:
        labels = dict.fromkeys(r.group for r in rows if r.group)
        groups = [GroupLine(g, "", k) for k, g in enumerate(labels)]
        by_label = {g.label: g for g in groups}
        row_groups = [by_label.get(r.group or "") for r in rows]
    else:
        groups, by_id = group_lines(group_list)
        row_groups = [by_id.get(r.id) for r in rows]
    unit_list = sorted(units.items(), key=lambda kv: text_key(kv[1]))
    return IndicatorData(rows, years, haystacks, lead_keys, unit_list, groups, row_groups)


class IndicatorsModel(QAbstractTableModel):
    """Columns: Nhóm, Mã, Chỉ tiêu, Đơn vị tính, Mục tiêu <year>…, Chủ trì, Phối hợp."""

    FIXED = ("Nhóm", "Mã", "Chỉ tiêu", "Đơn vị tính")
    TAIL = ("Chủ trì", "Phối hợp")
    cell_edited = Signal(int, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.data_set = IndicatorData([], [], [])
        self.extra_years: frozenset[str] = frozenset()
        """Years shown as a column though no indicator has a target for them yet."""
        self._loaded = self.data_set
        self.entries: list[int | GroupLine] = []
        """Each table row: an index into ``data_set.rows``, or a group title row."""
        self.group_rows: list[int] = []
        self._keys: dict[int, list[Any]] = {}
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_data(self, data: IndicatorData) -> None:
        sorted_by = self.headers[self.sort_column] if self.sort_column >= 0 else None
        self._loaded = data
        years = sorted(set(data.years) | self.extra_years)
        self.data_set = data if years == data.years else replace(data, years=years)
        self._keys = {}
        headers = self.headers
        self.sort_column = headers.index(sorted_by) if sorted_by in headers else -1
        self._rebuild()

    def set_extra_years(self, years: frozenset[str]) -> None:
        """Show a column for each of *years* even while no target is written for it."""
        if years != self.extra_years:
            self.extra_years = years
            self.set_data(self._loaded)

    def year_column(self, year: str) -> int:
        """The column of milestone *year* (-1: none)."""
        years = self.data_set.years
        return len(self.FIXED) + years.index(year) if year in years else -1

    def year_is_empty(self, year: str) -> bool:
        """No indicator has a target written for *year*."""
        return not any(year in r.targets for r in self.data_set.rows)

    @property
    def headers(self) -> tuple[str, ...]:
        return self.FIXED + tuple(f"Mục tiêu {y}" for y in self.data_set.years) + self.TAIL

    def edit_field(self, column: int) -> str | None:
        """The IndicatorInput field a column edits in place (None: not editable)."""
        n_fixed, years = len(self.FIXED), self.data_set.years
        if column in (2, 3):
            return ("name", "unit")[column - 2]
        if n_fixed <= column < n_fixed + len(years):
            return TARGET_PREFIX + years[column - n_fixed]
        if 0 <= column - n_fixed - len(years) < len(self.TAIL):
            return ("lead", "cooperating")[column - n_fixed - len(years)]
        return None

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
        group_order = self.data_set.group_order
        if column == 0:
            return lambda i: (group_order(i), i)
        if column == 1:
            return lambda i: (group_order(i), number_key(rows[i].code), i)
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
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        if self.sort_column >= 0:
            keys = self._keys.get(self.sort_column)
            if keys is None:
                keys = self._keys[self.sort_column] = [
                    self._key(self.sort_column)(i) for i in indexes
                ]
            indexes.sort(key=keys.__getitem__, reverse=descending)
        if self.sort_column <= 1 and not descending:
            self.entries = with_groups(indexes, self.data_set.groups, self.data_set.group_order)
        else:
            self.entries = list(indexes)
        self.group_rows = [k for k, e in enumerate(self.entries) if isinstance(e, GroupLine)]
        self.endResetModel()

    def row_index(self, row: int) -> int | None:
        """The index into ``data_set.rows`` of table row *row* (None: a group title row)."""
        entry = self.entries[row]
        return None if isinstance(entry, GroupLine) else entry

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._rebuild()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.row_index(index.row()) is not None and self.edit_field(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.edit_field(index.column()) if index.isValid() else None
        i = self.row_index(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or field is None or i is None:
            return False
        row = self.data_set.rows[i]
        text = "" if value is None else str(value)
        if text != self._cell(row, index.column()):
            self.cell_edited.emit(row.id, field, text)
        return True

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry, column = self.entries[index.row()], index.column()
        if isinstance(entry, GroupLine):
            return group_cell(entry, column, role, title_column=1)
        row = self.data_set.rows[entry]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and self._is_target(column):
                return self._target_tip(row, column)
            return text
        if role == Qt.ItemDataRole.EditRole and self.edit_field(column) is not None:
            return self._cell(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == GROUP_ID_ROLE:
            group = self.data_set.row_groups[entry] if self.data_set.row_groups else None
            return group.group_id if group is not None else None
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
