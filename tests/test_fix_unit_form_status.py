"""QA defect: the unit form's "Trạng thái" column had no drop-down, and the import
preview did not show a changed completion percentage.

Real plan (the Thanh Miện sample), real database, the form written by
``export_unit_form`` and read back with openpyxl, filled as a unit would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange

from app.db import Database
from app.periods import period_from_key
from app.progress import ENTERED_LABELS, parse_entered_status
from app.services.plan_import import import_plan_file
from app.services.progress_entry import ProgressInput, record_progress, task_statuses
from app.services.unit_forms import (
    TASK_HEADERS,
    apply_unit_form,
    export_unit_form,
    owing_units,
    read_unit_form,
)

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
PERIOD = "2025-09"
UNIT = "Phòng Văn hoá - Xã hội"
#: the words a unit picks from, exactly as the reader names the statuses
WORDS = ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Tạm dừng", "Không thực hiện"]


@pytest.fixture
def form(db: Database, tmp_path: Path) -> tuple[int, int, Path]:
    """(plan id, unit id, the exported form) for the Văn hoá - Xã hội office."""
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    units = {name: uid for uid, name in owing_units(db, plan_id, period_from_key(PERIOD))}
    unit_id = units[UNIT]
    path = export_unit_form(
        db, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD, out=tmp_path / "phieu.xlsx"
    )
    return plan_id, unit_id, path


def test_the_listed_words_are_the_readers_own() -> None:
    assert list(ENTERED_LABELS.values()) == WORDS
    assert sorted(parse_entered_status(w) for w in WORDS) == sorted(ENTERED_LABELS)


def test_status_cells_carry_a_vietnamese_drop_down(form: tuple[int, int, Path]) -> None:
    _plan, _unit, path = form
    ws = load_workbook(path)["Nhiệm vụ"]
    status_col = TASK_HEADERS.index("Trạng thái") + 1
    assert ws.cell(3, status_col).value == "Trạng thái"
    task_rows = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value]
    assert len(task_rows) >= 2 and task_rows == list(range(4, 4 + len(task_rows)))

    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    dv = lists[0]
    formula = dv.formula1
    assert formula is not None and formula.startswith('"') and formula.endswith('"')
    assert formula.strip('"').split(",") == WORDS  # every word, nothing else
    assert len(formula) <= 255  # Excel's limit for an inline list
    for r in task_rows:  # every task's status cell, and no other column
        assert f"{ws.cell(r, status_col).coordinate}" in dv.sqref, r
        assert ws.cell(r, status_col + 1).coordinate not in dv.sqref
    assert ws.cell(3, status_col).coordinate not in dv.sqref  # not the header
    [rng] = list(dv.sqref.ranges)
    assert rng == CellRange(f"D4:D{task_rows[-1]}")

    assert dv.showDropDown in (False, None)  # openpyxl: False means the arrow is shown
    assert dv.showInputMessage and dv.showErrorMessage and dv.errorStyle in (None, "stop")
    assert dv.promptTitle == "Trạng thái"
    assert dv.prompt == "Chọn trạng thái của nhiệm vụ trong danh sách."
    assert dv.errorTitle == "Trạng thái không hợp lệ"
    assert dv.error == (
        "Hãy chọn một trong: Chưa thực hiện, Đang thực hiện, Hoàn thành, Tạm dừng, Không thực hiện."
    )
    assert len(dv.promptTitle) <= 32 and len(dv.errorTitle) <= 32  # Excel's limits
    assert len(dv.prompt) <= 255 and len(dv.error) <= 255


def test_a_listed_word_is_read_back_and_applied(db: Database, form: tuple[int, int, Path]) -> None:
    plan_id, unit_id, path = form
    wb = load_workbook(path)
    ws = wb["Nhiệm vụ"]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    ws.cell(rows["1.3"], 4, "Tạm dừng")  # a word from the drop-down
    ws.cell(rows["1.3"], 5, 30)
    wb.save(path)

    preview = read_unit_form(db, path, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD)
    assert preview.warnings == []
    [change] = [c for c in preview.changes if c.number == "1.3"]
    assert (change.before, change.after) == ("", "Tạm dừng (30%)")
    apply_unit_form(db, preview, received_on=period_from_key(PERIOD).end)
    row = next(t for t in task_statuses(db, plan_id, PERIOD) if t.number == "1.3")
    assert (row.entered, row.percent) == ("paused", 30)


def test_a_changed_percentage_appears_in_the_preview(
    db: Database, form: tuple[int, int, Path]
) -> None:
    plan_id, unit_id, _old = form
    task = next(t for t in task_statuses(db, plan_id, PERIOD) if t.number == "1.3")
    data = ProgressInput(status="Đang thực hiện", percent=40, result_text="Đã dự thảo")
    record_progress(db, task_id=task.task_id, period_key=PERIOD, data=data)
    path = export_unit_form(
        db, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD, out=_old.with_name("p2.xlsx")
    )
    wb = load_workbook(path)
    ws = wb["Nhiệm vụ"]
    r = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "1.3")
    assert (ws.cell(r, 4).value, ws.cell(r, 5).value) == ("Đang thực hiện", 40)  # pre-filled
    ws.cell(r, 5, 60)  # only the percentage moves
    wb.save(path)

    preview = read_unit_form(db, path, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD)
    [change] = [c for c in preview.changes if c.number == "1.3"]
    assert change.before == "Đang thực hiện (40%)"
    assert change.after == "Đang thực hiện (60%) — Đã dự thảo"

    # a form sent back unchanged proposes no change for the task
    ws.cell(r, 5, 40)
    wb.save(path)
    preview = read_unit_form(db, path, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD)
    assert not [c for c in preview.changes if c.number == "1.3"]


def test_not_done_takes_its_reason_from_the_note_or_skips_only_that_row(
    db: Database, form: tuple[int, int, Path]
) -> None:
    plan_id, unit_id, path = form
    wb = load_workbook(path)
    ws = wb["Nhiệm vụ"]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    numbers = [n for n in rows if n][:3]
    ws.cell(rows[numbers[0]], 4, "Không thực hiện")
    ws.cell(rows[numbers[0]], 8, "Không còn kinh phí")  # Ghi chú: the reason
    ws.cell(rows[numbers[1]], 4, "Không thực hiện")  # no reason anywhere
    ws.cell(rows[numbers[2]], 4, "Hoàn thành")
    wb.save(path)

    preview = read_unit_form(db, path, plan_id=plan_id, unit_id=unit_id, period_key=PERIOD)
    [warning] = preview.warnings
    assert f"nhiệm vụ số {numbers[1]}" in warning and "cột Ghi chú" in warning
    apply_unit_form(db, preview, received_on=period_from_key(PERIOD).end)
    rows_now = {t.number: t for t in task_statuses(db, plan_id, PERIOD)}
    assert (rows_now[numbers[0]].entered, rows_now[numbers[0]].reason) == (
        "cancelled",
        "Không còn kinh phí",
    )
    assert rows_now[numbers[1]].entered != "cancelled"  # skipped, the rest applied
    assert rows_now[numbers[2]].entered == "done"
