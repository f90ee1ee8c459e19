"""group_edit: add, rename and delete task groups, each undoable, on an imported plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotFoundError, ValidationError
from app.services.group_edit import (
    NOT_EMPTY,
    GroupInput,
    add_group,
    delete_group,
    list_groups,
    rename_group,
    restore_group,
)
from app.services.plan_import import import_plan_file
from app.services.plans import list_tasks
from app.services.task_edit import delete_tasks

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.fixture
def plan_id(db) -> int:
    return import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id


def _labels(db, plan_id: int) -> list[str]:
    return [g.label for g in list_groups(db, plan_id)]


def test_list_groups_in_order_with_their_tasks(db, plan_id: int) -> None:
    groups = list_groups(db, plan_id)
    assert [g.label for g in groups] == ["1", "2", "3", "4", "5"]
    assert [g.position for g in groups] == [0, 1, 2, 3, 4]
    rows = list_tasks(db, plan_id)
    assert [t for g in groups for t in g.task_ids] == [r.id for r in rows]


def test_add_group_after_another_renumbers_and_delete_undoes(db, plan_id: int) -> None:
    before = list_groups(db, plan_id)
    tasks = list_tasks(db, plan_id)
    new_id = add_group(
        db, plan_id, after_group_id=before[1].id, data=GroupInput(" III ", " Nhóm mới ")
    )
    groups = list_groups(db, plan_id)
    assert [g.label for g in groups] == ["1", "2", "III", "3", "4", "5"]
    assert [g.position for g in groups] == list(range(6))
    assert (groups[2].id, groups[2].title, groups[2].task_ids) == (new_id, "Nhóm mới", ())
    assert list_tasks(db, plan_id) == tasks
    deleted = delete_group(db, new_id)
    assert list_groups(db, plan_id) == before
    assert restore_group(db, deleted) == new_id
    assert _labels(db, plan_id) == ["1", "2", "III", "3", "4", "5"]
    end = add_group(db, plan_id, after_group_id=None, data=GroupInput("VI", "Cuối"))
    assert list_groups(db, plan_id)[-1].id == end


def test_add_group_validates(db, plan_id: int) -> None:
    with pytest.raises(ValidationError, match="tên nhóm") as err:
        add_group(db, plan_id, after_group_id=None, data=GroupInput("III", "  "))
    assert err.value.field == "title"
    with pytest.raises(ValidationError) as err:
        add_group(db, plan_id, after_group_id=None, data=GroupInput("X" * 21, "Tên"))
    assert err.value.field == "label"
    with pytest.raises(NotFoundError):
        add_group(db, plan_id, after_group_id=99999, data=GroupInput("III", "Tên"))
    with pytest.raises(NotFoundError):
        add_group(db, 99999, after_group_id=None, data=GroupInput("III", "Tên"))
    assert len(list_groups(db, plan_id)) == 5


def test_rename_group_returns_the_old_text(db, plan_id: int) -> None:
    group = list_groups(db, plan_id)[0]
    old = rename_group(db, group.id, GroupInput("I", "Nhận thức số"))
    assert old == GroupInput(group.label, group.title)
    assert {r.group_title for r in list_tasks(db, plan_id) if r.group == "I"} == {"Nhận thức số"}
    rename_group(db, group.id, old)
    assert list_groups(db, plan_id)[0] == group
    with pytest.raises(ValidationError):
        rename_group(db, group.id, GroupInput("I", ""))
    with pytest.raises(NotFoundError):
        rename_group(db, 99999, GroupInput("I", "Tên"))


def test_delete_group_refuses_a_group_with_tasks(db, plan_id: int) -> None:
    groups = list_groups(db, plan_id)
    last = groups[-1]
    with pytest.raises(ValidationError) as err:
        delete_group(db, last.id)
    assert err.value.message == NOT_EMPTY
    assert list_groups(db, plan_id) == groups
    delete_tasks(db, list(last.task_ids))
    first = groups[0]
    deleted_tasks = delete_tasks(db, list(first.task_ids))
    assert deleted_tasks.count == 6
    deleted = delete_group(db, first.id)
    assert deleted.position == 0
    assert _labels(db, plan_id) == ["2", "3", "4", "5"]
    assert [g.position for g in list_groups(db, plan_id)] == [0, 1, 2, 3]
    restore_group(db, deleted)
    restored = list_groups(db, plan_id)[0]
    assert (restored.id, restored.label, restored.position) == (first.id, "1", 0)
    with pytest.raises(NotFoundError):
        delete_group(db, 99999)
