"""Find and understand the header of an appendix table by its words.

Offices name their columns in many ways ("TT"/"STT", "Tên nhiệm vụ"/"Nội dung
công việc", "Đơn vị chủ trì"/"Cơ quan chủ trì theo dõi, đánh giá" …), put
them in any order, and often use a two-row header where a merged "Kết quả" or
"Mục tiêu" cell sits above one column per milestone year.  Matching ignores
diacritics, case and punctuation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.importing.grid import Grid
from app.importing.model import (
    FIELD_COOPERATING,
    FIELD_DEADLINE,
    FIELD_LEAD,
    FIELD_NAME,
    FIELD_NUMBER,
    FIELD_RESULT,
    FIELD_UNIT,
    TARGET_PREFIX,
    ColumnMapping,
    TableKind,
)
from app.vntext import fold as vn_fold

_NON_WORD = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
SCAN_ROWS = 40
"""How many rows from the top of a table are searched for the header."""


def fold(text: str) -> str:
    """Lower-case ASCII skeleton of *text*: no diacritics, punctuation as spaces."""
    return _NON_WORD.sub(" ", vn_fold(text)).strip()


def find_year(text: str) -> str | None:
    years = _YEAR.findall(text)
    return years[-1] if years else None


# -- roles -------------------------------------------------------------------

NUMBER = "number"
TASK_NAME = "task_name"
IND_NAME = "ind_name"  # "Tên chỉ tiêu", "Nội dung chỉ tiêu"
IND_NAME_WEAK = "ind_name_weak"  # "Chỉ tiêu …": name, or a target column if a name exists
GENERIC_NAME = "generic_name"  # "Nội dung", "Tên"
LEAD = "lead"
COOPERATING = "cooperating"
RESULT = "result"
DEADLINE = "deadline"
UNIT = "unit"
YEAR = "year"
TARGET = "target"
NOTE = "note"

_NUMBER_WORDS = {"tt", "stt", "so tt", "so thu tu", "thu tu", "ma", "ma so", "ma chi tieu", "so"}
_TASK_NAME_WORDS = (
    "ten nhiem vu",
    "noi dung cong viec",
    "noi dung nhiem vu",
    "nhiem vu",
    "ten cong viec",
    "cong viec",
    "noi dung cac nhiem vu",
    "danh muc nhiem vu",
)
_GENERIC_NAME_WORDS = {"noi dung", "ten", "noi dung thuc hien", "hang muc", "danh muc"}
_LEAD_STARTS = (
    "don vi thuc hien",
    "co quan thuc hien",
    "phong ban thuc hien",
    "bo phan thuc hien",
    "don vi tham muu",
    "co quan tham muu",
    "phong ban tham muu",
    "trach nhiem",
    "don vi phu trach",
    "phu trach",
)


def classify(text: str) -> str | None:
    """Role of a header cell from its folded text (None: not a known column)."""
    t = fold(text)
    if not t:
        return None
    if t in _NUMBER_WORDS or re.fullmatch(r"s?tt( .*)?", t):
        return NUMBER
    if "phoi hop" in t:
        return COOPERATING
    if any(k in t for k in ("thoi gian", "thoi han", "tien do", "han hoan thanh", "thoi diem")):
        return DEADLINE
    if "chu tri" in t or "tham muu" in t or "theo doi" in t or t.startswith(_LEAD_STARTS):
        return LEAD
    if t in ("don vi", "dvt", "dv tinh", "don vi do") or t.startswith(
        ("don vi tinh", "don vi do", "dvt ")
    ):
        return UNIT
    if t.startswith("ghi chu"):
        return NOTE
    if t.startswith(("ten chi tieu", "noi dung chi tieu", "danh muc chi tieu", "cac chi tieu")):
        return IND_NAME
    if t.startswith(_TASK_NAME_WORDS):
        return TASK_NAME
    if t in _GENERIC_NAME_WORDS:
        return GENERIC_NAME
    if t.startswith("chi tieu"):
        return IND_NAME_WEAK
    if find_year(t):
        return YEAR
    if t.startswith(("ket qua", "san pham")):
        return RESULT
    if t.startswith(("muc tieu", "gia tri", "ke hoach", "phan dau", "chi so")):
        return TARGET
    return None


# -- header text ---------------------------------------------------------------


def header_texts(grid: Grid, row: int, nrows: int) -> list[str]:
    """Combined header text of every column over rows ``row .. row+nrows-1``."""
    out: list[str] = []
    for c in range(grid.width):
        parts: list[str] = []
        for k in range(nrows):
            r = row + k
            m = grid.merge_at(r, c)
            if m is not None and m[1] != c:
                # covered by a merge anchored to the left: the parent caption
                # counts only for columns that carry a sub-header of their own
                below = any(grid.text(row + j, c) for j in range(k + 1, nrows))
                text = grid.anchored_text(r, c) if below else ""
            else:
                text = grid.anchored_text(r, c)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append(" ".join(parts))
    return out


def _continues(grid: Grid, first: int, nxt: int) -> bool:
    """Does row *nxt* belong to the header that starts at row *first*?"""
    if nxt >= grid.height or grid.is_blank(nxt) or _is_column_number_row(grid.rows[nxt]):
        return False
    for c in range(grid.width):
        m = grid.merge_at(nxt, c)
        if m is not None and first <= m[0] < nxt:
            return True
    for c in range(grid.width):
        m = grid.merge_at(nxt - 1, c)
        if (
            m is not None
            and m[0] == nxt - 1
            and m[3] > m[1]
            and m[2] == nxt - 1
            and any(grid.text(nxt, cc) for cc in range(m[1], m[3] + 1))
        ):
            return True
    return False


def header_span(grid: Grid, row: int) -> int:
    n = 1
    while n < 3 and _continues(grid, row, row + n):
        n += 1
    return n


_COLNUM = re.compile(r"\(?\s*(\d{1,2}|[A-Z])\s*\)?(\s*[=x*+\-/]\s*\(?\d{1,2}\)?)*")


def _is_column_number_row(cells: Iterable[str]) -> bool:
    """A row "(1) (2) (3) …" or "1 2 3 …" printed under many headers."""
    values = [c for c in cells if c]
    if len(values) < 3:
        return False
    return all(_COLNUM.fullmatch(v) for v in values) and len(set(values)) == len(values)


def is_column_number_row(cells: Iterable[str]) -> bool:
    return _is_column_number_row(cells)


# -- layout --------------------------------------------------------------------


@dataclass
class TableLayout:
    kind: TableKind
    header_row: int
    header_rows: int
    columns: dict[str, int]
    """FIELD_* → column index (target columns are in ``targets``)."""
    targets: list[tuple[int, str]] = field(default_factory=list)
    """(column, milestone year) in column order."""
    signature: str = ""
    notes: list[str] = field(default_factory=list)
    """Doubts about the header, reported as table warnings."""

    @property
    def data_start(self) -> int:
        return self.header_row + self.header_rows


def signature_of(grid: Grid, row: int, nrows: int = 1) -> str:
    """Stable hash of the folded header cells of ``row .. row+nrows-1``."""
    parts = []
    for k in range(nrows):
        cells = [fold(grid.anchored_text(row + k, c)) for c in range(grid.width)]
        while cells and not cells[-1]:
            cells.pop()
        parts.append("\x1f".join(cells))
    digest = hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()
    return digest[:20]


def _context_year(grid: Grid, header_row: int, name_text: str) -> str | None:
    year = find_year(name_text)
    if year:
        return year
    lines = [*grid.context]
    for r in range(header_row):
        lines.extend(t for t in grid.rows[r] if t)
    for line in lines:
        f = fold(line)
        if "kem theo" in f:
            continue
        y = find_year(f)
        if y:
            return y
    return None


def _assign(grid: Grid, row: int, nrows: int) -> TableLayout | None:
    texts = header_texts(grid, row, nrows)
    roles = [classify(t) for t in texts]
    present = {r for r in roles if r}
    if len(present - {NOTE}) < 2:
        return None
    ind_score = 2 * (UNIT in present) + 2 * (IND_NAME in present) + (IND_NAME_WEAK in present)
    ind_score += (YEAR in present) + (TARGET in present)
    task_score = 2 * (TASK_NAME in present) + 2 * (DEADLINE in present) + (RESULT in present)
    if ind_score == 0 and task_score == 0:
        return None
    kind: TableKind = "indicators" if ind_score > task_score else "tasks"

    def first(*wanted: str) -> int | None:
        for w in wanted:
            for c, r in enumerate(roles):
                if r == w:
                    return c
        return None

    columns: dict[str, int] = {}
    if kind == "indicators":
        name = first(IND_NAME, GENERIC_NAME, IND_NAME_WEAK, TASK_NAME)
    else:
        name = first(TASK_NAME, GENERIC_NAME, IND_NAME, IND_NAME_WEAK)
    if name is None:
        return None
    columns[FIELD_NAME] = name
    for fname, role in (
        (FIELD_NUMBER, NUMBER),
        (FIELD_LEAD, LEAD),
        (FIELD_COOPERATING, COOPERATING),
    ):
        c = first(role)
        if c is not None and c != name:
            columns[fname] = c
    targets: list[tuple[int, str]] = []
    notes: list[str] = []
    if kind == "indicators":
        c = first(UNIT)
        if c is not None:
            columns[FIELD_UNIT] = c
        context = _context_year(grid, row, texts[name])
        target_cols = [
            c
            for c, r in enumerate(roles)
            if c != name and r in (YEAR, TARGET, RESULT, IND_NAME_WEAK)
        ]
        seen: set[str] = set()
        for c in target_cols:
            year = find_year(fold(texts[c])) or context or ""
            if year in seen:
                notes.append(
                    f"Có nhiều cột chỉ tiêu cùng năm {year or '(không rõ năm)'}; "
                    f"cột “{texts[c]}” được bỏ qua, hãy kiểm tra lại tiêu đề cột."
                )
                continue
            seen.add(year)
            targets.append((c, year))
        if targets and any(not y for _, y in targets):
            notes.append(
                "Không xác định được năm của cột chỉ tiêu; hãy ghi năm vào tiêu đề cột "
                "(ví dụ “Đến năm 2030”)."
            )
    else:
        for fname, role in ((FIELD_RESULT, RESULT), (FIELD_DEADLINE, DEADLINE)):
            c = first(role)
            if c is not None:
                columns[fname] = c
    recognised = len(columns) + len(targets)
    if recognised < 3 and not (FIELD_NUMBER in columns and recognised >= 2):
        return None
    return TableLayout(
        kind=kind,
        header_row=row,
        header_rows=nrows,
        columns=columns,
        targets=targets,
        signature=signature_of(grid, row, 1),
        notes=notes,
    )


def detect_layout(grid: Grid) -> TableLayout | None:
    """The best header found in the first rows of *grid*, or None."""
    best: TableLayout | None = None
    best_score = 0
    for r in range(min(grid.height, SCAN_ROWS)):
        if grid.nonblank_count(r) < 2:
            continue
        span = header_span(grid, r)
        layout = _assign(grid, r, span)
        if layout is None and span > 1:
            layout = _assign(grid, r, 1)
        if layout is None:
            continue
        score = len(layout.columns) + len(layout.targets)
        if score > best_score:
            best, best_score = layout, score
    return best


def find_next_header(grid: Grid, layout: TableLayout) -> TableLayout | None:
    """A second table's header further down the same sheet, if any.

    Only rows whose numbering cell does not hold a number are examined, so a
    long table costs little.
    """
    number_col = layout.columns.get(FIELD_NUMBER)
    for r in range(layout.data_start, grid.height):
        if grid.nonblank_count(r) < 3:
            continue
        if number_col is not None and _NUMBERING.fullmatch(grid.text(r, number_col)):
            continue
        span = header_span(grid, r)
        found = _assign(grid, r, span) or (_assign(grid, r, 1) if span > 1 else None)
        if found is not None and len(found.columns) + len(found.targets) >= 3:
            return found
    return None


_NUMBERING = re.compile(r"[0-9IVXLC][0-9.IVXLC]*\.?|[a-zđ][.)]?|[-+•*]")


def guess_header_row(grid: Grid) -> int:
    """The first row that is about as wide as the widest of the top rows."""
    top = range(min(grid.height, SCAN_ROWS))
    widest = max((grid.nonblank_count(r) for r in top), default=0)
    need = max(2, (widest * 6 + 9) // 10)
    for r in top:
        if grid.nonblank_count(r) >= need:
            return r
    return 0


def layout_from_mapping(grid: Grid, mappings: dict[str, ColumnMapping]) -> TableLayout | None:
    """Apply a remembered mapping if one of the top rows has its signature."""
    if not mappings:
        return None
    candidates = list(range(min(grid.height, SCAN_ROWS)))
    for r in candidates:
        if grid.is_blank(r):
            continue
        sig = signature_of(grid, r, 1)
        mapping = mappings.get(sig)
        if mapping is None:
            continue
        columns: dict[str, int] = {}
        targets: list[tuple[int, str]] = []
        for fname, col in mapping.columns.items():
            if not 0 <= col < grid.width:
                continue
            if fname.startswith(TARGET_PREFIX):
                targets.append((col, fname[len(TARGET_PREFIX) :]))
            else:
                columns[fname] = col
        targets.sort()
        if FIELD_NAME not in columns:
            continue
        return TableLayout(
            kind=mapping.kind,
            header_row=r,
            header_rows=max(1, mapping.header_rows),
            columns=columns,
            targets=targets,
            signature=sig,
        )
    return None
