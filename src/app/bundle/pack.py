"""Packing pieces: canonical data.json, the bundle id, the file name, the manifest, the zip."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.bundle.common import (
    _BUNDLE_NAMESPACE,
    _ZIP_TIME,
    FILE_SUFFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
)


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


def zip_members(manifest: Mapping[str, Any], members: Mapping[str, bytes]) -> bytes:
    """The .kh57 bytes: the manifest first, then the members in their order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        _zip_entry(zf, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        for name, body in members.items():
            _zip_entry(zf, name, body)
    return buffer.getvalue()
