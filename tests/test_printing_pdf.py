"""Parse rendered plans and reports back (pdfplumber) and check the Nghị định 30 layout."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from app.errors import ExportError
from app.printing import (
    Appendix,
    Column,
    Paragraph,
    Row,
    Table,
    missing_glyphs,
    render_pdf,
    render_pdf_bytes,
)
from app.printing.layout import (
    ANNEX_MARGINS,
    BODY_MARGINS,
    HEADER_RIGHT_COL,
    column_widths_mm,
    frame_width,
)
from app.printing.render import document_texts
from test_printing_samples import load, plan_document, report_document

MM = 72 / 25.4
A4_W, A4_H = 595.276, 841.89
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def _ws(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


class Rendered:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = pdfplumber.open(io.BytesIO(data))
        self.pages = self.pdf.pages

    def is_landscape(self, i: int) -> bool:
        p = self.pages[i]
        return bool(p.width > p.height)

    def appendix_starts(self) -> list[int]:
        """Indexes of pages on which an appendix begins (first landscape page of a section)."""
        starts = []
        for i, p in enumerate(self.pages):
            if self.is_landscape(i) and (p.extract_text() or "").lstrip().startswith("Phụ lục"):
                starts.append(i)
        return starts


@pytest.fixture(scope="module")
def plan() -> Rendered:
    return Rendered(render_pdf_bytes(plan_document()))


@pytest.fixture(scope="module")
def report() -> Rendered:
    return Rendered(render_pdf_bytes(report_document(number="7", issue_date=date(2025, 2, 5))))


@pytest.fixture(scope="module", params=["plan", "report"])
def rendered(request: pytest.FixtureRequest, plan: Rendered, report: Rendered) -> Rendered:
    return plan if request.param == "plan" else report


def _margins(r: Rendered, i: int) -> Any:
    return ANNEX_MARGINS if r.is_landscape(i) else BODY_MARGINS


def _page_number_words(page: Any, top_margin_mm: float) -> list[dict[str, Any]]:
    return [w for w in page.extract_words() if w["bottom"] <= top_margin_mm * MM]


# ------------------------------------------------------------------- pages


def test_every_page_is_a4_portrait_body_landscape_appendices(rendered: Rendered) -> None:
    starts = rendered.appendix_starts()
    assert len(starts) == 2
    for i, p in enumerate(rendered.pages):
        landscape = i >= starts[0]
        w, h = (A4_H, A4_W) if landscape else (A4_W, A4_H)
        assert p.width == pytest.approx(w, abs=0.5), f"page {i + 1}"
        assert p.height == pytest.approx(h, abs=0.5), f"page {i + 1}"
        assert rendered.is_landscape(i) == landscape


def test_no_text_outside_the_margins(rendered: Rendered) -> None:
    tol = 0.6
    for i, p in enumerate(rendered.pages):
        m = _margins(rendered, i)
        for ch in p.chars:
            if ch["text"].isspace():
                continue
            where = f"page {i + 1} char {ch['text']!r} at ({ch['x0']:.1f}, {ch['top']:.1f})"
            if ch["bottom"] <= m.top * MM:  # in the top margin: only the page number
                assert ch["text"].isdigit(), where
                continue
            assert ch["x0"] >= m.left * MM - tol, where
            assert ch["x1"] <= p.width - m.right * MM + tol, where
            assert ch["top"] >= m.top * MM - tol, where
            assert ch["bottom"] <= p.height - m.bottom * MM + tol, where


def test_page_numbers_top_centre_from_page_two_and_per_appendix(rendered: Rendered) -> None:
    starts = rendered.appendix_starts()
    sections = [(0, starts[0]), (starts[0], starts[1]), (starts[1], len(rendered.pages))]
    assert starts[0] >= 2, "the body should run over two pages in this sample"
    for first, end in sections:
        for i in range(first, end):
            m = _margins(rendered, i)
            words = _page_number_words(rendered.pages[i], m.top)
            if i == first:
                assert words == [], f"page {i + 1} starts a section and shows no number"
                continue
            assert [w["text"] for w in words] == [str(i - first + 1)], f"page {i + 1}"
            centre = (words[0]["x0"] + words[0]["x1"]) / 2
            text_centre = (m.left * MM + rendered.pages[i].width - m.right * MM) / 2
            assert centre == pytest.approx(text_centre, abs=1.0)


def test_page_number_font_size(plan: Rendered) -> None:
    digits = [c for c in plan.pages[1].chars if c["bottom"] <= BODY_MARGINS.top * MM]
    assert digits and all(13 <= round(c["size"]) <= 14 for c in digits)


def test_some_appendix_spans_pages_and_is_numbered_on_its_own(report: Rendered) -> None:
    starts = report.appendix_starts()
    assert starts[1] - starts[0] >= 3, "the task progress annex should take several pages"


# ------------------------------------------------------------------ header


def test_national_name_on_one_line_in_the_right_column(rendered: Rendered) -> None:
    p = rendered.pages[0]
    right_x0 = (210 - BODY_MARGINS.right - HEADER_RIGHT_COL) * MM
    right = p.crop((right_x0, 0, p.width - BODY_MARGINS.right * MM, 60 * MM))
    lines = [_ws(line["text"]) for line in right.extract_text_lines()]
    assert NATIONAL in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    national = next(line for line in right.extract_text_lines() if _ws(line["text"]) == NATIONAL)
    assert all("Bold" in c["fontname"] for c in national["chars"] if not c["text"].isspace())
    assert 12 <= round(national["chars"][0]["size"]) <= 13


def _baseline(ch: dict[str, Any]) -> float:
    return float(ch["matrix"][5])


def _search_chars(page: Any, pattern: str) -> list[dict[str, Any]]:
    hits = page.search(pattern, regex=True, return_chars=True)
    assert hits, f"{pattern!r} not found"
    return [c for c in hits[0]["chars"] if not c["text"].isspace()]


@pytest.mark.parametrize(
    ("which", "date_pattern"),
    [
        ("plan", r"Tam Chung, ngày\s+tháng\s+năm 2025"),
        ("report", r"Thanh Miện, ngày 05 tháng 02 năm 2025"),
    ],
)
def test_date_italic_on_the_baseline_of_so(
    which: str, date_pattern: str, plan: Rendered, report: Rendered
) -> None:
    r = plan if which == "plan" else report
    p = r.pages[0]
    so = _search_chars(p, r"Số:")
    when = _search_chars(p, date_pattern)
    assert all("Italic" in c["fontname"] for c in when)
    assert not any("Italic" in c["fontname"] for c in so)
    assert _baseline(when[0]) == pytest.approx(_baseline(so[0]), abs=0.5)
    assert min(c["x0"] for c in when) >= (210 - BODY_MARGINS.right - HEADER_RIGHT_COL) * MM - 1
    assert max(c["x1"] for c in so) <= (210 - BODY_MARGINS.right - HEADER_RIGHT_COL) * MM


def test_number_and_date_text(plan: Rendered, report: Rendered) -> None:
    draft = _ws(plan.pages[0].extract_text())
    assert "Số: /KH-UBND" in draft  # blanks kept (as no-break spaces) for the issued number
    colon = _search_chars(plan.pages[0], r"Số:")[-1]
    slash = _search_chars(plan.pages[0], r"/KH-UBND")[0]
    assert slash["x0"] - colon["x1"] > 5 * 3.0  # six blanks of about 3.25 pt each
    assert "Tam Chung, ngày tháng năm 2025" in draft
    issued = _ws(report.pages[0].extract_text())
    assert "Số: 07/BC-UBND" in issued
    assert "Thanh Miện, ngày 05 tháng 02 năm 2025" in issued


def test_issuer_bold_and_title_block(plan: Rendered) -> None:
    p = plan.pages[0]
    for pattern in (r"ỦY BAN NHÂN DÂN", r"XÃ TAM CHUNG", r"KẾ HOẠCH", r"Phát triển khoa học"):
        assert all("Bold" in c["fontname"] for c in _search_chars(p, pattern)), pattern
    legal = _search_chars(p, r"Căn cứ Nghị quyết số 57-NQ/TW")
    assert all("Italic" in c["fontname"] for c in legal)


def test_rules_are_drawn_lines_not_underscores(plan: Rendered) -> None:
    p = plan.pages[0]
    assert "_" not in (p.extract_text() or "")
    rules = [ln for ln in p.lines if abs(ln["top"] - ln["bottom"]) < 1 and ln["top"] < 110 * MM]
    assert len(rules) >= 3  # issuer, motto, summary
    motto = _search_chars(p, r"Độc lập - Tự do - Hạnh phúc")
    motto_w = max(c["x1"] for c in motto) - min(c["x0"] for c in motto)
    assert any(abs((ln["x1"] - ln["x0"]) - motto_w) < 2 for ln in rules)


# -------------------------------------------------------------------- body


def test_body_ends_with_closing_mark_and_signature_beside_recipients(rendered: Rendered) -> None:
    starts = rendered.appendix_starts()
    body_pages = rendered.pages[: starts[0]]
    hits = [i for i, p in enumerate(body_pages) if "Nơi nhận:" in (p.extract_text() or "")]
    assert len(hits) == 1
    page = body_pages[hits[0]]
    text = _ws(page.extract_text())
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "./." in text
    last_heading = "IV. TỔ CHỨC THỰC HIỆN" if "TAM CHUNG" in text else "IV. ĐỀ XUẤT, KIẾN NGHỊ"
    assert last_heading in text or "3. Trung tâm cung ứng dịch vụ công" in text
    noi = _search_chars(page, r"Nơi nhận:")
    assert all("Bold" in c["fontname"] and "Italic" in c["fontname"] for c in noi)
    assert round(noi[0]["size"]) == 12
    tm = _search_chars(page, r"TM\. ỦY BAN NHÂN DÂN")
    assert _baseline(noi[0]) == pytest.approx(_baseline(tm[0]), abs=0.5)
    luu = _search_chars(page, r"Lưu: VT, VHXH\.")
    assert round(luu[0]["size"]) == 11


def test_signature_row_moves_whole_to_the_next_page() -> None:
    base = report_document()
    # Grow the body a paragraph at a time: the row must never be split.
    for extra in range(0, 14, 3):
        filler = [Paragraph(text="Nội dung bổ sung số " + str(k) + ". " * 40) for k in range(extra)]
        doc = replace(base, body=[*base.body[:-1], *filler, base.body[-1]], appendices=[])
        r = Rendered(render_pdf_bytes(doc))
        pages = [i for i, p in enumerate(r.pages) if "Nơi nhận:" in (p.extract_text() or "")]
        names = [i for i, p in enumerate(r.pages) if "Nguyễn Văn An" in (p.extract_text() or "")]
        assert pages == names and len(pages) == 1


# -------------------------------------------------------------- appendices


def _column_x(table: Table, k: int, landscape: bool = True) -> tuple[float, float]:
    widths = column_widths_mm(table, frame_width(landscape))
    left = ANNEX_MARGINS.left + sum(widths[:k])
    return left * MM, (left + widths[k]) * MM


def _column_text(r: Rendered, pages: range, table: Table, k: int) -> str:
    x0, x1 = _column_x(table, k)
    out = []
    for i in pages:
        p = r.pages[i]
        out.append(p.crop((x0, ANNEX_MARGINS.top * MM, x1, p.height)).extract_text() or "")
    return _ws(" ".join(out))


def test_every_task_and_indicator_name_printed_exactly(plan: Rendered, report: Rendered) -> None:
    doc = report_document()
    starts = report.appendix_starts()
    tasks = _column_text(report, range(starts[0], starts[1]), doc.appendices[0].table, 1)
    for t in load("thanh-mien")["tasks"]:
        assert _ws(t["name"]) in tasks
    inds = _column_text(report, range(starts[1], len(report.pages)), doc.appendices[1].table, 1)
    for ind in load("thanh-mien")["indicators"]:
        assert _ws(ind["name"]) in inds
    pdoc = plan_document()
    pstarts = plan.appendix_starts()
    ptasks = _column_text(plan, range(pstarts[1], len(plan.pages)), pdoc.appendices[1].table, 1)
    for t in load("tam-chung")["tasks"]:
        assert _ws(t["name"]) in ptasks
    pinds = _column_text(plan, range(pstarts[0], pstarts[1]), pdoc.appendices[0].table, 1)
    for ind in load("tam-chung")["indicators"]:
        assert _ws(ind["name"]) in pinds


def test_long_table_repeats_its_header_on_every_page(report: Rendered, plan: Rendered) -> None:
    starts = report.appendix_starts()
    for i in range(starts[0] + 1, starts[1]):
        p = report.pages[i]
        band = p.crop((0, ANNEX_MARGINS.top * MM, p.width, (ANNEX_MARGINS.top + 14) * MM))
        text = _ws(band.extract_text())
        for word in ("TT", "Nhiệm vụ", "Thời hạn", "Chủ trì", "Tình trạng"):
            assert word in text, f"page {i + 1}: {text!r}"
    # Two-row header: "Mục tiêu" spans the year columns, on every page of Phụ lục I.
    pstarts = plan.appendix_starts()
    assert pstarts[1] - pstarts[0] >= 2
    for i in range(pstarts[0], pstarts[1]):
        p = plan.pages[i]
        group = _search_chars(p, r"Mục tiêu")
        years = p.search(r"20(25|30)", regex=True, return_chars=True)
        years = [y for y in years if y["top"] > group[0]["top"]]
        y25 = [c for y in years if y["text"] == "2025" for c in y["chars"]]
        y30 = [c for y in years if y["text"] == "2030" for c in y["chars"]]
        centre = (group[0]["x0"] + group[-1]["x1"]) / 2
        assert y25[0]["x0"] < centre < y30[-1]["x1"]


def test_appendix_heading_styles(plan: Rendered) -> None:
    p = plan.pages[plan.appendix_starts()[0]]
    label = _search_chars(p, r"Phụ lục I")
    assert all("Bold" in c["fontname"] for c in label) and round(label[0]["size"]) == 14
    title = _search_chars(p, r"CÁC CHỈ TIÊU PHẤN ĐẤU HOÀN THÀNH NĂM 2025")
    assert all("Bold" in c["fontname"] for c in title)
    sub = _search_chars(p, r"\(Kèm theo Kế hoạch số")
    assert all("Italic" in c["fontname"] for c in sub) and round(sub[0]["size"]) == 13
    assert "CỘNG HÒA" not in (p.extract_text() or "")


def _group_table(lead_rows: int) -> Table:
    cols = [Column(title="TT", width_mm=15, align="center"), Column(title="Nội dung", weight=1)]
    rows = [Row(cells=[str(k), "Dòng mở đầu " + "chữ " * 60]) for k in range(lead_rows)]
    for g in range(12):
        rows.append(Row(cells=[f"G{g}", f"NHÓM {g}"], is_group=True))
        rows.append(Row(cells=[f"{g}.1", "Nhiệm vụ " + "dài " * 90]))
    return Table(columns=cols, rows=rows)


def test_group_rows_stay_with_the_next_row() -> None:
    base = plan_document()
    for lead in range(6):
        table = _group_table(lead)
        doc = replace(base, appendices=[Appendix(label="Phụ lục I", title="Thử", table=table)])
        r = Rendered(render_pdf_bytes(doc))
        x0, x1 = _column_x(table, 0)
        for i in range(r.appendix_starts()[0], len(r.pages)):
            p = r.pages[i]
            tt = p.crop((x0, ANNEX_MARGINS.top * MM, x1, p.height)).extract_words()
            assert tt, f"page {i + 1}"
            assert not tt[-1]["text"].startswith("G"), (
                f"group row {tt[-1]['text']} ends page {i + 1}"
            )


# ------------------------------------------------------------------- fonts


def test_fonts_are_embedded(rendered: Rendered) -> None:
    seen = 0
    for p in rendered.pages:
        fonts = resolve1(resolve1(p.page_obj.resources).get("Font", {}))
        for ref in fonts.values():
            font = resolve1(ref)
            desc = resolve1(font.get("FontDescriptor"))
            if desc is None:  # composite font: look in the descendant
                desc = resolve1(resolve1(resolve1(font["DescendantFonts"])[0])["FontDescriptor"])
            assert "FontFile2" in desc, font
            seen += 1
    assert seen


def test_every_character_of_a_realistic_document_is_in_the_font() -> None:
    for doc in (plan_document(), report_document()):
        assert missing_glyphs(document_texts(doc)) == set()


def test_every_vietnamese_letter_is_in_the_font() -> None:
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= {"đ"} | set("bcdghklmnpqrstvx")
    text = "".join(letters) + "".join(x.upper() for x in letters) + "–—“”‘’…≥≤%&/()"
    assert missing_glyphs(text) == set()


def test_missing_glyph_refuses_to_print() -> None:
    doc = replace(plan_document(), summary="Kế hoạch 漢字 \U0001f600")
    with pytest.raises(ExportError) as err:
        render_pdf_bytes(doc)
    assert "Phông chữ" in err.value.message
    assert missing_glyphs("Tỉ lệ 漢") == {"漢"}


def test_decomposed_input_is_printed_composed(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Phòng Văn hoá – Xã hội")
    doc = replace(report_document(), body=[Paragraph(text=decomposed)], appendices=[])
    r = Rendered(render_pdf_bytes(doc))
    assert "Phòng Văn hoá – Xã hội./." in _ws(r.pages[0].extract_text())


# ------------------------------------------------------------- files, PNGs


def test_render_to_path_stream_and_png(tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) is required: apt-get install poppler-utils")
    plan_pdf, report_pdf = tmp_path / "out" / "plan.pdf", tmp_path / "report.pdf"
    render_pdf(plan_document(), plan_pdf)
    with report_pdf.open("wb") as fh:
        render_pdf(report_document(number="12", issue_date=date(2025, 6, 29)), fh)
    for pdf in (plan_pdf, report_pdf):
        assert pdf.read_bytes().startswith(b"%PDF-")
        n = len(pdfplumber.open(pdf).pages)
        subprocess.run(
            [pdftoppm, "-r", "60", "-png", str(pdf), str(tmp_path / pdf.stem)], check=True
        )
        pngs = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
        assert len(pngs) == n
        assert all(png.stat().st_size > 1000 for png in pngs)
    assert not list((tmp_path / "out").glob(".kh57-*"))


def test_unwritable_target_raises_export_error(tmp_path: Path) -> None:
    target = tmp_path / "is-a-directory.pdf"
    target.mkdir()
    with pytest.raises(ExportError):
        render_pdf(report_document(), target)
    assert not list(tmp_path.glob(".kh57-*"))
