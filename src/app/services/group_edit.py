"""Adding, renaming and deleting the task groups (I, II, III …) of a plan by hand.

Each change can be undone: :func:`add_group` is undone by :func:`delete_group`,
:func:`rename_group` by renaming back, and :func:`delete_group` (allowed only
for a group without tasks) returns a :class:`DeletedGroup` that
:func:`restore_group` puts back at the same position.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan, Task, TaskGroup
from app.services import Changes
from app.vntext import clean_cell

GROUP_CHANGES = Changes(tasks=True)
LABEL_MAX = 20
_GONE = "Nhóm nhiệm vụ này không còn trong kế hoạch; danh sách sẽ được làm mới."
NOT_EMPTY = (
    "Nhóm này vẫn còn nhiệm vụ; hãy chuyển các nhiệm vụ sang nhóm khác hoặc xoá chúng "
    "trước khi xoá nhóm."
)


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
    task_ids: tuple[int, ...]
    """The group's tasks in plan order."""


@dataclass(frozen=True, slots=True)
class DeletedGroup:
    """What :func:`restore_group` needs to re-create a deleted (empty) group."""

    id: int
    plan_id: int
    position: int
    label: str
    title: str


def check_group_input(data: GroupInput) -> GroupInput:
    """The cleaned input, or ValidationError with the field to fix."""
    cleaned = GroupInput(label=clean_cell(data.label), title=clean_cell(data.title))
    if not cleaned.title:
        raise ValidationError("Hãy nhập tên nhóm nhiệm vụ.", field="title")
    if len(cleaned.label) > LABEL_MAX:
        raise ValidationError(
            f"Số hiệu nhóm chỉ được dài tối đa {LABEL_MAX} ký tự (ví dụ: III).", field="label"
        )
    return cleaned


def list_groups(db: Database, plan_id: int) -> list[GroupInfo]:
    """Every task group of the plan in order, empty ones included."""
    with db.read() as s:
        groups = s.scalars(
            select(TaskGroup)
            .where(TaskGroup.plan_id == plan_id)
            .order_by(TaskGroup.position, TaskGroup.id)
        ).all()
        members: dict[int, list[int]] = {}
        rows = s.execute(
            select(Task.id, Task.group_id)
            .where(Task.plan_id == plan_id, Task.group_id.is_not(None))
            .order_by(Task.position, Task.id)
        )
        for task_id, group_id in rows:
            if group_id is not None:
                members.setdefault(group_id, []).append(task_id)
        return [
            GroupInfo(g.id, g.label, g.title, g.position, tuple(members.get(g.id, ())))
            for g in groups
        ]


def _plan_groups(s: Session, plan_id: int) -> list[TaskGroup]:
    """The plan's groups in order, positions renumbered 0, 1, 2 … (flushed, not committed)."""
    groups = list(
        s.scalars(
            select(TaskGroup)
            .where(TaskGroup.plan_id == plan_id)
            .order_by(TaskGroup.position, TaskGroup.id)
        )
    )
    for i, g in enumerate(groups):
        g.position = i
    return groups


def _insert(s: Session, plan_id: int, group: TaskGroup, index: int) -> None:
    groups = _plan_groups(s, plan_id)
    index = max(0, min(index, len(groups)))
    for g in groups[index:]:
        g.position += 1
    group.position = index
    s.add(group)
    s.flush()


def add_group(db: Database, plan_id: int, *, after_group_id: int | None, data: GroupInput) -> int:
    """Insert a new (empty) group after *after_group_id*, or at the end of the plan
    without one. Returns the new group's id."""
    cleaned = check_group_input(data)
    with db.begin() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; danh sách sẽ được làm mới.")
        groups = _plan_groups(s, plan_id)
        index = len(groups)
        if after_group_id is not None:
            after = next((g for g in groups if g.id == after_group_id), None)
            if after is None:
                raise NotFoundError(_GONE)
            index = groups.index(after) + 1
        group = TaskGroup(plan_id=plan_id, label=cleaned.label, title=cleaned.title)
        _insert(s, plan_id, group, index)
        return group.id


def rename_group(db: Database, group_id: int, data: GroupInput) -> GroupInput:
    """Change the label and title of a group; returns the previous ones (for undo)."""
    cleaned = check_group_input(data)
    with db.begin() as s:
        group = s.get(TaskGroup, group_id)
        if group is None:
            raise NotFoundError(_GONE)
        before = GroupInput(label=group.label, title=group.title)
        group.label, group.title = cleaned.label, cleaned.title
        return before


def delete_group(db: Database, group_id: int) -> DeletedGroup:
    """Delete a group that has no tasks; returns what :func:`restore_group` needs."""
    with db.begin() as s:
        group = s.get(TaskGroup, group_id)
        if group is None:
            raise NotFoundError(_GONE)
        count = s.scalar(select(func.count()).select_from(Task).where(Task.group_id == group_id))
        if count:
            raise ValidationError(NOT_EMPTY)
        groups = _plan_groups(s, group.plan_id)
        deleted = DeletedGroup(
            id=group.id,
            plan_id=group.plan_id,
            position=groups.index(group),
            label=group.label,
            title=group.title,
        )
        s.delete(group)
        for i, g in enumerate(x for x in groups if x is not group):
            g.position = i
        return deleted


def restore_group(db: Database, deleted: DeletedGroup) -> int:
    """Re-create a deleted group at its old position (its old id when still free)."""
    with db.begin() as s:
        if s.get(Plan, deleted.plan_id) is None:
            raise NotFoundError("Không khôi phục được nhóm vì kế hoạch chứa nhóm đã bị xoá.")
        group = TaskGroup(plan_id=deleted.plan_id, label=deleted.label, title=deleted.title)
        if s.get(TaskGroup, deleted.id) is None:
            group.id = deleted.id
        _insert(s, deleted.plan_id, group, deleted.position)
        return group.id
