"""group_edit: add, rename, delete and move task and indicator groups, each undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import NotFoundError, ValidationError
from app.services.documents import plan_document
from app.services.group_edit import (
    INDICATORS,
    NOT_EMPTY,
    TASKS,
    GroupInput,
    add_group,
    delete_group,
    list_groups,
    move_group,
    rename_group,
    restore_group,
)
from app.services.indicator_edit import delete_indicators
from app.services.plan_export import export_plan_xlsx
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators, list_tasks
from app.services.task_edit import delete_tasks

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.fixture
def plan_id(db) -> int:
    return import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id


@pytest.fixture
def tam_chung(db) -> int:
    """A plan whose indicators are in groups I … V (and whose tasks have none)."""
    return import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id


def _labels(db, plan_id: int) -> list[str]:
    return [g.label for g in list_groups(db, plan_id)]


def test_list_groups_in_order_with_their_tasks(db, plan_id: int) -> None:
    groups = list_groups(db, plan_id)
    assert [g.label for g in groups] == ["1", "2", "3", "4", "5"]
    assert [g.position for g in groups] == [0, 1, 2, 3, 4]
    rows = list_tasks(db, plan_id)
    assert [t for g in groups for t in g.member_ids] == [r.id for r in rows]


def test_add_group_after_another_renumbers_and_delete_undoes(db, plan_id: int) -> None:
    before = list_groups(db, plan_id)
    tasks = list_tasks(db, plan_id)
    new_id = add_group(
        db, plan_id, after_group_id=before[1].id, data=GroupInput(" III ", " Nhóm mới ")
    )
    groups = list_groups(db, plan_id)
    assert [g.label for g in groups] == ["1", "2", "III", "3", "4", "5"]
    assert [g.position for g in groups] == list(range(6))
    assert (groups[2].id, groups[2].title, groups[2].member_ids) == (new_id, "Nhóm mới", ())
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
    delete_tasks(db, list(last.member_ids))
    first = groups[0]
    deleted_tasks = delete_tasks(db, list(first.member_ids))
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


# ------------------------------------------------------------------ indicator groups


def test_indicator_groups_add_rename_delete_restore(db, tam_chung: int) -> None:
    groups = list_groups(db, tam_chung, kind=INDICATORS)
    assert [g.label for g in groups] == ["I", "II", "III", "IV", "V"]
    rows = list_indicators(db, tam_chung)
    assert [i for g in groups for i in g.member_ids] == [r.id for r in rows if r.group]
    assert list_groups(db, tam_chung) == []  # the task groups are another list
    new_id = add_group(
        db, tam_chung, after_group_id=groups[0].id, data=GroupInput("Ia", "Mới"), kind=INDICATORS
    )
    assert [g.label for g in list_groups(db, tam_chung, kind=INDICATORS)][:3] == ["I", "Ia", "II"]
    assert list_groups(db, tam_chung) == []  # no task group added
    old = rename_group(db, new_id, GroupInput("Ib", "Đổi"), kind=INDICATORS)
    assert old == GroupInput("Ia", "Mới")
    with pytest.raises(NotFoundError):  # an indicator group id is no task group id
        rename_group(db, new_id, GroupInput("Ib", "Đổi"), kind=TASKS)
    deleted = delete_group(db, new_id, kind=INDICATORS)
    assert list_groups(db, tam_chung, kind=INDICATORS) == groups
    assert restore_group(db, deleted) == new_id
    assert list_groups(db, tam_chung, kind=INDICATORS)[1].title == "Đổi"


def test_indicator_group_with_indicators_is_not_deleted(db, tam_chung: int) -> None:
    group = list_groups(db, tam_chung, kind=INDICATORS)[0]
    with pytest.raises(ValidationError, match="vẫn còn chỉ tiêu"):
        delete_group(db, group.id, kind=INDICATORS)
    delete_indicators(db, list(group.member_ids))
    delete_group(db, group.id, kind=INDICATORS)
    assert [g.label for g in list_groups(db, tam_chung, kind=INDICATORS)] == [
        "II",
        "III",
        "IV",
        "V",
    ]
    with pytest.raises(ValidationError, match="tên nhóm chỉ tiêu"):
        add_group(db, tam_chung, after_group_id=None, data=GroupInput("", " "), kind=INDICATORS)


# ------------------------------------------------------------------ moving groups


def _task_groups_in_order(db, plan_id: int) -> list[str | None]:
    """The group label of each task in plan order, runs collapsed."""
    out: list[str | None] = []
    for r in list_tasks(db, plan_id):
        if not out or out[-1] != r.group:
            out.append(r.group)
    return out


def test_move_task_group_moves_its_tasks_and_back_undoes(db, plan_id: int) -> None:
    before_groups, before_tasks = list_groups(db, plan_id), list_tasks(db, plan_id)
    second = before_groups[1]
    assert move_group(db, second.id, -1) == 0
    groups = list_groups(db, plan_id)
    assert [g.label for g in groups] == ["2", "1", "3", "4", "5"]
    assert [g.position for g in groups] == [0, 1, 2, 3, 4]
    assert _task_groups_in_order(db, plan_id) == ["2", "1", "3", "4", "5"]
    assert [t for g in groups for t in g.member_ids] == [r.id for r in list_tasks(db, plan_id)]
    assert groups[0].member_ids == second.member_ids  # the tasks keep their order
    assert move_group(db, second.id, 1) == 1
    assert list_groups(db, plan_id) == before_groups
    assert list_tasks(db, plan_id) == before_tasks


def test_move_group_over_several_and_at_the_edges(db, plan_id: int) -> None:
    first = list_groups(db, plan_id)[0]
    with pytest.raises(ValidationError, match="đầu danh sách"):
        move_group(db, first.id, -1)
    move_group(db, first.id, 3)
    assert _task_groups_in_order(db, plan_id) == ["2", "3", "4", "1", "5"]
    last = list_groups(db, plan_id)[-1]
    with pytest.raises(ValidationError, match="cuối danh sách"):
        move_group(db, last.id, 1)
    move_group(db, first.id, -3)
    assert _task_groups_in_order(db, plan_id) == ["1", "2", "3", "4", "5"]
    with pytest.raises(NotFoundError):
        move_group(db, 99999, 1)


def test_move_empty_group_keeps_tasks_in_place(db, plan_id: int) -> None:
    tasks = list_tasks(db, plan_id)
    empty = add_group(db, plan_id, after_group_id=None, data=GroupInput("VI", "Trống"))
    move_group(db, empty, -2)
    assert [g.label for g in list_groups(db, plan_id)] == ["1", "2", "3", "VI", "4", "5"]
    assert list_tasks(db, plan_id) == tasks


def _printed_groups(db, plan_id: int, labels: set[str], *, tasks: bool) -> list[str]:
    """Group rows of Phụ lục chỉ tiêu (the first) or Phụ lục nhiệm vụ (the last)."""
    appendix = plan_document(db, plan_id).appendices[-1 if tasks else 0]
    return [r.cells[0] for r in appendix.table.rows if r.is_group and r.cells[0] in labels]


def _exported_groups(db, plan_id: int, labels: set[str], out: Path, *, tasks: bool) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(export_plan_xlsx(db, plan_id, out))
    sheet = book.worksheets[-1 if tasks else 0]
    cells = [str(c) for (c,) in sheet.iter_rows(max_col=1, values_only=True)]
    return [c for c in cells if c in labels]


def test_moved_groups_print_and_export_in_the_new_order(
    db, plan_id: int, tam_chung: int, tmp_path: Path
) -> None:
    numbers = {"1", "2", "3", "4", "5"}
    assert _printed_groups(db, plan_id, numbers, tasks=True) == ["1", "2", "3", "4", "5"]
    move_group(db, list_groups(db, plan_id)[4].id, -1)
    assert _printed_groups(db, plan_id, numbers, tasks=True) == ["1", "2", "3", "5", "4"]
    exported = _exported_groups(db, plan_id, numbers, tmp_path / "a.xlsx", tasks=True)
    assert exported == ["1", "2", "3", "5", "4"]
    romans = {"I", "II", "III", "IV", "V"}
    assert _printed_groups(db, tam_chung, romans, tasks=False) == ["I", "II", "III", "IV", "V"]
    move_group(db, list_groups(db, tam_chung, kind=INDICATORS)[2].id, -2, kind=INDICATORS)
    assert _printed_groups(db, tam_chung, romans, tasks=False) == ["III", "I", "II", "IV", "V"]
    exported = _exported_groups(db, tam_chung, romans, tmp_path / "b.xlsx", tasks=False)
    assert exported == ["III", "I", "II", "IV", "V"]
    assert [r.group for r in list_indicators(db, tam_chung)][:2] == ["III", "I"]
