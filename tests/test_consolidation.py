"""Standard indicators end to end: import links codes, the officer's choice survives
re-import, data.json carries the code, and the receiving office adds communes up."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.bundle import validate_report_data
from app.db import Database, open_database
from app.errors import NotFoundError, ValidationError
from app.models import Indicator
from app.models.submission import InboxBundle
from app.services.consolidation import (
    ConsolidatedTable,
    average_text,
    consolidated_indicators,
    consolidation_periods,
    reset_catalogue_code,
    set_catalogue_code,
    write_consolidated_xlsx,
)
from app.services.inbox import import_bundle
from app.services.plan_import import CatalogueLink, import_plan_file, preview_import
from app.services.progress_entry import ResultInput, record_result
from app.services.reports import report_data, report_view, unlock_report
from app.services.submission import export_bundle
from sending_support import make_report
from test_catalogue import SAMPLE_LINKS

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")
PERIOD = "2025-09"


def indicator_id(db: Database, number: str) -> int:
    with db.read() as s:
        ids = s.scalars(select(Indicator.id).where(Indicator.code == number)).all()
    assert len(ids) == 1, (number, ids)
    return ids[0]


def links(db: Database) -> dict[str, str | None]:
    with db.read() as s:
        return {c: k for c, k in s.execute(select(Indicator.code, Indicator.catalogue_code))}


def enter(db: Database, number: str, text: str) -> None:
    record_result(
        db,
        indicator_id=indicator_id(db, number),
        period_key=PERIOD,
        data=ResultInput(actual_text=text),
    )


# ------------------------------------------------------------------ commune side


def test_import_links_catalogue_codes_and_the_preview_lists_them(db: Database) -> None:
    preview = preview_import(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    assert len(preview.catalogue_links) == preview.indicators
    by_code = {link.code: link for link in preview.catalogue_links}
    assert by_code["1.2"] == CatalogueLink(
        "1.2",
        "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính "
        "có đủ điều kiện",
        "CS-01",
        "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện",
    )
    assert by_code["1"].catalogue_code is None and by_code["1"].catalogue_name is None
    assert {c: link.catalogue_code for c, link in by_code.items()} == SAMPLE_LINKS["thanh-mien"]

    import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    assert links(db) == SAMPLE_LINKS["thanh-mien"]


def test_reimport_keeps_the_officers_choice(db: Database) -> None:
    import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    set_catalogue_code(db, indicator_id(db, "21"), "CS-15")  # the officer links it otherwise
    set_catalogue_code(db, indicator_id(db, "5"), None)  # … and says this one is not standard
    with db.begin() as s:  # an automatic link made by an older catalogue
        s.execute(update(Indicator).where(Indicator.code == "1").values(catalogue_code="CS-25"))

    preview = preview_import(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    shown = {link.code: link.catalogue_code for link in preview.catalogue_links}
    assert shown["21"] == "CS-15" and shown["5"] is None and shown["1"] == "CS-24"

    result = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    assert result.updated
    expected = {**SAMPLE_LINKS["tam-chung"], "21": "CS-15", "5": None}
    assert links(db) == expected  # automatic links are made again, manual ones kept

    reset_catalogue_code(db, indicator_id(db, "21"))
    import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    assert links(db)["21"] == "CS-16" and links(db)["5"] is None


def test_set_catalogue_code_validates(db: Database) -> None:
    import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung")
    ind = indicator_id(db, "18")
    with pytest.raises(ValidationError, match="CS-99"):
        set_catalogue_code(db, ind, "CS-99")
    with pytest.raises(ValidationError):
        set_catalogue_code(db, ind, "vneid")
    assert links(db)["18"] == "CS-19"  # unchanged
    with pytest.raises(NotFoundError):
        set_catalogue_code(db, 999_999, "CS-01")
    changes = set_catalogue_code(db, ind, " CS-20 ")
    assert changes.indicators and changes.reports and links(db)["18"] == "CS-20"
    set_catalogue_code(db, ind, "")
    assert links(db)["18"] is None


def test_data_json_carries_the_catalogue_code_and_validates(db: Database) -> None:
    report_id = make_report(db)
    set_catalogue_code(db, indicator_id(db, "21"), None)
    data = report_data(report_view(db, report_id))
    validate_report_data(data)
    codes = {i["code"]: i["catalogue_code"] for i in data["indicators"]}
    assert codes == {**SAMPLE_LINKS["tam-chung"], "21": None}


# ------------------------------------------------------------------ receiving office


@dataclass(frozen=True)
class Bundles:
    tam_chung_r1: Path  # 5G 40% (chưa đạt)
    tam_chung_r2: Path  # the corrected revision: 5G 65% (đạt)
    thanh_mien: Path


def _commune_db(template: Path, folder: Path, name: str) -> Database:
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return open_database(path)


@pytest.fixture(scope="module")
def bundles(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundles]:
    """Real bundles of two communes' databases; Tam Chung sends a corrected revision."""
    root = tmp_path_factory.mktemp("communes")
    out = root / "usb"
    out.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KH57_DATA_DIR", str(root / "userdata"))
        a = _commune_db(template_db, root, "tam-chung")
        b = _commune_db(template_db, root, "thanh-mien")
        try:
            a_report = make_report(a)
            enter(a, "1", "40%")  # CS-24 5G, target 60% → chưa đạt
            enter(a, "11", "85%")  # CS-01 toàn trình, target 80% → đạt
            enter(a, "16", "=1+1")  # CS-17: text Excel must not take for a formula
            r1 = export_bundle(a, a_report, out).path
            unlock_report(a, a_report, "Sửa số liệu phủ sóng 5G")
            enter(a, "1", "65%")
            r2 = export_bundle(a, a_report, out).path

            b_report = make_report(
                b,
                sample="thanh-mien",
                commune="Thanh Miện",
                province="Hải Dương",
                plan_number="45/KH-UBND",
            )
            set_catalogue_code(b, indicator_id(b, "2"), None)  # not the standard measure
            set_catalogue_code(b, indicator_id(b, "7"), "CS-16")  # linked by hand
            enter(b, "6.2", "100")  # CS-24, target 100 → đạt
            enter(b, "1.2", "70")  # CS-01, target 90 → chưa đạt
            enter(b, "7", "100")  # CS-16, target 100 → đạt
            b1 = export_bundle(b, b_report, out).path
        finally:
            a.close()
            b.close()
    yield Bundles(r1, r2, b1)


def received(db: Database, bundles: Bundles) -> None:
    # the corrected revision arrives first, the first one late: it must not count
    for path in (bundles.tam_chung_r2, bundles.thanh_mien, bundles.tam_chung_r1):
        assert import_bundle(db, path).status == "imported"


def test_consolidation_takes_the_current_revision_of_each_commune(
    db: Database, bundles: Bundles
) -> None:
    received(db, bundles)
    assert consolidation_periods(db) == [(PERIOD, "Tháng 9/2025")]
    table = consolidated_indicators(db, PERIOD)
    assert [c.label for c in table.communes] == ["Tam Chung", "Thanh Miện"]
    assert table.communes[0].revisions == (2,)
    assert table.communes[1].plan_numbers == ("45/KH-UBND",)
    rows = {r.code: r for r in table.rows}
    # every code either commune links, in catalogue order
    linked = {c for c in SAMPLE_LINKS["tam-chung"].values() if c}
    linked |= {c for c in SAMPLE_LINKS["thanh-mien"].values() if c} | {"CS-16"}
    assert [r.code for r in table.rows] == sorted(linked)

    five_g = rows["CS-24"]
    tc, tm = five_g.cells
    assert tc is not None and tm is not None
    assert (tc.number, tc.actual_text, tc.actual_value, tc.attainment) == ("1", "65%", 65, "Đạt")
    assert (tm.number, tm.actual_text, tm.attainment) == ("6.2", "100", "Đạt")
    assert (five_g.reached, five_g.not_reached, five_g.no_data) == (2, 0, 0)
    assert five_g.average == pytest.approx(82.5) and average_text(five_g) == "82,5%"

    dvc = rows["CS-01"]
    assert [c.attainment for c in dvc.cells if c] == ["Đạt", "Chưa đạt"]
    assert (dvc.reached, dvc.not_reached, dvc.no_data, dvc.average) == (1, 1, 0, 77.5)

    cashless = rows["CS-17"]  # Thanh Miện's officer unlinked theirs
    assert cashless.cells[1] is None and cashless.cells[0] is not None
    assert cashless.cells[0].actual_text == "=1+1" and cashless.average is None
    # "=1+1" cannot be judged (no data); Thanh Miện's plan has no such link: not counted
    assert (cashless.reached, cashless.not_reached, cashless.no_data) == (0, 0, 1)

    manual = rows["CS-16"]
    assert [c.number if c else None for c in manual.cells] == ["21", "7"]
    assert manual.cells[1] is not None and manual.cells[1].attainment == "Đạt"

    only_tm = rows["CS-03"]
    assert only_tm.cells[0] is None and only_tm.no_data == 1 and only_tm.average is None

    assert json.loads(json.dumps(table.to_json()))["rows"][0]["catalogue_code"] == "CS-01"


def test_bundles_without_catalogue_codes_are_matched_by_name(
    db: Database, bundles: Bundles
) -> None:
    """Bundles packed before catalogue codes existed carry no such key."""
    received(db, bundles)
    with db.begin() as s:
        for row in s.scalars(select(InboxBundle)):
            data = json.loads(row.data)
            for item in data["indicators"]:
                del item["catalogue_code"]
            row.data = json.dumps(data, ensure_ascii=False)
    rows = {r.code: r for r in consolidated_indicators(db, PERIOD).rows}
    assert rows["CS-24"].reached == 2
    assert rows["CS-17"].cells[1] is not None  # no officer's choice travelled: by name
    assert rows["CS-16"].cells[1] is None  # the manual link was not in the old bundle


def test_empty_inbox_and_unknown_period(db: Database) -> None:
    assert consolidation_periods(db) == []
    table = consolidated_indicators(db, PERIOD)
    assert table.communes == () and table.rows == ()
    with pytest.raises(ValidationError):
        consolidated_indicators(db, "tháng 9")


def test_excel_export_is_formula_safe(db: Database, bundles: Bundles, tmp_path: Path) -> None:
    received(db, bundles)
    table = consolidated_indicators(db, PERIOD)
    out = write_consolidated_xlsx(table, tmp_path / "tong-hop" / "ket-qua.xlsx")
    assert out.exists() and not list(out.parent.glob(".kh57-*"))
    ws = load_workbook(out).active
    assert ws is not None
    assert ws["A1"].value == "BẢNG TỔNG HỢP CÁC CHỈ TIÊU DÙNG CHUNG CỦA CÁC XÃ"
    assert ws.cell(row=4, column=4).value == "Tam Chung"
    assert ws.cell(row=4, column=6).value == "Thanh Miện"
    assert ws.cell(row=5, column=4).value == "Kết quả"
    cells = {
        ws.cell(row=r, column=1).value: [ws.cell(row=r, column=c) for c in range(1, 12)]
        for r in range(6, 6 + len(table.rows))
    }
    five_g = cells["CS-24"]
    assert [c.value for c in five_g[3:7]] == ["65%", "Đạt", "100", "Đạt"]
    assert [c.value for c in five_g[7:11]] == [2, 0, 0, 82.5]
    formula = cells["CS-17"][3]
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix
    assert cells["CS-17"][5].value is None  # not in Thanh Miện's plan: not applicable, blank
    assert cells["CS-17"][9].value == 1


# ------------------------------------------------------------------ screen


@pytest.fixture
def inline_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui.ops import DbOp

    monkeypatch.setattr(DbOp, "inline", True)


def test_consolidated_tab_renders(
    qtbot: Any,
    db: Database,
    bundles: Bundles,
    inline_ops: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import Qt

    from app.services import Changes
    from app.ui.context import AppContext
    from app.ui.pages.sending import SendingPage

    ctx = AppContext(db)
    page = SendingPage(ctx)
    qtbot.addWidget(page)
    tab = page.consolidated
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "Tổng hợp chỉ tiêu"
    assert tab.empty.text().startswith("Chưa có gói báo cáo") and tab.model.rowCount() == 0

    received(db, bundles)
    ctx.changed.emit(Changes(inbox=True))
    assert tab.period.currentData() == PERIOD and tab.period.currentText() == "Tháng 9/2025"
    model = tab.model
    assert isinstance(model.table, ConsolidatedTable)
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(model.columnCount())
    ]
    assert headers == [
        "Mã",
        "Chỉ tiêu",
        "Đơn vị",
        "Tam Chung",
        "Thanh Miện",
        "Đạt",
        "Chưa đạt",
        "Chưa có số liệu",
        "Bình quân",
    ]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "CS-24")
    assert [model.index(row, c).data() for c in range(3, 9)] == [
        "65%",
        "100",
        "2",
        "0",
        "0",
        "82,5%",
    ]
    assert "Tháng 9/2025: 2 xã" in tab.notice.text()
    tip = model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert "Chỉ tiêu 6.2 trong kế hoạch 45/KH-UBND" in tip

    out = tmp_path / "tong-hop.xlsx"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    tab.export.click()
    assert out.exists() and "Đã lưu tong-hop.xlsx" in tab.notice.text()

    page.tabs.setCurrentWidget(tab)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.resize(1200, 720)
    page.show()
    QApplication.processEvents()
    assert page.grab().save(str(SHOTS / "consolidated.png"))
