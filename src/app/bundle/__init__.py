"""Submission bundles (``.kh57``): pack a report revision, verify a received file.

A bundle is a zip holding exactly ``manifest.json``, ``data.json``,
``report.pdf`` and ``report.xlsx`` (DESIGN §4). The manifest names the
commune, plan, period and revision and gives the SHA-256 and size of every
other member. The same inputs give a byte-identical bundle, and the same
report revision (commune, plan number, period key, revision and the SHA-256
of data.json) always gives the same bundle id.

The receiving side calls :func:`verify_bundle`, which checks the zip's
structure and every member against the manifest *before* parsing data.json,
then validates data.json against ``resources/schemas/report-data.v1.json``.
Every refusal is a :class:`BundleRejected` with a reason ``code`` (stable,
for the command line and tests) and one Vietnamese sentence.

The package: ``common`` (names, limits, reasons), ``schema`` (JSON Schemas),
``pack`` and ``members`` (the pieces of packing and verifying). The two entry
points and the checks against the size caps stay here, where callers and
tests look the caps up (``app.bundle.MAX_FILE_BYTES``).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from app.bundle.common import (
    DATA,
    DATA_FORMAT,
    DATA_VERSION,
    FILE_SUFFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_FILE_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MEMBER_LIMITS,
    MEMBERS,
    PDF,
    RATIO_FLOOR,
    REASONS,
    XLSX,
    BundleRejected,
    MiB,
    PackedBundle,
    VerifiedBundle,
    _reject,
)
from app.bundle.members import (
    _check_declared,
    _check_manifest_matches,
    _check_member,
    _open_zip,
    _parse_data,
    _parse_manifest,
    _read_member,
    _shown,
    _unsafe_name,
)
from app.bundle.pack import (
    _manifest,
    _nfc_deep,
    ascii_slug,
    bundle_filename,
    canonical_data_json,
    compute_bundle_id,
    zip_members,
)
from app.bundle.schema import schema_dir, summarize, validate_report_data
from app.errors import BundleError

__all__ = [
    "DATA",
    "DATA_FORMAT",
    "DATA_VERSION",
    "FILE_SUFFIX",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MEMBERS",
    "MEMBER_LIMITS",
    "PDF",
    "RATIO_FLOOR",
    "REASONS",
    "XLSX",
    "BundleRejected",
    "MiB",
    "PackedBundle",
    "VerifiedBundle",
    "ascii_slug",
    "bundle_filename",
    "canonical_data_json",
    "compute_bundle_id",
    "pack_bundle",
    "schema_dir",
    "summarize",
    "validate_report_data",
    "verify_bundle",
]


def pack_bundle(
    *, data: Mapping[str, Any], pdf: bytes, xlsx: bytes, app_version: str, created_at: datetime
) -> PackedBundle:
    """Validate *data* and pack the bundle; equal inputs give byte-identical content."""
    if created_at.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    data = _nfc_deep(data)
    validate_report_data(data)
    _check_files(pdf, xlsx)
    data_bytes = canonical_data_json(data)
    members = {DATA: data_bytes, PDF: pdf, XLSX: xlsx}
    _check_pack_size(members)
    bundle_id = compute_bundle_id(data, hashlib.sha256(data_bytes).hexdigest())
    manifest = _manifest(data, bundle_id, members, app_version, created_at)
    content = zip_members(manifest, members)
    try:
        verify_bundle(content)  # never hand out a bundle the receiver would refuse
    except BundleRejected as exc:
        raise BundleError(
            f"Không tạo được gói báo cáo hợp lệ (mã lỗi {exc.code}), hãy báo cho người hỗ trợ kỹ thuật."
        ) from exc
    filename = bundle_filename(
        data["commune"]["name"], data["period"]["key"], data["report"]["revision"]
    )
    return PackedBundle(bundle_id=bundle_id, filename=filename, content=content)


def _check_files(pdf: bytes, xlsx: bytes) -> None:
    if not pdf.startswith(b"%PDF-"):
        raise BundleError(
            "Tệp PDF của báo cáo không hợp lệ, hãy in lại báo cáo ra PDF rồi đóng gói lại."
        )
    if not xlsx.startswith(b"PK\x03\x04"):
        raise BundleError(
            "Tệp Excel của báo cáo không hợp lệ, hãy xuất lại bảng Excel rồi đóng gói lại."
        )


def _check_pack_size(members: Mapping[str, bytes]) -> None:
    if any(len(body) > MEMBER_LIMITS[name] for name, body in members.items()) or (
        sum(map(len, members.values())) + MEMBER_LIMITS[MANIFEST] > MAX_TOTAL_BYTES
    ):
        raise BundleError(
            "Báo cáo quá lớn để đóng gói gửi đi, hãy giảm bớt ảnh hoặc phụ lục rồi thử lại."
        )


def _read_source(source: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(source, bytes):
        raw = source
    else:
        path = Path(source)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:  # never read a file over the cap
                raise _reject("too_large")
            raw = path.read_bytes()
        except OSError as exc:
            detail = exc.strerror or type(exc).__name__
            raise _reject("unreadable", name=_shown(path.name), detail=detail) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise _reject("too_large")
    return raw


def _check_structure(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Names, flags and declared sizes; returns the four members by name."""
    seen: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        name = info.filename
        if _unsafe_name(name):
            raise _reject("unsafe_name", name=_shown(name))
        if info.is_dir():
            raise _reject("directory", name=_shown(name))
        if name in seen:
            raise _reject("duplicate", name=_shown(name))
        seen[name] = info
    extra = sorted(set(seen) - set(MEMBERS))
    if extra:
        raise _reject("extra", name=", ".join(_shown(n) for n in extra[:3]))
    missing = [n for n in MEMBERS if n not in seen]
    if missing:
        raise _reject("missing", name=", ".join(missing))
    for name, info in seen.items():
        _check_declared(name, info)
    if sum(info.file_size for info in seen.values()) > MAX_TOTAL_BYTES:
        raise _reject("total_too_large")
    return seen


def verify_bundle(source: bytes | str | os.PathLike[str]) -> VerifiedBundle:
    """Verify a .kh57 file (path or bytes) completely; BundleRejected on any fault.

    Order: size cap, zip structure and names, declared sizes and ratios, the
    manifest, every member's size and SHA-256 against it, and only then
    data.json (JSON, schema, cross-field rules, agreement with the manifest).
    """
    raw = _read_source(source)
    with _open_zip(raw) as zf:
        infos = _check_structure(zf)
        manifest = _parse_manifest(_read_member(zf, infos[MANIFEST]))
        bodies: dict[str, bytes] = {}
        for name in (DATA, PDF, XLSX):
            bodies[name] = _read_member(zf, infos[name])
            _check_member(name, bodies[name], manifest)
    if not bodies[PDF].startswith(b"%PDF-"):
        raise _reject("pdf_invalid")
    if not bodies[XLSX].startswith(b"PK\x03\x04"):
        raise _reject("xlsx_invalid")
    data = _parse_data(bodies[DATA])
    _check_manifest_matches(manifest, data)
    return VerifiedBundle(
        manifest=manifest,
        data=data,
        pdf=bodies[PDF],
        xlsx=bodies[XLSX],
        sha256=hashlib.sha256(raw).hexdigest(),
    )
