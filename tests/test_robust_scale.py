"""Issue 8 — scale smoke test: the generator and the screens on a small generated database.

No timings are asserted here (``bench/scale.py`` measures them on the full
size); this checks that the generator writes what it says, that the screens
open, search and sort on generated data, and that the SQL choosing each
task's latest progress entry agrees with the plain Python rule.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.db import Database, open_database
from app.models import TaskProgress
from app.robustness import GenStats, generate_large_db
from app.services.progress_entry import _latest_progress


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenStats]:
    path = tmp_path_factory.mktemp("scale") / "kh57.sqlite3"
    stats = generate_large_db(path, plans=6, tasks=400, years=3, first_year=2023)
    return path, stats


@pytest.fixture
def db(generated: tuple[Path, GenStats]) -> Iterator[Database]:
    database = open_database(generated[0], backup_before_migrate=False)
    yield database
    database.close()


def test_generator_writes_what_it_reports(generated: tuple[Path, GenStats]) -> None:
    path, stats = generated
    con = sqlite3.connect(path)
    try:
        count = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("plan", "task", "indicator", "report", "task_progress", "indicator_result")
        }
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        biggest = con.execute(
            "SELECT plan_id, count(*) FROM task GROUP BY plan_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert count == {
        "plan": stats.plans,
        "task": stats.tasks,
        "indicator": stats.indicators,
        "report": stats.reports,
        "task_progress": stats.progress,
        "indicator_result": stats.results,
    }
    assert (stats.plans, stats.tasks) == (6, 400)
    assert biggest == (stats.biggest_plan_id, stats.biggest_plan_tasks)


def test_generator_refuses_to_overwrite(generated: tuple[Path, GenStats]) -> None:
    with pytest.raises(FileExistsError):
        generate_large_db(generated[0], plans=1, tasks=1)


def _naive_latest(db: Database, plan_id: int, end: date) -> dict[int, int]:
    from sqlalchemy import select

    from app.models import Task

    with db.read() as s:
        rows = s.scalars(
            select(TaskProgress)
            .join(Task, Task.id == TaskProgress.task_id)
            .where(Task.plan_id == plan_id, TaskProgress.period_end <= end)
            .order_by(TaskProgress.period_end, TaskProgress.updated_at, TaskProgress.id)
        )
        return {r.task_id: r.id for r in rows}


@pytest.mark.parametrize(
    "end", [date(2023, 1, 1), date(2023, 6, 14), date(2024, 12, 31), date(2030, 1, 1)]
)
def test_latest_progress_in_sql_agrees_with_the_plain_rule(
    db: Database, generated: tuple[Path, GenStats], end: date
) -> None:
    plan_id = generated[1].biggest_plan_id
    with db.read() as s:
        got = {task: row.id for task, row in _latest_progress(s, plan_id, end).items()}
    assert got == _naive_latest(db, plan_id, end)


def test_latest_progress_breaks_period_end_ties_by_last_update(db: Database) -> None:
    """A monthly and a quarterly entry can share a cut-off: the later-updated one wins."""
    from datetime import datetime

    from sqlalchemy import select

    from app.models import Task

    with db.begin() as s:
        task = s.scalars(select(Task).order_by(Task.id)).first()
        assert task is not None
        task_id, plan_id = task.id, task.plan_id
        for key, stamp in (("2031-Q3", datetime(2031, 9, 20)), ("2031-09", datetime(2031, 9, 10))):
            s.add(
                TaskProgress(
                    task_id=task_id,
                    period_key=key,
                    period_end=date(2031, 9, 14),
                    status_code="in_progress",
                    updated_at=stamp,
                    created_at=stamp,
                )
            )
    with db.read() as s:
        latest = _latest_progress(s, plan_id, date(2031, 12, 31))
    assert latest[task_id].period_key == "2031-Q3"
    assert {k: v.id for k, v in latest.items()} == _naive_latest(db, plan_id, date(2031, 12, 31))


def test_screens_open_search_and_sort_generated_data(
    qtbot: Any, db: Database, generated: tuple[Path, GenStats]
) -> None:
    from PySide6.QtCore import Qt

    from app.ui.context import AppContext
    from app.ui.ops import DbOp
    from app.ui.pages.dashboard import DashboardPage
    from app.ui.pages.tasks import TasksPage
    from app.vntext import fold

    DbOp.inline = True
    try:
        ctx = AppContext(db)
        ctx.select_plan(generated[1].biggest_plan_id)
        page = TasksPage(ctx)
        qtbot.addWidget(page)
        assert len(page.model.data_set.lines) == generated[1].biggest_plan_tasks
        page.search.setText("van hoa")
        page.search.flush()
        shown = [
            page.model.line_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
            for r in range(page.proxy.rowCount())
        ]
        tasks = [ln for ln in shown if ln is not None]
        assert tasks, "the generated names include “văn hóa”"
        assert all("van" in ln.haystack and "hoa" in ln.haystack for ln in tasks)
        assert len(tasks) < generated[1].biggest_plan_tasks
        page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        names = [fold(page.proxy.index(r, 1).data() or "") for r in range(page.proxy.rowCount())]
        assert len(names) == len(tasks)
        dash = DashboardPage(ctx)
        qtbot.addWidget(dash)
        assert dash.data.plan_id == generated[1].biggest_plan_id
        assert sum(dash.data.by_status.values()) == generated[1].biggest_plan_tasks
    finally:
        DbOp.inline = False
