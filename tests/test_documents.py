"""Plans, reports and unit forms built from the database, printed and parsed back (pdfplumber)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook

from app.db import Database, open_database
from app.errors import NotFoundError
from app.models import Report, Task
from app.printing import Table
from app.printing.layout import ANNEX_MARGINS, column_widths_mm, frame_width
from app.services import documents as D
from app.services.commune import ProfileData, SignerData, save_profile
from app.services.plan_import import import_plan_file
from app.services.progress_entry import (
    ProgressInput,
    ResultInput,
    indicator_results,
    record_progress,
    record_result,
    task_statuses,
)
from app.services.reports import compile_report, record_issued

SAMPLES = Path(__file__).parent / "data" / "samples"
IMPORTS = Path(__file__).parent / "data" / "import"
MM = 72 / 25.4
A4 = (595.28, 841.89)
PERIOD = "2025-09"


def _ws(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


class Pdf:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = pdfplumber.open(io.BytesIO(data))
        self.pages = self.pdf.pages

    def text(self, i: int) -> str:
        return _ws(self.pages[i].extract_text() or "")

    def all_text(self) -> str:
        return " ".join(self.text(i) for i in range(len(self.pages)))

    def landscape(self, i: int) -> bool:
        return bool(self.pages[i].width > self.pages[i].height)

    def section_starts(self) -> list[int]:
        """First page of each appendix: a landscape page after a portrait one or with its label."""
        return [
            i
            for i in range(len(self.pages))
            if self.landscape(i) and self.text(i).startswith("Phụ lục")
        ]

    def column_text(self, pages: range, table: Table, k: int) -> str:
        widths = column_widths_mm(table, frame_width(True))
        left = ANNEX_MARGINS.left + sum(widths[:k])
        x0, x1 = left * MM, (left + widths[k]) * MM
        out = []
        for i in pages:
            p = self.pages[i]
            out.append(p.crop((x0, ANNEX_MARGINS.top * MM, x1, p.height)).extract_text() or "")
        return _ws(" ".join(out))


@dataclass
class World:
    db: Database
    tam_chung: int  # plan from the xlsx sample
    thanh_mien: int
    docx_plan: int  # with number, date and legal bases
    report_id: int
    report: Pdf
    plan: Pdf


def _record(db: Database, plan_id: int) -> None:
    states = ["done", "in_progress", "not_started", "done", "in_progress"]
    for k, t in enumerate(task_statuses(db, plan_id, PERIOD)[:20]):
        s = states[k % 5]
        record_progress(
            db,
            task_id=t.task_id,
            period_key=PERIOD,
            data=ProgressInput(
                status=s,
                percent=60 if s == "in_progress" else None,
                result_text="Đã ban hành văn bản triển khai" if k % 2 == 0 else "",
                completed_on=date(2025, 9, 2) if s == "done" else None,
                reason="Chưa bố trí được kinh phí" if s == "not_started" else "",
            ),
        )
    for k, i in enumerate(indicator_results(db, plan_id, PERIOD)[:12]):
        record_result(
            db,
            indicator_id=i.indicator_id,
            period_key=PERIOD,
            data=ResultInput(actual_text=["85.5", "92", "70,25"][k % 3]),
        )


@pytest.fixture(scope="module")
def world(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("documents") / "kh57.sqlite3"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    tc = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    tm = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    dx = import_plan_file(db, IMPORTS / "tam-chung-plan.docx", commune="Tam Chung").plan_id
    _record(db, tm)
    rep = compile_report(db, plan_id=tm, period_key=PERIOD).report_id
    yield World(db, tc, tm, dx, rep, Pdf(D.report_pdf(db, rep)), Pdf(D.plan_pdf(db, tm)))
    db.close()


# ------------------------------------------------------------------ helpers


def test_number_date_and_name_helpers() -> None:
    assert D.number_part("45/KH-UBND") == "45"
    assert D.number_part("Số 07/BC-UBND") == "07"
    assert D.number_part("") is None
    assert D.issuer_code("45/KH-UBND") == "UBND"
    assert D.issuer_code("12/KH-BCĐ") == "BCĐ"
    assert D.issuer_code("") == "UBND"
    assert D.short_date(date(2025, 2, 5)) == "05/02/2025"
    assert D.short_date(date(2025, 6, 29)) == "29/6/2025"
    assert D.issuer_phrase(["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"], "Tam Chung") == (
        "Ủy ban nhân dân xã Tam Chung"
    )
    assert D.issuer_phrase(["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HÀ"], "") == (
        "Ủy ban nhân dân phường Hồng Hà"
    )
    assert D.issuer_phrase(["ỦY BAN NHÂN DÂN", "ĐẶC KHU CÔN ĐẢO"], "Côn Đảo") == (
        "Ủy ban nhân dân đặc khu Côn Đảo"
    )
    assert D.plan_summary("Kế hoạch phát triển khoa học") == "Phát triển khoa học"
    assert D.plan_summary("Kế hoạch nhập từ a.xlsx") == "Kế hoạch nhập từ a.xlsx"
    assert D.lower_first("Tháng 9/2025") == "tháng 9/2025"
    assert D.lower_first("UBND xã") == "UBND xã"
    assert D.number_vi("85.5", 85.5) == "85,5"
    assert D.number_vi("1234.5", 1234.5) == "1.234,5"
    assert D.number_vi("≥ 80", 80.0) == "≥ 80"
    assert D.roman(4) == "IV" and D.roman(9) == "IX"


def test_prose_becomes_headings_paragraphs_and_points() -> None:
    from app.printing import BulletPoint, Heading, Paragraph

    blocks = D.prose_blocks(
        "I. MỤC ĐÍCH\n1. Mục tiêu chung\nXây dựng chính quyền số.\n- Điểm một\n"
        "a) Điểm a\n2. Tăng cường công tác lãnh đạo, chỉ đạo để phát huy vai trò.\n"
        "Tiếp tục triển khai các nhiệm vụ: 1.2. Việc một; 1.3. Việc hai, việc kia; "
        "các việc khác; 2.1. Việc ba."
    )
    assert [type(b).__name__ for b in blocks] == [
        "Heading",
        "Heading",
        "Paragraph",
        "BulletPoint",
        "Heading",
        "Paragraph",
        "Paragraph",
        "BulletPoint",
        "BulletPoint",
        "BulletPoint",
    ]
    assert isinstance(blocks[0], Heading) and blocks[0].level == 1
    assert isinstance(blocks[4], Heading) and blocks[4].level == 3
    assert isinstance(blocks[6], Paragraph) and blocks[6].text.endswith("nhiệm vụ:")
    assert isinstance(blocks[8], BulletPoint)
    assert blocks[8].text == "1.3. Việc hai, việc kia; các việc khác;"
    assert isinstance(blocks[9], BulletPoint) and blocks[9].text == "2.1. Việc ba."


# --------------------------------------------------------------------- plan


def _names(db: Database, plan_id: int) -> tuple[list[str], list[str]]:
    from app.services.plans import list_indicators, list_tasks

    return [t.name for t in list_tasks(db, plan_id)], [i.name for i in list_indicators(db, plan_id)]


@pytest.mark.parametrize("which", ["tam_chung", "thanh_mien"])
def test_plan_pdf_prints_every_task_and_indicator(world: World, which: str) -> None:
    plan_id = getattr(world, which)
    doc = D.plan_document(world.db, plan_id)
    pdf = world.plan if which == "thanh_mien" else Pdf(D.plan_pdf(world.db, plan_id))
    starts = pdf.section_starts()
    assert len(starts) == 2 == len(doc.appendices)
    assert [a.label for a in doc.appendices] == ["Phụ lục I", "Phụ lục II"]
    tasks, inds = _names(world.db, plan_id)
    ind_text = pdf.column_text(range(starts[0], starts[1]), doc.appendices[0].table, 1)
    task_text = pdf.column_text(range(starts[1], len(pdf.pages)), doc.appendices[1].table, 1)
    assert tasks and inds
    # parent indicators ("1" over "1.1" …) are group rows that span the table
    ind_text += " " + " ".join(pdf.text(i) for i in range(starts[0], starts[1]))
    for name in inds:
        assert _ws(name) in ind_text
    for name in tasks:
        assert _ws(name) in task_text
    for i, page in enumerate(pdf.pages):
        w, h = sorted((page.width, page.height))
        assert (w, h) == pytest.approx(A4, abs=1)
        assert pdf.landscape(i) == (i >= starts[0])


def test_draft_plan_header_blanks_and_fallback_issuer(world: World) -> None:
    doc = D.plan_document(world.db, world.thanh_mien)
    assert doc.issuer_lines == ["ỦY BAN NHÂN DÂN", "XÃ THANH MIỆN"]
    assert doc.number is None and doc.issue_date is None
    first = world.plan.text(0)
    assert "Số: /KH-UBND" in first
    assert "Thanh Miện, ngày tháng năm 2025" in first  # the plan starts in 2025
    assert "KẾ HOẠCH" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    annex = world.plan.text(world.plan.section_starts()[0])
    assert "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2025 của Ủy ban nhân dân xã" in annex


def test_indicator_appendix_has_milestone_columns_and_group_rows(world: World) -> None:
    doc = D.plan_document(world.db, world.tam_chung)
    table = doc.appendices[0].table
    grid = table.header_grid()
    assert [c[0] if c else None for c in grid[0]] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mục tiêu",
        "Đơn vị chủ trì",
    ]
    assert [c[0] for c in grid[1] if c] == ["2025"]
    groups = [r.cells for r in table.rows if r.is_group]
    assert groups[0] == ["I", "PHÁT TRIỂN HẠ TẦNG"]
    first = next(r for r in table.rows if not r.is_group)
    assert first.cells[:4] == ["1", "Tỉ lệ phủ sóng 5G trên địa bàn", "%", "60%"]
    tasks = D.plan_document(world.db, world.thanh_mien).appendices[1].table
    assert [c.title for c in tasks.columns] == [
        "TT",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Kết quả/sản phẩm",
        "Thời hạn",
    ]
    assert tasks.rows[0].is_group and tasks.rows[0].cells[0] == "1"


def test_issued_plan_prints_number_date_legal_bases(world: World) -> None:
    doc = D.plan_document(world.db, world.docx_plan)
    assert doc.number == "45" and doc.issue_date == date(2025, 2, 5)
    assert doc.summary.startswith("Phát triển khoa học, công nghệ")
    pdf = Pdf(D.plan_pdf(world.db, world.docx_plan))
    first = pdf.text(0)
    assert "Số: 45/KH-UBND" in first
    assert "Tam Chung, ngày 05 tháng 02 năm 2025" in first
    assert "Căn cứ Nghị quyết số 57-NQ/TW" in first
    body = pdf.all_text()
    assert "./." in body and "TM. ỦY BAN NHÂN DÂN" in body
    annex = pdf.text(pdf.section_starts()[0])
    assert (
        "(Kèm theo Kế hoạch số 45/KH-UBND ngày 05 tháng 02 năm 2025 của Ủy ban nhân dân xã Tam Chung)"
        in annex
    )


def test_profile_gives_issuer_place_signer_and_recipients(db: Database) -> None:
    save_profile(
        db,
        ProfileData(
            name="Tam Chung",
            province="Thanh Hóa",
            issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"],
            place_name="Tam Chung",
            default_recipients=["Như trên", "Đảng ủy xã (để b/c)", "Lưu: VT, VHXH"],
            signers=[
                SignerData(
                    authority_prefix="KT.",
                    authority_lines=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
                    title="PHÓ CHỦ TỊCH",
                    full_name="Trương Thị Huyên",
                )
            ],
        ),
    )
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    doc = D.plan_document(db, plan_id)
    assert doc.signature.full_name == "Trương Thị Huyên"
    assert doc.signature.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert doc.recipients == ["Đảng ủy xã (để b/c)", "Lưu: VT, VHXH"]  # no "Như trên" in a plan
    rep = compile_report(db, plan_id=plan_id, period_key=PERIOD).report_id
    rdoc = D.report_document(db, rep)
    assert not any(k.startswith(("Như trên", "Lưu")) for k in rdoc.kinh_gui)
    assert rdoc.recipients[0] == "Như trên"
    with db.begin() as s:
        s.get(Report, rep).kinh_gui = []  # type: ignore[union-attr]
    rdoc = D.report_document(db, rep)
    assert rdoc.kinh_gui == ["Sở Khoa học và Công nghệ tỉnh Thanh Hóa"]
    assert rdoc.signature.title == "PHÓ CHỦ TỊCH"


def test_missing_plan_or_report_is_a_clear_error(db: Database) -> None:
    with pytest.raises(NotFoundError, match="Kế hoạch"):
        D.plan_document(db, 999)
    with pytest.raises(NotFoundError, match="Báo cáo"):
        D.report_pdf(db, 999)


# ------------------------------------------------------------------- report


def test_report_pdf_header_sections_and_annexes(world: World) -> None:
    pdf = world.report
    first = pdf.text(0)
    assert "Số: /BC-UBND" in first
    assert "BÁO CÁO" in first
    assert "Kết quả thực hiện Kế hoạch" in first
    assert "Kính gửi: Sở Khoa học và Công nghệ" in first
    body = " ".join(pdf.text(i) for i in range(pdf.section_starts()[0]))
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Tổng số nhiệm vụ: 31; hoàn thành đúng hạn:",
        "Tổng số chỉ tiêu: 29;",  # 31 rows, of which "1" and "11" are headings
        "./.",
        "Nơi nhận:",
    ):
        assert heading in body
    starts = pdf.section_starts()
    assert len(starts) == 2
    assert all(pdf.landscape(i) for i in range(starts[0], len(pdf.pages)))
    assert not any(pdf.landscape(i) for i in range(starts[0]))


def test_report_annexes_list_every_task_and_indicator(world: World) -> None:
    doc = D.report_document(world.db, world.report_id)
    pdf = world.report
    starts = pdf.section_starts()
    progress, results = doc.appendices[0].table, doc.appendices[1].table
    assert [c.title for c in progress.columns] == [
        "TT",
        "Nhiệm vụ",
        "Kết quả/sản phẩm",
        "Thời hạn",
        "Chủ trì",
        "Tình trạng",
        "Kết quả thực hiện / kiến nghị",
    ]
    assert [c.title for c in results.columns][:3] == ["TT", "Chỉ tiêu", "Đơn vị"]
    assert results.columns[3].title.startswith("Chỉ tiêu kế hoạch (")
    assert [c.title for c in results.columns][4:] == ["Kết quả đến kỳ báo cáo", "Đánh giá"]
    tasks, inds = _names(world.db, world.thanh_mien)
    task_text = pdf.column_text(range(starts[0], starts[1]), progress, 1)
    ind_text = pdf.column_text(range(starts[1], len(pdf.pages)), results, 1)
    ind_text += " " + " ".join(pdf.text(i) for i in range(starts[1], len(pdf.pages)))
    for name in tasks:
        assert _ws(name) in task_text
    for name in inds:
        assert _ws(name) in ind_text
    statuses = pdf.column_text(range(starts[0], starts[1]), progress, 5)
    for word in ("Hoàn thành đúng hạn", "Đang thực hiện trong hạn", "Chưa thực hiện"):
        assert word in statuses
    notes = pdf.column_text(range(starts[0], starts[1]), progress, 6)
    assert "Khối lượng đạt 60%" in notes and "Lý do: Chưa bố trí được kinh phí" in notes
    actual = pdf.column_text(range(starts[1], len(pdf.pages)), results, 4)
    assert "85,5" in actual and "70,25" in actual and "85.5" not in actual


def test_recorded_number_and_date_are_printed(db: Database) -> None:
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    rep = compile_report(db, plan_id=plan_id, period_key=PERIOD).report_id
    assert "Số: /BC-UBND" in Pdf(D.report_pdf(db, rep)).text(0)
    record_issued(db, rep, number="7", issue_date=date(2025, 9, 29))
    pdf = Pdf(D.report_pdf(db, rep))
    assert "Số: 07/BC-UBND" in pdf.text(0)
    assert "Tam Chung, ngày 29 tháng 9 năm 2025" in pdf.text(0)
    annex = pdf.text(pdf.section_starts()[0])
    assert (
        "(Kèm theo Báo cáo số 07/BC-UBND ngày 29 tháng 9 năm 2025 của Ủy ban nhân dân xã Tam Chung)"
        in annex
    )


def test_report_pages_render_to_png(world: World, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) is required: apt-get install poppler-utils")
    src = tmp_path / "report.pdf"
    src.write_bytes(world.report.data)
    subprocess.run([pdftoppm, "-r", "40", "-png", str(src), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == len(world.report.pages)
    assert all(p.stat().st_size > 1000 for p in pngs)


def test_page_count_helper_matches_pdfplumber(world: World) -> None:
    assert D.pdf_page_count(world.report.data) == len(world.report.pages)
    assert D.pdf_page_count(world.plan.data) == len(world.plan.pages)


# ------------------------------------------------------------------- excel


def _formula_cells(data: bytes) -> list[Any]:
    wb = load_workbook(io.BytesIO(data))
    return [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_report_xlsx_has_both_annexes_and_no_formulas(db: Database) -> None:
    plan_id = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    with db.begin() as s:
        task = s.query(Task).filter_by(plan_id=plan_id).order_by(Task.position).first()
        assert task is not None
        task.name = '=HYPERLINK("http://x","bấm")+1'
        evil_id = task.id
    record_progress(
        db,
        task_id=evil_id,
        period_key=PERIOD,
        data=ProgressInput(status="in_progress", result_text="@SUM(A1:A3)"),
    )
    rep = compile_report(db, plan_id=plan_id, period_key=PERIOD).report_id
    data = D.report_xlsx(db, rep)
    assert _formula_cells(data) == []
    wb = load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == 2
    tasks = wb.worksheets[0]
    values = [c.value for row in tasks.iter_rows() for c in row if c.value]
    assert '=HYPERLINK("http://x","bấm")+1' in values
    assert any(str(v).startswith("@SUM(A1:A3)") for v in values)
    header = [c.value for c in tasks[1]]
    assert header[:2] == ["TT", "Nhiệm vụ"] and header[5] == "Tình trạng"
    names, inds = _names(db, plan_id)
    for name in names:
        assert name in values
    ind_values = [c.value for row in wb.worksheets[1].iter_rows() for c in row if c.value]
    for name in inds:
        assert name in ind_values


# ---------------------------------------------------------------- unit form


def test_unit_form_pdf_lists_the_units_tasks_in_landscape(world: World) -> None:
    from app.periods import period_from_key
    from app.services.unit_forms import owing_units

    unit_id, unit_name = owing_units(world.db, world.thanh_mien, period_from_key(PERIOD))[0]
    pdf = Pdf(
        D.unit_form_pdf(world.db, plan_id=world.thanh_mien, unit_id=unit_id, period_key=PERIOD)
    )
    assert all(pdf.landscape(i) for i in range(len(pdf.pages)))
    text = pdf.all_text()
    assert "PHIẾU BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ" in text
    assert f"Đơn vị: {unit_name}" in text
    assert "Tháng 9/2025" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    form = D._unit_form(
        world.db, plan_id=world.thanh_mien, unit_id=unit_id, period=period_from_key(PERIOD)
    )
    table = form.tables[0][1]
    names = [r.cells[1] for r in table.rows if not r.is_group]
    assert names
    assert all(len([c for c in r.cells if c]) <= 3 for r in table.rows)  # status columns empty
    column = pdf.column_text(range(len(pdf.pages)), table, 1)
    for name in names:
        assert _ws(name) in column
    with pytest.raises(NotFoundError):
        D.unit_form_pdf(world.db, plan_id=world.thanh_mien, unit_id=9999, period_key=PERIOD)
