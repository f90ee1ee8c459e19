"""task_edit: update a task, delete tasks and restore them exactly (progress included)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import NotFoundError, ValidationError
from app.models import Task
from app.models.reporting import TaskProgress
from app.services.plan_edit import PlanInput, TaskInput, create_plan
from app.services.plans import list_tasks
from app.services.task_edit import (
    add_task,
    delete_tasks,
    move_task,
    restore_tasks,
    task_input_of,
    update_task,
)


def _plan(db) -> int:
    return create_plan(
        db,
        PlanInput(
            number="01/KH-UBND",
            title="Kế hoạch thử",
            tasks=[
                TaskInput(
                    "1", "Rà soát hạ tầng", lead="Phòng Văn hoá - Xã hội", deadline="Tháng 7/2025"
                ),
                TaskInput(
                    "2", "Số hoá hồ sơ", lead="Văn phòng HĐND và UBND", deadline="Quý IV/2025"
                ),
                TaskInput("3", "Tập huấn kỹ năng số", lead="Phòng VH-XH", deadline="Thường xuyên"),
            ],
        ),
    )


def test_update_task_reparses_deadline_and_links_units(db) -> None:
    plan_id = _plan(db)
    task_id = list_tasks(db, plan_id)[0].id
    update_task(
        db,
        task_id,
        TaskInput("1", "Rà soát  hạ tầng số", lead="Phòng Kinh tế", deadline="Tháng 9/2025"),
    )
    row = list_tasks(db, plan_id)[0]
    assert row.name == "Rà soát hạ tầng số"
    assert (row.deadline, row.deadline_kind, row.due) == ("Tháng 9/2025", "once", "2025-09-30")
    with db.read() as s:
        task = s.get(Task, task_id)
        assert [(link.unit.name, link.role) for link in task.unit_links] == [
            ("Phòng Kinh tế", "lead")
        ]
    assert task_input_of(db, task_id).deadline == "Tháng 9/2025"
    with pytest.raises(ValidationError):
        update_task(db, task_id, TaskInput("1", "  "))
    with pytest.raises(NotFoundError):
        update_task(db, 9999, TaskInput("1", "x"))


def test_delete_and_restore_keeps_ids_fields_units_and_progress(db) -> None:
    plan_id = _plan(db)
    before = list_tasks(db, plan_id)
    victim = before[1].id
    with db.begin() as s:
        s.add(
            TaskProgress(
                task_id=victim,
                period_key="2025-Q3",
                period_end=date(2025, 9, 30),
                status_code="in_progress",
                percent=40,
                result_text="Đã số hoá 40% hồ sơ",
            )
        )
        links_before = [(u.unit_id, u.role) for u in s.get(Task, victim).unit_links]
    deleted = delete_tasks(db, [victim, before[2].id])
    assert (deleted.count, deleted.progress_count) == (2, 1)
    assert [r.id for r in list_tasks(db, plan_id)] == [before[0].id]
    with db.read() as s:
        assert s.scalars(select(TaskProgress)).all() == []
    assert restore_tasks(db, deleted) == (victim, before[2].id)
    assert list_tasks(db, plan_id) == before
    with db.read() as s:
        progress = s.scalars(select(TaskProgress)).one()
        assert (progress.task_id, progress.percent, progress.result_text) == (
            victim,
            40,
            "Đã số hoá 40% hồ sơ",
        )
        assert [(u.unit_id, u.role) for u in s.get(Task, victim).unit_links] == links_before


def test_delete_unknown_task_refused(db) -> None:
    plan_id = _plan(db)
    with pytest.raises(NotFoundError):
        delete_tasks(db, [9999])
    assert len(list_tasks(db, plan_id)) == 3
    assert delete_tasks(db, []).count == 0


def _order(db, plan_id: int) -> list[tuple[str | None, str]]:
    return [(r.group, r.name) for r in list_tasks(db, plan_id)]


def _sample(db) -> int:
    from pathlib import Path

    from app.services.plan_import import import_plan_file

    result = import_plan_file(db, Path("tests/data/samples/thanh-mien.xlsx"), commune="Thanh Miện")
    return result.plan_id


def test_add_task_after_a_row_joins_its_group_and_renumbers(db) -> None:
    plan_id = _sample(db)
    before = list_tasks(db, plan_id)
    anchor = before[3]
    new_id = add_task(
        db, plan_id, after_task_id=anchor.id, group_id=None, data=TaskInput("", "Việc mới")
    )
    after = list_tasks(db, plan_id)
    assert [r.id for r in after] == [r.id for r in before[:4]] + [new_id] + [
        r.id for r in before[4:]
    ]
    assert after[4].group == anchor.group
    with db.read() as s:
        positions = [t.position for t in s.scalars(select(Task).order_by(Task.position))]
    assert positions == list(range(len(after)))
    # no anchor: the end of the given group, or of the plan
    with db.read() as s:
        first_group = s.get(Task, before[0].id).group_id
    end_of_group = add_task(
        db, plan_id, after_task_id=None, group_id=first_group, data=TaskInput("", "Cuối nhóm")
    )
    rows = list_tasks(db, plan_id)
    index = [r.id for r in rows].index(end_of_group)
    assert rows[index].group == before[0].group
    assert index == len(rows) - 1 or rows[index + 1].group != before[0].group
    last = add_task(db, plan_id, after_task_id=None, group_id=None, data=TaskInput("9", "Cuối"))
    assert list_tasks(db, plan_id)[-1].id == last
    with pytest.raises(ValidationError):
        add_task(db, plan_id, after_task_id=None, group_id=None, data=TaskInput("1", " "))
    with pytest.raises(NotFoundError):
        add_task(db, plan_id, after_task_id=99999, group_id=None, data=TaskInput("1", "x"))


def test_move_task_swaps_within_group_and_crosses_groups_reversibly(db) -> None:
    plan_id = _sample(db)
    start = _order(db, plan_id)
    rows = list_tasks(db, plan_id)
    move_task(db, rows[1].id, -1)
    assert _order(db, plan_id)[:2] == [start[1], start[0]]
    move_task(db, rows[1].id, 1)
    assert _order(db, plan_id) == start
    # the last task of the first group moves down: it joins the next group, then comes back
    last_of_first = max(i for i, r in enumerate(rows) if r.group == rows[0].group)
    assert rows[last_of_first + 1].group != rows[0].group
    move_task(db, rows[last_of_first].id, 1)
    moved = list_tasks(db, plan_id)[last_of_first]
    assert (moved.id, moved.group) == (rows[last_of_first].id, rows[last_of_first + 1].group)
    move_task(db, rows[last_of_first].id, -1)
    assert _order(db, plan_id) == start
    with pytest.raises(ValidationError):
        move_task(db, rows[0].id, -1)
    with pytest.raises(ValidationError):
        move_task(db, rows[-1].id, 1)
    with pytest.raises(NotFoundError):
        move_task(db, 99999, 1)
