"""Issue 8 — bad input (hypothesis): strange files and texts never crash the program.

* workbooks and Word files written with random cells, merges and types:
  ``read_plan_file`` returns or raises ``ImportFormatError`` (Vietnamese);
* bundles, random bytes or a real bundle mutated: ``verify_bundle`` returns or
  raises a ``BundleError`` (Vietnamese);
* deadline phrases: ``parse_deadline`` never raises, gives a known kind and
  due ≥ start; target texts: ``parse_target`` never raises;
* text that reaches an export (task names, results, evidence, notes, plan
  title …) starting with = + - @: no exported cell is ever a formula
  (openpyxl ``data_type == "f"``) — through ``write_tables_xlsx``, the
  report's Excel annex and ``export_unit_form``.

Example counts stay modest (``EXAMPLES``) so the file runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.bundle import pack_bundle, verify_bundle
from app.db import Database
from app.deadlines import KINDS, parse_deadline
from app.errors import AppError, BundleError, ImportFormatError
from app.importing import read_plan_file
from app.printing import Column, Row, Table, write_tables_xlsx
from app.targets import parse_target

EXAMPLES = {
    "xlsx": 60,
    "xlsx_mutated": 60,
    "docx": 40,
    "bundle_bytes": 80,
    "bundle_mutated": 80,
    "deadline": 400,
    "target": 400,
    "tables_xlsx": 40,
    "report_xlsx": 10,
    "unit_form": 25,
}
VIETNAMESE = set("ăâđêôơưàáảãạềếểễệốồổỗộờớởỡợừứửữựìíỉĩịùúủũụỳýỷỹỵ")
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
BUNDLE_EXAMPLE = Path(__file__).parent / "data" / "bundle" / "report-data.example.json"

HEADER_WORDS = [
    "STT",
    "TT",
    "Nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Chủ trì",
    "Phối hợp",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Thời hạn",
    "Sản phẩm",
    "Kết quả",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Năm 2025",
    "Năm 2030",
    "Ghi chú",
    "I",
    "II",
    "1",
    "2",
    "1.1",
    "a)",
    "Phụ lục",
    "KẾ HOẠCH",
    "Quý II/2025",
    "Thường xuyên",
    "UBND xã",
    "Phòng Văn hóa - Xã hội",
]
FORMULA_TEXT = st.builds(
    lambda head, body: head + body,
    st.sampled_from(
        ["=", "+", "-", "@", "=1+1", '=HYPERLINK("x")', "+84", "-5", "@SUM(A1)", "\t=", "\r="]
    ),
    st.text(max_size=30),
)
CELL_TEXT = st.one_of(st.sampled_from(HEADER_WORDS), st.text(max_size=40), FORMULA_TEXT)
CELL = st.one_of(
    st.none(),
    CELL_TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.dates(),
)


def assert_vietnamese(exc: AppError) -> None:
    assert exc.message and VIETNAMESE & set(exc.message.lower()), exc.message


# --------------------------------------------------------------------------- workbooks


def _excel_safe(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@st.composite
def workbooks(
    draw: st.DrawFn,
) -> tuple[list[list[list[Any]]], list[list[tuple[int, int, int, int]]]]:
    sheets = []
    merges = []
    for _ in range(draw(st.integers(1, 3))):
        rows = draw(st.integers(0, 14))
        cols = draw(st.integers(1, 9))
        grid = [[draw(CELL) for _ in range(cols)] for _ in range(rows)]
        sheets.append(grid)
        ms = []
        for _ in range(draw(st.integers(0, 3))):
            if rows == 0:
                break
            r1 = draw(st.integers(1, rows))
            c1 = draw(st.integers(1, cols))
            r2 = draw(st.integers(r1, min(rows, r1 + 3)))
            c2 = draw(st.integers(c1, min(cols, c1 + 3)))
            ms.append((r1, c1, r2, c2))
        merges.append(ms)
    return sheets, merges


@settings(FUZZ, max_examples=EXAMPLES["xlsx"])
@given(book=workbooks(), formulas=st.booleans())
def test_random_workbooks_read_or_refuse(
    tmp_path_factory: pytest.TempPathFactory, book: Any, formulas: bool
) -> None:
    sheets, merges = book
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for i, (grid, ms) in enumerate(zip(sheets, merges, strict=True)):
        ws = wb.create_sheet(f"Phụ lục {i}")
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=_excel_safe(value))
                if not formulas and isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for r1, c1, r2, c2 in ms:
            if (r1, c1) != (r2, c2):
                ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    path = tmp_path_factory.mktemp("xlsx") / "ke-hoach.xlsx"
    wb.save(path)
    try:
        read_plan_file(path)
    except ImportFormatError as exc:
        assert_vietnamese(exc)


SAMPLE_XLSX = (Path(__file__).parent / "data" / "samples" / "tam-chung.xlsx").read_bytes()


@settings(FUZZ, max_examples=EXAMPLES["xlsx_mutated"])
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(SAMPLE_XLSX) - 1), st.integers(1, 255)), max_size=4
    ),
    cut=st.one_of(st.none(), st.integers(0, len(SAMPLE_XLSX))),
)
def test_damaged_real_workbooks_read_or_refuse(
    tmp_path_factory: pytest.TempPathFactory, flips: list[tuple[int, int]], cut: int | None
) -> None:
    raw = bytearray(SAMPLE_XLSX)
    for offset, mask in flips:
        raw[offset] ^= mask
    if cut is not None:
        del raw[cut:]
    path = tmp_path_factory.mktemp("xlsx-damaged") / "tam-chung.xlsx"
    path.write_bytes(bytes(raw))
    try:
        read_plan_file(path)
    except ImportFormatError as exc:
        assert_vietnamese(exc)


# --------------------------------------------------------------------------- Word files


@settings(FUZZ, max_examples=EXAMPLES["docx"])
@given(
    paragraphs=st.lists(CELL_TEXT, max_size=6),
    tables=st.lists(
        st.tuples(
            st.integers(1, 8),
            st.integers(1, 7),
            st.lists(CELL_TEXT, min_size=56, max_size=56),
            st.lists(
                st.tuples(
                    st.integers(0, 7), st.integers(0, 6), st.integers(0, 7), st.integers(0, 6)
                ),
                max_size=2,
            ),
        ),
        max_size=2,
    ),
)
def test_random_word_files_read_or_refuse(
    tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str], tables: list[Any]
) -> None:
    import docx

    def clean(text: str) -> str:
        return "".join(
            ch
            for ch in text
            if ch in "\t\n"
            or (
                ord(ch) >= 32
                and not 0xD800 <= ord(ch) <= 0xDFFF
                and ord(ch) not in (0xFFFE, 0xFFFF)
            )
        )

    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(clean(text))
    for rows, cols, texts, merges in tables:
        table = doc.add_table(rows=rows, cols=cols)
        for r in range(rows):
            for c in range(cols):
                table.cell(r, c).text = clean(texts[r * cols + c])
        for r1, c1, r2, c2 in merges:
            a = table.cell(min(r1, rows - 1), min(c1, cols - 1))
            b = table.cell(min(r2, rows - 1), min(c2, cols - 1))
            with contextlib.suppress(Exception):  # python-docx refuses some shapes
                a.merge(b)
    path = tmp_path_factory.mktemp("docx") / "ke-hoach.docx"
    doc.save(str(path))
    try:
        read_plan_file(path)
    except ImportFormatError as exc:
        assert_vietnamese(exc)


# --------------------------------------------------------------------------- bundles


def _real_bundle() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    packed = pack_bundle(
        data=json.loads(BUNDLE_EXAMPLE.read_text(encoding="utf-8")),
        pdf=pdf,
        xlsx=buffer.getvalue(),
        app_version="0.1.0",
        created_at=datetime(2025, 9, 16, 8, 30, tzinfo=UTC),
    )
    return packed.content


REAL_BUNDLE = _real_bundle()


def _verify(raw: bytes) -> None:
    try:
        verify_bundle(raw)
    except BundleError as exc:
        assert_vietnamese(exc)


@settings(FUZZ, max_examples=EXAMPLES["bundle_bytes"])
@given(
    raw=st.one_of(
        st.binary(max_size=4000), st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=2000))
    )
)
def test_random_bytes_are_refused_as_bundles(raw: bytes) -> None:
    with pytest.raises(BundleError) as info:
        verify_bundle(raw)
    assert_vietnamese(info.value)


@settings(FUZZ, max_examples=EXAMPLES["bundle_mutated"])
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(REAL_BUNDLE) - 1), st.integers(1, 255)), max_size=6
    ),
    cut=st.one_of(st.none(), st.integers(0, len(REAL_BUNDLE))),
    insert=st.one_of(
        st.none(), st.tuples(st.integers(0, len(REAL_BUNDLE)), st.binary(min_size=1, max_size=50))
    ),
)
def test_mutated_real_bundles_verify_or_are_refused(
    flips: list[tuple[int, int]], cut: int | None, insert: tuple[int, bytes] | None
) -> None:
    raw = bytearray(REAL_BUNDLE)
    for offset, mask in flips:
        raw[offset] ^= mask
    if insert is not None:
        raw[insert[0] : insert[0]] = insert[1]
    if cut is not None:
        del raw[cut:]
    _verify(bytes(raw))


@settings(FUZZ, max_examples=EXAMPLES["bundle_mutated"])
@given(
    member=st.sampled_from(["manifest.json", "data.json", "report.pdf", "report.xlsx"]),
    body=st.one_of(
        st.binary(max_size=300), st.just(b"{}"), st.just(b"[]"), st.just(b'{"format": 1}')
    ),
)
def test_real_bundle_with_a_member_replaced_is_refused(member: str, body: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(REAL_BUNDLE)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, body if info.filename == member else src.read(info))
    with pytest.raises(BundleError) as info:
        verify_bundle(out.getvalue())
    assert_vietnamese(info.value)


# --------------------------------------------------------------------------- words

DEADLINE_WORDS = [
    "Quý",
    "I",
    "II",
    "III",
    "IV",
    "quý",
    "tháng",
    "Tháng",
    "năm",
    "Năm",
    "Hằng năm",
    "hàng",
    "trước ngày",
    "Trước",
    "đến",
    "hết",
    "Từ",
    "trở đi",
    "và các năm tiếp theo",
    "giai đoạn",
    "Thường xuyên",
    "Sau khi",
    "Đã hoàn thành",
    "6 tháng đầu năm",
    "cuối",
    "đầu",
    "chậm nhất",
    "/",
    "-",
    "–",
    ",",
    ".",
    " ",
    "2025",
    "2026",
    "2030",
    "0",
    "9",
    "12",
    "13",
    "29/02",
    "31/4",
    "15/10/2025",
    "99999",
    "0/0",
    "32",
    "00",
]


@settings(FUZZ, max_examples=EXAMPLES["deadline"])
@given(
    text=st.one_of(
        st.lists(st.sampled_from(DEADLINE_WORDS), max_size=8).map(" ".join), st.text(max_size=60)
    ),
    year=st.one_of(st.none(), st.integers(1, 9999)),
)
def test_parse_deadline_never_raises(text: str, year: int | None) -> None:
    d = parse_deadline(text, reference_year=year)
    assert d.kind in KINDS
    if d.start is not None and d.due is not None:
        assert d.due >= d.start, (text, d)


TARGET_WORDS = [
    "≥",
    ">=",
    "<=",
    "≤",
    ">",
    "<",
    "=",
    "tối thiểu",
    "ít nhất",
    "trở lên",
    "tối đa",
    "không quá",
    "trên",
    "dưới",
    "100",
    "80",
    "1.234",
    "1,5",
    "1.234,5",
    "0,125",
    "%",
    "(ghi chú)",
    "80-90",
    "Phấn đấu đạt",
    "1e308",
    "9" * 400,
    ",",
    ".",
    "-",
    "nan",
    "inf",
]


@settings(FUZZ, max_examples=EXAMPLES["target"])
@given(
    text=st.one_of(
        st.lists(st.sampled_from(TARGET_WORDS), max_size=6).map(" ".join), st.text(max_size=60)
    )
)
def test_parse_target_never_raises(text: str) -> None:
    t = parse_target(text)
    assert t.op in (None, ">=", "<=", "=", ">", "<")
    assert (t.op is None) == (t.value is None)
    if t.value is not None:
        assert math.isfinite(t.value) or t.op is not None


# --------------------------------------------------------------------------- exports


def formula_cells(data: bytes | Path) -> list[str]:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    wb = load_workbook(source)
    return [
        f"{ws.title}!{cell.coordinate}={cell.value!r}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


@settings(FUZZ, max_examples=EXAMPLES["tables_xlsx"])
@given(
    cells=st.lists(
        st.lists(st.one_of(FORMULA_TEXT, CELL_TEXT), min_size=4, max_size=4), min_size=1, max_size=8
    ),
    title=FORMULA_TEXT,
)
def test_write_tables_xlsx_never_writes_a_formula(
    tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]], title: str
) -> None:
    table = Table(
        columns=[Column(title=title) for _ in range(4)],
        rows=[Row(cells=row, is_group=i % 3 == 0) for i, row in enumerate(cells)],
    )
    out = tmp_path_factory.mktemp("tables") / "bang.xlsx"
    try:
        write_tables_xlsx([(title, table)], out)
    except AppError as exc:
        assert_vietnamese(exc)
        return
    assert formula_cells(out) == []


@pytest.fixture(scope="module")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from app.db import open_database
    from app.services.commune import ProfileData, save_profile

    db = open_database(tmp_path_factory.mktemp("export") / "kh57.sqlite3")
    save_profile(db, ProfileData(name="Xã Tam Chung", province="Thanh Hóa"))
    yield db
    db.close()


TEXTS = st.lists(st.one_of(FORMULA_TEXT, st.text(max_size=20)), min_size=6, max_size=6)


def _plan_with_texts(db: Database, texts: list[str]) -> tuple[int, int, int]:
    """A plan whose task and progress texts are *texts*; (plan id, task id, unit id)."""
    from sqlalchemy import select

    from app.models import TaskUnit, Unit
    from app.services.plan_edit import PlanInput, TaskInput, create_plan
    from app.services.progress_entry import ProgressInput, record_progress

    name, lead, result, deadline, evidence, note = texts
    plan_id = create_plan(
        db,
        PlanInput(
            number="=1/KH-UBND",
            title=f"-{name}",
            start_year=2025,
            end_year=2030,
            tasks=[
                TaskInput(
                    number="=1", name=name or "=x", lead=lead, result=result, deadline=deadline
                )
            ],
        ),
    )
    with db.begin() as s:
        unit = s.scalars(select(Unit).where(Unit.key == "=unit")).first()
        if unit is None:
            unit = Unit(name="=Đơn vị", key="=unit", aliases=[])
            s.add(unit)
            s.flush()
        from app.models import Task

        task_id = s.scalars(select(Task.id).where(Task.plan_id == plan_id)).one()
        s.add(TaskUnit(task_id=task_id, unit_id=unit.id, role="lead"))
        unit_id = unit.id
    record_progress(
        db,
        task_id=task_id,
        period_key="2025-09",
        data=ProgressInput(
            status="Đang thực hiện", percent=50, result_text=result, evidence=evidence, note=note
        ),
    )
    return plan_id, task_id, unit_id


@settings(FUZZ, max_examples=EXAMPLES["unit_form"])
@given(texts=TEXTS)
def test_unit_form_export_never_writes_a_formula(
    export_db: Database, tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    from app.services.unit_forms import export_unit_form

    plan_id, _task, unit_id = _plan_with_texts(export_db, texts)
    out = tmp_path_factory.mktemp("form") / "phieu.xlsx"
    try:
        export_unit_form(export_db, plan_id=plan_id, unit_id=unit_id, period_key="2025-09", out=out)
    except AppError as exc:
        assert_vietnamese(exc)
        return
    assert formula_cells(out) == []


@settings(FUZZ, max_examples=EXAMPLES["report_xlsx"])
@given(texts=TEXTS)
def test_report_excel_annex_never_writes_a_formula(export_db: Database, texts: list[str]) -> None:
    from app.services.documents import report_xlsx
    from app.services.reports import compile_report

    plan_id, _task, _unit = _plan_with_texts(export_db, texts)
    summary = compile_report(export_db, plan_id=plan_id, period_key="2025-09")
    try:
        data = report_xlsx(export_db, summary.report_id)
    except AppError as exc:
        assert_vietnamese(exc)
        return
    assert formula_cells(data) == []
