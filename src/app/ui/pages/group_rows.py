"""Group title rows ("I  PHÁT TRIỂN HẠ TẦNG") shared by the Nhiệm vụ and Chỉ tiêu tables.

A table model lists its rows in plan order and, while it is in plan order, a
bold title row before each group's first row (empty groups included, so that
they can be renamed, moved or deleted). Every row answers :data:`GROUP_ID_ROLE`
with its group's id; a title row answers ``None`` to ``UserRole``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableView

from app.services.group_edit import GroupInfo

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The group's id, on group title rows and on the rows of its members."""
GROUP_FONT = QFont()
GROUP_FONT.setBold(True)
GROUP_BACKGROUND = QBrush(QColor("#e8eef7"))

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GroupLine:
    label: str
    title: str
    order: int
    group_id: int | None = None
    size: int = 0
    """How many tasks or indicators the group has (0: it may be deleted)."""

    @property
    def name(self) -> str:
        return " ".join(x for x in (self.label, self.title) if x)


def group_lines(groups: Sequence[GroupInfo]) -> tuple[list[GroupLine], dict[int, GroupLine]]:
    """The title rows of the plan's groups, and each member id's group."""
    lines = [GroupLine(g.label, g.title, i, g.id, len(g.member_ids)) for i, g in enumerate(groups)]
    by_member = {m: line for g, line in zip(groups, lines, strict=True) for m in g.member_ids}
    return lines, by_member


def with_groups(
    rows: Sequence[T], groups: Sequence[GroupLine], group_order: Callable[[T], int]
) -> list[T | GroupLine]:
    """*rows* (sorted by group) with each group's title row before its first row;
    empty groups stand at their place in the group order."""
    out: list[T | GroupLine] = []
    pending = list(groups)
    for row in rows:
        while pending and pending[0].order <= group_order(row):
            out.append(pending.pop(0))
        out.append(row)
    out.extend(pending)
    return out


def group_cell(group: GroupLine, column: int, role: int, *, title_column: int) -> Any:
    """What a title row shows: the label before *title_column*, the title in it."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        if column == title_column:
            return group.title
        return group.label if column == title_column - 1 else None
    if role == GROUP_ID_ROLE:
        return group.group_id
    if role == Qt.ItemDataRole.FontRole:
        return GROUP_FONT
    if role == Qt.ItemDataRole.BackgroundRole:
        return GROUP_BACKGROUND
    return None


def span_titles(table: QTableView, rows: Sequence[int], *, title_column: int) -> None:
    """Let each title row's title run across the columns after it (*rows*: proxy rows)."""
    table.clearSpans()
    columns = table.model().columnCount()
    for row in rows:
        table.setSpan(row, title_column, 1, columns - title_column)
