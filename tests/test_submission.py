"""Bundling a real report revision and exporting it to a folder or USB stick."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.bundle import verify_bundle
from app.db import Database
from app.errors import ExportError, ValidationError
from app.models import Report
from app.models.submission import Submission
from app.safe_write import MSG_FULL, MSG_GONE
from app.services import submission
from app.services.commune import ProfileData, save_profile
from app.services.reports import unlock_report
from app.services.submission import export_bundle, list_sendable, make_bundle
from sending_support import make_report


@pytest.fixture
def report_id(db: Database) -> int:
    return make_report(db)


@pytest.fixture
def invariant_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic documents: reportlab without its time stamp and random id, and one
    Excel rendering per report (openpyxl stamps the current second into docProps/core.xml)."""
    import reportlab.rl_config

    from app.services import documents

    monkeypatch.setattr(reportlab.rl_config, "invariant", 1)
    cache: dict[int, bytes] = {}
    real = documents.report_xlsx

    def once(db: Database, report_id: int) -> bytes:
        key = report_id * 1000 + _revision(db, report_id)
        if key not in cache:
            cache[key] = real(db, report_id)
        return cache[key]

    monkeypatch.setattr(documents, "report_xlsx", once)


def _revision(db: Database, report_id: int) -> int:
    with db.read() as s:
        report = s.get(Report, report_id)
        assert report is not None
        return report.revision


def submissions(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Submission)) or 0)


def test_bundle_of_a_real_report_verifies_and_locks_it(db: Database, report_id: int) -> None:
    packed = make_bundle(db, report_id)
    verified = verify_bundle(packed.content)
    assert verified.bundle_id == packed.bundle_id
    assert verified.manifest["commune"] == {"name": "Tam Chung", "province": "Thanh Hoá"}
    assert verified.manifest["period"]["key"] == "2025-09"
    assert verified.manifest["plan"]["number"] == "112/KH-UBND"
    assert verified.pdf.startswith(b"%PDF-") and verified.xlsx.startswith(b"PK")
    assert len(verified.data["tasks"]) == 6 and len(verified.data["indicators"]) == 21
    assert packed.filename == "KH57_Tam-Chung_2025-09_r1.kh57"
    with db.read() as s:
        report = s.get(Report, report_id)
        assert report is not None and report.status == "locked" and report.locked_at
        locked_at = report.locked_at
    created = verified.manifest["created_at"]
    assert created == locked_at.replace(microsecond=0).isoformat() + "+00:00"


def test_same_revision_same_bundle_new_revision_new_id(
    db: Database, report_id: int, invariant_pdf: None
) -> None:
    first = make_bundle(db, report_id)
    again = make_bundle(db, report_id)
    assert again.bundle_id == first.bundle_id
    assert again.content == first.content  # the PDF is deterministic here: same bytes
    unlock_report(db, report_id, "Sửa số liệu")
    second = make_bundle(db, report_id)
    assert second.bundle_id != first.bundle_id
    assert second.filename.endswith("_r2.kh57")
    assert verify_bundle(second.content).manifest["revision"] == 2


def test_no_province_refuses_in_vietnamese_and_leaves_report_draft(
    db: Database, report_id: int
) -> None:
    save_profile(db, ProfileData(name="Tam Chung", province=""))
    with pytest.raises(ValidationError, match="chưa có tên tỉnh") as caught:
        make_bundle(db, report_id)
    assert caught.value.field == "province"
    with db.read() as s:
        report = s.get(Report, report_id)
        assert report is not None and report.status == "draft"


def test_plan_without_number_is_refused(db: Database) -> None:
    report_id = make_report(db, plan_number="")
    with pytest.raises(ValidationError, match="chưa có số, ký hiệu"):
        make_bundle(db, report_id)


def test_export_to_folder_writes_verified_file_and_records_submission(
    db: Database, report_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "usb"
    target.mkdir()
    result = export_bundle(db, report_id, target, channel="usb")
    assert result.path == target / "KH57_Tam-Chung_2025-09_r1.kh57"
    assert sorted(p.name for p in target.iterdir()) == [result.path.name]
    verified = verify_bundle(result.path)
    assert verified.sha256 == result.sha256 and verified.bundle_id == result.bundle_id
    assert result.size == result.path.stat().st_size
    with db.read() as s:
        row = s.scalars(select(Submission)).one()
        assert (row.report_id, row.channel, row.target) == (report_id, "usb", str(result.path))
        assert (row.bundle_id, row.sha256) == (result.bundle_id, result.sha256)
    rows = list_sendable(db)
    assert rows[0].sent_count == 1 and rows[0].last_sent.startswith("USB ")
    assert rows[0].status_label == "Đã gửi"  # Đã chốt → Đã gửi once sent


def _fail_in(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    real = getattr(os, name)

    def failing(*args: Any, **kw: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, failing)
    assert real is not failing


@pytest.mark.parametrize(
    ("call", "code", "message"),
    [
        ("write", errno.ENOSPC, MSG_FULL),  # full stick
        ("fsync", errno.EIO, MSG_GONE),  # stick pulled while flushing
        ("replace", errno.ENODEV, MSG_GONE),  # stick pulled before the rename
    ],
)
def test_pulled_or_full_stick_leaves_no_final_file_and_no_record(
    db: Database,
    report_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    code: int,
    message: str,
) -> None:
    packed = make_bundle(db, report_id)  # rendered first: the fault hits only the export
    monkeypatch.setattr(submission, "make_bundle", lambda _db, _id: packed)
    target = tmp_path / "usb"
    target.mkdir()
    with monkeypatch.context() as m:
        _fail_in(m, call, code)
        with pytest.raises(ExportError) as caught:
            export_bundle(db, report_id, target, channel="usb")
    assert caught.value.message == message
    assert not (target / "KH57_Tam-Chung_2025-09_r1.kh57").exists()
    assert [p for p in target.iterdir() if p.suffix == ".kh57"] == []
    assert submissions(db) == 0


def test_exporting_twice_keeps_one_identical_file(
    db: Database, report_id: int, tmp_path: Path, invariant_pdf: None
) -> None:
    first = export_bundle(db, report_id, tmp_path)
    second = export_bundle(db, report_id, tmp_path)
    assert first.path == second.path and first.sha256 == second.sha256
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".kh57"] == [first.path.name]
    assert submissions(db) == 2
    manifest = verify_bundle(first.path).manifest
    assert json.dumps(manifest, ensure_ascii=False).count("Tam Chung") >= 1
