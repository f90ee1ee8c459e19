"""QA defect: "Chưa có số liệu" in the consolidated table counted a commune whose plan
does not have the indicator at all (CS-04: 2 instead of 1).

Tam Chung's plan has CS-04 (indicator 12) and sends it without a figure; Thanh
Miện's plan has no CS-04. Only Tam Chung is "no data"; Thanh Miện's cell is
not applicable: blank in the table, the workbook and the screen.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.db import Database, open_database
from app.services.consolidation import consolidated_indicators, write_consolidated_xlsx
from app.services.inbox import import_bundle
from app.services.submission import export_bundle
from sending_support import make_report
from test_catalogue import SAMPLE_LINKS
from test_consolidation import PERIOD, enter

TC, TM = 0, 1  #: columns: Tam Chung, Thanh Miện (sorted by name)


@pytest.fixture(scope="module")
def two_communes(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Path]]:
    """Two communes' real .kh57 bundles for September 2025."""
    root = tmp_path_factory.mktemp("no-data")
    out = root / "usb"
    out.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KH57_DATA_DIR", str(root / "userdata"))
        shutil.copyfile(template_db, root / "a.sqlite3")
        shutil.copyfile(template_db, root / "b.sqlite3")
        a, b = open_database(root / "a.sqlite3"), open_database(root / "b.sqlite3")
        try:
            report = make_report(a)  # Tam Chung: CS-04 (12) left without a figure
            enter(a, "11", "85%")  # CS-01, target 80% → đạt
            paths = [export_bundle(a, report, out).path]
            report = make_report(
                b,
                sample="thanh-mien",
                commune="Thanh Miện",
                province="Hải Dương",
                plan_number="45/KH-UBND",
            )
            enter(b, "1.2", "70")  # CS-01, target 90 → chưa đạt
            paths.append(export_bundle(b, report, out).path)
        finally:
            a.close()
            b.close()
    yield paths


@pytest.fixture
def received(db: Database, two_communes: list[Path]) -> Database:
    for path in two_communes:
        assert import_bundle(db, path).status == "imported"
    return db


def test_the_scenario_is_as_qa_found_it() -> None:
    assert SAMPLE_LINKS["tam-chung"]["12"] == "CS-04"
    assert "CS-04" not in SAMPLE_LINKS["thanh-mien"].values()
    assert "CS-03" not in SAMPLE_LINKS["tam-chung"].values()


def test_a_plan_without_the_indicator_is_not_counted_as_no_data(received: Database) -> None:
    table = consolidated_indicators(received, PERIOD)
    assert [c.label for c in table.communes] == ["Tam Chung", "Thanh Miện"]
    rows = {r.code: r for r in table.rows}

    cs04 = rows["CS-04"]
    sent = cs04.cells[TC]
    assert sent is not None and sent.number == "12"
    assert (sent.actual_text, sent.attainment) == ("", "—")
    assert cs04.cells[TM] is None
    assert (cs04.reached, cs04.not_reached, cs04.no_data) == (0, 0, 1)

    cs03 = rows["CS-03"]  # the mirror case: only Thanh Miện has it, without a figure
    assert cs03.cells[TC] is None and cs03.cells[TM] is not None
    assert (cs03.reached, cs03.not_reached, cs03.no_data) == (0, 0, 1)

    cs01 = rows["CS-01"]  # both have it, both judged: nobody without data
    assert (cs01.reached, cs01.not_reached, cs01.no_data) == (1, 1, 0)

    for row in table.rows:  # every commune is counted once, and only where its plan has it
        present = sum(1 for c in row.cells if c is not None)
        assert row.reached + row.not_reached + row.no_data == present, row.code

    data = json.loads(json.dumps(table.to_json()))  # the key is kept, its value is right
    cs04_json = next(r for r in data["rows"] if r["catalogue_code"] == "CS-04")
    assert cs04_json["no_data"] == 1 and cs04_json["values"][TM] is None


def test_the_workbook_leaves_the_cell_blank_and_counts_one(
    received: Database, tmp_path: Path
) -> None:
    table = consolidated_indicators(received, PERIOD)
    out = write_consolidated_xlsx(table, tmp_path / "tong-hop.xlsx")
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.cell(row=4, column=10).value == "Chưa có số liệu"
    rows = {ws.cell(row=r, column=1).value: r for r in range(6, 6 + len(table.rows))}
    r = rows["CS-04"]
    # Tam Chung: "—" (sent without a figure); Thanh Miện: blank (not in its plan)
    assert [ws.cell(row=r, column=c).value for c in range(4, 11)] == [
        "—",
        "—",
        None,
        None,
        0,
        0,
        1,
    ]


def test_the_screen_shows_the_cell_blank_and_counts_one(qtbot: Any, received: Database) -> None:
    from PySide6.QtCore import Qt

    from app.ui.pages.sending_consolidated import TOTALS, ConsolidatedModel

    model = ConsolidatedModel()
    model.set_table(consolidated_indicators(received, PERIOD))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "CS-04")
    no_data = 3 + 2 + TOTALS.index("Chưa có số liệu")
    assert model.headerData(no_data, Qt.Orientation.Horizontal, 0) == "Chưa có số liệu"
    assert [model.index(row, c).data() for c in (3, 4, 5, 6, no_data)] == [
        "—",
        "",
        "0",
        "0",
        "1",
    ]
    tip = model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Kế hoạch của xã không có chỉ tiêu này")
