"""Damaged database files (issue 8): the corruption corpus and a crash in WAL mode."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

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


def _page_damages(data: bytes, page: int, rng: random.Random) -> list[Damage]:
    """A b-tree page's type byte flipped, its cell pointers flipped, the page zeroed."""
    base = (page - 1) * PAGE
    out = [Damage(f"page-{page}-type", "page bytes flipped", _flip(data, [base]))]
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
    return out


def _cut_and_garbage(data: bytes, rng: random.Random) -> list[Damage]:
    """The file truncated at several lengths, or replaced by garbage."""
    size = len(data)
    cuts = sorted(
        {size // 2, PAGE, PAGE * rng.randrange(2, size // PAGE), rng.randrange(101, size)}
    )
    out = [Damage(f"truncated-{k}", "truncated", data[:k]) for k in cuts]
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


def damaged_copies(data: bytes, *, seed: int = 8, pages: int = 12) -> list[Damage]:
    """The corruption corpus of issue 8 made from a real database's bytes.

    Every case here must be refused at start (``DatabaseCorruptError``).
    Header fields that SQLite does not depend on are covered separately by
    :func:`header_field_flips` (detected or harmless).
    """
    rng = random.Random(seed)
    tree = btree_pages(data)
    chosen = rng.sample(tree, min(pages, len(tree)))
    out = [Damage(f"header-magic-{i}", "header bytes flipped", _flip(data, [i])) for i in range(16)]
    out += [
        Damage("header-page-size", "header bytes flipped", _flip(data, [16, 17])),
        Damage("header-whole", "header bytes flipped", _flip(data, list(range(100)))),
    ]
    for page in chosen:
        out += _page_damages(data, page, rng)
    return out + _cut_and_garbage(data, rng)


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

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
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
