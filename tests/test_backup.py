"""Backups: SQLite backup API, rotation, restore, damaged files."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.backup import (
    backup_due,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
    rotate_backups,
)
from app.db import open_database, quick_check
from app.errors import BackupError, DatabaseCorruptError
from app.paths import backup_dir_for
from app.services.plan_edit import PlanInput, create_plan
from app.services.plans import list_plans


def _add_plan(db_path: Path, title: str) -> None:
    db = open_database(db_path)
    create_plan(db, PlanInput(number="", title=title))
    db.close()


def test_backup_is_a_good_copy_of_the_live_database(db_path: Path) -> None:
    _add_plan(db_path, "Kế hoạch A")
    db = open_database(db_path)  # stays open: backup of a live WAL database
    try:
        target = make_backup(db_path, reason="manual")
    finally:
        db.close()
    assert target.parent == backup_dir_for(db_path)
    assert quick_check(target)
    con = sqlite3.connect(target)
    assert con.execute("SELECT title FROM plan").fetchall() == [("Kế hoạch A",)]
    con.close()


def test_rotation_keeps_daily_weekly_monthly_and_only_own_files(db_path: Path) -> None:
    start = datetime(2025, 1, 1, 9, 0, 0)
    folder = backup_dir_for(db_path)
    folder.mkdir()
    stranger = folder / "ghi-chu-cua-can-bo.sqlite3"
    stranger.write_text("not ours")
    for day in range(400):  # one backup a day for 400 days, then rotate as of the last
        stamp = start + timedelta(days=day)
        (folder / f"kh57-{stamp:%Y%m%d-%H%M%S}-daily.sqlite3").write_bytes(b"x")
    now = start + timedelta(days=399, hours=1)
    rotate_backups(db_path, now=now)
    kept = [b.taken_at for b in list_backups(db_path)]
    dates = {k.date() for k in kept}
    last = (start + timedelta(days=399)).date()
    assert {last - timedelta(days=i) for i in range(7)} <= dates  # 7 daily
    assert len({k.isocalendar()[:2] for k in kept}) >= 4  # 4 weekly
    assert len({(k.year, k.month) for k in kept}) >= 12  # 12 monthly
    assert len(kept) <= 7 + 4 + 12
    assert stranger.exists()


def test_failed_backup_never_pushes_good_ones_out(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_backup(db_path, reason="manual", now=datetime(2025, 1, 1))
    monkeypatch.setattr("app.backup.quick_check", lambda _p: False)
    with pytest.raises(BackupError):
        make_backup(db_path, reason="manual", now=datetime(2026, 1, 1))
    assert first.exists()
    assert [b.path for b in list_backups(db_path)] == [first]


def test_restore_backs_up_current_then_replaces(db_path: Path) -> None:
    _add_plan(db_path, "Cũ")
    good = make_backup(db_path, reason="manual")
    _add_plan(db_path, "Mới sau sao lưu")
    safety = restore_backup(db_path, good)
    assert safety is not None and quick_check(safety)
    db = open_database(db_path)
    try:
        assert [p.title for p in list_plans(db)] == ["Cũ"]
    finally:
        db.close()


def test_corrupt_database_can_be_restored_from_newest_good_backup(db_path: Path) -> None:
    _add_plan(db_path, "Giữ lại")
    make_backup(db_path, reason="daily")
    raw = bytearray(db_path.read_bytes())
    for i in range(100, 4000, 7):
        raw[i] ^= 0xFF
    db_path.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseCorruptError):
        open_database(db_path)
    good = newest_good_backup(db_path)
    assert good is not None
    safety = restore_backup(db_path, good.path)
    assert safety is not None and safety.exists()  # the damaged bytes are kept aside
    db = open_database(db_path)
    try:
        assert [p.title for p in list_plans(db)] == ["Giữ lại"]
    finally:
        db.close()


def test_restore_refuses_a_damaged_or_foreign_file(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    before = db_path.read_bytes()
    with pytest.raises(BackupError) as info:
        restore_backup(db_path, bad)
    assert "không phải bản sao lưu" in info.value.message
    assert db_path.read_bytes() == before


def test_backup_due_after_a_day(db_path: Path) -> None:
    now = datetime(2025, 3, 1, 8, 0)
    assert backup_due(db_path, now=now)
    make_backup(db_path, reason="daily", now=now)
    assert not backup_due(db_path, now=now + timedelta(hours=23))
    assert backup_due(db_path, now=now + timedelta(days=1, minutes=1))
