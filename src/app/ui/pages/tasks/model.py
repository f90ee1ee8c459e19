"""Nhiệm vụ table: cached TaskRow DTOs plus group title rows, sorted in Vietnamese order.

:func:`prepare` runs off the UI thread (inside the load op) and computes the
search text and lead units of every row once; the model then only looks
values up. Sort keys are computed the first time a column is sorted and
cached until the next load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.services.group_edit import GroupInfo
from app.services.plans import TaskRow
from app.services.progress_view import DONE
from app.ui.pages.group_rows import GROUP_ID_ROLE, GroupLine, group_cell, group_lines, with_groups
from app.ui.widgets import Index, number_key, show_date, text_key
from app.vntext import fold, split_units, unit_key

SOON_DAYS = 30
KIND_LABELS = {
    "once": "Một lần",
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "yearly": "Hằng năm",
    "continuous": "Thường xuyên",
    "conditional": "Khi có điều kiện",
    "done": "Đã hoàn thành",
    "unknown": "Chưa đọc được thời hạn",
}


@dataclass(frozen=True, slots=True)
class TaskLine:
    row: TaskRow
    order: int
    group_order: int
    haystack: str
    lead_keys: frozenset[str]
    due: date | None
    group_id: int | None = None

    @property
    def finished(self) -> bool:
        return self.row.status == DONE or self.row.deadline_kind == "done"

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today and not self.finished

    def due_soon(self, today: date) -> bool:
        return (
            self.due is not None
            and today <= self.due <= today + timedelta(days=SOON_DAYS)
            and not self.finished
        )


@dataclass(frozen=True, slots=True)
class TaskData:
    lines: list[TaskLine]
    groups: list[GroupLine]
    units: list[tuple[str, str]]
    """(unit key, name as first written) of every lead unit, in Vietnamese order."""


def prepare(rows: list[TaskRow], group_list: list[GroupInfo] | None = None) -> TaskData:
    """Search text, lead units and groups of every row (pure Python, any thread).

    With *group_list* (the plan's groups from the database) every group is shown,
    empty ones included, and each line knows its group's id; without it the
    groups are read off the rows.
    """
    plan_groups, by_task = group_lines(group_list or ())
    groups: dict[str, GroupLine] = {}
    units: dict[str, str] = {}
    split_cache: dict[str, frozenset[str]] = {}
    lines = []
    for order, r in enumerate(rows):
        group = by_task.get(r.id)
        if group is None and r.group is not None and group_list is None:
            group = groups.get(r.group)
            if group is None:
                group = groups[r.group] = GroupLine(r.group, r.group_title or "", len(groups))
        keys = split_cache.get(r.lead)
        if keys is None:
            names = split_units(r.lead)
            keys = frozenset(unit_key(n) for n in names)
            for n in names:
                units.setdefault(unit_key(n), n)
            split_cache[r.lead] = keys
        text = " ".join((r.number, r.name, r.lead, r.cooperating, r.result, r.deadline))
        lines.append(
            TaskLine(
                row=r,
                order=order,
                group_order=group.order if group is not None else -1,
                haystack=fold(f"{text} {r.group_title or ''}"),
                lead_keys=keys,
                due=date.fromisoformat(r.due) if r.due else None,
                group_id=group.group_id if group is not None else None,
            )
        )
    unit_list = sorted(units.items(), key=lambda kv: text_key(kv[1]))
    all_groups = plan_groups if group_list is not None else list(groups.values())
    return TaskData(lines, all_groups, unit_list)


COLUMNS: tuple[str, ...] = (
    "TT",
    "Nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Kết quả/sản phẩm",
    "Thời hạn",
    "Hạn",
    "Trạng thái",
)
COL_NUMBER, COL_NAME, COL_DUE = 0, 1, 6
EDIT_FIELDS = {1: "name", 2: "lead", 3: "cooperating", 4: "result", 5: "deadline"}
"""Columns edited in place (F2 or typing), by the TaskInput field each one changes."""
__all__ = ["GROUP_ID_ROLE", "GroupLine", "TaskData", "TaskLine", "TasksModel", "prepare"]
_OVERDUE = QBrush(QColor("#b00020"))
_SOON = QBrush(QColor("#9a5b00"))


def _key_function(column: int) -> Callable[[TaskLine], Any]:
    if column == COL_NUMBER:
        return lambda ln: (ln.group_order, number_key(ln.row.number), ln.order)
    if column == COL_DUE:
        return lambda ln: (ln.due is None, ln.due or date.min, ln.order)
    getter = _TEXT_GETTERS[column]
    return lambda ln: (text_key(getter(ln.row)), ln.order)


_TEXT_GETTERS: dict[int, Callable[[TaskRow], str]] = {
    1: lambda r: r.name,
    2: lambda r: r.lead,
    3: lambda r: r.cooperating,
    4: lambda r: r.result,
    5: lambda r: r.deadline,
    7: lambda r: r.status,
}


class TasksModel(QAbstractTableModel):
    """Entries are TaskLine and, in plan order, GroupLine title rows.

    An edit in place is not written here: :attr:`cell_edited` (task id, field,
    text) lets the screen run it as an undoable command.
    """

    cell_edited = Signal(int, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.data_set = TaskData([], [], [])
        self.entries: list[TaskLine | GroupLine] = []
        self.group_rows: list[int] = []
        self.today = date.today()
        self._keys: dict[int, list[Any]] = {}
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -------------------------------------------------------------- content

    def set_data(self, data: TaskData, *, today: date | None = None) -> None:
        self.data_set = data
        self.today = today or date.today()
        self._keys = {}
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        lines = self.data_set.lines
        column, descending = self.sort_column, self.sort_order == Qt.SortOrder.DescendingOrder
        if column >= 0:
            keys = self._keys.get(column)
            if keys is None:
                keys = self._keys[column] = [_key_function(column)(ln) for ln in lines]
            order = sorted(range(len(lines)), key=keys.__getitem__, reverse=descending)
            lines = [lines[i] for i in order]
        if column <= COL_NUMBER and not descending:
            self.entries = with_groups(lines, self.data_set.groups, lambda ln: ln.group_order)
        else:
            self.entries = list(lines)
        self.group_rows = [i for i, e in enumerate(self.entries) if isinstance(e, GroupLine)]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self._rebuild()

    def line_at(self, row: int) -> TaskLine | None:
        entry = self.entries[row]
        return entry if isinstance(entry, TaskLine) else None

    # -------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDIT_FIELDS and isinstance(self.entries[index.row()], TaskLine):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        line = self.line_at(index.row()) if index.isValid() else None
        field = EDIT_FIELDS.get(index.column())
        if role != Qt.ItemDataRole.EditRole or line is None or field is None:
            return False
        text = "" if value is None else str(value)
        if text != _TEXT_GETTERS[index.column()](line.row):
            self.cell_edited.emit(line.row.id, field, text)
        return True

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if isinstance(entry, GroupLine):
            return group_cell(entry, index.column(), role, title_column=COL_NAME)
        return self._task_data(entry, index.column(), role)

    def _task_data(self, line: TaskLine, column: int, role: int) -> Any:
        r = line.row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_DUE:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return KIND_LABELS.get(r.deadline_kind, "")
                return show_date(line.due)
            if column == COL_NUMBER:
                return r.number
            return _TEXT_GETTERS[column](r)
        if role == Qt.ItemDataRole.EditRole and column in EDIT_FIELDS:
            return _TEXT_GETTERS[column](r)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == GROUP_ID_ROLE:
            return line.group_id
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_DUE, 7):
            if line.overdue(self.today):
                return _OVERDUE
            if line.due_soon(self.today):
                return _SOON
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_DUE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
