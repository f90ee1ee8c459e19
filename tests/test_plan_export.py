"""Plan export to Excel: round trip through the importer, formula safety, layout, errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.db import Database, open_database
from app.errors import ExportError, NotFoundError
from app.models import Indicator, IndicatorTarget, Plan, Task
from app.services.plan_export import export_plan, export_plan_xlsx
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators, list_tasks
from qt_support import settings_in

SAMPLES = Path(__file__).parent / "data" / "samples"
SAMPLE_COMMUNES = [("tam-chung", "Tam Chung"), ("thanh-mien", "Thanh Miện")]
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


@pytest.fixture
def fresh_db(template_db: Path, tmp_path: Path) -> Any:
    """Open further empty databases (the round trip re-imports into a fresh one)."""
    opened: list[Database] = []

    def make(name: str) -> Database:
        path = tmp_path / name / "kh57.sqlite3"
        path.parent.mkdir()
        shutil.copyfile(template_db, path)
        database = open_database(path)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.close()


def content(db: Database, plan_id: int) -> dict[str, Any]:
    """Everything the appendices hold, without database ids."""
    tasks = [
        (
            t.number,
            t.group,
            t.group_title,
            t.name,
            t.lead,
            t.cooperating,
            t.result,
            t.deadline,
            t.deadline_kind,
            t.due,
        )
        for t in list_tasks(db, plan_id)
    ]
    indicators = [
        (
            i.code,
            i.group,
            i.name,
            i.unit,
            i.lead,
            i.cooperating,
            {y: (v.text, v.op, v.value) for y, v in i.targets.items()},
        )
        for i in list_indicators(db, plan_id)
    ]
    with db.read() as s:
        plan = s.get(Plan, plan_id)
        assert plan is not None
        groups = (
            [(g.label, g.title) for g in plan.task_groups],
            [(g.label, g.title) for g in plan.indicator_groups],
        )
    return {"tasks": tasks, "indicators": indicators, "groups": groups}


def without_place(warnings: list[str]) -> list[str]:
    """Warnings without their "sheet, dòng N:" prefix (sheet names and rows differ)."""
    return [re.sub(r"^[^:]*, dòng \d+: ", "", w) for w in warnings]


def import_sample(db: Database, name: str, commune: str) -> int:
    return import_plan_file(db, SAMPLES / f"{name}.xlsx", commune=commune).plan_id


def all_cells(path: Path) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


# ------------------------------------------------------------------ round trip


@pytest.mark.parametrize(("name", "commune"), SAMPLE_COMMUNES)
def test_sample_round_trip_gives_identical_content(
    db: Database, fresh_db: Any, tmp_path: Path, name: str, commune: str
) -> None:
    first = import_plan_file(db, SAMPLES / f"{name}.xlsx", commune=commune)
    out = export_plan_xlsx(db, first.plan_id, tmp_path / f"{name}-export.xlsx")
    assert out == tmp_path / f"{name}-export.xlsx" and out.is_file()

    again = fresh_db("again")
    second = import_plan_file(again, out, commune=commune)
    assert (second.tasks, second.indicators) == (first.tasks, first.indicators)
    assert content(again, second.plan_id) == content(db, first.plan_id)
    # the exported layout adds no doubt of its own
    assert without_place(second.warnings) == without_place(first.warnings)

    # and exporting the re-imported plan gives the same cells
    out2 = export_plan_xlsx(again, second.plan_id, tmp_path / f"{name}-export2.xlsx")
    assert [c.value for c in all_cells(out2)] == [c.value for c in all_cells(out)]


def test_round_trip_with_two_milestone_years_and_edited_numbering(
    db: Database, fresh_db: Any, tmp_path: Path
) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    with db.begin() as s:
        inds = s.scalars(select(Indicator).where(Indicator.plan_id == plan_id)).all()
        for k, ind in enumerate(inds):
            if k % 3:
                ind.targets.append(IndicatorTarget(year=2030, text="100%", op="=", value=100.0))
        task = s.scalars(select(Task).where(Task.plan_id == plan_id)).first()
        assert task is not None
        task.number = "1.10"
    out = export_plan_xlsx(db, plan_id, tmp_path / "two-years.xlsx")

    ws = openpyxl.load_workbook(out)["Phụ lục II - Nhiệm vụ"]
    number = ws["A6"]
    assert (number.value, number.data_type) == ("1.10", "s")

    again = fresh_db("again")
    back = import_plan_file(again, out, commune="Tam Chung").plan_id
    got, want = content(again, back), content(db, plan_id)
    assert got["tasks"] == want["tasks"] and got["tasks"][0][0] == "1.10"
    assert got["groups"] == want["groups"]
    # a year an indicator had no target for comes back as an empty target
    for g, w in zip(got["indicators"], want["indicators"], strict=True):
        assert g[:6] == w[:6]
        assert {y: t for y, t in g[6].items() if t[0]} == w[6]
        assert set(g[6]) == {"2025", "2030"}


# ------------------------------------------------------------------ formula safety


def test_formula_triggers_and_control_characters_are_written_as_text(
    db: Database, fresh_db: Any, tmp_path: Path
) -> None:
    plan_id = import_sample(db, "thanh-mien", "Thanh Miện")
    names = {
        0: '=HYPERLINK("x")',
        1: "@SUM(A1)",
        2: "Gửi\x1b báo cáo\x07 tháng",
        3: "+84 912 345 678",
        4: "-1+2",
    }
    with db.begin() as s:
        tasks = s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)).all()
        for k, name in names.items():
            tasks[k].name = name
        tasks[5].lead_text = "=cmd|' /C calc'!A0"
        ind = s.scalars(
            select(Indicator).where(Indicator.plan_id == plan_id).order_by(Indicator.position)
        ).all()[1]
        ind.name = "=1+1"
        ind.targets[0].text = "-"
    out = export_plan_xlsx(db, plan_id, tmp_path / "unsafe.xlsx")

    cells = all_cells(out)
    assert cells and all(c.data_type != "f" for c in cells)
    with zipfile.ZipFile(out) as zf:
        for part in zf.namelist():
            if part.startswith("xl/worksheets/"):
                xml = zf.read(part)
                assert b"<f>" not in xml and b"<f " not in xml, part
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in ('=HYPERLINK("x")', "@SUM(A1)", "+84 912 345 678", "-1+2", "=1+1", "-"):
        assert texts[text].data_type == "s" and texts[text].quotePrefix, text
    assert "Gửi báo cáo tháng" in texts
    assert not any(ch in "\x1b\x07" for c in cells if isinstance(c.value, str) for ch in c.value)

    again = fresh_db("again")
    back = import_plan_file(again, out, commune="Thanh Miện").plan_id
    got = list_tasks(again, back)
    assert [t.name for t in got[:5]] == [
        '=HYPERLINK("x")',
        "@SUM(A1)",
        "Gửi báo cáo tháng",
        "+84 912 345 678",
        "-1+2",
    ]
    assert got[5].lead == "=cmd|' /C calc'!A0"
    inds = list_indicators(again, back)
    assert inds[1].name == "=1+1" and inds[1].targets["2030"].text == "-"


# ------------------------------------------------------------------ layout


def test_layout_title_rows_headers_groups_and_page_setup(db: Database, tmp_path: Path) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    with db.begin() as s:
        for ind in s.scalars(select(Indicator).where(Indicator.plan_id == plan_id)):
            ind.targets.append(IndicatorTarget(year=2030, text="≥ 90", op=">=", value=90.0))
    out = export_plan_xlsx(db, plan_id, tmp_path / "layout.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Phụ lục I - Chỉ tiêu", "Phụ lục II - Nhiệm vụ"]

    ws = wb["Phụ lục I - Chỉ tiêu"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["A1"].value == "PHỤ LỤC I"
    title = ws["A2"].value
    assert title == title.upper() and "CHỈ TIÊU" in title
    assert ws["A3"].value.startswith("(Kèm theo Kế hoạch số ")
    assert "/KH-UBND ngày" in ws["A3"].value
    assert ws["A3"].value.endswith("của Ủy ban nhân dân xã Tam Chung)")
    assert {"A1:G1", "A2:G2", "A3:G3"} <= merged
    header = [ws.cell(row=5, column=c).value for c in range(1, 8)]
    assert header == ["TT", "Tên chỉ tiêu", "Đơn vị tính", "Mục tiêu", None, "Đơn vị chủ trì",
                      "Đơn vị phối hợp"]  # fmt: skip
    assert [ws["D6"].value, ws["E6"].value] == ["Năm 2025", "Năm 2030"]
    assert {"D5:E5", "A5:A6", "B5:B6", "C5:C6", "F5:F6", "G5:G6"} <= merged
    assert ws.print_title_rows == "$5:$6" and ws.freeze_panes == "A7"
    assert ws["D6"].font.b and ws["A5"].alignment.wrap_text

    # group rows: label in A, title merged across B..G, bold
    group_rows = [r for r in range(7, ws.max_row + 1) if ws.cell(row=r, column=1).value == "I"]
    assert len(group_rows) == 1
    r = group_rows[0]
    assert ws.cell(row=r, column=2).value == "PHÁT TRIỂN HẠ TẦNG"
    assert f"B{r}:G{r}" in merged and ws.cell(row=r, column=2).font.b
    labels = [ws.cell(row=r, column=1).value for r in range(7, ws.max_row + 1)]
    assert [x for x in labels if x in ("I", "II", "III", "IV", "V")] == [
        "I", "II", "III", "IV", "V"
    ]  # fmt: skip
    item = ws.cell(row=r + 1, column=2)
    assert item.value == "Tỉ lệ phủ sóng 5G trên địa bàn" and not item.font.b
    assert (ws.cell(row=r + 1, column=4).value, ws.cell(row=r + 1, column=5).value) == (
        "60%",
        "≥ 90",
    )

    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        body = sheet.cell(row=sheet.max_row, column=2)
        assert body.font.name == "Times New Roman" and body.font.sz == 12
        assert body.alignment.wrap_text and body.border.left.style == "thin"
        assert sheet["A1"].font.name == "Times New Roman" and sheet["A1"].font.sz == 13
        assert sheet.column_dimensions["B"].width >= 40

    wt = wb["Phụ lục II - Nhiệm vụ"]
    assert wt["A1"].value == "PHỤ LỤC II"
    assert [wt.cell(row=5, column=c).value for c in range(1, 7)] == [
        "TT",
        "Tên nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Kết quả/sản phẩm",
        "Thời gian hoàn thành",
    ]
    assert wt.print_title_rows == "$5:$5" and wt.freeze_panes == "A6"


def test_task_groups_are_merged_rows_and_only_sheets_with_rows_are_written(
    db: Database, tmp_path: Path
) -> None:
    plan_id = import_sample(db, "thanh-mien", "Thanh Miện")
    with db.begin() as s:
        for ind in s.scalars(select(Indicator).where(Indicator.plan_id == plan_id)):
            s.delete(ind)
    out = export_plan_xlsx(db, plan_id, tmp_path / "tasks-only.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Phụ lục I - Nhiệm vụ"]
    ws = wb.worksheets[0]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert ws["A6"].value == "1" and ws["A6"].data_type == "s"
    assert ws["B6"].value.startswith("Nâng cao nhận thức") and "B6:F6" in merged
    groups = [r for r in range(6, ws.max_row + 1) if f"B{r}:F{r}" in merged]
    assert [ws.cell(row=r, column=1).value for r in groups] == ["1", "2", "3", "4", "5"]
    assert all(ws.row_dimensions[r].height for r in groups)  # merged: height set


def test_empty_group_is_kept(db: Database, fresh_db: Any, tmp_path: Path) -> None:
    plan_id = import_sample(db, "thanh-mien", "Thanh Miện")
    with db.begin() as s:
        plan = s.get(Plan, plan_id)
        assert plan is not None
        second = plan.task_groups[1]
        for task in list(plan.tasks):
            if task.group_id == second.id:
                plan.tasks.remove(task)
    out = export_plan_xlsx(db, plan_id, tmp_path / "empty-group.xlsx")
    again = fresh_db("again")
    back = import_plan_file(again, out, commune="Thanh Miện").plan_id
    assert content(again, back)["groups"] == content(db, plan_id)["groups"]
    assert content(again, back)["tasks"] == content(db, plan_id)["tasks"]


# ------------------------------------------------------------------ errors


def test_unwritable_folder_gives_vietnamese_error_and_no_file(db: Database, tmp_path: Path) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError) as info:
        export_plan_xlsx(db, plan_id, blocker / "out.xlsx")
    assert VIETNAMESE.search(info.value.message) and "out.xlsx" in info.value.message
    assert info.value.message.count(".") <= 2  # one sentence (".xlsx" and the full stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "not-a-folder"]


@pytest.mark.skipif(
    os.name == "nt" or os.geteuid() == 0, reason="root (or Windows) ignores folder permissions"
)
def test_read_only_folder_gives_vietnamese_error(db: Database, tmp_path: Path) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError) as info:
            export_plan_xlsx(db, plan_id, folder / "out.xlsx")
        assert VIETNAMESE.search(info.value.message)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_folder_refusing_new_files_gives_vietnamese_error(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does for a non-root user (the test may run as root)."""
    import tempfile

    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    folder = tmp_path / "ro"
    folder.mkdir()

    def refuse(*_a: object, **_k: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as info:
        export_plan_xlsx(db, plan_id, folder / "out.xlsx")
    assert "không cho ghi" in info.value.message and VIETNAMESE.search(info.value.message)
    assert list(folder.iterdir()) == []


def test_file_open_in_excel_keeps_old_file_and_leaves_no_temporary(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "phu-luc.xlsx"
    target.write_bytes(b"old workbook")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as info:
        export_plan_xlsx(db, plan_id, target)
    assert "đang mở" in info.value.message
    assert [p.name for p in folder.iterdir()] == ["phu-luc.xlsx"]
    assert target.read_bytes() == b"old workbook"


def test_directory_target_unknown_plan_and_empty_plan(db: Database, tmp_path: Path) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(ExportError, match="thư mục"):
        export_plan_xlsx(db, plan_id, folder)
    with pytest.raises(NotFoundError):
        export_plan_xlsx(db, 999, tmp_path / "x.xlsx")
    with db.begin() as s:
        s.add(empty := Plan(number="", title="Trống", commune="Tam Chung"))
        s.flush()
        empty_id = empty.id
    with pytest.raises(ExportError, match="chưa có nhiệm vụ"):
        export_plan_xlsx(db, empty_id, tmp_path / "empty.xlsx")
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "empty.xlsx").exists()


def test_missing_suffix_is_added(db: Database, tmp_path: Path) -> None:
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    result = export_plan(db, plan_id, tmp_path / "phu-luc")
    assert result.xlsx == tmp_path / "phu-luc.xlsx" and result.xlsx.is_file()
    assert (result.tasks, result.indicators) == (6, 21)


# ------------------------------------------------------------------ command line


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_export(db_path: Path, tmp_path: Path) -> None:
    imported = run_cli("import", str(SAMPLES / "thanh-mien.xlsx"), "--db", str(db_path))
    assert imported.returncode == 0, imported.stderr
    plan_id = json.loads(imported.stdout)["plan_id"]
    out = tmp_path / "ra" / "phu-luc.xlsx"
    done = run_cli("export", str(plan_id), "--xlsx", str(out), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "plan_id": plan_id,
        "xlsx": str(out),
        "tasks": 31,
        "indicators": 31,
    }
    assert openpyxl.load_workbook(out).sheetnames == [
        "Phụ lục I - Chỉ tiêu",
        "Phụ lục II - Nhiệm vụ",
    ]

    missing = run_cli("export", "999", "--xlsx", str(out), "--db", str(db_path))
    assert missing.returncode == 1 and missing.stdout == ""
    assert len(missing.stderr.strip().splitlines()) == 1 and VIETNAMESE.search(missing.stderr)

    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = run_cli("export", str(plan_id), "--xlsx", str(blocker / "a.xlsx"), "--db", str(db_path))
    assert bad.returncode == 1 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "Không ghi được tệp" in bad.stderr


# ------------------------------------------------------------------ screen


def test_plans_screen_export_button(
    qtbot: Any, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.ops import DbOp
    from app.ui.pages.plans import PlansPage

    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    plan_id = import_sample(db, "tam-chung", "Tam Chung")
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    page = window.pages["Kế hoạch"]
    assert isinstance(page, PlansPage)
    page.refresh()
    page.table.selectRow(0)
    assert page.export_button.text() == "Xuất Excel…"

    out = tmp_path / "chon" / "phu-luc.xlsx"
    out.parent.mkdir()
    asked: list[str] = []

    def save_name(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(out), "Excel (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    page.export_button.click()
    assert asked == [f"phu-luc-ke-hoach-{plan_id}.xlsx"]
    assert out.is_file()
    assert openpyxl.load_workbook(out).sheetnames[0] == "Phụ lục I - Chỉ tiêu"
    assert str(out) in window.statusBar().currentMessage()

    # cancelling the dialog writes nothing
    out.unlink()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    page.export_button.click()
    assert not out.exists()
