"""Program settings kept as one small JSON file in the user data folder (no Qt).

Every setting is declared here once. The file is rewritten atomically
(temporary file, fsync, rename), so a crash or power cut leaves either the old
or the new settings, never half a file. A missing or unreadable file gives the
defaults; a damaged entry is skipped, never fatal.

Settings
--------
``column_mappings``
    The officer's column mappings for tables whose header the importer did not
    recognise, keyed by the header signature (``UnrecognisedTable.signature``),
    so that the next file with the same header is read without asking again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, cast

from app.importing import ColumnMapping, TableKind
from app.paths import data_dir
from app.safe_write import replacing

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
COLUMN_MAPPINGS = "column_mappings"
_KINDS: tuple[TableKind, ...] = ("indicators", "tasks")


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def _load_all() -> dict[str, Any]:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("Không đọc được tệp cài đặt %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _save_all(data: dict[str, Any]) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    with replacing(path) as temp:
        temp.write_text(text, encoding="utf-8")


def mapping_to_json(mapping: ColumnMapping) -> dict[str, Any]:
    return {
        "kind": mapping.kind,
        "columns": dict(mapping.columns),
        "header_row": mapping.header_row,
        "header_rows": mapping.header_rows,
    }


def mapping_from_json(data: object) -> ColumnMapping | None:
    """The mapping stored in *data*, or None when it is not a sound mapping."""
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    columns = data.get("columns")
    header_row = data.get("header_row", 0)
    header_rows = data.get("header_rows", 1)
    if kind not in _KINDS or not isinstance(columns, dict):
        return None
    if not isinstance(header_row, int) or not isinstance(header_rows, int) or header_rows < 1:
        return None
    cols: dict[str, int] = {}
    for name, col in columns.items():
        if not isinstance(name, str) or not isinstance(col, int) or isinstance(col, bool):
            return None
        if col < 0:
            return None
        cols[name] = col
    if "name" not in cols:
        return None
    return ColumnMapping(
        kind=cast(TableKind, kind), columns=cols, header_row=header_row, header_rows=header_rows
    )


def load_mappings() -> dict[str, ColumnMapping]:
    """Remembered column mappings keyed by header signature."""
    stored = _load_all().get(COLUMN_MAPPINGS)
    if not isinstance(stored, dict):
        return {}
    out: dict[str, ColumnMapping] = {}
    for signature, data in stored.items():
        mapping = mapping_from_json(data)
        if isinstance(signature, str) and mapping is not None:
            out[signature] = mapping
    return out


def remember_mapping(signature: str, mapping: ColumnMapping) -> None:
    """Store *mapping* for tables whose header has *signature* (replacing an older one)."""
    data = _load_all()
    stored = data.get(COLUMN_MAPPINGS)
    if not isinstance(stored, dict):
        stored = {}
    stored[signature] = mapping_to_json(mapping)
    data[COLUMN_MAPPINGS] = stored
    _save_all(data)


__all__ = [
    "COLUMN_MAPPINGS",
    "load_mappings",
    "mapping_from_json",
    "mapping_to_json",
    "remember_mapping",
    "settings_path",
]
