"""The "(Kèm theo Kế hoạch số …)" line: a workbook names its plan, so re-imports find it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app.db import Database
from app.importing.attachment import attachment_header
from app.models import Plan
from app.services.plan_export import export_plan_xlsx
from app.services.plan_import import import_plan_file
from app.services.plans import list_plans, list_tasks

SAMPLES = Path(__file__).parent / "data" / "samples"


@pytest.mark.parametrize(
    ("line", "number", "commune"),
    [
        (
            "(Kèm theo Kế hoạch số 112/KH-UBND ngày  05 tháng 7 năm 2025 của Ủy ban nhân dân "
            "xã Tam Chung)",
            "112/KH-UBND",
            "Tam Chung",
        ),
        (
            "(Kèm theo Kế hoạch số:     /KH-UBND ngày   tháng 7 năm 2025 của UBND xã Tam Chung)",
            None,
            "Tam Chung",
        ),
        (
            "(Kèm theo Kế hoạch số 05/KH-ĐU ngày 05/02/2025 của UBND phường Hoà Bình)",
            "05/KH-ĐU",
            "Hoà Bình",
        ),
        ("(Kem theo Ke hoach so 7 / KH-UBND cua UBND xa Thanh Mien)", "7/KH-UBND", "Thanh Mien"),
    ],
)
def test_number_and_commune_are_read(line: str, number: str | None, commune: str) -> None:
    header = attachment_header(["PHỤ LỤC I", line])
    assert header is not None and (header.number, header.commune) == (number, commune)


def test_other_lines_give_nothing() -> None:
    assert attachment_header(["PHỤ LỤC I", "CÁC CHỈ TIÊU", "Kế hoạch số 3 năm 2025"]) is None


def test_an_exported_plan_edited_in_excel_updates_the_plan(db: Database, tmp_path: Path) -> None:
    first = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    with db.begin() as s:
        plan = s.get(Plan, first.plan_id)
        assert plan is not None
        plan.number = "112/KH-UBND"
    out = export_plan_xlsx(db, first.plan_id, tmp_path / "gửi các đơn vị.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[-1]  # the task appendix
    cell = next(
        c for row in ws.iter_rows() for c in row if c.value == list_tasks(db, first.plan_id)[0].name
    )
    cell.value = "Ban hành kế hoạch (đã sửa ở Excel)"
    edited = tmp_path / "đơn vị sửa.xlsx"
    wb.save(edited)

    again = import_plan_file(db, edited, commune="Tam Chung")
    assert again.plan_id == first.plan_id and again.updated
    assert any("đã sửa ở Excel" in change for change in again.changes)
    assert len(list_plans(db)) == 1
    assert list_tasks(db, first.plan_id)[0].name == "Ban hành kế hoạch (đã sửa ở Excel)"


def test_the_command_line_takes_the_commune_from_the_file(tmp_path: Path) -> None:
    db_path = tmp_path / "kh57.sqlite3"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            str(db_path),
            "import",
            str(SAMPLES / "thanh-mien.xlsx"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "KH57_DATA_DIR": str(tmp_path)},
    )
    plan_id = json.loads(done.stdout)["plan_id"]
    listed = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db_path), "plans"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "KH57_DATA_DIR": str(tmp_path)},
    )
    [plan] = [p for p in json.loads(listed.stdout) if p["id"] == plan_id]
    assert plan["commune"] == "Thanh Miện" and plan["title"].endswith("xã Thanh Miện")


def test_an_exported_plan_without_a_number_re_imports_into_the_same_plan(
    db: Database, tmp_path: Path
) -> None:
    from app.importing import read_plan_file
    from app.services.plan_import import preview_import

    first = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    out = export_plan_xlsx(db, first.plan_id, tmp_path / "gui don vi (chua co so).xlsx")
    header = read_plan_file(out).header
    assert header is not None and (header.number, header.source) == (None, "thanh-mien.xlsx")
    preview = preview_import(db, out, commune="Thanh Miện")
    assert preview.existing_plan_id == first.plan_id  # the preview says "update", not "new"
    again = import_plan_file(db, out, commune="Thanh Miện")
    assert again.plan_id == first.plan_id and again.updated and len(list_plans(db)) == 1
    # an ordinary workbook with the same content but no KH57 identifier is a new plan
    plain = openpyxl.load_workbook(out)
    plain.properties.identifier = None
    plain.save(tmp_path / "khac.xlsx")
    other = import_plan_file(db, tmp_path / "khac.xlsx", commune="Thanh Miện")
    assert other.plan_id != first.plan_id and len(list_plans(db)) == 2
