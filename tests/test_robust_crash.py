"""Issue 8 — crash: 20 SIGKILL cycles of the real service layer (bench/crash_harness.py).

Saves, progress entries, plan imports, report locks and outbox sends to a real
SMTP server on loopback; after every kill nothing acknowledged is lost, the
database passes integrity_check, imports are all-or-nothing and no mail is
lost (the harness counts receptions per Message-ID).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import crash_harness

CYCLES = 20


@pytest.mark.timeout(240)
def test_twenty_kill_cycles_lose_nothing(tmp_path: Path) -> None:
    result = crash_harness.run_campaign(tmp_path / "crash", CYCLES, seed=8, max_delay=1.2)
    assert len(result.cycles) == CYCLES
    assert result.problems == []
    assert result.integrity_failures == 0
    assert result.lost == 0
    assert result.partial_imports == 0
    acks = result.acks
    assert acks.saves and acks.progress and acks.locks, "the child acknowledged too little"
    assert acks.imports, "no import was acknowledged"
    if result.outbox:
        assert acks.queued, "no mail was queued"
        # every item is sent or still waiting; none failed
        assert set(result.mail_items) <= {"sent", "pending", "sending"}
