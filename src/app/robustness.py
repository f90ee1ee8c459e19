"""Shared helpers of the robustness suite (issue 8): a large-database generator.

:func:`generate_large_db` writes a realistic, large KH57 database straight
through SQL in bulk (``executemany``), bypassing the services so that 20,000
tasks and ten years of monthly reports take a minute rather than an hour. The
schema comes from the real migrations (``open_database`` runs them first), so
every screen and service reads the result exactly as it reads an officer's
data. The bench (``bench/gen_large.py``) builds the full size; the tests build
a small one with the same code.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.periods import ReportPeriod, month_period
from app.vntext import fold, unit_key, unit_kind

_WORDS = (
    "Triển khai",
    "Xây dựng",
    "Nâng cấp",
    "Số hóa",
    "Tuyên truyền",
    "Đào tạo",
    "Rà soát",
    "Kiểm tra",
    "Tổ chức",
    "Hoàn thiện",
)
_OBJECTS = (
    "hồ sơ hành chính",
    "dịch vụ công trực tuyến",
    "văn hóa số cộng đồng",
    "hạ tầng mạng internet",
    "kho dữ liệu dân cư",
    "thiết chế văn hóa thôn",
    "nền tảng học tập",
    "chữ ký số cán bộ",
    "camera an ninh",
    "thanh toán không dùng tiền mặt",
    "sổ tay chuyển đổi số",
    "di tích văn hóa lịch sử",
)
_PLACES = ("tại bộ phận một cửa", "cho các thôn", "trên địa bàn xã", "trong trường học", "")
_UNITS = (
    "Văn phòng HĐND và UBND",
    "Phòng Văn hóa - Xã hội",
    "Phòng Kinh tế",
    "Trung tâm Phục vụ hành chính công",
    "Công an xã",
    "Trạm Y tế",
    "Đoàn Thanh niên",
    "Hội Liên hiệp Phụ nữ",
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
)
_DEADLINES = (
    ("Quý II/năm {y}", "once"),
    ("Tháng 9/{y}", "once"),
    ("Năm {y}", "once"),
    ("Thường xuyên", "continuous"),
    ("Hằng năm", "yearly"),
    ("Hằng quý", "quarterly"),
)
_STATUSES = ("not_started", "in_progress", "in_progress", "done", "paused")


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


def _plan_sizes(plans: int, tasks: int, rng: random.Random) -> list[int]:
    """Skewed sizes: the first plan holds a tenth of all tasks, the rest share the others."""
    if plans == 1:
        return [tasks]
    big = max(1, tasks // 10)
    rest = tasks - big
    weights = [rng.uniform(0.3, 1.7) for _ in range(plans - 1)]
    total = sum(weights)
    sizes = [max(1, int(rest * w / total)) for w in weights]
    sizes[-1] += rest - sum(sizes)
    return [big, *sizes]


def _task_name(rng: random.Random) -> str:
    place = rng.choice(_PLACES)
    return f"{rng.choice(_WORDS)} {rng.choice(_OBJECTS)} {place}".strip()


def _due(kind: str, text: str, year: int) -> tuple[str | None, str | None]:
    if kind != "once":
        return None, None
    if text.startswith("Quý II"):
        return date(year, 4, 1).isoformat(), date(year, 6, 30).isoformat()
    if text.startswith("Tháng 9"):
        return date(year, 9, 1).isoformat(), date(year, 9, 30).isoformat()
    return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()


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
    unit_ids: list[int] = []
    for name in _UNITS:
        cur = con.execute(
            "INSERT INTO unit (name, key, short_name, aliases, kind, note, created_at, updated_at)"
            " VALUES (?, ?, '', '[]', ?, '', ?, ?)",
            (name, unit_key(name), unit_kind(name), now, now),
        )
        assert cur.lastrowid is not None
        unit_ids.append(cur.lastrowid)
    months = [month_period(first_year + m // 12, m % 12 + 1) for m in range(years * 12)]
    sizes = _plan_sizes(plans, tasks, rng)
    counts = dict.fromkeys(("tasks", "indicators", "reports", "progress", "results"), 0)
    biggest = (0, 0)
    for p, size in enumerate(sizes):
        span = years if p < max(1, plans // 5) else rng.randint(2, years)
        start = rng.randint(0, years - span)
        plan_years = (first_year + start, first_year + start + span - 1)
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
        if size > biggest[1]:
            biggest = (plan_id, size)
        task_ids = _tasks(con, rng, now, plan_id, size, plan_years, unit_ids)
        ind_ids = _indicators(con, rng, now, plan_id, indicators_per_plan, plan_years, unit_ids)
        window = [m for m in months if plan_years[0] <= m.year <= plan_years[1]]
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


def _tasks(
    con: sqlite3.Connection,
    rng: random.Random,
    now: str,
    plan_id: int,
    size: int,
    plan_years: tuple[int, int],
    unit_ids: list[int],
) -> list[int]:
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
    rows = []
    leads = []
    for i in range(size):
        name = _task_name(rng)
        lead = rng.randrange(len(_UNITS))
        coop = rng.sample(range(len(_UNITS)), 2)
        text, kind = rng.choice(_DEADLINES)
        text = text.format(y=rng.randint(*plan_years))
        year = int(text[-4:]) if text[-4:].isdigit() else plan_years[0]
        start, due = _due(kind, text, year)
        rows.append(
            (
                plan_id,
                groups[i * len(groups) // size],
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
        )
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
                status = rng.choice(_STATUSES)
                percent = 100 if status == "done" else rng.randrange(0, 100, 10)
                rows.append(
                    (
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
                )
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


def stats_dict(stats: GenStats) -> dict[str, int]:
    return {k: getattr(stats, k) for k in GenStats.__slots__}


# --------------------------------------------------------------------------- damaged files

PAGE = 4096
BTREE_PAGE_TYPES = (2, 5, 10, 13)


@dataclass(frozen=True, slots=True)
class Damage:
    """One damaged copy of a database file: a case id and the bytes to write."""

    case: str
    kind: str
    content: bytes


def _flip(data: bytes, offsets: list[int]) -> bytes:
    out = bytearray(data)
    for o in offsets:
        out[o] ^= 0xFF
    return bytes(out)


def btree_pages(data: bytes) -> list[int]:
    """Page numbers (1-based, > 1) whose first byte is a b-tree page type."""
    return [n + 1 for n in range(1, len(data) // PAGE) if data[n * PAGE] in BTREE_PAGE_TYPES]


def damaged_copies(data: bytes, *, seed: int = 8, pages: int = 12) -> list[Damage]:
    """The corruption corpus of issue 8 made from a real database's bytes.

    Every case here must be refused at start (``DatabaseCorruptError``).
    Header fields that SQLite does not depend on are covered separately by
    :func:`header_field_flips` (detected or harmless).
    """
    rng = random.Random(seed)
    size = len(data)
    tree = btree_pages(data)
    chosen = rng.sample(tree, min(pages, len(tree)))
    out = [Damage(f"header-magic-{i}", "header bytes flipped", _flip(data, [i])) for i in range(16)]
    out += [
        Damage("header-page-size", "header bytes flipped", _flip(data, [16, 17])),
        Damage("header-whole", "header bytes flipped", _flip(data, list(range(100)))),
    ]
    for page in chosen:
        base = (page - 1) * PAGE
        out.append(Damage(f"page-{page}-type", "page bytes flipped", _flip(data, [base])))
        cells = rng.randrange(base + 8, base + 16)
        out.append(
            Damage(f"page-{page}-pointers", "page bytes flipped", _flip(data, [base + 3, cells]))
        )
        out.append(
            Damage(
                f"page-{page}-zeroed",
                "page zeroed",
                data[:base] + bytes(PAGE) + data[base + PAGE :],
            )
        )
    cuts = sorted(
        {size // 2, PAGE, PAGE * rng.randrange(2, size // PAGE), rng.randrange(101, size)}
    )
    out += [Damage(f"truncated-{k}", "truncated", data[:k]) for k in cuts]
    out += [
        Damage("truncated-100", "truncated", data[:100]),
        Damage("truncated-1", "truncated", data[:1]),
        Damage("garbage-same-size", "random garbage", rng.randbytes(size)),
        Damage("garbage-small", "random garbage", rng.randbytes(777)),
        Damage("garbage-text", "random garbage", "Báo cáo tháng 9\n".encode() * 300),
        Damage(
            "garbage-sqlite-magic",
            "random garbage",
            data[:16] + rng.randbytes(size - 16),
        ),
    ]
    return out


def header_field_flips(data: bytes) -> list[Damage]:
    """One byte flipped in each header field after the magic string (offsets 16–99)."""
    return [
        Damage(f"header-byte-{i}", "header field flipped", _flip(data, [i])) for i in range(16, 100)
    ]


def content_flips(data: bytes, *, seed: int = 9, count: int = 100) -> list[Damage]:
    """A single byte flipped anywhere after page 1 (inside records, free space …)."""
    rng = random.Random(seed)
    return [
        Damage(f"content-{o}", "one byte flipped anywhere", _flip(data, [o]))
        for o in (rng.randrange(PAGE, len(data)) for _ in range(count))
    ]


_WAL_CHILD = r"""
import sqlite3, sys, time
from pathlib import Path
from app.db import open_database
from app.services.plan_edit import PlanInput, TaskInput, create_plan
path = Path(sys.argv[1])
db = open_database(path)
keep = sqlite3.connect(path)  # an idle connection: no checkpoint on the last close
keep.execute("SELECT count(*) FROM plan").fetchall()
for n in range(int(sys.argv[2])):
    create_plan(db, PlanInput(number=f"WAL-{n}", title=f"Sau sao lưu {n}",
                              tasks=[TaskInput(number="1", name="Nhiệm vụ sau sao lưu")]))
open_tx = sqlite3.connect(path, isolation_level=None)
open_tx.execute("BEGIN IMMEDIATE")
open_tx.execute("UPDATE plan SET title = 'đang ghi dở' WHERE id = 1")
print("ready", flush=True)
time.sleep(120)
"""


def crash_in_wal_mode(path: Path, *, commits: int = 5) -> None:
    """Write *commits* plans in a child (WAL mode, not checkpointed), kill it mid-transaction.

    Leaves *path* with its ``-wal`` and ``-shm`` files as a power cut would;
    the caller then removes or cuts the ``-wal`` file.
    """
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WAL_CHILD, str(path), str(commits)],
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError(f"WAL child did not get ready: {line!r}")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
