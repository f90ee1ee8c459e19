"""Crash harness (issue 8): SIGKILL the real service layer at random moments.

Run: .venv/bin/python bench/crash_harness.py [CYCLES] [--seed N] [--max-delay S]
(default 200 cycles). Prints one line per cycle and a summary table.

A child process (this file with ``--child``) opens the database and loops over
the real use cases, printing ``begin <kind>`` before and ``ack …`` after each
committed operation:

* ``save``     — ``create_plan`` with 5–40 tasks;
* ``progress`` — ``record_progress`` on a task created in this run (each task once);
* ``import``   — ``import_plan_file`` of ``tests/data/samples/tam-chung.xlsx``
  (a new commune name each time, so each import creates a plan);
* ``lock``     — ``compile_report`` + ``lock_report``;
* ``mail``     — ``queue_email`` of a locked report, then ``send_due`` to a real
  SMTP server (aiosmtpd on 127.0.0.1, run by the parent).

The parent kills the child (SIGKILL) a random time after it is ready, then
checks the database: ``integrity_check`` is ok; every acknowledged record is
there with its content; every imported plan has all its tasks and indicators
(none half-written); every outbox item was received by the SMTP server exactly
once if ``sent``, not at all if ``pending``, at most once if ``sending`` (it is
sent again with the same Message-ID on the next start, see
``app.services.outbox``). Receptions per Message-ID above one are counted as
duplicates and reported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "samples" / "tam-chung.xlsx"
PERIOD = "2025-09"
RECIPIENT = "vanphong@tinh.example.org"
SENDER = "xa@example.org"
KINDS = ("save", "progress", "import", "lock", "mail")


# --------------------------------------------------------------------------- child


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def child_main(db_path: Path, smtp_port: int, seed: int) -> None:  # pragma: no cover - subprocess
    from datetime import UTC, datetime

    from app.db import open_database
    from app.mailer import SmtpSettings
    from app.services.plan_edit import PlanInput, TaskInput, create_plan
    from app.services.plan_import import import_plan_file
    from app.services.progress_entry import ProgressInput, record_progress
    from app.services.reports import compile_report, lock_report

    outbox: Any = None
    with contextlib.suppress(ImportError):
        from app.services import outbox as outbox_module

        outbox = outbox_module
    rng = random.Random(seed)
    db = open_database(db_path)
    settings = SmtpSettings(
        host="127.0.0.1", port=smtp_port, security="none", username=None, sender=SENDER
    )
    free_tasks: list[int] = []
    plans: list[int] = []
    locked: list[int] = []
    weights = [4, 4, 1, 2, 1 if outbox is not None and smtp_port else 0]
    _out("ready")
    n = 0
    while True:
        n += 1
        kind = rng.choices(KINDS, weights)[0]
        if kind == "progress" and not free_tasks:
            kind = "save"
        if kind == "lock" and not plans:
            kind = "save"
        if kind == "mail" and not locked:
            kind = "lock" if plans else "save"
        _out(f"begin {'queue' if kind == 'mail' else kind}")
        tag = f"{seed}-{n}"
        if kind == "save":
            k = rng.randint(5, 40)
            tasks = [
                TaskInput(number=str(i + 1), name=f"Nhiệm vụ {tag}.{i}", deadline="Quý III/2025")
                for i in range(k)
            ]
            plan_id = create_plan(
                db,
                PlanInput(
                    number=f"{tag}/KH-UBND",
                    title=f"Kế hoạch {tag}",
                    start_year=2025,
                    end_year=2030,
                    tasks=tasks,
                ),
            )
            _out(f"ack save {plan_id} {k} {tag}")
            plans.append(plan_id)
            with db.read() as s:
                from sqlalchemy import select

                from app.models import Task

                free_tasks += list(s.scalars(select(Task.id).where(Task.plan_id == plan_id)))
        elif kind == "progress":
            task_id = free_tasks.pop(rng.randrange(len(free_tasks)))
            percent = rng.randrange(0, 100)
            record_progress(
                db,
                task_id=task_id,
                period_key=PERIOD,
                data=ProgressInput(
                    status="Đang thực hiện", percent=percent, result_text=f"Kết quả {tag}"
                ),
            )
            _out(f"ack progress {task_id} {percent} {tag}")
        elif kind == "import":
            result = import_plan_file(db, SAMPLE, commune=f"Xã Thử {tag}")
            _out(f"ack import {result.plan_id} {result.tasks} {result.indicators}")
        elif kind == "lock":
            plan_id = rng.choice(plans)
            summary = compile_report(db, plan_id=plan_id, period_key=PERIOD)
            lock_report(db, summary.report_id)
            _out(f"ack lock {summary.report_id}")
            locked.append(summary.report_id)
        else:
            item_id = outbox.queue_email(db, rng.choice(locked), [RECIPIENT])
            _out(f"ack queue {item_id}")
            _out("begin send")
            report = outbox.send_due(db, settings, None, datetime.now(UTC))
            for sent in report.sent:
                _out(f"ack sent {sent}")


# --------------------------------------------------------------------------- parent


class _Mailbox:
    """An aiosmtpd handler counting deliveries per Message-ID."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.content
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        m = re.search(r"^Message-ID:\s*(<[^>\r\n]+>)", text, re.MULTILINE | re.IGNORECASE)
        with self.lock:
            self.counts[m.group(1) if m else "?"] += 1
        return "250 OK"


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[int, _Mailbox]]:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    mailbox = _Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, mailbox
    finally:
        controller.stop()


def _has_outbox() -> bool:
    import importlib.util

    return importlib.util.find_spec("app.services.outbox") is not None


@dataclass
class Acks:
    saves: dict[int, tuple[int, str]] = field(default_factory=dict)  # plan → (tasks, tag)
    progress: dict[int, tuple[int, str]] = field(default_factory=dict)  # task → (percent, tag)
    imports: set[int] = field(default_factory=set)
    locks: set[int] = field(default_factory=set)
    queued: set[int] = field(default_factory=set)
    sent: set[int] = field(default_factory=set)

    def total(self) -> int:
        return sum(
            len(x)
            for x in (self.saves, self.progress, self.imports, self.locks, self.queued, self.sent)
        )


@dataclass
class CycleResult:
    cycle: int
    delay: float
    killed_in: str
    acks: Counter[str]
    problems: list[str]


@dataclass
class CampaignResult:
    cycles: list[CycleResult] = field(default_factory=list)
    acks: Acks = field(default_factory=Acks)
    import_tasks: int = 0
    import_indicators: int = 0
    outbox: bool = False
    mail_items: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    integrity_failures: int = 0
    lost: int = 0
    partial_imports: int = 0
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return [f"cycle {c.cycle}: {p}" for c in self.cycles for p in c.problems]

    def killed_in(self) -> Counter[str]:
        return Counter(c.killed_in for c in self.cycles)


def prepare(workdir: Path) -> tuple[Path, int, int]:
    """A migrated database with a commune profile; returns (path, tasks, indicators) of the sample."""
    from app.db import open_database
    from app.importing import read_plan_file
    from app.services.commune import ProfileData, save_profile

    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "kh57.sqlite3"
    db = open_database(db_path)
    try:
        save_profile(db, ProfileData(name="Xã Tam Chung", province="Thanh Hóa"))
    finally:
        db.close()
    parsed = read_plan_file(SAMPLE)
    return db_path, len(parsed.tasks), len(parsed.indicators)


def _read_available(fd: int, buffer: bytearray) -> bool:
    """Append what can be read now; False at end of file."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        buffer += chunk


def run_cycle(db_path: Path, port: int, seed: int, delay: float, env: dict[str, str]) -> list[str]:
    """Start the child, kill it *delay* seconds after it is ready; its output lines."""
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(db_path),
            str(port),
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    fd = proc.stdout.fileno()
    os.set_blocking(fd, False)
    buffer = bytearray()
    started = time.monotonic()
    kill_at: float | None = None
    alive = True
    while alive:
        alive = _read_available(fd, buffer)
        now = time.monotonic()
        if kill_at is None and b"ready\n" in buffer:
            kill_at = now + delay
        if (kill_at is not None and now >= kill_at) or now - started > 60:
            break
        if proc.poll() is not None:
            alive = _read_available(fd, buffer) and False
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _read_available(fd, buffer)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stdout.close()
    proc.stderr.close()
    lines = buffer.decode("utf-8", "replace").splitlines()
    if kill_at is None or proc.returncode != -signal.SIGKILL:
        tail = err.strip().splitlines()[-3:]
        lines.append("error child ended on its own: " + " | ".join(tail))
    return lines


def _record(lines: list[str], acks: Acks) -> tuple[str, Counter[str], list[str]]:
    killed_in = "start-up"
    counts: Counter[str] = Counter()
    problems = []
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "ready":
            killed_in = "idle"
        elif parts[0] == "begin":
            killed_in = parts[1]
        elif parts[0] == "error":
            problems.append(line)
        elif parts[0] == "ack":
            kind = parts[1]
            counts[kind] += 1
            if kind == "save":
                acks.saves[int(parts[2])] = (int(parts[3]), parts[4])
            elif kind == "progress":
                acks.progress[int(parts[2])] = (int(parts[3]), parts[4])
            elif kind == "import":
                acks.imports.add(int(parts[2]))
            elif kind == "lock":
                acks.locks.add(int(parts[2]))
            elif kind == "queue":
                acks.queued.add(int(parts[2]))
            elif kind == "sent":
                acks.sent.add(int(parts[2]))
    return killed_in, counts, problems


def verify(
    db_path: Path, acks: Acks, expected: tuple[int, int], mailbox: _Mailbox | None
) -> tuple[list[str], dict[str, int]]:
    """Everything acknowledged is there, imports are whole, mail went out once."""
    problems: list[str] = []
    figures = {"lost": 0, "integrity": 0, "partial": 0, "duplicates": 0}
    con = sqlite3.connect(db_path, timeout=30)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            figures["integrity"] += 1
            problems.append(f"integrity_check: {check[:3]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:3]}")
        for plan_id, (k, tag) in acks.saves.items():
            row = con.execute(
                "SELECT title, (SELECT count(*) FROM task t WHERE t.plan_id = p.id) "
                "FROM plan p WHERE id = ?",
                (plan_id,),
            ).fetchone()
            if row != (f"Kế hoạch {tag}", k):
                figures["lost"] += 1
                problems.append(f"saved plan {plan_id} is {row}, expected ({tag}, {k} tasks)")
        for task_id, (percent, tag) in acks.progress.items():
            row = con.execute(
                "SELECT percent, result_text FROM task_progress WHERE task_id = ? AND period_key = ?",
                (task_id, PERIOD),
            ).fetchone()
            if row != (percent, f"Kết quả {tag}"):
                figures["lost"] += 1
                problems.append(f"progress of task {task_id} is {row}, expected {percent}")
        for report_id in acks.locks:
            row = con.execute("SELECT status FROM report WHERE id = ?", (report_id,)).fetchone()
            if row is None or row[0] not in ("locked", "sent", "issued"):
                figures["lost"] += 1
                problems.append(f"locked report {report_id} is {row}")
        imported = con.execute(
            "SELECT p.id, (SELECT count(*) FROM task t WHERE t.plan_id = p.id), "
            "(SELECT count(*) FROM indicator i WHERE i.plan_id = p.id) "
            "FROM plan p WHERE p.source_file = ?",
            (SAMPLE.name,),
        ).fetchall()
        present = {pid for pid, _t, _i in imported}
        for pid, tasks, inds in imported:
            if (tasks, inds) != expected:
                figures["partial"] += 1
                problems.append(f"imported plan {pid} has {tasks} tasks, {inds} indicators")
        for pid in acks.imports - present:
            figures["lost"] += 1
            problems.append(f"imported plan {pid} is missing")
        if mailbox is not None:
            items = dict(con.execute("SELECT id, state FROM outbox_item").fetchall())
            ids = dict(con.execute("SELECT id, message_id FROM outbox_item").fetchall())
            for item_id in acks.queued - set(items):
                figures["lost"] += 1
                problems.append(f"queued mail {item_id} is missing")
            for item_id in acks.sent:
                if items.get(item_id) != "sent":
                    figures["lost"] += 1
                    problems.append(f"sent mail {item_id} is {items.get(item_id)}")
            with mailbox.lock:
                counts = dict(mailbox.counts)
            for item_id, state in items.items():
                got = counts.get(ids[item_id], 0)
                if got > 1:
                    figures["duplicates"] += got - 1
                if state == "sent" and got == 0:
                    figures["lost"] += 1
                    problems.append(f"mail {item_id} is 'sent' but never arrived")
                if state == "pending" and got > 0 and item_id not in _retried(con, item_id):
                    problems.append(f"mail {item_id} is 'pending' but arrived {got}×")
                if state == "failed":
                    problems.append(f"mail {item_id} failed: {_error(con, item_id)}")
    finally:
        con.close()
    return problems, figures


def _retried(con: sqlite3.Connection, item_id: int) -> set[int]:
    row = con.execute("SELECT attempts FROM outbox_item WHERE id = ?", (item_id,)).fetchone()
    return {item_id} if row and row[0] > 0 else set()


def _error(con: sqlite3.Connection, item_id: int) -> str:
    row = con.execute("SELECT last_error FROM outbox_item WHERE id = ?", (item_id,)).fetchone()
    return str(row[0]) if row else ""


def mail_states(db_path: Path) -> Counter[str]:
    con = sqlite3.connect(db_path)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='outbox_item'"
        ).fetchone()
        rows = con.execute("SELECT state FROM outbox_item").fetchall() if has else []
    finally:
        con.close()
    return Counter(state for (state,) in rows)


def run_campaign(
    workdir: Path,
    cycles: int,
    *,
    seed: int = 57,
    max_delay: float = 1.5,
    with_mail: bool = True,
    progress: Any = None,
) -> CampaignResult:
    """Run *cycles* kill cycles against one database in *workdir*."""
    from app.paths import backup_dir_for

    started = time.perf_counter()
    rng = random.Random(seed)
    db_path, tasks, inds = prepare(workdir)
    result = CampaignResult(import_tasks=tasks, import_indicators=inds)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "KH57_DATA_DIR": str(workdir / "userdata")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    mail = with_mail and _has_outbox()
    result.outbox = mail
    server = smtp_server() if mail else contextlib.nullcontext((0, None))
    with server as (port, mailbox):
        for cycle in range(1, cycles + 1):
            delay = rng.uniform(0.0, max_delay)
            lines = run_cycle(db_path, port, rng.randrange(10**9), delay, env)
            killed_in, counts, problems = _record(lines, result.acks)
            found, figures = verify(db_path, result.acks, (tasks, inds), mailbox)
            problems += found
            result.integrity_failures += figures["integrity"]
            result.lost = max(result.lost, figures["lost"])
            result.partial_imports = max(result.partial_imports, figures["partial"])
            result.duplicates = figures["duplicates"]
            cr = CycleResult(cycle, delay, killed_in, counts, problems)
            result.cycles.append(cr)
            if progress is not None:
                progress(cr)
            shutil.rmtree(backup_dir_for(db_path), ignore_errors=True)  # imports back up each time
    result.mail_items = mail_states(db_path)
    result.seconds = time.perf_counter() - started
    return result


def summary_rows(result: CampaignResult) -> list[tuple[str, str]]:
    acks = result.acks
    killed = result.killed_in()
    rows = [
        ("kill cycles", f"{len(result.cycles)}"),
        ("killed during", ", ".join(f"{k} {v}" for k, v in killed.most_common())),
        ("acknowledged plans saved", f"{len(acks.saves)}"),
        ("acknowledged progress entries", f"{len(acks.progress)}"),
        (
            "acknowledged imports",
            f"{len(acks.imports)} ({result.import_tasks} tasks, "
            f"{result.import_indicators} indicators each)",
        ),
        ("acknowledged report locks", f"{len(acks.locks)}"),
    ]
    if result.outbox:
        states = ", ".join(f"{k} {v}" for k, v in sorted(result.mail_items.items()))
        rows += [
            ("acknowledged mails queued / sent", f"{len(acks.queued)} / {len(acks.sent)}"),
            ("outbox items at the end", states or "0"),
            ("mails received twice (same Message-ID)", f"{result.duplicates}"),
        ]
    else:
        rows.append(("outbox", "not exercised (app.services.outbox absent)"))
    rows += [
        ("integrity_check failures", f"{result.integrity_failures}"),
        ("acknowledged records lost", f"{result.lost}"),
        ("half-written imports", f"{result.partial_imports}"),
        ("other problems", f"{len(result.problems)}"),
        ("wall time", f"{result.seconds:.0f} s"),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cycles", nargs="?", type=int, default=200)
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument("--max-delay", type=float, default=1.5)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()

    def show(c: CycleResult) -> None:
        acks = " ".join(f"{k}={v}" for k, v in sorted(c.acks.items()))
        flag = "OK " if not c.problems else "BAD"
        print(
            f"{flag} cycle {c.cycle:4}  kill after {c.delay:5.2f} s in {c.killed_in:9} {acks}",
            flush=True,
        )
        for p in c.problems:
            print(f"      {p}", flush=True)

    import tempfile

    with tempfile.TemporaryDirectory(prefix="kh57-crash-") as tmp:
        workdir = args.workdir or Path(tmp)
        result = run_campaign(
            workdir, args.cycles, seed=args.seed, max_delay=args.max_delay, progress=show
        )
    print()
    width = max(len(k) for k, _v in summary_rows(result))
    for key, value in summary_rows(result):
        print(f"{key:<{width}}  {value}")
    sys.exit(1 if result.problems else 0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
