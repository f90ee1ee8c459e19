"""Backups with the SQLite backup API, rotation, and restore.

File names are ``kh57-YYYYMMDD-HHMMSS-<reason>.sqlite3``; rotation only ever
deletes files matching that pattern. A backup that fails ``quick_check`` is
discarded before rotation, so it can never push good copies out.

Officers copy the backups folder to a USB stick, so nothing but finished
backups may lie there: each backup is a self-contained rollback-journal
(``journal_mode=DELETE``) file, closed before it is renamed into place, and a
backup (or any file chosen for restore) is only ever opened read-only and
``immutable``, which never creates ``-wal``/``-shm`` files beside it, even for
WAL-mode backups written by earlier versions.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.db import known_revisions, quick_check
from app.errors import BackupError, DatabaseCorruptError, DatabaseTooNewError
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


def _open_untouched(path: Path) -> sqlite3.Connection:
    """Read a file that nobody writes (a backup) without creating any file beside it.

    A data file copied together with its non-empty ``-wal`` (chosen for restore from
    another machine) is read with that journal, whose last changes live only there.
    """
    wal = path.with_name(path.name + "-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    mode = "mode=ro" if pending else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)


def _write_copy(source: sqlite3.Connection, dst: Path) -> None:
    """Copy *source* into *dst* as a closed, self-contained rollback-journal database."""
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # checkpoints; no -wal/-shm afterwards
    finally:
        target.close()


def _copy_live_database(src: Path, dst: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)  # sees the live WAL content
    try:
        _write_copy(source, dst)
    finally:
        source.close()


def _copy_backup(src: Path, dst: Path) -> None:
    source = _open_untouched(src)
    try:
        _write_copy(source, dst)
    finally:
        source.close()


def backup_intact(path: Path) -> bool:
    """True when *path* passes ``quick_check``; leaves nothing beside the file."""
    try:
        con = _open_untouched(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        return False
    return rows == [("ok",)]


def _revision_of(path: Path) -> str | None:
    con = _open_untouched(path)
    try:
        if not con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone():
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


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
    except OSError as exc:
        raise _cannot_back_up(folder) from exc
    tmp = target.with_suffix(".tmp")
    try:
        _copy_live_database(db_path, tmp)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_back_up(folder) from exc
    if not quick_check(tmp):
        tmp.unlink(missing_ok=True)
        raise BackupError(
            "Bản sao lưu vừa tạo không đạt kiểm tra toàn vẹn nên đã bị bỏ; dữ liệu hiện tại có thể đã hỏng, "
            "hãy khôi phục từ bản sao lưu cũ hơn."
        )
    tmp.replace(target)
    rotate_backups(db_path, now=now)
    return target


def _cannot_back_up(folder: Path) -> BackupError:
    return BackupError(
        f"Không sao lưu được dữ liệu vào {folder}; hãy kiểm tra dung lượng ổ đĩa rồi thử lại."
    )


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
        if backup_intact(info.path):
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
    _check_restorable(source)
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
        _copy_backup(source, tmp)
        tmp.replace(db_path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(
            f"Không khôi phục được từ {source}; dữ liệu hiện tại chưa bị thay đổi, hãy thử lại."
        ) from exc
    return safety


def _check_restorable(source: Path) -> None:
    """Refuse a damaged or foreign file, or one from a newer program, without writing beside it."""
    if not source.is_file() or not backup_intact(source):
        raise BackupError(
            f"Tệp {source} không phải bản sao lưu KH57 còn nguyên vẹn; hãy chọn bản sao lưu khác."
        )
    try:
        revision = _revision_of(source)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Tệp {source} không phải bản sao lưu KH57 còn nguyên vẹn; hãy chọn bản sao lưu khác."
        ) from exc
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(
            f"Tệp {source} được tạo bởi phiên bản KH57 mới hơn phiên bản này; "
            "hãy cài phiên bản KH57 mới nhất để khôi phục, dữ liệu hiện tại không bị thay đổi."
        )


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
