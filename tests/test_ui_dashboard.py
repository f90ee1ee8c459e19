"""Tổng quan offscreen: reports due, overdue tasks, and the jump to Báo cáo."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.periods import period_containing
from app.services.plan_import import import_plan_file
from app.services.plans import list_plans
from app.services.progress_entry import ProgressInput, record_progress, task_statuses
from app.services.reports import compile_report
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.dashboard import DashboardPage, load_dashboard
from qt_support import settings_in

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)


@pytest.fixture
def plan_id(db: Any) -> int:
    return import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id


def test_dashboard_lists_due_reports_and_overdue_tasks(qtbot, db, plan_id) -> None:
    today = date.today()
    month = period_containing("monthly", today)
    compile_report(db, plan_id=plan_id, period_key=month.key)
    page = DashboardPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1000, 650)
    page.show()
    due = page.due_model.rows
    assert [d.kind for d in due] == ["monthly"]
    cells = [page.due_model.index(0, c).data() for c in range(6)]
    assert cells[1:4] == ["Báo cáo tháng", month.label_vi, month.end.strftime("%d/%m/%Y")]
    days = (month.end - today).days
    assert cells[4] == (f"còn {days} ngày" if days > 0 else "hạn cuối hôm nay")
    assert cells[5] == "Đã tổng hợp"
    overdue = [
        t
        for t in task_statuses(db, plan_id, month.key)
        if t.official_code.endswith("_late") and t.due is not None and t.due < today
    ]
    assert page.data.overdue == len(overdue) > 0
    assert f"Nhiệm vụ quá hạn: <span style='color:#b3261e'><b>{len(overdue)}</b>" in (
        page.tiles.text()
    )
    assert {r.number for r in page.watch_model.rows} >= {t.number for t in overdue}
    groups = page.data.task_groups
    assert sum(sum(g.counts.values()) for g in groups) == 31 and len(groups) > 1
    assert page.task_chart.rows == groups
    # 31 rows, of which "1" and "11" are headings over their sub-indicators
    assert sum(sum(g.counts.values()) for g in page.data.indicator_groups) == 29
    coming = page.data.coming
    assert all(today <= d.day <= today + timedelta(days=60) for d in coming)
    assert [d.day for d in coming] == sorted(d.day for d in coming)
    if month.end >= today:  # the monthly report (compiled, not sent) is among them
        assert any(d.what == "Báo cáo" and month.label_vi.lower() in d.text for d in coming)
    assert page.coming_model.rowCount() == len(coming)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.resize(1200, 820)
    assert page.grab().save(str(SHOTS / "dashboard.png"))


def test_counts_follow_progress_and_tasks_due_soon(db, plan_id) -> None:
    today = date(2025, 8, 10)
    before = load_dashboard(db, plan_id, today)
    assert before.plan_id == plan_id
    soon = {t.number for t in before.watch if t.due and t.due >= today}
    assert "1.1" in soon  # due 31/08/2025
    assert before.soon == len(soon)
    task = next(t for t in before.watch if t.number == "1.1")
    done = ProgressInput("Hoàn thành", completed_on=today - timedelta(days=1))
    record_progress(db, task_id=task.task_id, period_key="2025-08", data=done)
    after = load_dashboard(db, plan_id, today)
    assert "1.1" not in {t.number for t in after.watch}
    assert after.by_status["done_on_time"] == before.by_status["done_on_time"] + 1
    assert sum(after.by_status.values()) == 31
    assert after.indicators[0] == 29  # headings "1" and "11" are not indicators
    done = {g.label: g.counts["done"] for g in after.task_groups}
    assert sum(done.values()) == sum(g.counts["done"] for g in before.task_groups) + 1
    assert any(d.what == "Nhiệm vụ" and d.text.startswith("1.1. ") for d in before.coming)
    assert not any(d.what == "Nhiệm vụ" and d.text.startswith("1.1. ") for d in after.coming)
    reports = [d for d in after.coming if d.what == "Báo cáo"]
    assert [d.day for d in reports] == [date(2025, 8, 14), date(2025, 9, 14)]  # cut-off days


def test_clicking_a_due_report_opens_it_in_reports(qtbot, db, plan_id) -> None:
    from app.ui.main_window import MainWindow

    other = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.on_navigate("Tổng quan")
    page = window.pages["Tổng quan"]
    assert isinstance(page, DashboardPage)
    row = next(i for i, d in enumerate(page.due_model.rows) if d.plan_id == other)
    page.on_due_table_clicked(page.due_model.index(row, 0))
    assert ctx.current_plan_id == other
    assert window.nav.currentRow() == [t for t, _ in window_screens()].index("Báo cáo")
    reports = window.pages["Báo cáo"]
    month = period_containing("monthly", date.today())
    assert reports.plan_id() == other  # type: ignore[attr-defined]
    assert reports.period_key() == month.key  # type: ignore[attr-defined]
    assert reports.kind() == "monthly"  # type: ignore[attr-defined]
    assert window.grab().save(str(SHOTS / "main-reports.png"))


def window_screens() -> tuple[tuple[str, str], ...]:
    from app.ui.main_window import SCREENS

    return SCREENS


def test_dashboard_shows_the_first_plan_when_none_or_an_unknown_one_is_chosen(db) -> None:
    assert load_dashboard(db, None, date(2025, 8, 10)).plan_id is None  # no plans yet
    first = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    second = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    today = date(2025, 8, 10)
    chosen = load_dashboard(db, second, today)
    assert chosen.plan_id == second
    for plan_id in (None, 10**6):
        data = load_dashboard(db, plan_id, today)
        assert data.plan_id == first
        assert data.plan_title == load_dashboard(db, first, today).plan_title
        assert data.plan_title.startswith(next(p for p in list_plans(db) if p.id == first).number)
