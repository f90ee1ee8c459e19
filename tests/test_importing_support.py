"""Builders of test workbooks and Word plans from the sample JSON content.

No tests here: the ``test_importing_*`` modules import these helpers.  Run
``python tests/test_importing_support.py`` to (re)write the generated files
kept in ``tests/data/import/`` for manual checks in the application.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.shared import Pt
from openpyxl.worksheet.worksheet import Worksheet

DATA = Path(__file__).parent / "data"
SAMPLES = DATA / "samples"
IMPORT_DATA = DATA / "import"

Json = dict[str, Any]


def nfc_all(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, list):
        return [nfc_all(x) for x in obj]
    if isinstance(obj, dict):
        return {k: nfc_all(v) for k, v in obj.items()}
    return obj


def load_sample(name: str) -> Json:
    data: Json = nfc_all(json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8")))
    return data


def content(data: Json) -> Json:
    """The part of a sample (or of ``ParsedPlan.as_dict()``) compared in tests."""
    keys = ("indicator_groups", "indicators", "task_groups", "tasks")
    return {k: copy.deepcopy(data[k]) for k in keys}


# -- Excel -----------------------------------------------------------------------

INDICATOR_HEADERS = {
    "number": "TT",
    "name": "Tên chỉ tiêu",
    "unit": "Đơn vị tính",
    "lead": "Cơ quan chủ trì theo dõi, đánh giá",
    "cooperating": "Cơ quan phối hợp",
}
TASK_HEADERS = {
    "number": "STT",
    "name": "Nhiệm vụ",
    "lead": "Phòng ban tham mưu/thực hiện",
    "cooperating": "Phòng ban, bộ phận phối hợp",
    "result": "Kết quả, sản phẩm",
    "deadline": "Thời hạn",
}


def _number_value(text: str) -> tuple[int | float | str, str]:
    """A code or target as Excel would store it when typed as a number."""
    if text.endswith("%"):
        try:
            return float(text[:-1]) / 100, "0%"
        except ValueError:
            return text, "General"
    try:
        if "." in text:
            decimals = len(text.split(".", 1)[1])
            return float(text), "0." + "0" * decimals
        return int(text), "General"
    except ValueError:
        return text, "General"


def _group_title(groups: list[Json], label: str | None) -> str | None:
    for g in groups:
        if g["label"] == label:
            return str(g["title"])
    return None


def _write_table(
    ws: Worksheet,
    start_row: int,
    kind: str,
    items: list[Json],
    groups: list[Json],
    *,
    order: Sequence[str],
    headers: dict[str, str],
    years: Sequence[str],
    two_row: bool,
    target_caption: str,
    year_caption: str,
    numbers_as_numbers: bool,
    merge_groups: bool,
    blank_every: int,
    merge_same_lead: bool,
) -> int:
    """Write header + rows from *start_row*; return the next free row."""
    columns: list[str] = []
    for f in order:
        if f == "targets":
            columns.extend(f"target:{y}" for y in years)
        else:
            columns.append(f)
    width = len(columns)
    r = start_row
    if two_row:
        for c, f in enumerate(columns, start=1):
            if f.startswith("target:"):
                ws.cell(r + 1, c, year_caption.format(year=f.split(":")[1]))
            else:
                ws.cell(r, c, headers[f])
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        tcols = [c for c, f in enumerate(columns, start=1) if f.startswith("target:")]
        if tcols:
            ws.cell(r, tcols[0], target_caption)
            if len(tcols) > 1:
                ws.merge_cells(start_row=r, start_column=tcols[0], end_row=r, end_column=tcols[-1])
        r += 2
    else:
        for c, f in enumerate(columns, start=1):
            if f.startswith("target:"):
                text = year_caption.format(year=f.split(":")[1])
            else:
                text = headers[f]
            ws.cell(r, c, text)
        r += 1
    key = "code" if kind == "indicators" else "number"
    current: str | None = None
    emitted: set[str] = set()
    previous_lead: tuple[int, str] | None = None
    for n, item in enumerate(items):
        label = item["group"]
        if label is not None and label != current and label not in emitted:
            ncol = columns.index("number") + 1
            name_col = columns.index("name") + 1
            ws.cell(r, ncol, label).number_format = "@"
            ws.cell(r, name_col, _group_title(groups, label))
            last = ncol - 1 if ncol > name_col else width  # never merge over the label
            if merge_groups and name_col < last:
                ws.merge_cells(start_row=r, start_column=name_col, end_row=r, end_column=last)
            emitted.add(label)
            r += 1
            previous_lead = None
        current = label
        if blank_every and n and n % blank_every == 0:
            r += 1  # a blank row inside the table
            previous_lead = None
        for c, f in enumerate(columns, start=1):
            if f == "number":
                text = item[key]
            elif f.startswith("target:"):
                text = item["targets"].get(f.split(":")[1], "")
            else:
                text = item[f]
            if text == "":
                continue
            cell = ws.cell(r, c)
            if numbers_as_numbers and (f == "number" or f.startswith("target:")):
                value, fmt = _number_value(text)
                cell.value = value
                cell.number_format = fmt
            else:
                cell.value = text
                cell.number_format = "@" if f == "number" else "General"
            cut = text.find(" ", 30)
            if f == "name" and cut > 0:
                # a line break typed inside the cell (Alt+Enter) must be joined back
                cell.value = text[:cut] + "\n" + text[cut + 1 :]
        if merge_same_lead and "lead" in columns:
            lc = columns.index("lead") + 1
            lead = item.get("lead", "")
            if previous_lead is not None and lead and previous_lead[1] == lead:
                ws.cell(r, lc).value = None
                ws.merge_cells(
                    start_row=previous_lead[0], start_column=lc, end_row=r, end_column=lc
                )
            else:
                previous_lead = (r, lead)
        r += 1
    return r


def write_workbook(
    data: Json,
    path: Path,
    *,
    indicator_order: Sequence[str] = ("number", "name", "unit", "targets", "lead", "cooperating"),
    task_order: Sequence[str] = ("number", "name", "lead", "cooperating", "result", "deadline"),
    indicator_headers: dict[str, str] | None = None,
    task_headers: dict[str, str] | None = None,
    years: Sequence[str] | None = None,
    two_row: bool = False,
    target_caption: str = "Mục tiêu",
    year_caption: str = "Đến năm {year}",
    numbers_as_numbers: bool = False,
    merge_groups: bool = True,
    tasks_first: bool = False,
    title_rows: int = 3,
    notes_below: bool = True,
    blank_every: int = 0,
    merge_same_lead: bool = False,
    one_sheet: bool = False,
) -> Path:
    """An appendix workbook laid out like the offices' own, from sample content."""
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    if years is None:
        years = sorted({y for i in data["indicators"] for y in i["targets"]})
    sheets: list[tuple[str, str]] = [("indicators", "Chỉ tiêu"), ("tasks", "Nhiệm vụ")]
    if tasks_first:
        sheets.reverse()
    ws = first
    r = 1
    for n, (kind, title) in enumerate(sheets):
        items = data[kind]
        if not items:
            continue
        if one_sheet:
            if n:
                r += 2
        else:
            ws = first if n == 0 else wb.create_sheet()
            ws.title = f"Sheet{n + 1}"  # names say nothing: detection is by header words
            r = 1
        for t in range(title_rows):
            ws.cell(
                r,
                1,
                ["PHỤ LỤC", f"DANH MỤC {title.upper()}", "(Kèm theo Kế hoạch số /KH-UBND)"][t % 3],
            )
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            r += 1
        if title_rows:
            r += 1
        r = _write_table(
            ws,
            r,
            kind,
            items,
            data["indicator_groups" if kind == "indicators" else "task_groups"],
            order=indicator_order if kind == "indicators" else task_order,
            headers=(indicator_headers or INDICATOR_HEADERS)
            if kind == "indicators"
            else (task_headers or TASK_HEADERS),
            years=years,
            two_row=two_row and kind == "indicators",
            target_caption=target_caption,
            year_caption=year_caption,
            numbers_as_numbers=numbers_as_numbers,
            merge_groups=merge_groups,
            blank_every=blank_every,
            merge_same_lead=merge_same_lead,
        )
        if notes_below:
            r += 1
            ws.cell(r, 1, "Ghi chú: Các chỉ tiêu được rà soát, cập nhật hằng năm.")
            ws.cell(r + 2, 4, "TM. ỦY BAN NHÂN DÂN")
            r += 3
    wb.save(path)
    return path


# -- Word ------------------------------------------------------------------------

PLAN_HEADER = {
    "number": "45/KH-UBND",
    "issue_date": "2025-02-05",
    "legal_bases": [
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
        "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;",
        "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ về sửa đổi, bổ sung cập nhật "
        "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW;",
        "Căn cứ Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025 của Ban Chỉ đạo Trung ương về thúc đẩy "
        "chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả;",
    ],
}


def _merge_row(table: Any, r: int, c0: int, c1: int) -> Any:
    return table.cell(r, c0).merge(table.cell(r, c1))


def _docx_table(
    document: Any,
    kind: str,
    items: list[Json],
    groups: list[Json],
    years: Sequence[str],
    *,
    merge_same_lead: bool,
) -> None:
    key = "code" if kind == "indicators" else "number"
    if kind == "indicators":
        fields = ["number", "name", "unit", *[f"target:{y}" for y in years], "lead", "cooperating"]
        captions = [
            "TT",
            "Tên chỉ tiêu",
            "Đơn vị tính",
            *["" for _ in years],
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
        ]
        header_rows = 2
    else:
        fields = ["number", "name", "lead", "cooperating", "result", "deadline"]
        captions = [
            "STT",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Sản phẩm",
            "Thời gian hoàn thành",
        ]
        header_rows = 1
    rows_needed = header_rows + len(items) + len({i["group"] for i in items if i["group"]})
    table = document.add_table(rows=rows_needed, cols=len(fields))
    table.style = "Table Grid"
    if header_rows == 2:
        for c, f in enumerate(fields):
            if f.startswith("target:"):
                table.cell(1, c).text = f"Đến hết năm {f.split(':')[1]}"
            else:
                table.cell(0, c).text = captions[c]
                table.cell(0, c).merge(table.cell(1, c))
        tcols = [c for c, f in enumerate(fields) if f.startswith("target:")]
        top = table.cell(0, tcols[0])
        if len(tcols) > 1:
            top = top.merge(table.cell(0, tcols[-1]))
        top.text = "Kết quả"
    else:
        for c, caption in enumerate(captions):
            table.cell(0, c).text = caption
    r = header_rows
    current: str | None = None
    lead_start: tuple[int, str] | None = None
    for item in items:
        if item["group"] is not None and item["group"] != current:
            table.cell(r, 0).text = item["group"]
            title = _group_title(groups, item["group"]) or ""
            _merge_row(table, r, 1, len(fields) - 1).text = title
            r += 1
            lead_start = None
        current = item["group"]
        for c, f in enumerate(fields):
            if f == "number":
                text = item[key]
            elif f.startswith("target:"):
                text = item["targets"].get(f.split(":")[1], "")
            else:
                text = item[f]
            if f == "lead":
                if merge_same_lead and text and lead_start and lead_start[1] == text:
                    table.cell(lead_start[0], c).merge(table.cell(r, c)).text = text
                    continue
                lead_start = (r, text)
            table.cell(r, c).text = text
        r += 1


def write_plan_docx(
    data: Json,
    path: Path,
    *,
    header: Json | None = None,
    merge_same_lead: bool = True,
) -> Path:
    """A realistic plan: heading table, title, legal bases, body, appendix tables."""
    h = {**PLAN_HEADER, **(header or {})}
    commune = data["commune"]
    year, month, day = h["issue_date"].split("-")
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    top = document.add_table(rows=2, cols=2)
    top.cell(0, 0).text = f"UBND TỈNH ĐIỆN BIÊN\nỦY BAN NHÂN DÂN XÃ {commune.upper()}"
    top.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    top.cell(1, 0).text = f"Số: {h['number']}"
    top.cell(1, 1).text = f"{commune}, ngày {day} tháng {month} năm {year}"
    document.add_paragraph("")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số")
    document.add_paragraph(f"xã {commune}, năm 2025")
    document.add_paragraph("-----------")
    for basis in h["legal_bases"]:
        document.add_paragraph(basis)
    document.add_paragraph(
        f"Ủy ban nhân dân xã {commune} ban hành Kế hoạch thực hiện năm 2025 như sau:"
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph(
        "Căn cứ tình hình thực tế, các phòng, ban chủ động triển khai các nhiệm vụ được giao."
    )
    document.add_paragraph("II. NHIỆM VỤ, GIẢI PHÁP")
    document.add_paragraph("Chi tiết tại Phụ lục kèm theo.")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph(
        "Các phòng, ban báo cáo kết quả thực hiện về Phòng Văn hoá - Xã hội trước ngày 15 hằng tháng."
    )
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    years = sorted({y for i in data["indicators"] for y in i["targets"]})
    if data["indicators"]:
        document.add_page_break()  # type: ignore[no-untyped-call]
        document.add_paragraph("PHỤ LỤC I")
        document.add_paragraph(f"CÁC CHỈ TIÊU PHẤN ĐẤU ĐẾN NĂM {years[-1] if years else ''}")
        document.add_paragraph(f"(Kèm theo Kế hoạch số {h['number']} ngày {day}/{month}/{year})")
        _docx_table(
            document,
            "indicators",
            data["indicators"],
            data["indicator_groups"],
            years,
            merge_same_lead=merge_same_lead,
        )
    if data["tasks"]:
        document.add_page_break()  # type: ignore[no-untyped-call]
        document.add_paragraph("PHỤ LỤC II")
        document.add_paragraph("DANH MỤC NHIỆM VỤ")
        _docx_table(
            document,
            "tasks",
            data["tasks"],
            data["task_groups"],
            years,
            merge_same_lead=merge_same_lead,
        )
    document.save(str(path))
    return path


def write_unknown_header_workbook(data: Json, path: Path) -> Path:
    """Task table whose header words say nothing (needs a column mapping)."""
    return write_workbook(
        {**data, "indicators": []},
        path,
        task_headers={
            "number": "Cột 1",
            "name": "Cột 2",
            "lead": "Cột 3",
            "cooperating": "Cột 4",
            "result": "Cột 5",
            "deadline": "Cột 6",
        },
    )


def main() -> None:
    IMPORT_DATA.mkdir(parents=True, exist_ok=True)
    for name in ("tam-chung", "thanh-mien"):
        data = load_sample(name)
        write_plan_docx(data, IMPORT_DATA / f"{name}-plan.docx")
        write_workbook(
            data,
            IMPORT_DATA / f"{name}-variant.xlsx",
            two_row=True,
            numbers_as_numbers=True,
            tasks_first=True,
        )
    write_unknown_header_workbook(load_sample("tam-chung"), IMPORT_DATA / "unknown-header.xlsx")


if __name__ == "__main__":
    main()
