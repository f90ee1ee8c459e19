"""Backups with the SQLite backup API, rotation, and restore.

File names are ``kh57-YYYYMMDD-HHMMSS-<reason>.sqlite3``; rotation only ever
deletes files matching that pattern. A backup that fails ``quick_check`` is
discarded before rotation, so it can never push good copies out.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.db import check_database_file, quick_check
from app.errors import BackupError, DatabaseCorruptError
from app.paths import backup_dir_for

NAME_RE = re.compile(r"^kh57-(\d{8})-(\d{6})(?:-(\d+))?-([a-z]+)\.sqlite3$")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    size: int


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Backups made by this program for *db_path*, newest first."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = NAME_RE.match(entry.name)
        if match and entry.is_file():
            taken = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
            found.append(BackupInfo(entry, taken, match.group(4), entry.stat().st_size))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _backup_name(folder: Path, now: datetime, reason: str) -> Path:
    base = f"kh57-{now:%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}-{reason}.sqlite3"
    n = 1
    while candidate.exists():
        candidate = folder / f"{base}-{n}-{reason}.sqlite3"
        n += 1
    return candidate


def _copy_with_backup_api(src: Path, dst: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dst)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def make_backup(db_path: Path, *, reason: str = "manual", now: datetime | None = None) -> Path:
    """Copy the live database with the SQLite backup API; verify; rotate."""
    if not re.fullmatch(r"[a-z]+", reason):
        raise ValueError(reason)
    if not db_path.exists():
        raise BackupError(
            f"Không có tệp dữ liệu {db_path} để sao lưu; hãy mở chương trình một lần trước."
        )
    folder = backup_dir_for(db_path)
    now = now or datetime.now()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _backup_name(folder, now, reason)
        tmp = target.with_suffix(".tmp")
        _copy_with_backup_api(db_path, tmp)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(
            f"Không sao lưu được dữ liệu vào {folder}; hãy kiểm tra dung lượng ổ đĩa rồi thử lại."
        ) from exc
    if not quick_check(tmp):
        tmp.unlink(missing_ok=True)
        raise BackupError(
            "Bản sao lưu vừa tạo không đạt kiểm tra toàn vẹn nên đã bị bỏ; dữ liệu hiện tại có thể đã hỏng, "
            "hãy khôi phục từ bản sao lưu cũ hơn."
        )
    tmp.replace(target)
    rotate_backups(db_path, now=now)
    return target


def rotate_backups(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Keep ≥7 daily, 4 weekly, 12 monthly copies (newest of each); delete the rest."""
    backups = list_backups(db_path)
    keep: set[Path] = set()
    for bucket_of, limit in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for info in backups:  # newest first: the first of each bucket is kept
            bucket = bucket_of(info.taken_at)
            if bucket not in seen:
                if len(seen) >= limit:
                    break
                seen.append(bucket)
                keep.add(info.path)
    now = now or datetime.now()
    recent = now - timedelta(days=1)
    deleted = []
    for info in backups:
        if info.path not in keep and info.taken_at < recent:
            info.path.unlink(missing_ok=True)
            deleted.append(info.path)
    return deleted


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for info in list_backups(db_path):
        if quick_check(info.path):
            return info
    return None


def backup_due(db_path: Path, *, now: datetime | None = None) -> bool:
    """True when the newest backup is over a day old (or there is none)."""
    backups = list_backups(db_path)
    now = now or datetime.now()
    return not backups or now - backups[0].taken_at > timedelta(days=1)


def restore_backup(db_path: Path, source: Path) -> Path | None:
    """Replace the database with *source*; returns the safety copy of the current file.

    The caller must have closed every connection to *db_path*.
    """
    if not source.is_file() or not quick_check(source):
        raise BackupError(
            f"Tệp {source} không phải bản sao lưu KH57 còn nguyên vẹn; hãy chọn bản sao lưu khác."
        )
    check_database_file(source)
    safety: Path | None = None
    if db_path.exists():
        try:
            safety = make_backup(db_path, reason="restore")
        except BackupError:
            safety = _keep_damaged_copy(db_path)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    tmp = db_path.with_name(db_path.name + ".restoring")
    try:
        _copy_with_backup_api(source, tmp)
        tmp.replace(db_path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            f"Không khôi phục được từ {source}; dữ liệu hiện tại chưa bị thay đổi, hãy thử lại."
        ) from exc
    return safety


def _keep_damaged_copy(db_path: Path) -> Path:
    """A damaged database cannot go through the backup API: keep its bytes aside."""
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"hong-{datetime.now():%Y%m%d-%H%M%S}-{db_path.name}"
    try:
        shutil.copy2(db_path, target)
    except OSError as exc:
        raise DatabaseCorruptError(
            "Không giữ lại được bản của tệp dữ liệu hỏng; hãy kiểm tra dung lượng ổ đĩa rồi thử lại."
        ) from exc
    return target
