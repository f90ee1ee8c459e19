"""Issue 8 — corruption: damaged databases are refused at start, the backup brings the data back.

The corpus is made here from a real migrated database holding plans, tasks,
progress and an imported sample, plus a backup taken with ``make_backup``
(``app.robustness.damaged_copies``): header bytes flipped, b-tree page bytes
flipped, pages zeroed, truncation, random garbage, a zero-length file while
backups exist, and the ``-wal`` file removed or cut after a crash with
committed transactions still in it.

For every case: ``open_database`` raises ``DatabaseCorruptError`` (no other
exception) with a Vietnamese message, ``newest_good_backup`` offers the
backup, and after ``restore_backup`` the database opens with all its data.

Decisions: a zero-length file with *no* backup beside it is a new, empty
database (first start); with backups it is a damaged copy. A flipped header
byte that SQLite does not depend on (change counter, schema cookie …) is
either detected or harmless: the data reads back identical.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.backup import list_backups, make_backup, newest_good_backup, restore_backup
from app.db import Database, open_database
from app.errors import DatabaseCorruptError
from app.robustness import (
    crash_in_wal_mode,
    damaged_copies,
    header_field_flips,
)
from app.services.commune import ProfileData, save_profile
from app.services.plan_edit import PlanInput, TaskInput, create_plan
from app.services.plan_import import import_plan_file
from app.services.plans import list_plans, list_tasks
from app.services.progress_entry import ProgressInput, record_progress

SAMPLE = Path(__file__).parent / "data" / "samples" / "tam-chung.xlsx"
VIETNAMESE = set("ăâđêôơưàáảãạềếểễệốồổỗộờớởỡợừứửữựìíỉĩịùúủũụỳýỷỹỵ")

Snapshot = list[tuple[str, str, int, list[str]]]


@dataclass(frozen=True)
class Source:
    data: bytes
    backup: bytes
    snapshot: Snapshot


def snapshot(db: Database) -> Snapshot:
    return [
        (p.number, p.title, p.tasks, [t.name for t in list_tasks(db, p.id)]) for p in list_plans(db)
    ]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    folder = tmp_path_factory.mktemp("corruption-source")
    path = folder / "kh57.sqlite3"
    db = open_database(path)
    try:
        save_profile(db, ProfileData(name="Xã Tam Chung", province="Thanh Hóa"))
        for n in range(6):
            tasks = [
                TaskInput(
                    number=str(i + 1), name=f"Nhiệm vụ văn hóa số {n}.{i}", deadline="Quý III/2025"
                )
                for i in range(30)
            ]
            plan_id = create_plan(
                db, PlanInput(number=f"{n}/KH-UBND", title=f"Kế hoạch {n}", tasks=tasks)
            )
        task_id = list_tasks(db, plan_id)[0].id
        record_progress(
            db,
            task_id=task_id,
            period_key="2025-09",
            data=ProgressInput(status="Đang thực hiện", percent=40, result_text="Đã triển khai"),
        )
        import_plan_file(db, SAMPLE)
        expected = snapshot(db)
    finally:
        db.close()
    backup = make_backup(path, reason="daily")
    return Source(path.read_bytes(), backup.read_bytes(), expected)


@pytest.fixture
def place(tmp_path: Path, source: Source) -> Iterator[Path]:
    """A data folder holding a copy of the backup; the test writes the damaged file."""
    path = tmp_path / "data" / "kh57.sqlite3"
    folder = path.parent / "backups"
    folder.mkdir(parents=True)
    (folder / "kh57-20250915-080000-daily.sqlite3").write_bytes(source.backup)
    yield path


def refused_then_restored(path: Path, source: Source) -> None:
    with pytest.raises(DatabaseCorruptError) as info:
        open_database(path).close()
    message = info.value.message
    assert VIETNAMESE & set(message.lower()), message
    assert "sao lưu" in message
    good = newest_good_backup(path)
    assert good is not None, "no backup offered"
    restore_backup(path, good.path)
    db = open_database(path)
    try:
        assert snapshot(db) == source.snapshot
    finally:
        db.close()


def test_source_database_is_sound(source: Source) -> None:
    assert len(source.snapshot) == 7
    assert sum(p[2] for p in source.snapshot) == 6 * 30 + 6


def test_every_damaged_copy_is_refused_and_the_backup_restores_it(
    tmp_path: Path, source: Source
) -> None:
    cases = damaged_copies(source.data)
    kinds = {c.kind for c in cases}
    assert {"header bytes flipped", "page bytes flipped", "truncated", "random garbage"} <= kinds
    failures = []
    for case in cases:
        path = tmp_path / case.case / "kh57.sqlite3"
        (path.parent / "backups").mkdir(parents=True)
        (path.parent / "backups" / "kh57-20250915-080000-daily.sqlite3").write_bytes(source.backup)
        path.write_bytes(case.content)
        try:
            refused_then_restored(path, source)
        except BaseException as exc:  # collect them all, then fail once
            failures.append(f"{case.case}: {type(exc).__name__}: {exc}")
    assert failures == [], f"{len(failures)}/{len(cases)} cases failed"
    assert len(cases) >= 50


def test_header_fields_are_detected_or_harmless(tmp_path: Path, source: Source) -> None:
    outcomes = {"detected": 0, "harmless": 0}
    for case in header_field_flips(source.data):
        path = tmp_path / case.case / "kh57.sqlite3"
        path.parent.mkdir()
        path.write_bytes(case.content)
        try:
            db = open_database(path, backup_before_migrate=False)
        except DatabaseCorruptError:
            outcomes["detected"] += 1
            continue
        try:
            assert snapshot(db) == source.snapshot, case.case
        finally:
            db.close()
        outcomes["harmless"] += 1
    assert outcomes["detected"] > 0
    assert sum(outcomes.values()) == 84


def test_zero_length_file_with_backups_is_refused(place: Path, source: Source) -> None:
    place.write_bytes(b"")
    refused_then_restored(place, source)


def test_zero_length_file_without_backups_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "kh57.sqlite3"
    path.write_bytes(b"")
    db = open_database(path)
    try:
        assert list_plans(db) == []
    finally:
        db.close()
    assert list_backups(path) == []


@pytest.mark.parametrize("how", ["removed", "cut"])
def test_wal_lost_after_a_crash_is_detected(place: Path, source: Source, how: str) -> None:
    place.write_bytes(source.data)
    crash_in_wal_mode(place, commits=5)
    wal = place.with_name(place.name + "-wal")
    assert wal.stat().st_size > 0, "the child left nothing in the WAL"
    if how == "removed":
        wal.unlink()
    else:
        with wal.open("r+b") as fh:
            fh.truncate(wal.stat().st_size // 2)
    refused_then_restored(place, source)


def test_wal_left_by_a_crash_is_recovered_with_every_commit(place: Path, source: Source) -> None:
    """The control case: with its -wal file the crashed database opens with all 5 commits."""
    place.write_bytes(source.data)
    crash_in_wal_mode(place, commits=5)
    db = open_database(place)
    try:
        titles = [p[1] for p in snapshot(db)]
    finally:
        db.close()
    assert titles[: len(source.snapshot)] == [p[1] for p in source.snapshot]
    assert titles[len(source.snapshot) :] == [f"Sau sao lưu {n}" for n in range(5)]


def test_restore_keeps_the_damaged_file_aside(place: Path, source: Source) -> None:
    place.write_bytes(source.data[: len(source.data) // 2])
    with pytest.raises(DatabaseCorruptError):
        open_database(place)
    good = newest_good_backup(place)
    assert good is not None
    safety = restore_backup(place, good.path)
    assert safety is not None and safety.exists()
    assert safety.read_bytes() == source.data[: len(source.data) // 2]
    shutil.rmtree(place.parent)
