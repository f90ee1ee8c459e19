"""SIGKILL a child writing through the service layer: nothing acknowledged is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("crash_child.py")


def _run_and_kill(db_path: Path, delay: float) -> list[tuple[int, int]]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    acked: list[tuple[int, int]] = []
    deadline = time.monotonic() + delay
    os.set_blocking(proc.stdout.fileno(), False)
    buffer = b""
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        try:
            buffer += os.read(fd, 65536)
        except BlockingIOError:
            time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        buffer += chunk
    proc.stdout.close()
    for line in buffer.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acked.append((int(parts[1]), int(parts[2])))
    return acked


@pytest.mark.parametrize("cycle", range(6))
def test_sigkill_loses_no_acknowledged_write(db_path: Path, cycle: int) -> None:
    rng = random.Random(cycle)
    all_acked: list[tuple[int, int]] = []
    for _ in range(3):
        all_acked += _run_and_kill(db_path, delay=rng.uniform(0.8, 2.0))
    assert all_acked, "the child never acknowledged a write"
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for plan_id, n in all_acked:
            row = con.execute("SELECT title FROM plan WHERE id=?", (plan_id,)).fetchone()
            assert row == (f"Kế hoạch {n}",)
            tasks = con.execute("SELECT count(*) FROM task WHERE plan_id=?", (plan_id,))
            assert tasks.fetchone()[0] == 29  # all-or-nothing
        partial = con.execute(
            "SELECT count(*) FROM plan p WHERE (SELECT count(*) FROM task t "
            "WHERE t.plan_id=p.id) NOT IN (29)"
        ).fetchone()[0]
        assert partial == 0
    finally:
        con.close()
