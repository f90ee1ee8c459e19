"""Verifying pieces: safe names, declared sizes, bounded reads, strict JSON, the manifest."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from app.bundle.common import (
    DATA,
    FORMAT,
    FORMAT_VERSION,
    MAX_RATIO,
    MEMBER_LIMITS,
    RATIO_FLOOR,
    BundleRejected,
    MiB,
    _reject,
)
from app.bundle.pack import _manifest, compute_bundle_id
from app.bundle.schema import _schema_problem, _semantic_problem


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


def _open_zip(raw: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise _reject("not_zip") from None


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
