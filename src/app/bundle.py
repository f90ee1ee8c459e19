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
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from app.errors import BundleError
from app.paths import resource_dir

FORMAT = "kh57-bundle"
FORMAT_VERSION = 1
DATA_FORMAT = "kh57-report-data"
DATA_VERSION = 1
FILE_SUFFIX = ".kh57"

MANIFEST = "manifest.json"
DATA = "data.json"
PDF = "report.pdf"
XLSX = "report.xlsx"
MEMBERS: tuple[str, ...] = (MANIFEST, DATA, PDF, XLSX)

MiB = 1024 * 1024
MAX_FILE_BYTES = 200 * MiB  #: the .kh57 file itself
MAX_TOTAL_BYTES = 200 * MiB  #: sum of the uncompressed members
MEMBER_LIMITS: Mapping[str, int] = {
    MANIFEST: 1 * MiB,
    DATA: 50 * MiB,
    PDF: 150 * MiB,
    XLSX: 150 * MiB,
}
MAX_RATIO = 100  #: uncompressed / compressed, checked for members over RATIO_FLOOR
RATIO_FLOOR = 1 * MiB

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BUNDLE_NAMESPACE = uuid.UUID("6f0c7c2e-57a1-5b57-9d57-4b4835372d31")
_SCHEMA_FILES = {"data": "report-data.v1.json", "manifest": "bundle-manifest.v1.json"}

_RESEND = "hãy đề nghị nơi gửi xuất lại gói từ chương trình KH57 rồi gửi lại"
_SEND_AGAIN = "hãy đề nghị nơi gửi gửi lại gói"
#: Every reason a bundle can be refused for: code → one Vietnamese sentence.
REASONS: Mapping[str, str] = {
    "unreadable": "Không đọc được tệp {name} ({detail}), hãy kiểm tra tệp còn trên máy hoặc USB rồi thử lại.",
    "too_large": f"Gói báo cáo lớn quá mức cho phép nên bị từ chối, {_RESEND}.",
    "not_zip": f"Tệp này không phải là gói báo cáo KH57 (không mở được dạng nén zip), {_RESEND}.",
    "unsafe_name": "Gói báo cáo chứa tệp có tên hoặc đường dẫn không an toàn ({name}) nên bị từ chối, "
    + _RESEND
    + ".",
    "directory": f"Gói báo cáo chứa thư mục ({{name}}) trong khi chỉ được có bốn tệp, {_RESEND}.",
    "duplicate": f"Gói báo cáo chứa hai tệp trùng tên ({{name}}) nên bị từ chối, {_RESEND}.",
    "extra": f"Gói báo cáo có tệp không được phép ({{name}}), {_RESEND}.",
    "missing": f"Gói báo cáo thiếu tệp {{name}}, {_RESEND}.",
    "encrypted": f"Tệp {{name}} trong gói báo cáo bị đặt mật khẩu nên không kiểm tra được, {_RESEND}.",
    "compression": f"Tệp {{name}} trong gói báo cáo dùng kiểu nén không được hỗ trợ, {_RESEND}.",
    "member_too_large": "Tệp {name} trong gói báo cáo lớn quá mức cho phép khi giải nén nên gói bị "
    "từ chối để bảo vệ máy, " + _RESEND + ".",
    "total_too_large": "Tổng dung lượng giải nén của gói báo cáo vượt mức cho phép nên gói bị từ chối "
    "để bảo vệ máy, " + _RESEND + ".",
    "ratio": "Tệp {name} trong gói báo cáo có tỉ lệ nén bất thường (nghi là bom nén) nên gói bị từ "
    "chối, " + _RESEND + ".",
    "damaged": "Gói báo cáo bị hỏng (tệp {name} không giải nén được hoặc sai mã kiểm tra), hãy chép "
    "lại tệp hoặc đề nghị nơi gửi gửi lại gói.",
    "format_unknown": f"Tệp này không phải là gói báo cáo KH57 (kê khai không đúng định dạng), {_RESEND}.",
    "format_version": "Gói báo cáo dùng định dạng phiên bản {name} mà chương trình này chưa đọc được, "
    "hãy cập nhật KH57 lên phiên bản mới nhất rồi mở lại gói.",
    "manifest_invalid": "Tệp kê khai manifest.json của gói báo cáo không hợp lệ ({detail}), "
    + _RESEND
    + ".",
    "size_mismatch": "Tệp {name} trong gói báo cáo có dung lượng không khớp kê khai (gói đã bị sửa "
    "hoặc hỏng), " + _SEND_AGAIN + ".",
    "hash_mismatch": "Tệp {name} trong gói báo cáo không khớp mã SHA-256 đã kê khai (gói đã bị sửa "
    "hoặc hỏng), " + _SEND_AGAIN + ".",
    "pdf_invalid": f"Tệp report.pdf trong gói không phải là tệp PDF, {_RESEND}.",
    "xlsx_invalid": f"Tệp report.xlsx trong gói không phải là tệp Excel, {_RESEND}.",
    "data_invalid": "Dữ liệu báo cáo data.json trong gói không đúng mẫu ({detail}), hãy đề nghị nơi "
    "gửi cập nhật KH57 rồi xuất lại gói.",
    "data_mismatch": "Kê khai của gói báo cáo không khớp dữ liệu bên trong (mục {detail}), gói có "
    "thể đã bị giả mạo; " + _SEND_AGAIN + ".",
}


class BundleRejected(BundleError):
    """A bundle failed verification; ``code`` names the reason (e.g. ``hash_mismatch``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _reject(code: str, *, name: str = "", detail: str = "") -> BundleRejected:
    return BundleRejected(code, REASONS[code].format(name=name, detail=detail))


@dataclass(frozen=True)
class PackedBundle:
    bundle_id: str
    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: dict[str, Any]
    data: dict[str, Any]
    pdf: bytes
    xlsx: bytes
    sha256: str  #: of the whole .kh57 file; import is idempotent on (bundle_id, sha256)

    @property
    def bundle_id(self) -> str:
        return str(self.manifest["bundle_id"])


# --------------------------------------------------------------------------- schemas


def schema_dir() -> Path:
    """Folder holding the JSON Schemas (``resources/schemas``)."""
    folder = resource_dir() / "schemas"
    if not (folder / _SCHEMA_FILES["data"]).is_file():
        raise BundleError(
            "Không tìm thấy tệp mẫu dữ liệu (JSON Schema) của chương trình, hãy cài đặt lại KH57."
        )
    return folder


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads((schema_dir() / _SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _schema_problem(kind: str, instance: object) -> str | None:
    """Where *instance* breaks the schema (a JSON path), or None when it is valid."""
    error = best_match(_validator(kind).iter_errors(instance))
    if error is None:
        return None
    return f"sai ở mục {error.json_path}"[:200]


def _semantic_problem(data: Mapping[str, Any]) -> str | None:
    """Cross-field rules the schema cannot say; None when all hold."""
    period, plan, summary = data["period"], data["plan"], data["summary"]
    if date.fromisoformat(period["start"]) > date.fromisoformat(period["end"]):
        return "ngày bắt đầu kỳ báo cáo sau ngày kết thúc"
    if period["kind"] != "adhoc" and int(period["key"][:4]) != period["year"]:
        return "năm của kỳ báo cáo không khớp mã kỳ"
    if plan["start_year"] > plan["end_year"]:
        return "năm bắt đầu kế hoạch sau năm kết thúc"
    expected = summarize(data["tasks"], data["indicators"])
    for key, value in expected.items():
        if summary[key] != value:
            return f"số liệu tổng hợp {key} không khớp danh sách"
    if summary["tasks_overdue"] > summary["tasks_total"]:
        return "số nhiệm vụ quá hạn lớn hơn tổng số nhiệm vụ"
    return None


def summarize(
    tasks: Sequence[Mapping[str, Any]], indicators: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """The ``summary`` counts implied by the lists (all but ``tasks_overdue``)."""
    counts = {"tasks_total": len(tasks)}
    for status in ("not_started", "in_progress", "done", "paused", "cancelled"):
        counts[f"tasks_{status}"] = sum(1 for t in tasks if t["status_code"] == status)
    counts["indicators_total"] = len(indicators)
    for key, word in (("met", "Đạt"), ("not_met", "Chưa đạt"), ("not_assessed", "—")):
        counts[f"indicators_{key}"] = sum(1 for i in indicators if i["attainment"] == word)
    return counts


def validate_report_data(data: Mapping[str, Any]) -> None:
    """Raise BundleError when *data* is not a valid data.json (version 1)."""
    problem = _schema_problem("data", data) or _semantic_problem(data)
    if problem:
        raise BundleError(
            f"Dữ liệu báo cáo chưa đúng mẫu để đóng gói ({problem}), "
            "hãy kiểm tra lại báo cáo rồi đóng gói lại."
        )


# --------------------------------------------------------------------------- packing


def _nfc_deep(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, Mapping):
        return {_nfc_deep(k): _nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc_deep(v) for v in value]
    return value


def canonical_data_json(data: Mapping[str, Any]) -> bytes:
    """data.json bytes: NFC strings, sorted keys, UTF-8, so equal data gives equal bytes."""
    text = json.dumps(
        _nfc_deep(data), ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False
    )
    return (text + "\n").encode("utf-8")


def compute_bundle_id(data: Mapping[str, Any], data_sha256: str) -> str:
    """uuid5 of commune, province, plan number, period key, revision and data.json's hash."""
    parts = [
        data["commune"]["name"],
        data["commune"]["province"],
        data["plan"]["number"],
        data["period"]["key"],
        str(data["report"]["revision"]),
        data_sha256,
    ]
    key = unicodedata.normalize("NFC", "\x1f".join(parts))
    return str(uuid.uuid5(_BUNDLE_NAMESPACE, key))


def ascii_slug(text: str, max_len: int = 40) -> str:
    """ASCII letters, digits and hyphens: "Xã Đồng Tâm" → "Xa-Dong-Tam"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-")
    return slug[:max_len].strip("-") or "x"


def bundle_filename(commune: str, period_key: str, revision: int) -> str:
    """Suggested file name, ASCII and safe on Windows, e.g. ``KH57_Tam-Chung_2025-Q3_r1.kh57``."""
    return f"KH57_{ascii_slug(commune)}_{ascii_slug(period_key)}_r{revision}{FILE_SUFFIX}"


def _zip_entry(zf: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # the same bytes whatever system packs
    info.external_attr = 0o100644 << 16
    zf.writestr(info, content, compresslevel=9)


def _manifest(
    data: Mapping[str, Any],
    bundle_id: str,
    members: Mapping[str, bytes],
    app_version: str,
    created_at: datetime,
) -> dict[str, Any]:
    period = data["period"]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bundle_id": bundle_id,
        "commune": {"name": data["commune"]["name"], "province": data["commune"]["province"]},
        "plan": {"number": data["plan"]["number"], "title": data["plan"]["title"]},
        "period": {k: period[k] for k in ("key", "kind", "start", "end")},
        "revision": data["report"]["revision"],
        "created_at": created_at.isoformat(timespec="seconds"),
        "app_version": app_version,
        "members": {
            name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
            for name, body in members.items()
        },
    }


def pack_bundle(
    *, data: Mapping[str, Any], pdf: bytes, xlsx: bytes, app_version: str, created_at: datetime
) -> PackedBundle:
    """Validate *data* and pack the bundle; equal inputs give byte-identical content."""
    if created_at.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    data = _nfc_deep(data)
    validate_report_data(data)
    if not pdf.startswith(b"%PDF-"):
        raise BundleError(
            "Tệp PDF của báo cáo không hợp lệ, hãy in lại báo cáo ra PDF rồi đóng gói lại."
        )
    if not xlsx.startswith(b"PK\x03\x04"):
        raise BundleError(
            "Tệp Excel của báo cáo không hợp lệ, hãy xuất lại bảng Excel rồi đóng gói lại."
        )
    data_bytes = canonical_data_json(data)
    members = {DATA: data_bytes, PDF: pdf, XLSX: xlsx}
    if any(len(body) > MEMBER_LIMITS[name] for name, body in members.items()) or (
        sum(map(len, members.values())) + MEMBER_LIMITS[MANIFEST] > MAX_TOTAL_BYTES
    ):
        raise BundleError(
            "Báo cáo quá lớn để đóng gói gửi đi, hãy giảm bớt ảnh hoặc phụ lục rồi thử lại."
        )
    bundle_id = compute_bundle_id(data, hashlib.sha256(data_bytes).hexdigest())
    manifest = _manifest(data, bundle_id, members, app_version, created_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _zip_entry(zf, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for name, body in members.items():
            _zip_entry(zf, name, body)
    content = buffer.getvalue()
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


# --------------------------------------------------------------------------- verifying


def _shown(name: str) -> str:
    """A member name made safe to show in a message."""
    text = "".join(c if c.isprintable() else "?" for c in name)
    return text if len(text) <= 60 else text[:57] + "..."


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    if any(not c.isprintable() for c in name):
        return True
    return any(part in ("", ".", "..") for part in name.rstrip("/").split("/"))


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


def _open_zip(raw: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise _reject("not_zip") from None


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


def _check_declared(name: str, info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise _reject("encrypted", name=name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _reject("compression", name=name)
    if info.file_size > MEMBER_LIMITS[name]:
        raise _reject("member_too_large", name=name)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _reject("ratio", name=name)


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than its declared size or its limit."""
    limit = min(info.file_size, MEMBER_LIMITS[info.filename])
    buffer = bytearray()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(MiB):
                buffer += chunk
                if len(buffer) > limit:
                    raise _reject("member_too_large", name=info.filename)
    except BundleRejected:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,  # a flipped byte inside a deflated member
        ValueError,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ):
        raise _reject("damaged", name=info.filename) from None
    return bytes(buffer)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _parse_json(body: bytes) -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN/Infinity; ValueError otherwise."""
    try:
        text = body.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from exc


def _parse_manifest(body: bytes) -> dict[str, Any]:
    try:
        manifest = _parse_json(body)
    except ValueError:
        raise _reject("manifest_invalid", detail="không đọc được dạng JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _reject("format_unknown")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise _reject("format_version", name=_shown(str(version))[:20])
    problem = _schema_problem("manifest", manifest)
    if problem:
        raise _reject("manifest_invalid", detail=problem)
    try:
        created = datetime.fromisoformat(manifest["created_at"])
    except ValueError:
        raise _reject("manifest_invalid", detail="thời điểm tạo gói sai dạng") from None
    if created.tzinfo is None:
        raise _reject("manifest_invalid", detail="thời điểm tạo gói thiếu múi giờ")
    return manifest


def _check_member(name: str, body: bytes, manifest: Mapping[str, Any]) -> None:
    declared = manifest["members"][name]
    if len(body) != declared["size"]:
        raise _reject("size_mismatch", name=name)
    if hashlib.sha256(body).hexdigest() != declared["sha256"]:
        raise _reject("hash_mismatch", name=name)


def _parse_data(body: bytes) -> dict[str, Any]:
    try:
        data = _parse_json(body)
    except ValueError:
        raise _reject("data_invalid", detail="không đọc được dạng JSON") from None
    problem = _schema_problem("data", data) or _semantic_problem(data)
    if problem:
        raise _reject("data_invalid", detail=problem)
    assert isinstance(data, dict)
    return data


def _check_manifest_matches(manifest: Mapping[str, Any], data: Mapping[str, Any]) -> None:
    """The manifest's identity fields are those of data.json (a forged manifest fails)."""
    bundle_id = compute_bundle_id(data, manifest["members"][DATA]["sha256"])
    expected = _manifest(data, bundle_id, {}, "-", datetime(2000, 1, 1, tzinfo=UTC))
    for key in ("bundle_id", "commune", "plan", "period", "revision"):
        if manifest[key] != expected[key]:
            raise _reject("data_mismatch", detail=key)


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
