"""A new plan: blank, or a copy of an earlier plan (service and the Kế hoạch screen)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFoundError, ValidationError
from app.models import Indicator, Plan, Task
from app.models.reporting import IndicatorResult, Report, TaskProgress
from app.services.plan_copy import copy_plan, create_blank_plan
from app.services.plan_import import import_plan_file
from app.services.plan_info import PlanInfo, get_plan_info, update_plan_info
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.plans import PlansPage
from app.ui.plan_dialog import PlanDialog

SAMPLES = Path(__file__).parent / "data" / "samples"


def _load(s: Session, plan_id: int) -> Plan:
    plan = s.scalars(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.task_groups),
            selectinload(Plan.indicator_groups),
            selectinload(Plan.tasks).selectinload(Task.unit_links),
            selectinload(Plan.tasks).selectinload(Task.group),
            selectinload(Plan.indicators).selectinload(Indicator.targets),
            selectinload(Plan.indicators).selectinload(Indicator.unit_links),
            selectinload(Plan.indicators).selectinload(Indicator.group),
        )
    ).one()
    return plan


def _content(plan: Plan) -> dict[str, Any]:
    return {
        "task_groups": [(g.position, g.label, g.title) for g in plan.task_groups],
        "indicator_groups": [(g.position, g.label, g.title) for g in plan.indicator_groups],
        "tasks": [
            (
                t.position,
                t.group.label if t.group else None,
                t.number,
                t.name,
                t.name_folded,
                t.lead_text,
                t.cooperating_text,
                t.result_text,
                t.deadline_text,
                t.deadline_kind,
                t.deadline_start,
                t.deadline_due,
                sorted((link.unit_id, link.role) for link in t.unit_links),
            )
            for t in plan.tasks
        ],
        "indicators": [
            (
                i.position,
                i.group.label if i.group else None,
                i.code,
                i.name,
                i.unit_of_measure,
                i.lead_text,
                i.cooperating_text,
                i.catalogue_code,
                i.catalogue_manual,
                [(t.year, t.text, t.op, t.value) for t in i.targets],
                sorted((link.unit_id, link.role) for link in i.unit_links),
            )
            for i in plan.indicators
        ],
    }


@pytest.fixture
def source(db: Any) -> int:
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    with db.begin() as s:
        plan = _load(s, plan_id)
        plan.legal_bases = ["Nghị quyết số 57-NQ/TW"]
        plan.issue_date = date(2025, 2, 5)
        plan.status = "issued"
        first_task, first_ind = plan.tasks[0], plan.indicators[0]
        first_task.condition_arrived = True
        first_ind.catalogue_code, first_ind.catalogue_manual = None, True  # officer's "no link"
        end = date(2025, 6, 30)
        s.add(TaskProgress(task_id=first_task.id, period_key="2025-Q2", period_end=end))
        s.add(
            IndicatorResult(
                indicator_id=first_ind.id, period_key="2025-Q2", period_end=end, actual_text="50"
            )
        )
        s.add(
            Report(
                plan_id=plan_id,
                period_key="2025-Q2",
                kind="quarterly",
                period_start=date(2025, 4, 1),
                period_end=end,
            )
        )
    return plan_id


def test_copy_takes_the_appendices_and_nothing_of_carrying_them_out(db: Any, source: int) -> None:
    new_id = copy_plan(db, source, title="  Kế hoạch năm 2026 ", number="20/KH-UBND")
    assert new_id != source
    with db.read() as s:
        old, new = _load(s, source), _load(s, new_id)
        assert old.tasks and old.indicators and old.indicator_groups
        assert any(t.unit_links for t in old.tasks)
        assert any(i.catalogue_code for i in old.indicators)
        assert _content(new) == _content(old)
        # new rows, not shared ones
        assert not {t.id for t in new.tasks} & {t.id for t in old.tasks}
        assert {g.plan_id for g in new.indicator_groups} == {new_id}
        assert all(t.group is None or t.group.plan_id == new_id for t in new.tasks)
        assert all(i.group is None or i.group.plan_id == new_id for i in new.indicators)
        assert (new.title, new.number) == ("Kế hoạch năm 2026", "20/KH-UBND")
        assert (new.commune, new.legal_bases) == ("Tam Chung", ["Nghị quyết số 57-NQ/TW"])
        assert (new.start_year, new.end_year) == (old.start_year, old.end_year)
        assert (new.status, new.issue_date, new.source_file) == ("draft", None, "")
        assert not any(t.condition_arrived for t in new.tasks)
        new_tasks = [t.id for t in new.tasks]
        new_inds = [i.id for i in new.indicators]
        count = func.count()
        assert s.scalar(select(count).where(TaskProgress.task_id.in_(new_tasks))) == 0
        assert s.scalar(select(count).where(IndicatorResult.indicator_id.in_(new_inds))) == 0
        assert s.scalar(select(count).where(Report.plan_id == new_id)) == 0
        # the source keeps its own
        assert s.scalar(select(count).select_from(TaskProgress)) == 1
        assert s.scalar(select(count).where(Report.plan_id == source)) == 1


def test_copy_keeps_task_groups(db: Any) -> None:
    source = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    new_id = copy_plan(db, source, title="Bản sao", number="")
    with db.read() as s:
        old, new = _load(s, source), _load(s, new_id)
        assert old.task_groups and any(t.group for t in old.tasks)
        assert _content(new) == _content(old)
        assert all(t.group is None or t.group.plan_id == new_id for t in new.tasks)


def test_copy_with_the_officers_header(db: Any, source: int) -> None:
    info = PlanInfo(number="21/KH", title="Kế hoạch mới", commune="Tam Chung", start_year=2026)
    new_id = copy_plan(db, source, title=info.title, number=info.number, info=info)
    got = get_plan_info(db, new_id)
    assert (got.number, got.title, got.start_year, got.legal_bases) == (
        "21/KH",
        "Kế hoạch mới",
        2026,
        [],
    )


def test_copy_refuses_without_a_title_or_a_source(db: Any, source: int) -> None:
    with pytest.raises(ValidationError):
        copy_plan(db, source, title="  ", number="1/KH")
    with pytest.raises(NotFoundError):
        copy_plan(db, 9999, title="Kế hoạch", number="1/KH")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1


def test_copy_is_one_transaction(db: Any, source: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.plan_copy as plan_copy

    def broken(*_a: object, **_k: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setattr(plan_copy, "IndicatorTarget", broken)
    with pytest.raises(RuntimeError):
        copy_plan(db, source, title="Kế hoạch", number="1/KH")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1
        assert s.scalar(select(func.count()).select_from(Task).where(Task.plan_id != source)) == 0


def test_blank_plan(db: Any) -> None:
    plan_id = create_blank_plan(db, PlanInfo(number=" 3/KH ", title="Kế hoạch trống"))
    got = get_plan_info(db, plan_id)
    assert (got.number, got.title, got.status) == ("3/KH", "Kế hoạch trống", "draft")
    with pytest.raises(ValidationError):
        create_blank_plan(db, PlanInfo(number="", title=""))
    update_plan_info(db, plan_id, got)  # an ordinary plan afterwards


# ------------------------------------------------------------------ the Kế hoạch screen


@pytest.fixture
def page(qtbot: Any, db: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlansPage]:
    monkeypatch.setattr(DbOp, "inline", True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    widget = PlansPage(AppContext(db))
    qtbot.addWidget(widget)
    yield widget
    assert shown == []


def _answer_plan_dialog(monkeypatch: pytest.MonkeyPatch, number: str, title: str) -> list[PlanInfo]:
    seen: list[PlanInfo] = []

    def fake_exec(dialog: PlanDialog) -> int:
        seen.append(dialog.collect())
        dialog.number.setText(number)
        dialog.title_edit.setPlainText(title)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PlanDialog, "exec", fake_exec)
    return seen


def test_new_blank_plan_from_the_screen(page: PlansPage, db: Any, monkeypatch) -> None:
    asked = _answer_plan_dialog(monkeypatch, "5/KH-UBND", "Kế hoạch chuyển đổi số 2026")
    assert page.new_button.text() == "Kế hoạch mới…"
    page.new_blank_action.trigger()
    assert asked and asked[0].title == ""
    [row] = page.model.rows
    assert (row.number, row.title, row.tasks) == ("5/KH-UBND", "Kế hoạch chuyển đổi số 2026", 0)
    assert page.ctx.current_plan_id == row.id


def test_copy_from_an_earlier_plan_from_the_screen(
    page: PlansPage, db: Any, source: int, monkeypatch
) -> None:
    page.refresh()
    choices: list[list[str]] = []

    def pick(
        _parent: object, _title: str, _label: str, items: list[str], *_a: object, **_k: object
    ):
        choices.append(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    asked = _answer_plan_dialog(monkeypatch, "6/KH-UBND", "Kế hoạch năm 2026")
    page.copy_action.trigger()
    assert len(choices[0]) == 1
    assert asked[0].commune == "Tam Chung" and asked[0].number == ""
    rows = {r.title: r for r in page.model.rows}
    new, old = rows["Kế hoạch năm 2026"], next(r for r in page.model.rows if r.id == source)
    assert (new.number, new.tasks, new.indicators) == ("6/KH-UBND", old.tasks, old.indicators)
    assert page.ctx.current_plan_id == new.id


def test_copy_with_no_plan_yet_says_so(page: PlansPage, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, _t, text, *a, **k: said.append(text) or 0
    )
    page.copy_action.trigger()
    assert said and "Chưa có kế hoạch" in said[0]
