"""The large-database generator: plans, their monthly reports, and the whole file."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.periods import ReportPeriod, month_period
from app.robustness.rows import _indicators, _progress, _results, _tasks
from app.robustness.words import _UNITS, _plan_sizes
from app.vntext import unit_key, unit_kind


@dataclass(frozen=True, slots=True)
class GenStats:
    plans: int
    tasks: int
    indicators: int
    reports: int
    progress: int
    results: int
    biggest_plan_id: int
    biggest_plan_tasks: int
    file_bytes: int


def generate_large_db(
    path: Path,
    *,
    plans: int = 200,
    tasks: int = 20_000,
    years: int = 10,
    first_year: int = 2016,
    indicators_per_plan: int = 10,
    progress_share: float = 0.35,
    seed: int = 57,
) -> GenStats:
    """Create a migrated database at *path* and fill it in bulk; *path* must not exist.

    Every plan has monthly reports over its whole span (the ten years for the
    biggest plans), every task a progress entry in about *progress_share* of
    the months, and every indicator a value each month.
    """
    from app.db import open_database

    if path.exists():
        raise FileExistsError(path)
    db = open_database(path, backup_before_migrate=False)
    db.close()
    rng = random.Random(seed)
    now = datetime(first_year + years - 1, 12, 20, 8, 0).isoformat(sep=" ")
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=OFF")
    try:
        with con:
            stats = _fill(
                con, rng, now, plans, tasks, years, first_year, indicators_per_plan, progress_share
            )
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("ANALYZE")
    finally:
        con.close()
    return GenStats(**{**stats, "file_bytes": path.stat().st_size})


def _insert_units(con: sqlite3.Connection, now: str) -> list[int]:
    unit_ids: list[int] = []
    for name in _UNITS:
        cur = con.execute(
            "INSERT INTO unit (name, key, short_name, aliases, kind, note, created_at, updated_at)"
            " VALUES (?, ?, '', '[]', ?, '', ?, ?)",
            (name, unit_key(name), unit_kind(name), now, now),
        )
        assert cur.lastrowid is not None
        unit_ids.append(cur.lastrowid)
    return unit_ids


def _insert_plan(con: sqlite3.Connection, now: str, p: int, plan_years: tuple[int, int]) -> int:
    cur = con.execute(
        "INSERT INTO plan (number, doc_type, title, commune, issue_place, issue_date,"
        " start_year, end_year, legal_bases, objectives, requirements, organisation,"
        " reporting_rule, recipients, signer_authority, signer_title, signer_name, status,"
        " source_file, created_at, updated_at) VALUES (?, 'KH', ?, 'Xã Tam Chung', '', ?,"
        " ?, ?, '[]', '', '', 'Báo cáo trước ngày 15 hằng tháng', '', '[]', '[]', '', '',"
        " 'issued', '', ?, ?)",
        (
            f"{p + 1}/KH-UBND",
            f"Kế hoạch chuyển đổi số số {p + 1} giai đoạn {plan_years[0]}-{plan_years[1]}",
            date(plan_years[0], 1, 15).isoformat(),
            plan_years[0],
            plan_years[1],
            now,
            now,
        ),
    )
    plan_id = cur.lastrowid
    assert plan_id is not None
    return plan_id


def _insert_reports(
    con: sqlite3.Connection, now: str, plan_id: int, window: list[ReportPeriod]
) -> None:
    con.executemany(
        "INSERT INTO report (plan_id, period_key, kind, period_start, period_end, title,"
        " number, issue_date, revision, status, locked_at, kinh_gui, results, shortcomings,"
        " next_tasks, proposals, created_at, updated_at) VALUES (?, ?, 'monthly', ?, ?, ?,"
        " '', NULL, 1, ?, NULL, '[]', '', '', '', '', ?, ?)",
        [
            (
                plan_id,
                m.key,
                m.start.isoformat(),
                m.end.isoformat(),
                f"Kết quả thực hiện {m.label_vi}",
                "locked" if i < len(window) - 1 else "draft",
                now,
                now,
            )
            for i, m in enumerate(window)
        ],
    )


def _fill(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    plans: int,
    tasks: int,
    years: int,
    first_year: int,
    indicators_per_plan: int,
    progress_share: float,
) -> dict[str, int]:
    unit_ids = _insert_units(con, now)
    months = [month_period(first_year + m // 12, m % 12 + 1) for m in range(years * 12)]
    sizes = _plan_sizes(plans, tasks, rng)
    counts = dict.fromkeys(("tasks", "indicators", "reports", "progress", "results"), 0)
    biggest = (0, 0)
    for p, size in enumerate(sizes):
        span = years if p < max(1, plans // 5) else rng.randint(2, years)
        start = rng.randint(0, years - span)
        plan_years = (first_year + start, first_year + start + span - 1)
        plan_id = _insert_plan(con, now, p, plan_years)
        if size > biggest[1]:
            biggest = (plan_id, size)
        task_ids = _tasks(con, rng, now, plan_id, size, plan_years, unit_ids)
        ind_ids = _indicators(con, rng, now, plan_id, indicators_per_plan, plan_years, unit_ids)
        window = [m for m in months if plan_years[0] <= m.year <= plan_years[1]]
        _insert_reports(con, now, plan_id, window)
        counts["reports"] += len(window)
        counts["tasks"] += len(task_ids)
        counts["indicators"] += len(ind_ids)
        counts["progress"] += _progress(con, rng, now, task_ids, window, progress_share)
        counts["results"] += _results(con, rng, now, ind_ids, window)
    return {
        "plans": len(sizes),
        **counts,
        "biggest_plan_id": biggest[0],
        "biggest_plan_tasks": biggest[1],
    }


def stats_dict(stats: GenStats) -> dict[str, int]:
    return {k: getattr(stats, k) for k in GenStats.__slots__}
