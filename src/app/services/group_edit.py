"""Adding, renaming, deleting and reordering the groups of a plan by hand.

One set of functions serves both kinds of group: the task groups (I, II, III …
of Phụ lục nhiệm vụ, :data:`TASKS`) and the indicator groups (:data:`INDICATORS`);
each function takes the kind as the keyword ``kind``.

Each change can be undone: :func:`add_group` is undone by :func:`delete_group`,
:func:`rename_group` by renaming back, :func:`move_group` by moving back, and
:func:`delete_group` (allowed only for a group without members) returns a
:class:`DeletedGroup` that :func:`restore_group` puts back at the same position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup
from app.services import Changes
from app.services.ordering import in_plan_order
from app.vntext import clean_cell

LABEL_MAX = 20
_NO_PLAN = "Kế hoạch này không còn trong dữ liệu; danh sách sẽ được làm mới."

GroupRow = TaskGroup | IndicatorGroup
MemberRow = Task | Indicator


@dataclass(frozen=True, slots=True)
class GroupKind:
    """Which groups a call works on: their table, their members' table, the words."""

    name: str
    group_model: type[TaskGroup] | type[IndicatorGroup]
    member_model: type[Task] | type[Indicator]
    noun: str
    """What the members are called: "nhiệm vụ", "chỉ tiêu"."""
    changes: Changes

    @property
    def gone(self) -> str:
        return f"Nhóm {self.noun} này không còn trong kế hoạch; danh sách sẽ được làm mới."

    @property
    def not_empty(self) -> str:
        return (
            f"Nhóm này vẫn còn {self.noun}; hãy chuyển các {self.noun} sang nhóm khác "
            f"hoặc xoá chúng trước khi xoá nhóm."
        )


TASKS = GroupKind("tasks", TaskGroup, Task, "nhiệm vụ", Changes(tasks=True))
INDICATORS = GroupKind(
    "indicators", IndicatorGroup, Indicator, "chỉ tiêu", Changes(indicators=True)
)
GROUP_CHANGES = TASKS.changes
NOT_EMPTY = TASKS.not_empty


@dataclass(frozen=True, slots=True)
class GroupInput:
    label: str
    title: str


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: int
    label: str
    title: str
    position: int
    member_ids: tuple[int, ...]
    """The group's tasks or indicators in plan order."""


@dataclass(frozen=True, slots=True)
class DeletedGroup:
    """What :func:`restore_group` needs to re-create a deleted (empty) group."""

    id: int
    plan_id: int
    position: int
    label: str
    title: str
    kind: GroupKind = TASKS


def check_group_input(data: GroupInput, *, kind: GroupKind = TASKS) -> GroupInput:
    """The cleaned input, or ValidationError with the field to fix."""
    cleaned = GroupInput(label=clean_cell(data.label), title=clean_cell(data.title))
    if not cleaned.title:
        raise ValidationError(f"Hãy nhập tên nhóm {kind.noun}.", field="title")
    if len(cleaned.label) > LABEL_MAX:
        raise ValidationError(
            f"Số hiệu nhóm chỉ được dài tối đa {LABEL_MAX} ký tự (ví dụ: III).", field="label"
        )
    return cleaned


def list_groups(db: Database, plan_id: int, *, kind: GroupKind = TASKS) -> list[GroupInfo]:
    """Every group of the plan in order, empty ones included."""
    member = kind.member_model
    with db.read() as s:
        groups = cast(list[GroupRow], in_plan_order(s, kind.group_model, plan_id, renumber=False))
        members: dict[int, list[int]] = {}
        rows = s.execute(
            select(member.id, member.group_id)
            .where(member.plan_id == plan_id, member.group_id.is_not(None))
            .order_by(member.position, member.id)
        )
        for member_id, group_id in rows:
            if group_id is not None:
                members.setdefault(group_id, []).append(member_id)
        return [
            GroupInfo(g.id, g.label, g.title, g.position, tuple(members.get(g.id, ())))
            for g in groups
        ]


def _plan_groups(s: Session, plan_id: int, kind: GroupKind) -> list[GroupRow]:
    """The plan's groups in order, positions renumbered 0, 1, 2 … (flushed, not committed)."""
    return cast(list[GroupRow], in_plan_order(s, kind.group_model, plan_id))


def _group(s: Session, group_id: int, kind: GroupKind) -> GroupRow:
    group = cast(GroupRow | None, s.get(kind.group_model, group_id))
    if group is None:
        raise NotFoundError(kind.gone)
    return group


def _insert(s: Session, group: GroupRow, index: int, kind: GroupKind) -> None:
    groups = _plan_groups(s, group.plan_id, kind)
    index = max(0, min(index, len(groups)))
    for g in groups[index:]:
        g.position += 1
    group.position = index
    s.add(group)
    s.flush()


def add_group(
    db: Database,
    plan_id: int,
    *,
    after_group_id: int | None,
    data: GroupInput,
    kind: GroupKind = TASKS,
) -> int:
    """Insert a new (empty) group after *after_group_id*, or at the end of the plan
    without one. Returns the new group's id."""
    cleaned = check_group_input(data, kind=kind)
    with db.begin() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(_NO_PLAN)
        groups = _plan_groups(s, plan_id, kind)
        index = len(groups)
        if after_group_id is not None:
            after = next((g for g in groups if g.id == after_group_id), None)
            if after is None:
                raise NotFoundError(kind.gone)
            index = groups.index(after) + 1
        group = kind.group_model(plan_id=plan_id, label=cleaned.label, title=cleaned.title)
        _insert(s, group, index, kind)
        return group.id


def rename_group(
    db: Database, group_id: int, data: GroupInput, *, kind: GroupKind = TASKS
) -> GroupInput:
    """Change the label and title of a group; returns the previous ones (for undo)."""
    cleaned = check_group_input(data, kind=kind)
    with db.begin() as s:
        group = _group(s, group_id, kind)
        before = GroupInput(label=group.label, title=group.title)
        group.label, group.title = cleaned.label, cleaned.title
        return before


def delete_group(db: Database, group_id: int, *, kind: GroupKind = TASKS) -> DeletedGroup:
    """Delete a group that has no members; returns what :func:`restore_group` needs."""
    member = kind.member_model
    with db.begin() as s:
        group = _group(s, group_id, kind)
        count = s.scalar(
            select(func.count()).select_from(member).where(member.group_id == group_id)
        )
        if count:
            raise ValidationError(kind.not_empty)
        groups = _plan_groups(s, group.plan_id, kind)
        deleted = DeletedGroup(
            id=group.id,
            plan_id=group.plan_id,
            position=groups.index(group),
            label=group.label,
            title=group.title,
            kind=kind,
        )
        s.delete(group)
        for i, g in enumerate(x for x in groups if x is not group):
            g.position = i
        return deleted


def restore_group(db: Database, deleted: DeletedGroup) -> int:
    """Re-create a deleted group at its old position (its old id when still free)."""
    kind = deleted.kind
    with db.begin() as s:
        if s.get(Plan, deleted.plan_id) is None:
            raise NotFoundError("Không khôi phục được nhóm vì kế hoạch chứa nhóm đã bị xoá.")
        group = kind.group_model(plan_id=deleted.plan_id, label=deleted.label, title=deleted.title)
        if s.get(kind.group_model, deleted.id) is None:
            group.id = deleted.id
        _insert(s, group, deleted.position, kind)
        return group.id


def move_group(db: Database, group_id: int, delta: int, *, kind: GroupKind = TASKS) -> int:
    """Move a group *delta* places (−1 up, +1 down) among the plan's groups; returns
    its new index. Moving back by −*delta* undoes it.

    The members follow their group: the rows the moved groups' members held in
    plan order are handed out again group by group in the new order (each
    group's members keep their order; ungrouped rows and other groups stay), so
    the screens, the printed plan and the exported workbook show the new order.
    """
    with db.begin() as s:
        group = _group(s, group_id, kind)
        groups = _plan_groups(s, group.plan_id, kind)
        index = groups.index(group)
        target = index + delta
        if delta == 0 or not 0 <= target < len(groups):
            edge = "đầu" if delta < 0 else "cuối"
            raise ValidationError(f"Nhóm đã ở {edge} danh sách.")
        lo, hi = min(index, target), max(index, target)
        groups.insert(target, groups.pop(index))
        for i, g in enumerate(groups):
            g.position = i
        _regroup_members(s, group.plan_id, [g.id for g in groups[lo : hi + 1]], kind)
        return target


def _regroup_members(s: Session, plan_id: int, group_ids: list[int], kind: GroupKind) -> None:
    """Renumber the plan's members 0, 1, 2 … in plan order, then give the members of
    *group_ids* the positions they hold between them in the order of *group_ids*
    (each group's members keep their order)."""
    rows = cast(list[MemberRow], in_plan_order(s, kind.member_model, plan_id))
    rank = {gid: k for k, gid in enumerate(group_ids)}
    moved = [m for m in rows if m.group_id in rank]
    slots = [m.position for m in moved]
    moved.sort(key=lambda m: rank[m.group_id or 0])  # stable: keeps each group's order
    for m, slot in zip(moved, slots, strict=True):
        m.position = slot
