"""Bulk rows of one plan: tasks, indicators, progress entries and indicator results."""

from __future__ import annotations

import random
import sqlite3

from app.periods import ReportPeriod
from app.robustness.words import _DEADLINES, _OBJECTS, _STATUSES, _UNITS, _due, _task_name
from app.vntext import fold

_TaskRow = tuple[object, ...]


def _task_groups(
    con: sqlite3.Connection, rng: random.Random, plan_id: int, size: int
) -> list[int | None]:
    groups = []
    for g in range(max(1, min(8, size // 25))):
        cur = con.execute(
            "INSERT INTO task_group (plan_id, position, label, title) VALUES (?, ?, ?, ?)",
            (
                plan_id,
                g,
                "IVX"[g % 3] * (g // 3 + 1),
                f"Nhóm nhiệm vụ {g + 1}: {rng.choice(_OBJECTS)}",
            ),
        )
        groups.append(cur.lastrowid)
    return groups


def _task_row(
    rng: random.Random,
    now: str,
    plan_id: int,
    group: int | None,
    i: int,
    plan_years: tuple[int, int],
) -> tuple[_TaskRow, int]:
    """One task's row and the index of its lead unit."""
    name = _task_name(rng)
    lead = rng.randrange(len(_UNITS))
    coop = rng.sample(range(len(_UNITS)), 2)
    text, kind = rng.choice(_DEADLINES)
    text = text.format(y=rng.randint(*plan_years))
    year = int(text[-4:]) if text[-4:].isdigit() else plan_years[0]
    start, due = _due(kind, text, year)
    row = (
        plan_id,
        group,
        i,
        str(i % 40 + 1),
        name,
        fold(name),
        _UNITS[lead],
        ", ".join(_UNITS[c] for c in coop),
        f"Báo cáo kết quả {rng.choice(_OBJECTS)}",
        text,
        kind,
        start,
        due,
        now,
        now,
    )
    return row, lead


def _tasks(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    plan_id: int,
    size: int,
    plan_years: tuple[int, int],
    unit_ids: list[int],
) -> list[int]:
    groups = _task_groups(con, rng, plan_id, size)
    rows = []
    leads = []
    for i in range(size):
        row, lead = _task_row(rng, now, plan_id, groups[i * len(groups) // size], i, plan_years)
        rows.append(row)
        leads.append(lead)
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM task").fetchone()[0]
    con.executemany(
        "INSERT INTO task (plan_id, group_id, position, number, name, name_folded, lead_text,"
        " cooperating_text, result_text, deadline_text, deadline_kind, deadline_start,"
        " deadline_due, condition_arrived, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        rows,
    )
    ids = list(range(first, first + size))
    con.executemany(
        "INSERT INTO task_unit (task_id, unit_id, role) VALUES (?, ?, 'lead')",
        [(tid, unit_ids[lead]) for tid, lead in zip(ids, leads, strict=True)],
    )
    return ids


def _indicators(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    plan_id: int,
    count: int,
    plan_years: tuple[int, int],
    unit_ids: list[int],
) -> list[int]:
    first = con.execute("SELECT coalesce(max(id), 0) + 1 FROM indicator").fetchone()[0]
    con.executemany(
        "INSERT INTO indicator (plan_id, group_id, position, code, name, name_folded,"
        " unit_of_measure, lead_text, cooperating_text, created_at, updated_at)"
        " VALUES (?, NULL, ?, ?, ?, ?, '%', ?, '', ?, ?)",
        [
            (
                plan_id,
                i,
                str(i + 1),
                f"Tỷ lệ {obj}",
                fold(f"Tỷ lệ {obj}"),
                _UNITS[i % len(_UNITS)],
                now,
                now,
            )
            for i, obj in ((i, rng.choice(_OBJECTS)) for i in range(count))
        ],
    )
    ids = list(range(first, first + count))
    con.executemany(
        "INSERT INTO indicator_target (indicator_id, year, text, op, value) VALUES (?, ?, ?, ?, ?)",
        [
            (iid, y, f"≥ {t}%", ">=", float(t))
            for iid in ids
            for y, t in ((plan_years[1], rng.choice((60, 80, 90, 100))),)
        ],
    )
    con.executemany(
        "INSERT INTO indicator_unit (indicator_id, unit_id, role) VALUES (?, ?, 'lead')",
        [(iid, unit_ids[i % len(unit_ids)]) for i, iid in enumerate(ids)],
    )
    return ids


def _progress_row(rng: random.Random, now: str, tid: int, key: str, end: str) -> tuple[object, ...]:
    status = rng.choice(_STATUSES)
    percent = 100 if status == "done" else rng.randrange(0, 100, 10)
    return (
        tid,
        key,
        end,
        status,
        percent,
        "Đã triển khai theo kế hoạch",
        end if status == "done" else None,
        now,
        now,
    )


def _progress(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    task_ids: list[int],
    window: list[ReportPeriod],
    share: float,
) -> int:
    rows = []
    for m in window:
        key, end = m.key, m.end.isoformat()
        for tid in task_ids:
            if rng.random() < share:
                rows.append(_progress_row(rng, now, tid, key, end))
    con.executemany(
        "INSERT INTO task_progress (task_id, period_key, period_end, status_code, percent,"
        " result_text, evidence, note, reason, completed_on, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?, ?, ?)",
        rows,
    )
    return len(rows)


def _results(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    ind_ids: list[int],
    window: list[ReportPeriod],
) -> int:
    rows = []
    for iid in ind_ids:
        value = rng.uniform(10, 50)
        for m in window:
            value = min(100.0, value + rng.uniform(0, 2))
            rows.append(
                (
                    iid,
                    m.key,
                    m.end.isoformat(),
                    f"{value:.1f}%".replace(".", ","),
                    round(value, 1),
                    now,
                    now,
                )
            )
    con.executemany(
        "INSERT INTO indicator_result (indicator_id, period_key, period_end, actual_text,"
        " actual_value, judged, source, note, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, '', '', '', ?, ?)",
        rows,
    )
    return len(rows)
