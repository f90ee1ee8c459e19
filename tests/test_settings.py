"""app.settings: remembered column mappings in a JSON file, written atomically."""

from __future__ import annotations

import json

from app.importing import ColumnMapping
from app.settings import load_mappings, remember_mapping, settings_path


def test_no_file_gives_no_mappings() -> None:
    assert not settings_path().exists()
    assert load_mappings() == {}


def test_mapping_round_trip_and_replace() -> None:
    first = ColumnMapping(kind="tasks", columns={"number": 0, "name": 1}, header_row=4)
    remember_mapping("abc", first)
    assert load_mappings() == {"abc": first}
    second = ColumnMapping(
        kind="indicators",
        columns={"name": 1, "unit": 2, "target:2030": 3},
        header_row=2,
        header_rows=2,
    )
    remember_mapping("abc", second)
    remember_mapping("def", first)
    assert load_mappings() == {"abc": second, "def": first}
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["column_mappings"]["abc"]["kind"] == "indicators"
    assert not [p for p in settings_path().parent.iterdir() if p.name.endswith(".tmp")]


def test_damaged_file_or_entries_are_ignored() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert load_mappings() == {}
    path.write_text(
        json.dumps(
            {
                "column_mappings": {
                    "bad-kind": {"kind": "x", "columns": {"name": 1}, "header_row": 0},
                    "no-name": {"kind": "tasks", "columns": {"number": 0}, "header_row": 0},
                    "neg": {"kind": "tasks", "columns": {"name": -1}, "header_row": 0},
                    "ok": {"kind": "tasks", "columns": {"name": 2}, "header_row": 1},
                }
            }
        ),
        encoding="utf-8",
    )
    assert list(load_mappings()) == ["ok"]
    # remembering keeps other settings and repairs nothing it does not own
    remember_mapping("new", ColumnMapping(kind="tasks", columns={"name": 0}, header_row=0))
    assert set(load_mappings()) == {"ok", "new"}
