"""Editing and deleting tasks by hand, with everything needed to undo a deletion.

``delete_tasks`` returns a :class:`DeletedTasks` snapshot (the task rows, their
unit links and their progress reports); ``restore_tasks`` puts them back with
the same ids when those are still free, so that an undo restores the plan
exactly, progress included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan, Task, TaskGroup, TaskUnit, Unit
from app.models.reporting import TaskProgress
from app.services import Changes
from app.services.ordering import in_plan_order
from app.services.plan_edit import TaskInput, apply_task_fields
from app.services.unit_links import UnitResolver, sync_links
from app.vntext import clean_cell

TASK_CHANGES = Changes(tasks=True)
_GONE = "Nhiệm vụ này không còn trong dữ liệu; danh sách sẽ được làm mới."


@dataclass(frozen=True, slots=True)
class TaskSnapshot:
    """One deleted task: its columns, unit links and progress rows, as plain values."""

    fields: dict[str, Any]
    unit_links: tuple[tuple[int, str], ...]
    """(unit id, role)."""
    progress: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class DeletedTasks:
    tasks: tuple[TaskSnapshot, ...]

    @property
    def count(self) -> int:
        return len(self.tasks)

    @property
    def progress_count(self) -> int:
        return sum(len(t.progress) for t in self.tasks)


def _columns(row: object, table_columns: Iterable[Any]) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in table_columns}


def task_input_of(db: Database, task_id: int) -> TaskInput:
    """The editable fields of one task, as the edit dialog shows them."""
    with db.read() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise NotFoundError("Nhiệm vụ này không còn trong dữ liệu; danh sách sẽ được làm mới.")
        return TaskInput(
            number=task.number,
            name=task.name,
            lead=task.lead_text,
            cooperating=task.cooperating_text,
            result=task.result_text,
            deadline=task.deadline_text,
        )


def check_task_input(data: TaskInput) -> TaskInput:
    """*data* unchanged when it can be saved, else ValidationError (the name is required)."""
    if not clean_cell(data.name):
        raise ValidationError("Hãy nhập tên nhiệm vụ.", field="name")
    return data


def update_task(db: Database, task_id: int, data: TaskInput) -> Changes:
    """Save the officer's edit of one task (deadline re-parsed, units re-linked)."""
    check_task_input(data)
    with db.begin() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise NotFoundError("Nhiệm vụ này không còn trong dữ liệu; danh sách sẽ được làm mới.")
        apply_task_fields(task, data)
        with s.no_autoflush:
            pairs = UnitResolver(s).pairs(task.lead_text, task.cooperating_text)
            task.unit_links = sync_links(task.unit_links, pairs, TaskUnit)
    return Changes(tasks=True, units=True)


def delete_tasks(db: Database, task_ids: Sequence[int]) -> DeletedTasks:
    """Delete the tasks (with their progress reports) and return what restores them."""
    if not task_ids:
        return DeletedTasks(())
    with db.begin() as s:
        tasks = s.scalars(select(Task).where(Task.id.in_(task_ids)).order_by(Task.id)).all()
        if len(tasks) != len(set(task_ids)):
            raise NotFoundError(
                "Một số nhiệm vụ đã chọn không còn trong dữ liệu; danh sách sẽ được làm mới."
            )
        progress = s.scalars(select(TaskProgress).where(TaskProgress.task_id.in_(task_ids))).all()
        by_task: dict[int, list[dict[str, Any]]] = {}
        for p in progress:
            by_task.setdefault(p.task_id, []).append(_columns(p, TaskProgress.__table__.columns))
        snapshots = tuple(
            TaskSnapshot(
                fields=_columns(t, Task.__table__.columns),
                unit_links=tuple((link.unit_id, link.role) for link in t.unit_links),
                progress=tuple(by_task.get(t.id, [])),
            )
            for t in tasks
        )
        s.execute(delete(TaskProgress).where(TaskProgress.task_id.in_(task_ids)))
        for t in tasks:
            s.delete(t)
        return DeletedTasks(snapshots)


def restore_tasks(db: Database, deleted: DeletedTasks) -> tuple[int, ...]:
    """Put deleted tasks back (undo of :func:`delete_tasks`) in one transaction.

    Returns the ids of the restored tasks (the old ids unless one was reused).
    """
    restored: list[int] = []
    with db.begin() as s:
        plans = set(s.scalars(select(Plan.id)))
        if any(snap.fields["plan_id"] not in plans for snap in deleted.tasks):
            raise NotFoundError(
                "Không khôi phục được các nhiệm vụ vì kế hoạch chứa chúng đã bị xoá."
            )
        units = set(s.scalars(select(Unit.id)))
        groups = set(s.scalars(select(TaskGroup.id)))
        for snap in deleted.tasks:
            fields = dict(snap.fields)
            if s.get(Task, fields["id"]) is not None:
                fields.pop("id")  # the id was reused meanwhile: take a new one
            if fields.get("group_id") not in groups:
                fields["group_id"] = None
            task = Task(**fields)
            task.unit_links = [
                TaskUnit(unit_id=uid, role=role) for uid, role in snap.unit_links if uid in units
            ]
            s.add(task)
            s.flush()
            restored.append(task.id)
            for row in snap.progress:
                values = {k: v for k, v in row.items() if k != "id"}
                values["task_id"] = task.id
                s.add(TaskProgress(**values))
    return tuple(restored)


def add_task(
    db: Database, plan_id: int, *, after_task_id: int | None, group_id: int | None, data: TaskInput
) -> int:
    """Insert a task after *after_task_id* (in its group) or, without one, at the end of
    group *group_id* (None: the end of the plan, ungrouped). Returns the new task's id."""
    if not clean_cell(data.name):
        raise ValidationError("Hãy nhập tên nhiệm vụ.", field="name")
    with db.begin() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; danh sách sẽ được làm mới.")
        tasks = in_plan_order(s, Task, plan_id)
        if after_task_id is not None:
            after = next((t for t in tasks if t.id == after_task_id), None)
            if after is None:
                raise NotFoundError(_GONE)
            group_id, index = after.group_id, tasks.index(after) + 1
        else:
            if group_id is not None and s.get(TaskGroup, group_id) is None:
                raise NotFoundError("Nhóm nhiệm vụ này không còn trong kế hoạch.")
            same = [i for i, t in enumerate(tasks) if t.group_id == group_id]
            index = same[-1] + 1 if same and group_id is not None else len(tasks)
        task = Task(plan_id=plan_id, group_id=group_id, position=index)
        apply_task_fields(task, data)
        for t in tasks[index:]:
            t.position += 1
        s.add(task)
        s.flush()
        with s.no_autoflush:
            pairs = UnitResolver(s).pairs(task.lead_text, task.cooperating_text)
            task.unit_links = sync_links(task.unit_links, pairs, TaskUnit)
        return task.id


def move_task(db: Database, task_id: int, delta: int) -> Changes:
    """Move a task one row up (*delta* −1) or down (+1) in plan order.

    Inside its group it swaps places with its neighbour; at the edge of its
    group it joins the neighbouring group instead (so moving back undoes it).
    """
    if delta not in (-1, 1):
        raise ValueError(f"delta must be -1 or 1, not {delta}")
    with db.begin() as s:
        task = s.get(Task, task_id)
        if task is None:
            raise NotFoundError(_GONE)
        tasks = in_plan_order(s, Task, task.plan_id)
        index = tasks.index(task)
        other = index + delta
        if not 0 <= other < len(tasks):
            edge = "đầu" if delta < 0 else "cuối"
            raise ValidationError(f"Nhiệm vụ đã ở {edge} danh sách.")
        neighbour = tasks[other]
        if neighbour.group_id != task.group_id:
            task.group_id = neighbour.group_id
        else:
            task.position, neighbour.position = neighbour.position, task.position
    return TASK_CHANGES
