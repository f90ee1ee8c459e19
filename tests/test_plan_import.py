"""Plan import service and the command-line contract, on the real sample workbooks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.db import Database
from app.models import Plan, Task, Unit
from app.services.plan_import import import_plan_file, preview_import
from app.services.plans import list_indicators, list_plans, list_tasks

SAMPLES = Path(__file__).parent / "data" / "samples"

N = lambda s: unicodedata.normalize("NFC", s) if isinstance(s, str) else s  # noqa: E731


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("name", "commune"), [("tam-chung", "Tam Chung"), ("thanh-mien", "Thanh Miện")]
)
def test_sample_imports_to_exact_content(db: Database, name: str, commune: str) -> None:
    result = import_plan_file(db, SAMPLES / f"{name}.xlsx", commune=commune)
    want = expected(name)
    assert result.tasks == len(want["tasks"]) and result.indicators == len(want["indicators"])
    tasks = list_tasks(db, result.plan_id)
    assert [
        (t.number, t.group, t.name, t.lead, t.cooperating, t.result, t.deadline) for t in tasks
    ] == [
        tuple(
            N(t[k])
            for k in ("number", "group", "name", "lead", "cooperating", "result", "deadline")
        )
        for t in want["tasks"]
    ]
    inds = list_indicators(db, result.plan_id)
    assert [(i.code, i.group, i.name, i.unit, i.lead, i.cooperating) for i in inds] == [
        tuple(N(i[k]) for k in ("code", "group", "name", "unit", "lead", "cooperating"))
        for i in want["indicators"]
    ]
    for got, exp in zip(inds, want["indicators"], strict=True):
        assert {y: t.text for y, t in got.targets.items()} == {
            y: N(v) for y, v in exp["targets"].items()
        }
    [plan] = list_plans(db)
    assert plan.commune == commune


def test_targets_and_deadlines_are_parsed(db: Database) -> None:
    result = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    inds = {i.code: i for i in list_indicators(db, result.plan_id)}
    assert (inds["1.1"].targets["2030"].op, inds["1.1"].targets["2030"].value) == (">=", 80.0)
    assert (inds["1.2"].targets["2030"].op, inds["1.2"].targets["2030"].value) == ("=", 90.0)
    tasks = list_tasks(db, result.plan_id)
    kinds = {t.deadline: (t.deadline_kind, t.due) for t in tasks}
    assert kinds["Tháng 7/2025"] == ("once", "2025-07-31")
    assert kinds["Hàng năm"][0] == "yearly"
    assert kinds["2025-2026"] == ("once", "2026-12-31")


def test_units_written_many_ways_become_one(db: Database) -> None:
    import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    with db.read() as s:
        units = {u.key: u for u in s.scalars(select(Unit))}
    vhxh = [u for u in units.values() if u.key == "pvhxh"]
    assert len(vhxh) == 1
    names = {vhxh[0].name, *vhxh[0].aliases}
    assert "Phòng VH-XH" in names and "Phòng Văn hoá - Xã hội" in names


def test_reimport_updates_the_same_plan_and_reports_changes(db: Database, tmp_path: Path) -> None:
    src = tmp_path / "tam-chung.xlsx"
    shutil.copyfile(SAMPLES / "tam-chung.xlsx", src)
    first = import_plan_file(db, src, commune="Tam Chung")
    task_ids = [t.id for t in list_tasks(db, first.plan_id)]
    wb = openpyxl.load_workbook(src)
    ws = wb["Phụ lục II - Nhiệm vụ"]
    ws.cell(row=6, column=6).value = "Tháng 8/2025"  # task 1's deadline changes
    wb.save(src)
    preview = preview_import(db, src, commune="Tam Chung")
    assert preview.existing_plan_id == first.plan_id
    assert any(c.startswith("Sửa nhiệm vụ 1:") for c in preview.changes)
    second = import_plan_file(db, src, commune="Tam Chung")
    assert second.updated and second.plan_id == first.plan_id
    assert [t.id for t in list_tasks(db, first.plan_id)] == task_ids  # progress stays linked
    assert list_tasks(db, first.plan_id)[0].deadline == "Tháng 8/2025"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1
        assert s.scalar(select(func.count()).select_from(Task)) == len(task_ids)


def test_preview_writes_nothing(db: Database) -> None:
    preview = preview_import(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    assert preview.tasks == 31 and preview.existing_plan_id is None
    assert any(not u.known for u in preview.units)
    assert list_plans(db) == []


def test_bad_file_writes_nothing(db: Database, tmp_path: Path) -> None:
    from app.errors import ImportFormatError

    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFormatError) as info:
        import_plan_file(db, bad)
    assert info.value.message and "." in info.value.message
    assert list_plans(db) == []


def test_cli_contract(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    empty = run_cli("--db", str(db), "plans")
    assert empty.returncode == 0 and json.loads(empty.stdout) == []
    deadline = run_cli("parse-deadline", "Quý II/năm 2025")
    assert json.loads(deadline.stdout) == {
        "text": "Quý II/năm 2025",
        "kind": "once",
        "due": "2025-06-30",
        "start": "2025-04-01",
    }
    imported = run_cli(
        "import", str(SAMPLES / "tam-chung.xlsx"), "--commune", "Tam Chung", "--db", str(db)
    )
    assert imported.returncode == 0, imported.stderr
    out = json.loads(imported.stdout)
    assert set(out) >= {"plan_id", "indicators", "tasks", "warnings"}
    plans = json.loads(run_cli("plans", "--db", str(db)).stdout)
    assert plans == [
        {
            "id": out["plan_id"],
            "number": "",
            "title": plans[0]["title"],
            "commune": "Tam Chung",
            "tasks": 6,
            "indicators": out["indicators"],
        }
    ]
    tasks = json.loads(run_cli("tasks", str(out["plan_id"]), "--db", str(db)).stdout)
    assert set(tasks[0]) == {
        "id",
        "number",
        "group",
        "group_title",
        "name",
        "lead",
        "cooperating",
        "result",
        "deadline",
        "deadline_kind",
        "due",
        "status",
    }
    assert tasks[0]["lead"] == "Phòng VH-XH" and tasks[0]["deadline"] == "Tháng 7/2025"
    inds = json.loads(run_cli("indicators", str(out["plan_id"]), "--db", str(db)).stdout)
    assert set(inds[0]) == {"id", "code", "group", "name", "unit", "lead", "cooperating", "targets"}
    assert inds[0]["targets"]["2025"] == {"text": "60%", "op": "=", "value": 60.0}
    missing = run_cli("tasks", "999", "--db", str(db))
    assert missing.returncode == 1 and "kế hoạch" in missing.stderr and missing.stdout == ""
    usage = run_cli("tasks", "--db", str(db))
    assert usage.returncode == 2
    where = json.loads(run_cli("where", "--db", str(db)).stdout)
    assert where["database"] == str(db)


def test_plan_years_come_from_targets_and_deadlines(db: Database) -> None:
    from app.services.plan_info import get_plan_info

    plan_id = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    info = get_plan_info(db, plan_id)
    assert (info.start_year, info.end_year) == (2025, 2030)
