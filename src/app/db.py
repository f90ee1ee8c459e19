"""The local SQLite database: opening, pragmas, checks and migrations.

``open_database`` is the one way in: it checks the file (quick_check),
refuses a database written by a newer program, backs up before migrating,
applies Alembic migrations shipped in the package and returns a ``Database``
holding the engine and session factory.
"""

from __future__ import annotations

import re
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.errors import DatabaseCorruptError, DatabaseTooNewError, StorageError
from app.platform_checks import check_database_location

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


_REV = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w]+)['\"]?", re.MULTILINE)


@cache
def _revision_graph() -> dict[str, str | None]:
    """revision → down_revision, read from the shipped migration files.

    Reading the files directly keeps Alembic out of start-up when the
    database is already current (tests check this agrees with Alembic).
    """
    graph: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict((k, v) for k, v in _REV.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    downs = set(graph.values())
    heads = [rev for rev in graph if rev not in downs]
    assert len(heads) == 1, heads
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph())


def quick_check(path: Path) -> bool:
    """True when SQLite's quick_check passes on the file (read-only)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return rows == [("ok",)]


def current_revision(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


def check_database_file(path: Path) -> None:
    """Raise a clear error if the file is damaged or from a newer program.

    A zero-length file is a new, empty database (first start) unless backups
    of it exist: then it is a damaged copy and the officer is offered the
    newest backup instead of silently starting empty.
    """
    if not path.exists():
        return
    if _wal_lost(path):
        raise DatabaseCorruptError(
            f"Tệp nhật ký ghi {path.name}-wal của dữ liệu đã bị xoá hoặc bị cắt sau khi máy tắt "
            "đột ngột nên các thay đổi gần nhất không còn; hãy khôi phục từ bản sao lưu gần nhất "
            "(Cài đặt → Sao lưu hoặc lệnh kh57 restore)."
        )
    size = path.stat().st_size
    if 0 < size < 100:  # shorter than SQLite's header: SQLite would take it for an empty file
        raise DatabaseCorruptError(
            f"Tệp dữ liệu {path} bị hỏng (chỉ còn {size} byte); hãy khôi phục từ bản sao lưu "
            "gần nhất (Cài đặt → Sao lưu hoặc lệnh kh57 restore)."
        )
    if size == 0 and not _wal_has_data(path):
        if _has_backups(path):
            raise DatabaseCorruptError(
                f"Tệp dữ liệu {path} rỗng (0 byte) trong khi đã có bản sao lưu, có thể tệp bị "
                "chép hỏng; hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu hoặc lệnh "
                "kh57 restore)."
            )
        return
    if not quick_check(path):
        raise DatabaseCorruptError(
            f"Tệp dữ liệu {path} bị hỏng và không đọc được; "
            "hãy khôi phục từ bản sao lưu gần nhất (Cài đặt → Sao lưu hoặc lệnh kh57 restore)."
        )
    try:
        rev = current_revision(path)
    except sqlite3.Error as exc:
        raise DatabaseCorruptError(
            f"Tệp dữ liệu {path} không phải cơ sở dữ liệu KH57 đọc được; "
            "hãy chọn đúng tệp hoặc khôi phục từ bản sao lưu."
        ) from exc
    if rev is not None and rev not in known_revisions():
        raise DatabaseTooNewError(
            f"Tệp dữ liệu {path} được tạo bởi phiên bản KH57 mới hơn phiên bản này; "
            "hãy cài phiên bản KH57 mới nhất để mở, dữ liệu không bị thay đổi."
        )


def _has_backups(path: Path) -> bool:
    from app.backup import list_backups

    return bool(list_backups(path))


_SHM_HEADER = struct.Struct(
    "=IIIBBHI"
)  # iVersion, unused, iChange, isInit, bigEnd, szPage, mxFrame


def _wal_lost(path: Path) -> bool:
    """True when the ``-shm`` index names committed frames that the ``-wal`` file no longer holds.

    After a crash the WAL index (``-shm``) survives; if its header says frames
    1…mxFrame exist and fewer than that have been copied back (nBackfill),
    those transactions live only in the ``-wal`` file. When that file is gone
    or shorter, SQLite would silently open the older main file.
    """
    shm = path.with_name(path.name + "-shm")
    try:
        with shm.open("rb") as fh:
            head = fh.read(136)
    except OSError:
        return False
    if len(head) < 136:
        return False
    version, _unused, _change, is_init, _big, page_size, mx_frame = _SHM_HEADER.unpack(head[:20])
    (backfill,) = struct.unpack("=I", head[96:100])
    if version != 3007000 or not is_init or mx_frame <= backfill:
        return False
    page_size = 65536 if page_size == 1 else page_size
    wal = path.with_name(path.name + "-wal")
    try:
        size = wal.stat().st_size
    except OSError:
        return True
    return bool(size < 32 + int(mx_frame) * (24 + int(page_size)))


def _wal_has_data(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


@dataclass
class Database:
    """An open, checked and migrated database."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error."""
        with self.session_factory.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.session_factory() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def needs_migration(path: Path) -> bool:
    if not path.exists():
        return True
    return current_revision(path) != head_revision()


def migrate(engine: Engine) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def open_database(path: Path, *, backup_before_migrate: bool = True) -> Database:
    """Open (creating if needed) the database at *path*, checked and migrated."""
    path = Path(path)
    check_database_location(path)  # not on a USB stick, network drive or too long a path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Không tạo được thư mục dữ liệu {path.parent}; hãy kiểm tra quyền ghi hoặc chọn thư mục khác."
        ) from exc
    check_database_file(path)
    existed = path.exists() and path.stat().st_size > 0
    pending = needs_migration(path)
    if existed and pending and backup_before_migrate:
        from app.backup import make_backup

        make_backup(path, reason="migrate")
    engine = make_engine(path)
    try:
        if pending:
            migrate(engine)
    except Exception as exc:
        engine.dispose()
        raise StorageError(
            f"Không nâng cấp được tệp dữ liệu {path}; dữ liệu cũ vẫn được giữ nguyên "
            "trong bản sao lưu, hãy báo cho cán bộ kỹ thuật."
        ) from exc
    return Database(
        path=path, engine=engine, session_factory=sessionmaker(engine, expire_on_commit=False)
    )
