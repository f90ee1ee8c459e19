"""Submission bundles: pack → verify round trip, determinism, and malicious files."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app import bundle
from app.bundle import (
    REASONS,
    BundleRejected,
    PackedBundle,
    bundle_filename,
    pack_bundle,
    verify_bundle,
)
from app.errors import BundleError

EXAMPLE = Path(__file__).parent / "data" / "bundle" / "report-data.example.json"
CREATED = datetime(2025, 9, 16, 8, 30, tzinfo=timezone(timedelta(hours=7)))
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


XLSX = _xlsx()


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def pack(data: dict[str, Any] | None = None, **kw: Any) -> PackedBundle:
    args: dict[str, Any] = {
        "data": data or example(),
        "pdf": PDF,
        "xlsx": XLSX,
        "app_version": "0.1.0",
        "created_at": CREATED,
    }
    args.update(kw)
    return pack_bundle(**args)


def members_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def make_zip(entries: list[tuple[str, bytes]], *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, body in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = compress
                zf.writestr(info, body)
    return buffer.getvalue()


def remanifest(members: dict[str, bytes], /, **changes: Any) -> dict[str, bytes]:
    """Recompute the manifest's hashes (what a careful forger would do)."""
    manifest = json.loads(members["manifest.json"])
    for name in ("data.json", "report.pdf", "report.xlsx"):
        body = members[name]
        manifest["members"][name] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    manifest.update(changes)
    return {**members, "manifest.json": json.dumps(manifest, ensure_ascii=False).encode()}


def rejected(source: bytes | Path) -> BundleRejected:
    with pytest.raises(BundleRejected) as info:
        verify_bundle(source)
    assert isinstance(info.value, BundleError)
    return info.value


# --------------------------------------------------------------------------- schema


def test_schemas_are_valid_draft_2020_12() -> None:
    for path in bundle.schema_dir().glob("*.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


def test_example_fixture_is_valid() -> None:
    bundle.validate_report_data(example())


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(extra=1),
        lambda d: d.update(version=2),
        lambda d: d["tasks"][0].update(status_code="finished"),
        lambda d: d["tasks"][0].update(percent=120),
        lambda d: d["tasks"][0].pop("evidence"),
        lambda d: d["indicators"][0].update(attainment="Dat"),
        lambda d: d["indicators"][0].update(target_op="≥"),
        lambda d: d["period"].update(key="2025-Q3"),  # kind is monthly
        lambda d: d["period"].update(start="2025-09-31"),
        lambda d: d["period"].update(start="2025-09-20"),  # after end
        lambda d: d["period"].update(year=2024),
        lambda d: d["report"].update(revision=0),
        lambda d: d["summary"].update(tasks_done=2),
        lambda d: d["commune"].update(name=""),
    ],
)
def test_pack_refuses_invalid_data(mutate: Callable[[dict[str, Any]], None]) -> None:
    data = example()
    mutate(data)
    with pytest.raises(BundleError, match="chưa đúng mẫu"):
        pack(data)


@pytest.mark.parametrize(
    ("key", "kind", "start", "end"),
    [
        ("2025-Q3", "quarterly", "2025-06-15", "2025-09-14"),
        ("2025-H1", "half_year", "2024-12-15", "2025-06-14"),
        ("2025", "yearly", "2024-12-15", "2025-12-14"),
        ("adhoc-2025-10-bao-cao-nhanh", "adhoc", "2025-10-01", "2025-10-05"),
    ],
)
def test_every_period_kind_packs(key: str, kind: str, start: str, end: str) -> None:
    data = example()
    data["period"] = {"key": key, "kind": kind, "start": start, "end": end, "year": 2025}
    assert verify_bundle(pack(data).content).data["period"]["key"] == key


# --------------------------------------------------------------------------- packing


def test_round_trip() -> None:
    packed = pack()
    verified = verify_bundle(packed.content)
    assert verified.data == example()
    assert verified.pdf == PDF and verified.xlsx == XLSX
    assert verified.bundle_id == packed.bundle_id
    assert verified.sha256 == packed.sha256 == hashlib.sha256(packed.content).hexdigest()
    manifest = verified.manifest
    assert manifest["format"] == "kh57-bundle" and manifest["format_version"] == 1
    assert manifest["commune"] == {"name": "Tam Chung", "province": "Thanh Hóa"}
    assert manifest["period"]["key"] == "2025-09" and manifest["revision"] == 1
    assert manifest["created_at"] == "2025-09-16T08:30:00+07:00"
    assert manifest["app_version"] == "0.1.0"
    assert manifest["members"]["report.pdf"] == {
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
    }


def test_zip_holds_exactly_four_members_with_fixed_times() -> None:
    with zipfile.ZipFile(io.BytesIO(pack().content)) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == [
        "manifest.json",
        "data.json",
        "report.pdf",
        "report.xlsx",
    ]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_same_inputs_give_byte_identical_bundles() -> None:
    assert pack().content == pack().content


def test_bundle_id_is_the_report_revision() -> None:
    first = pack()
    later = pack(created_at=CREATED + timedelta(days=3), app_version="0.2.0", pdf=PDF + b"\n")
    assert later.bundle_id == first.bundle_id  # same data.json, same revision
    assert later.content != first.content
    revised = example()
    revised["report"]["revision"] = 2
    assert pack(revised).bundle_id != first.bundle_id
    changed = example()
    changed["tasks"][1]["percent"] = 70
    assert pack(changed).bundle_id != first.bundle_id
    other = example()
    other["commune"]["name"] = "Trung Lý"
    assert pack(other).bundle_id != first.bundle_id
    assert re.fullmatch(r"[0-9a-f-]{36}", first.bundle_id)


def test_decomposed_unicode_gives_the_same_bundle() -> None:
    import unicodedata

    nfd = json.loads(unicodedata.normalize("NFD", EXAMPLE.read_text("utf-8")))
    assert pack(nfd).content == pack().content


def test_tasks_and_indicators_without_group() -> None:
    data = example()
    data["tasks"][0]["group"] = None
    data["indicators"][0]["group"] = None
    assert verify_bundle(pack(data).content).data["tasks"][0]["group"] is None


def test_pack_refuses_naive_time_and_wrong_files() -> None:
    with pytest.raises(ValueError):
        pack(created_at=datetime(2025, 9, 16, 8, 30))
    with pytest.raises(BundleError, match="PDF"):
        pack(pdf=b"<html>")
    with pytest.raises(BundleError, match="Excel"):
        pack(xlsx=b"not a workbook")


def test_filename() -> None:
    assert pack().filename == "KH57_Tam-Chung_2025-09_r1.kh57"
    name = bundle_filename("Xã Đồng Tâm (huyện cũ: Bá Thước)", "adhoc-Báo cáo nhanh/đột xuất", 12)
    assert name == "KH57_Xa-Dong-Tam-huyen-cu-Ba-Thuoc_adhoc-Bao-cao-nhanh-dot-xuat_r12.kh57"
    long = bundle_filename("Ư" * 300, "adhoc-" + "x" * 64, 9999)
    assert len(long) < 100 and long.isascii()
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", long)


# --------------------------------------------------------------------------- verifying


def test_verify_from_path(tmp_path: Path) -> None:
    packed = pack()
    path = tmp_path / packed.filename
    path.write_bytes(packed.content)
    assert verify_bundle(path).bundle_id == packed.bundle_id
    assert verify_bundle(str(path)).sha256 == packed.sha256
    assert rejected(tmp_path / "missing.kh57").code == "unreadable"


def test_every_reason_has_its_own_vietnamese_sentence() -> None:
    messages = [m.format(name="x", detail="y") for m in REASONS.values()]
    assert len(set(messages)) == len(messages)
    for message in messages:
        assert message.endswith(".") and message.count(". ") == 0
        assert "hãy" in message  # says what to do


def test_not_a_zip() -> None:
    assert rejected(b"hello, this is not a zip").code == "not_zip"
    assert rejected(b"").code == "not_zip"
    assert rejected(PDF).code == "not_zip"


def test_file_over_the_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    content = pack().content
    monkeypatch.setattr(bundle, "MAX_FILE_BYTES", len(content) - 1)
    assert rejected(content).code == "too_large"
    path = tmp_path / "big.kh57"
    path.write_bytes(content)
    assert rejected(path).code == "too_large"


def _entries(**replace: bytes) -> list[tuple[str, bytes]]:
    members = members_of(pack().content)
    members.update(replace)
    return list(members.items())


@pytest.mark.parametrize(
    "name",
    ["../data.json", "/etc/passwd", "a/../../x", "..\\report.pdf", "C:evil.exe", "./data.json"],
)
def test_unsafe_names(name: str) -> None:
    error = rejected(make_zip([*_entries(), (name, b"x")]))
    assert error.code == "unsafe_name"


def test_directory_entry() -> None:
    assert rejected(make_zip([*_entries(), ("docs/", b"")])).code == "directory"


def test_duplicate_names() -> None:
    entries = _entries()
    assert rejected(make_zip([*entries, ("report.pdf", PDF)])).code == "duplicate"


def test_missing_and_extra_members() -> None:
    entries = _entries()
    without_xlsx = [e for e in entries if e[0] != "report.xlsx"]
    error = rejected(make_zip(without_xlsx))
    assert error.code == "missing" and "report.xlsx" in error.message
    error = rejected(make_zip([*entries, ("virus.exe", b"MZ")]))
    assert error.code == "extra" and "virus.exe" in error.message
    assert rejected(make_zip([*entries, ("Data.json", b"{}")])).code == "extra"


def test_zip_bomb_by_ratio() -> None:
    bomb = b"%PDF-" + b"\0" * (20 * 1024 * 1024)
    assert rejected(make_zip(_entries(**{"report.pdf": bomb}))).code == "ratio"


def test_member_over_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_zip(_entries())
    monkeypatch.setitem(bundle.MEMBER_LIMITS, "report.pdf", 10)
    assert rejected(content).code == "member_too_large"


def test_total_over_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    content = pack().content
    monkeypatch.setattr(bundle, "MAX_TOTAL_BYTES", 1000)
    assert rejected(content).code == "total_too_large"


def _set_flag(content: bytes, flag: int) -> bytes:
    """Set a general-purpose flag on every local and central header."""
    raw = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at != -1:
            raw[at + offset] |= flag
            at = raw.find(signature, at + 4)
    return bytes(raw)


def test_encrypted_member() -> None:
    assert rejected(_set_flag(make_zip(_entries()), 0x1)).code == "encrypted"


def test_unsupported_compression() -> None:
    content = make_zip(_entries(), compress=zipfile.ZIP_BZIP2)
    assert rejected(content).code == "compression"


def test_corrupted_bytes_fail_the_crc() -> None:
    content = bytearray(make_zip(_entries(), compress=zipfile.ZIP_STORED))
    at = content.find(b"/Type /Catalog")
    content[at] ^= 0xFF
    assert rejected(bytes(content)).code == "damaged"


def test_tampered_pdf_same_size() -> None:
    tampered = PDF.replace(b"Catalog", b"Catalos")
    error = rejected(make_zip(_entries(**{"report.pdf": tampered})))
    assert error.code == "hash_mismatch" and "report.pdf" in error.message


def test_tampered_pdf_other_size() -> None:
    error = rejected(make_zip(_entries(**{"report.pdf": PDF + b"% extra"})))
    assert error.code == "size_mismatch"


def test_members_are_checked_before_data_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    garbage = make_zip(_entries(**{"data.json": b'{"format": "evil"}'}))
    pdf_bad = make_zip(_entries(**{"report.pdf": PDF.replace(b"Catalog", b"Catalos")}))
    calls: list[bytes] = []
    monkeypatch.setattr(bundle, "_parse_data", lambda body: calls.append(body))
    assert rejected(garbage).code == "size_mismatch"
    assert rejected(pdf_bad).code == "hash_mismatch"
    assert calls == []


def _forged(**changes: Any) -> bytes:
    return make_zip(list(remanifest(members_of(pack().content), **changes).items()))


def test_manifest_problems() -> None:
    assert rejected(make_zip(_entries(**{"manifest.json": b"{not json"}))).code == (
        "manifest_invalid"
    )
    dup = b'{"format": "kh57-bundle", "format": "kh57-bundle"}'
    assert rejected(make_zip(_entries(**{"manifest.json": dup}))).code == "manifest_invalid"
    assert rejected(_forged(format="zip")).code == "format_unknown"
    error = rejected(_forged(format_version=2))
    assert error.code == "format_version" and "cập nhật" in error.message
    assert rejected(_forged(members={})).code == "manifest_invalid"
    assert rejected(_forged(created_at="yesterday")).code == "manifest_invalid"
    assert rejected(_forged(created_at="2025-09-16T08:30:00")).code == "manifest_invalid"
    assert rejected(_forged(unexpected=True)).code == "manifest_invalid"


def test_forged_manifest_identity() -> None:
    assert rejected(_forged(commune={"name": "Trung Lý", "province": "Thanh Hóa"})).code == (
        "data_mismatch"
    )
    assert rejected(_forged(revision=3)).code == "data_mismatch"
    other_id = "00000000-0000-5000-8000-000000000000"
    assert rejected(_forged(bundle_id=other_id)).code == "data_mismatch"


def test_data_changed_and_hashes_recomputed_is_caught_by_the_bundle_id() -> None:
    members = members_of(pack().content)
    data = json.loads(members["data.json"])
    data["indicators"][0]["actual_value"] = 99
    members["data.json"] = json.dumps(data, ensure_ascii=False).encode()
    forged = make_zip(list(remanifest(members).items()))
    assert rejected(forged).code == "data_mismatch"


def test_invalid_data_json_with_consistent_manifest() -> None:
    members = members_of(pack().content)
    data = json.loads(members["data.json"])
    data["tasks"][0]["status_code"] = "finished"
    members["data.json"] = json.dumps(data).encode()
    error = rejected(make_zip(list(remanifest(members).items())))
    assert error.code == "data_invalid" and "$.tasks[0].status_code" in error.message
    members["data.json"] = b"\xff\xfe not utf-8"
    assert rejected(make_zip(list(remanifest(members).items()))).code == "data_invalid"
    members["data.json"] = b'{"a": NaN}'
    assert rejected(make_zip(list(remanifest(members).items()))).code == "data_invalid"
    members["data.json"] = b"[" * 100_000 + b"]" * 100_000
    assert rejected(make_zip(list(remanifest(members).items()))).code == "data_invalid"


def test_pdf_and_xlsx_must_be_what_they_claim() -> None:
    members = members_of(pack().content)
    members["report.pdf"] = b"MZ\x90\x00 not a pdf"
    assert rejected(make_zip(list(remanifest(members).items()))).code == "pdf_invalid"
    members = members_of(pack().content)
    members["report.xlsx"] = b"<html></html>"
    assert rejected(make_zip(list(remanifest(members).items()))).code == "xlsx_invalid"


def test_utc_created_at_is_accepted() -> None:
    packed = pack(created_at=datetime(2025, 9, 16, 1, 30, tzinfo=UTC))
    assert verify_bundle(packed.content).manifest["created_at"] == "2025-09-16T01:30:00+00:00"


def test_data_returned_is_a_copy_safe_to_keep() -> None:
    data = example()
    before = copy.deepcopy(data)
    pack(data)
    assert data == before  # packing never changes the caller's dict
