"""Storage: pragmas, migrations, refusal of newer and damaged databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app.db import alembic_config, head_revision, open_database, quick_check
from app.errors import DatabaseCorruptError, DatabaseTooNewError


def test_migration_chain_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1
    revs = list(script.walk_revisions())
    bases = [r for r in revs if r.down_revision is None]
    assert len(bases) == 1
    for rev in revs:
        assert not isinstance(rev.down_revision, tuple | list), "merge revisions are not allowed"


def test_empty_database_upgrades_to_head_with_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = open_database(path)
    try:
        with db.read() as s:
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                head_revision()
            )
            tables = set(
                s.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
            )
        assert {"plan", "task", "indicator", "indicator_target", "unit"} <= tables
    finally:
        db.close()


def test_every_revision_upgrades_to_head(tmp_path: Path) -> None:
    """Upgrading from each released revision (with data present) reaches head."""
    from alembic import command

    from app.db import make_engine

    script = ScriptDirectory.from_config(alembic_config())
    for rev in script.walk_revisions():
        path = tmp_path / f"r{rev.revision}.sqlite3"
        engine = make_engine(path)
        command.upgrade(alembic_config(engine), rev.revision)
        engine.dispose()
        db = open_database(path)
        db.close()
        con = sqlite3.connect(path)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
        con.close()
        assert list((tmp_path / "backups").glob("kh57-*-migrate.sqlite3")) or (
            rev.revision == head_revision()
        )


def test_database_from_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        open_database(db_path)
    assert "phiên bản KH57 mới hơn" in info.value.message
    assert db_path.read_bytes() == before


def test_corrupt_database_is_detected(db_path: Path) -> None:
    raw = bytearray(db_path.read_bytes())
    raw[0:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(raw))
    assert not quick_check(db_path)
    with pytest.raises(DatabaseCorruptError) as info:
        open_database(db_path)
    assert "bị hỏng" in info.value.message


def test_text_is_stored_nfc(db: object) -> None:
    import unicodedata

    from app.services.plan_edit import PlanInput, create_plan
    from app.services.plans import list_plans

    decomposed = unicodedata.normalize("NFD", "Kế hoạch chuyển đổi số")
    create_plan(db, PlanInput(number="01/KH-UBND", title=decomposed))  # type: ignore[arg-type]
    [row] = list_plans(db)  # type: ignore[arg-type]
    assert row.title == unicodedata.normalize("NFC", decomposed)
    assert row.title != decomposed


def test_revision_files_agree_with_alembic() -> None:
    from app.db import known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == head_revision()
    assert {r.revision for r in script.walk_revisions()} == known_revisions()
