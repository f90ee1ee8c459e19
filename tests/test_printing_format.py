"""Number, date, punctuation and table-geometry rules of the printing package."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from app.printing import (
    AdminDocument,
    Column,
    HeaderCell,
    Row,
    Signature,
    Table,
    attachment_line,
    date_line,
    number_line,
    resource_path,
)
from app.printing.fonts import font_files, windows_font_files
from app.printing.formatting import dash_item, end_mark, punctuate_list
from app.printing.layout import TITLE_SIZE, column_widths_mm, frame_width
from app.printing.linebreak import two_line_break


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 2, 5), "Tam Chung, ngày 05 tháng 02 năm 2025"),
        (date(2025, 1, 9), "Tam Chung, ngày 09 tháng 01 năm 2025"),
        (date(2025, 6, 29), "Tam Chung, ngày 29 tháng 6 năm 2025"),
        (date(2025, 3, 1), "Tam Chung, ngày 01 tháng 3 năm 2025"),
        (date(2025, 10, 10), "Tam Chung, ngày 10 tháng 10 năm 2025"),
        (date(2025, 12, 31), "Tam Chung, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line_padding_rules(d: date, expected: str) -> None:
    assert date_line("Tam Chung", d) == expected


def test_date_line_draft_blanks() -> None:
    assert date_line("Tam Chung", None, 2025) == "Tam Chung, ngày     tháng     năm 2025"
    with pytest.raises(ValueError):
        date_line("Tam Chung", None)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("5", "Số: 05/KH-UBND"),
        ("05", "Số: 05/KH-UBND"),
        ("9", "Số: 09/KH-UBND"),
        ("10", "Số: 10/KH-UBND"),
        ("123", "Số: 123/KH-UBND"),
        (None, "Số:      /KH-UBND"),
        ("  ", "Số:      /KH-UBND"),
    ],
)
def test_number_line(number: str | None, expected: str) -> None:
    assert number_line(number, "KH", "UBND") == expected


def test_number_line_report_draft() -> None:
    assert number_line(None, "BC") == "Số:      /BC-UBND"


def _doc(number: str | None, d: date | None) -> AdminDocument:
    return AdminDocument(
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"],
        doc_type_code="KH",
        number=number,
        place="Tam Chung",
        issue_date=d,
        draft_year=2025,
        type_name="KẾ HOẠCH",
        summary="Thử",
        signature=Signature(),
    )


def test_attachment_line() -> None:
    assert attachment_line(_doc("5", date(2025, 2, 5)), "Ủy ban nhân dân xã Tam Chung") == (
        "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2025 của Ủy ban nhân dân xã Tam Chung)"
    )
    assert attachment_line(_doc(None, None), "UBND xã Tam Chung") == (
        "(Kèm theo Kế hoạch số      /KH-UBND ngày     tháng     năm 2025 của UBND xã Tam Chung)"
    )


def test_punctuate_list() -> None:
    assert punctuate_list(["Căn cứ A;", "Căn cứ B", "  ", "Căn cứ C;"]) == [
        "Căn cứ A;",
        "Căn cứ B;",
        "Căn cứ C.",
    ]
    assert punctuate_list(["Như trên", "Lưu: VT, VHXH."]) == ["Như trên;", "Lưu: VT, VHXH."]
    assert punctuate_list(["Ban quản lý bản (để b/c)"]) == ["Ban quản lý bản (để b/c)."]


def test_dash_item_and_end_mark() -> None:
    assert dash_item("Như trên;") == "- Như trên;"
    assert dash_item("- Như trên;") == "- Như trên;"
    assert dash_item("ý kiến", "+") == "+ ý kiến"
    assert end_mark("mục tiêu kế hoạch đề ra.") == "mục tiêu kế hoạch đề ra./."
    assert end_mark("đề ra") == "đề ra./."
    assert end_mark("đề ra;") == "đề ra./."
    assert end_mark("đề ra./.") == "đề ra./."


def test_header_grid_two_rows_with_spans() -> None:
    t = Table(
        columns=[Column(title=x) for x in ("TT", "Chỉ tiêu", "2025", "2030", "Chủ trì")],
        header_rows=[
            [
                HeaderCell(text="TT", rowspan=2),
                HeaderCell(text="Chỉ tiêu", rowspan=2),
                HeaderCell(text="Mục tiêu", colspan=2),
                HeaderCell(text="Chủ trì", rowspan=2),
            ],
            [HeaderCell(text="2025"), HeaderCell(text="2030")],
        ],
        rows=[Row(cells=["1", "A", "60%", "80%", "X"])],
    )
    grid = t.header_grid()
    assert grid[0] == [
        ("TT", 1, 2),
        ("Chỉ tiêu", 1, 2),
        ("Mục tiêu", 2, 1),
        None,
        ("Chủ trì", 1, 2),
    ]
    assert grid[1] == [None, None, ("2025", 1, 1), ("2030", 1, 1), None]
    assert Table(columns=[Column(title="A"), Column(title="B")]).header_grid() == [
        [("A", 1, 1), ("B", 1, 1)]
    ]


def test_column_widths_fill_the_text_column() -> None:
    t = Table(
        columns=[
            Column(title="TT", width_mm=12),
            Column(title="Nhiệm vụ", weight=3),
            Column(title="Chủ trì", weight=1),
        ]
    )
    avail = frame_width(True)
    assert avail == pytest.approx(297 - 30 - 15)
    widths = column_widths_mm(t, avail)
    assert sum(widths) == pytest.approx(avail)
    assert widths[0] == 12
    assert widths[1] == pytest.approx(3 * widths[2])
    too_wide = Table(columns=[Column(title="A", width_mm=200), Column(title="B", width_mm=200)])
    assert sum(column_widths_mm(too_wide, avail)) == pytest.approx(avail)


def test_bundled_fonts_and_licence_present() -> None:
    for name in (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
        "LICENSE-LiberationSerif-OFL.txt",
    ):
        assert resource_path("fonts", name).is_file(), name
    licence = resource_path("fonts", "LICENSE-LiberationSerif-OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    files, family = font_files(on_windows=False)
    assert family == "Liberation Serif"
    assert all(f.is_file() for f in files)


def test_resource_path_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("fonts", "x.ttf") == tmp_path / "resources" / "fonts" / "x.ttf"


def test_windows_times_new_roman_needs_all_four_faces(tmp_path: Path) -> None:
    names = ["times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"]
    for n in names[:3]:
        (tmp_path / n).write_bytes(b"")
    assert windows_font_files(tmp_path) is None
    (tmp_path / names[3]).write_bytes(b"")
    assert windows_font_files(tmp_path) == [tmp_path / n for n in names]


def test_two_line_summary_breaks_where_it_reads_well() -> None:
    from app.printing.fonts import register_fonts

    bold = register_fonts().bold
    avail = frame_width(False) * 72 / 25.4
    plan = (
        "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số xã Tam Chung, năm 2025"
    )
    assert two_line_break(plan, bold, TITLE_SIZE, avail) == [
        "Phát triển khoa học, công nghệ,",
        "đổi mới sáng tạo và chuyển đổi số xã Tam Chung, năm 2025",
    ]
    lines = two_line_break(
        "Kết quả thực hiện kế hoạch chuyển đổi số trên địa bàn xã Tam Chung tháng 9 năm 2025",
        bold,
        TITLE_SIZE,
        avail,
    )
    assert lines is not None and not lines[0].endswith(("tháng", "tháng 9"))
    assert two_line_break("Kết quả tháng 9 năm 2025", bold, TITLE_SIZE, avail) is None
