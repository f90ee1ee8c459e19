"""Reading Word plans: appendix tables round-trip to the sample JSON, and the heading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from app.errors import ImportFormatError
from app.importing import HeaderNotRecognised, read_plan_file
from test_importing_support import PLAN_HEADER, content, load_sample, write_plan_docx


@pytest.mark.parametrize("name", ["tam-chung", "thanh-mien"])
@pytest.mark.parametrize("merge_same_lead", [True, False])
def test_word_plan_round_trip(tmp_path: Path, name: str, merge_same_lead: bool) -> None:
    data = load_sample(name)
    path = write_plan_docx(data, tmp_path / "plan.docx", merge_same_lead=merge_same_lead)
    plan = read_plan_file(path)
    assert content(plan.as_dict()) == content(data)
    assert plan.header is not None
    assert plan.header.number == "45/KH-UBND"
    assert plan.header.commune == data["commune"]
    assert plan.header.issue_date == date(2025, 2, 5)
    assert plan.header.date_text == f"{data['commune']}, ngày 05 tháng 02 năm 2025"
    assert plan.header.title == (
        "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        f"xã {data['commune']}, năm 2025"
    )
    assert plan.header.legal_bases == tuple(PLAN_HEADER["legal_bases"])
    assert plan.warnings == ()
    assert {i.source_sheet for i in plan.indicators} <= {"Bảng 3"}


def test_several_years_in_word(tmp_path: Path) -> None:
    data = load_sample("thanh-mien")
    for ind in data["indicators"]:
        ind["targets"] = {"2025": "-", **ind["targets"]}
    plan = read_plan_file(write_plan_docx(data, tmp_path / "p.docx"))
    assert content(plan.as_dict())["indicators"] == data["indicators"]


def test_heading_variants(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN")
    document.add_paragraph("PHƯỜNG BA ĐÌNH")
    document.add_paragraph("Số:        /KH-UBND")
    document.add_paragraph("Ba Đình, ngày      tháng 7 năm 2025")
    document.add_paragraph("KẾ HOẠCH Chuyển đổi số năm 2025")
    document.add_paragraph("I. CĂN CỨ LẬP KẾ HOẠCH")
    document.add_paragraph("- Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;")
    document.add_paragraph("- Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;")
    document.add_paragraph("II. NHIỆM VỤ")
    document.add_paragraph("Căn cứ tình hình thực tế (thân văn bản, không phải căn cứ pháp lý).")
    table = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "Số hoá hồ sơ", "Phòng VH-XH", "Quý IV/2025"]):
        table.cell(1, c).text = text
    document.save(str(tmp_path / "h.docx"))
    plan = read_plan_file(tmp_path / "h.docx")
    assert plan.header is not None
    assert plan.header.commune == "Ba Đình"
    assert plan.header.number == "/KH-UBND"
    assert plan.header.issue_date is None
    assert plan.header.date_text == "Ba Đình, ngày tháng 7 năm 2025"
    assert plan.header.title == "Chuyển đổi số năm 2025"
    assert plan.header.legal_bases == (
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
        "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;",
    )
    assert [t.deadline for t in plan.tasks] == ["Quý IV/2025"]


def test_word_without_tables_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.save(str(tmp_path / "n.docx"))
    with pytest.raises(ImportFormatError, match="Không tìm thấy bảng"):
        read_plan_file(tmp_path / "n.docx")


def test_word_unknown_table_header(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r in range(4):
        for c in range(3):
            table.cell(r, c).text = f"ô {r}-{c}"
    document.save(str(tmp_path / "u.docx"))
    with pytest.raises(HeaderNotRecognised) as info:
        read_plan_file(tmp_path / "u.docx")
    assert info.value.tables[0].source == "Bảng 1"
