"""The bulk-insert write path of the plan import: what the ORM would store, on a real database."""

from __future__ import annotations

import dataclasses
import shutil
import unicodedata
from pathlib import Path

import openpyxl
from sqlalchemy import select, text

from app.db import Database
from app.importing import ParsedPlan, read_plan_file
from app.models import Indicator, IndicatorUnit, Plan, Task, TaskUnit, Unit
from app.services.plan_import import _parse_deadlines, import_plan_file
from app.services.plan_import_write import write_plan_rows
from app.services.plans import list_tasks
from app.vntext import split_units, unit_key

SAMPLES = Path(__file__).parent / "data" / "samples"
TEXT_TABLES = ("task", "task_group", "indicator", "indicator_group", "indicator_target", "unit")


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def decomposed(parsed: ParsedPlan) -> ParsedPlan:
    """The same plan with every text of its tasks and indicators in NFD."""

    def each(row: object) -> object:
        changes = {
            f.name: nfd(v)
            for f in dataclasses.fields(row)  # type: ignore[arg-type]
            if isinstance(v := getattr(row, f.name), str) and f.name != "deadline"
        }
        if hasattr(row, "targets"):
            changes["targets"] = {y: nfd(t) for y, t in row.targets.items()}  # type: ignore[attr-defined]
        return dataclasses.replace(row, **changes)  # type: ignore[type-var]

    tasks = tuple(each(t) for t in parsed.tasks)
    indicators = tuple(each(i) for i in parsed.indicators)
    return dataclasses.replace(parsed, tasks=tasks, indicators=indicators)  # type: ignore[arg-type]


def test_bulk_written_rows_are_nfc_and_stamped(db: Database) -> None:
    parsed = decomposed(read_plan_file(SAMPLES / "thanh-mien.xlsx"))
    assert parsed.tasks[0].name != unicodedata.normalize("NFC", parsed.tasks[0].name)
    with db.begin() as s:
        plan = Plan(title="Thử", commune="Thanh Miện")
        s.add(plan)
        write_plan_rows(s, plan, parsed, _parse_deadlines(parsed), {})
    with db.engine.connect() as c:
        for table in TEXT_TABLES:
            for row in c.execute(text(f"SELECT * FROM {table}")).mappings():
                for key, value in row.items():
                    if isinstance(value, str):
                        assert unicodedata.is_normalized("NFC", value), (table, key, value)
        for table in ("task", "indicator"):
            missing = c.execute(
                text(f"SELECT count(*) FROM {table} WHERE created_at IS NULL OR updated_at IS NULL")
            ).scalar()
            assert missing == 0
        assert c.execute(text("SELECT count(*) FROM task")).scalar() == len(parsed.tasks)


def test_every_row_links_the_units_its_cells_name(db: Database) -> None:
    result = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    with db.read() as s:
        keys = {u.id: u.key for u in s.scalars(select(Unit))}
        for model, link, fk in (
            (Task, TaskUnit, "task_id"),
            (Indicator, IndicatorUnit, "indicator_id"),
        ):
            links: dict[int, set[tuple[str, str]]] = {}
            for row in s.scalars(select(link)):
                links.setdefault(getattr(row, fk), set()).add((keys[row.unit_id], row.role))
            rows = s.scalars(select(model).where(model.plan_id == result.plan_id)).all()
            assert rows
            for row in rows:
                lead = {unit_key(n) for n in split_units(row.lead_text)} - {""}
                coop = {unit_key(n) for n in split_units(row.cooperating_text)} - {""} - lead
                want = {(k, "lead") for k in lead} | {(k, "cooperating") for k in coop}
                assert links.get(row.id, set()) == want, row.number if model is Task else row.code


def test_reimport_keeps_matched_ids_and_inserts_new_rows_in_file_order(
    db: Database, tmp_path: Path
) -> None:
    src = tmp_path / "tam-chung.xlsx"
    shutil.copyfile(SAMPLES / "tam-chung.xlsx", src)
    first = import_plan_file(db, src, commune="Tam Chung")
    before = {t.number: t.id for t in list_tasks(db, first.plan_id)}
    wb = openpyxl.load_workbook(src)
    ws = wb["Phụ lục II - Nhiệm vụ"]
    ws.insert_rows(7)  # a new task between tasks 1 and 2
    for col, value in enumerate(
        ("1a", "Lắp đặt wifi công cộng", "Công an xã", "Trạm Y tế xã", "Wifi", "Quý IV/2025"),
        start=1,
    ):
        ws.cell(row=7, column=col).value = value
    ws.delete_rows(8)  # task 2 goes (moved down to row 8 by the insert)
    wb.save(src)
    second = import_plan_file(db, src, commune="Tam Chung")
    tasks = list_tasks(db, first.plan_id)
    numbers = [t.number for t in tasks]
    assert numbers == ["1", "1a", *[n for n in before if n not in ("1", "2")]]
    assert {t.number: t.id for t in tasks if t.number != "1a"} == {
        n: i for n, i in before.items() if n != "2"
    }
    new = next(t for t in tasks if t.number == "1a")
    assert new.id not in before.values() and new.deadline_kind == "once"
    assert any(c.startswith("Thêm nhiệm vụ 1a") for c in second.changes)
    assert any(c.startswith("Bỏ nhiệm vụ 2") for c in second.changes)
    with db.read() as s:
        roles = {
            (s.get(Unit, link.unit_id).name, link.role)  # type: ignore[union-attr]
            for link in s.scalars(select(TaskUnit).where(TaskUnit.task_id == new.id))
        }
    assert roles == {("Công an xã", "lead"), ("Trạm Y tế xã", "cooperating")}
