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
from app.errors import BackupError, DatabaseCorruptError, DatabaseTooNewError
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


def _side_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".sqlite3"))


def _is_rollback_journal_file(path: Path) -> bool:
    header = path.read_bytes()[:20]
    return header[18] == 1 and header[19] == 1  # file format 1 = rollback journal, 2 = WAL


def test_backups_folder_holds_only_self_contained_sqlite_files(db_path: Path) -> None:
    """Officers copy the backups folder to USB: no -wal/-shm/-journal/tmp files may lie there."""
    _add_plan(db_path, "Sao lưu sạch")
    folder = backup_dir_for(db_path)
    db = open_database(db_path)  # live WAL database, as when the program makes its daily backup
    try:
        first = make_backup(db_path, reason="daily", now=datetime(2025, 3, 1, 8, 0))
    finally:
        db.close()
    assert _side_files(folder) == []
    assert newest_good_backup(db_path) is not None
    _add_plan(db_path, "Sau sao lưu")
    restore_backup(db_path, first)
    assert _side_files(folder) == []
    backups = sorted(folder.iterdir())
    assert len(backups) == 2  # the backup restored from and the safety copy taken before
    for path in backups:
        assert _is_rollback_journal_file(path), path.name
        assert quick_check(path)
    assert _side_files(folder) == []  # checking a backup leaves nothing behind either
    db = open_database(db_path)
    try:
        assert [p.title for p in list_plans(db)] == ["Sao lưu sạch"]
    finally:
        db.close()


def test_restoring_an_old_wal_mode_backup_leaves_no_side_files(db_path: Path) -> None:
    """Backups written by earlier versions are WAL-mode files; reading them must not add -shm/-wal."""
    _add_plan(db_path, "Bản cũ")
    folder = backup_dir_for(db_path)
    folder.mkdir()
    old = folder / "kh57-20250101-080000-daily.sqlite3"
    source = sqlite3.connect(db_path)
    target = sqlite3.connect(old)
    source.backup(target)  # the old way: the copy keeps the WAL flag of the live file
    target.close()
    source.close()
    assert not _is_rollback_journal_file(old)
    good = newest_good_backup(db_path)
    assert good is not None and good.path == old
    assert _side_files(folder) == []
    restore_backup(db_path, old)
    assert _side_files(folder) == []
    db = open_database(db_path)
    try:
        assert [p.title for p in list_plans(db)] == ["Bản cũ"]
    finally:
        db.close()


def test_restore_refuses_a_backup_from_a_newer_program(db_path: Path) -> None:
    good = make_backup(db_path, reason="manual")
    con = sqlite3.connect(good)
    con.execute("UPDATE alembic_version SET version_num = 'phienbanmoi'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        restore_backup(db_path, good)
    assert "phiên bản KH57 mới hơn" in info.value.message
    assert db_path.read_bytes() == before
    assert _side_files(backup_dir_for(db_path)) == []


def test_restore_from_a_data_file_copied_with_its_wal_keeps_the_last_changes(
    db_path: Path, tmp_path: Path
) -> None:
    """A kh57.sqlite3 copied with its -wal from another machine: the -wal holds the last edits."""
    _add_plan(db_path, "Có sẵn")
    usb = tmp_path / "usb"
    usb.mkdir()
    other = usb / "kh57.sqlite3"
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE plan SET title = 'Chỉ có trong -wal'")
    con.commit()
    for suffix in ("", "-wal"):  # copied while the other program still had it open
        (usb / f"kh57.sqlite3{suffix}").write_bytes(
            db_path.with_name(db_path.name + suffix).read_bytes()
        )
    con.close()
    before = list(usb.iterdir())
    assert any(p.name.endswith("-wal") and p.stat().st_size > 0 for p in before)
    restore_backup(db_path, other)
    db = open_database(db_path)
    try:
        titles = [p.title for p in list_plans(db)]
    finally:
        db.close()
    assert titles == ["Chỉ có trong -wal"]
