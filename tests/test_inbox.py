"""The receiving office's inbox: verify before reading, idempotent import, superseding revisions."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bundle import BundleRejected
from app.db import Database, open_database
from app.models.submission import InboxBundle
from app.services.inbox import import_bundle, import_folder, inbox_document, list_inbox
from app.services.reports import unlock_report
from app.services.submission import export_bundle
from sending_support import make_report, tampered

MakeCommune = Callable[..., tuple[Database, int]]


@pytest.fixture
def commune_db(template_db: Path, tmp_path: Path) -> Iterator[MakeCommune]:
    """A commune's own database (not the receiving office's), with one report."""
    opened: list[Database] = []

    def make(name: str = "Tam Chung", **kw: object) -> tuple[Database, int]:
        path = tmp_path / f"commune-{len(opened)}.sqlite3"
        shutil.copyfile(template_db, path)
        db = open_database(path)
        opened.append(db)
        return db, make_report(db, commune=name, **kw)  # type: ignore[arg-type]

    yield make
    for db in opened:
        db.close()


def inbox_rows(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(InboxBundle)) or 0)


def test_three_bundles_one_duplicate_one_tampered(
    db: Database, commune_db: MakeCommune, tmp_path: Path
) -> None:
    outbox = tmp_path / "usb"
    outbox.mkdir()
    a_db, a_report = commune_db("Tam Chung")
    b_db, b_report = commune_db(
        "Thanh Miện", sample="thanh-mien", province="Hải Dương", plan_number="45/KH-UBND"
    )
    a = export_bundle(a_db, a_report, outbox).path
    b = export_bundle(b_db, b_report, outbox).path
    bad = tampered(a, outbox / "KH57_Tam-Chung_2025-09_r1 (sửa).kh57")

    results = import_folder(db, outbox)
    by_file = {Path(r.file).name: r for r in results}
    assert by_file[a.name].status == "imported" and by_file[a.name].commune == "Tam Chung"
    assert by_file[b.name].status == "imported" and by_file[b.name].period == "2025-09"
    assert by_file[bad.name].status == "rejected"
    assert by_file[bad.name].code == "hash_mismatch" and "SHA-256" in by_file[bad.name].error
    assert inbox_rows(db) == 2

    again = import_bundle(db, a)  # the same file arrives a second time (USB and e-mail)
    assert again.status == "duplicate" and inbox_rows(db) == 2
    with pytest.raises(BundleRejected):
        import_bundle(db, bad)
    assert inbox_rows(db) == 2

    rows = list_inbox(db)
    assert [(r.commune, r.province, r.current) for r in rows] == [
        ("Tam Chung", "Thanh Hoá", True),
        ("Thanh Miện", "Hải Dương", True),
    ]
    assert rows[0].summary["tasks_total"] == 6
    assert inbox_document(db, rows[0].id).startswith(b"%PDF-")
    assert inbox_document(db, rows[0].id, "xlsx").startswith(b"PK")


def test_newer_revision_supersedes_and_a_late_older_one_stays_superseded(
    db: Database, commune_db: MakeCommune, tmp_path: Path
) -> None:
    c_db, report_id = commune_db("Tam Chung")
    r1 = export_bundle(c_db, report_id, tmp_path).path
    unlock_report(c_db, report_id, "Sửa số liệu")
    r2 = export_bundle(c_db, report_id, tmp_path).path
    assert r2.name.endswith("_r2.kh57")

    second = import_bundle(db, r2)
    first = import_bundle(db, r1)  # the older revision arrives after the newer one
    assert second.status == first.status == "imported"
    assert second.supersedes is None and first.superseded
    rows = {r.revision: r for r in list_inbox(db)}
    assert rows[2].current and not rows[1].current

    unlock_report(c_db, report_id, "Sửa số liệu")
    r3 = export_bundle(c_db, report_id, tmp_path).path
    third = import_bundle(db, r3)
    assert third.supersedes == 2
    assert [r.revision for r in list_inbox(db) if r.current] == [3]


def test_a_bad_file_never_stops_the_others(
    db: Database, commune_db: MakeCommune, tmp_path: Path
) -> None:
    c_db, report_id = commune_db()
    good = export_bundle(c_db, report_id, tmp_path).path
    (tmp_path / "a-empty.kh57").write_bytes(b"")
    (tmp_path / "b-text.kh57").write_text("không phải gói", encoding="utf-8")
    (tmp_path / "ghi-chu.txt").write_text("bỏ qua", encoding="utf-8")
    results = import_folder(db, tmp_path)
    assert [(Path(r.file).name, r.status) for r in results] == [
        ("KH57_Tam-Chung_2025-09_r1.kh57", "imported"),
        ("a-empty.kh57", "rejected"),
        ("b-text.kh57", "rejected"),
    ]
    assert all(r.error for r in results if r.status == "rejected")
    assert inbox_rows(db) == 1 and good.exists()


def test_corrupt_deflate_stream_is_rejected_as_damaged(
    db: Database, commune_db: MakeCommune, tmp_path: Path
) -> None:
    c_db, report_id = commune_db()
    raw = bytearray(export_bundle(c_db, report_id, tmp_path).path.read_bytes())
    raw[100] ^= 0xFF  # inside data.json's deflate stream
    bad = tmp_path / "bad.kh57"
    bad.write_bytes(bytes(raw))
    with pytest.raises(BundleRejected) as caught:
        import_bundle(db, bad)
    assert caught.value.code in ("damaged", "manifest_invalid", "hash_mismatch")
    assert inbox_rows(db) == 0


def test_a_file_already_in_the_inbox_is_recognised_without_verifying_it_again(
    db: Database, commune_db: MakeCommune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.services.inbox as inbox

    outbox = tmp_path / "usb"
    outbox.mkdir()
    commune, report = commune_db("Tam Chung")
    path = export_bundle(commune, report, outbox).path
    verified: list[Path] = []
    real_verify = inbox.verify_bundle

    def counting_verify(source: Path) -> object:
        verified.append(Path(source))
        return real_verify(source)

    monkeypatch.setattr(inbox, "verify_bundle", counting_verify)
    first = import_bundle(db, path)
    copy = shutil.copyfile(path, tmp_path / "từ thư điện tử.kh57")
    again = import_bundle(db, copy)  # the same bytes arriving by e-mail as well
    assert (again.status, again.inbox_id, again.bundle_id) == (
        "duplicate",
        first.inbox_id,
        first.bundle_id,
    )
    assert (again.commune, again.period, again.revision) == (
        first.commune,
        first.period,
        first.revision,
    )
    assert verified == [path]  # only the first arrival was verified
    bad = tampered(path, tmp_path / "sửa.kh57")
    with pytest.raises(BundleRejected):
        import_bundle(db, bad)  # different bytes are verified in full, and refused
    assert verified == [path, bad] and inbox_rows(db) == 1
