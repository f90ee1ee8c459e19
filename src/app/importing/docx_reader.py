"""Word plans (.docx): appendix tables as grids, and the plan's heading.

python-docx repeats a merged cell once per grid position it covers (both for
horizontal spans and vertical "continue" cells); the underlying ``<w:tc>``
element is the same, which is how merged ranges are rebuilt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.importing.grid import Grid, Merge
from app.importing.headers import fold
from app.importing.model import PlanHeader
from app.vntext import clean_cell, nfc

CONTEXT_PARAGRAPHS = 4
"""Paragraphs before a table kept as its context (appendix title: year of targets)."""


@dataclass
class DocxContent:
    grids: list[Grid]
    lines_before: list[list[str]]
    """For each block of text between tables, its lines (in body order)."""
    paragraphs: list[str]
    """Every body paragraph (cleaned), in order."""
    table_lines: dict[int, list[str]]
    """Lines of each table's cells (by table index), for tables not read as appendices."""


def _table_grid(table: Table, index: int, context: list[str]) -> tuple[Grid, list[str]]:
    elements: list[list[Any]] = []
    texts: dict[int, str] = {}
    raw: dict[int, str] = {}
    boxes: dict[int, list[int]] = {}
    for row in table.rows:
        before = int(getattr(row, "grid_cols_before", 0) or 0)
        line: list[Any] = [None] * before
        for cell in row.cells:
            line.append(cell._tc)
            key = id(cell._tc)
            if key not in texts:
                raw[key] = cell.text
                texts[key] = clean_cell(raw[key])
        elements.append(line)
    width = max((len(line) for line in elements), default=0)
    rows: list[list[str]] = []
    for r, line in enumerate(elements):
        out: list[str] = []
        for c in range(width):
            tc = line[c] if c < len(line) else None
            if tc is None:
                out.append("")
                continue
            key = id(tc)
            box = boxes.get(key)
            if box is None:
                boxes[key] = [r, c, r, c]
                out.append(texts[key])
            else:
                box[2] = max(box[2], r)
                box[3] = max(box[3], c)
                out.append("")
        rows.append(out)
    merges: list[Merge] = [
        (b[0], b[1], b[2], b[3]) for b in boxes.values() if b[2] > b[0] or b[3] > b[1]
    ]
    lines = [t for t in raw.values() if t.strip()]
    grid = Grid(
        name=f"Bảng {index + 1}",
        index=index,
        rows=rows,
        row_numbers=list(range(1, len(rows) + 1)),
        merges=merges,
        context=context,
    )
    # keep the elements alive until ids are no longer needed
    del elements
    return grid, lines


def _split_lines(text: str) -> list[str]:
    return [t for t in (clean_cell(part) for part in re.split(r"[\n\v\r]", text)) if t]


def read_docx(path: Path) -> DocxContent:
    document = docx.Document(str(path))
    grids: list[Grid] = []
    paragraphs: list[str] = []
    lines_before: list[list[str]] = [[]]
    table_lines: dict[int, list[str]] = {}
    recent: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines = _split_lines(block.text)
            if lines:
                paragraphs.append(" ".join(lines))
                lines_before[-1].extend(lines)
                recent = [*recent, " ".join(lines)][-CONTEXT_PARAGRAPHS:]
        elif isinstance(block, Table):
            index = len(grids)
            grid, cell_lines = _table_grid(block, index, list(recent))
            grids.append(grid)
            expanded: list[str] = []
            for text in cell_lines:
                expanded.extend(_split_lines(text) or [text])
            table_lines[index] = expanded
            lines_before.append([])
            recent = []
    return DocxContent(grids, lines_before, paragraphs, table_lines)


# -- plan heading ---------------------------------------------------------------

_NUMBER = re.compile(
    r"^\s*Số\s*[:.]?\s*([0-9A-Za-zĐđ.\-]*\s*/\s*[0-9A-Za-zĐđ\-]+(?:/[0-9A-Za-zĐđ\-]+)?)"
)
_DATE = re.compile(
    r"(?P<place>[^\s,.;:][^,;:]{0,60}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?"
    r"\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_COMMUNE = re.compile(r"(?:^| )(?:uy ban nhan dan|ubnd) (?:xa|phuong|thi tran|dac khu) ")
MAX_NAME_WORDS = 5
_LEVEL = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+(.+)$", re.IGNORECASE)
_SECTION = re.compile(r"^([IVXLC]+)[.)]\s+\S")
_SEPARATOR = re.compile(r"^[-_*=–—.\s]+$")


def _commune_name(text: str) -> str:
    name = text.strip(" .,:;")
    return name.title() if name.isupper() else name


def _after_level_word(line: str) -> str | None:
    """ "ỦY BAN NHÂN DÂN XÃ TAM CHUNG" → "TAM CHUNG" (original spelling)."""
    words = line.split()
    for k in range(len(words)):
        m = _LEVEL.match(" ".join(words[k:]))
        if m is not None and k >= 1:
            return m.group(2)
    return None


def _read_header_fields(lines: list[str]) -> tuple[str | None, str | None, date | None, str | None]:
    number: str | None = None
    commune: str | None = None
    issue_date: date | None = None
    date_text: str | None = None
    for k, line in enumerate(lines):
        if number is None:
            m = _NUMBER.match(line)
            if m is not None:
                number = re.sub(r"\s+", "", m.group(1))
        if commune is None:
            f = fold(line)
            if _COMMUNE.search(f):
                commune = _after_level_word(line)
            elif f in ("uy ban nhan dan", "ubnd") and k + 1 < len(lines):
                m2 = _LEVEL.match(lines[k + 1])
                if m2 is not None:
                    commune = m2.group(2)
            if commune is not None and len(commune.split()) > MAX_NAME_WORDS:
                commune = None  # a sentence of the body, not the heading
            if commune is not None:
                commune = _commune_name(commune)
        if date_text is None:
            m3 = _DATE.search(line)
            if m3 is not None:
                date_text = clean_cell(m3.group(0))
                d, mo, y = m3.group("d"), m3.group("m"), m3.group("y")
                if d and mo:
                    try:
                        issue_date = date(int(y), int(mo), int(d))
                    except ValueError:
                        issue_date = None
    if commune is None and date_text is not None:
        m4 = _DATE.search(date_text)
        if m4 is not None:
            commune = m4.group("place").strip()
    return number, commune, issue_date, date_text


def _read_title(paragraphs: list[str]) -> str | None:
    for k, para in enumerate(paragraphs):
        if fold(para) == "ke hoach" or (
            para.startswith("KẾ HOẠCH ") and fold(para).startswith("ke hoach ")
        ):
            parts: list[str] = []
            rest = para[len("KẾ HOẠCH") :].strip()
            if rest:
                parts.append(rest)
            for nxt in paragraphs[k + 1 : k + 5]:
                f = fold(nxt)
                if (
                    not f
                    or _SEPARATOR.fullmatch(nxt)
                    or f.startswith(("can cu", "thuc hien", "ke hoach"))
                    or _SECTION.match(nxt)
                    or len(parts) >= 3
                    or len(nxt) > 200
                ):
                    break
                parts.append(nxt)
            return nfc(" ".join(parts)) if parts else None
    return None


def _read_legal_bases(paragraphs: list[str]) -> tuple[str, ...]:
    bases: list[str] = []
    in_section = False
    for para in paragraphs:
        f = fold(para)
        section = _SECTION.match(para)
        if section is not None:
            title = fold(para[section.end() - 1 :])
            if title.startswith("can cu"):
                in_section = True
                continue
            if bases or in_section:
                break
            # the first numbered section ends the preamble
            break
        if f.startswith("can cu ") and not f.startswith("can cu lap ke hoach"):
            bases.append(para)
        elif in_section and para[:1] in "-+•–":
            bases.append(para[1:].strip())
    return tuple(bases)


def read_header(content: DocxContent, skip_tables: set[int]) -> PlanHeader:
    """What can be read of the plan heading, from text outside the appendix tables."""
    lines: list[str] = []
    for k, block in enumerate(content.lines_before):
        lines.extend(block)
        if k < len(content.grids) and k not in skip_tables:
            lines.extend(content.table_lines.get(k, []))
    number, commune, issue_date, date_text = _read_header_fields(lines)
    title = _read_title(content.paragraphs)
    return PlanHeader(
        number=number,
        title=title,
        commune=commune,
        issue_date=issue_date,
        date_text=date_text,
        legal_bases=_read_legal_bases(content.paragraphs),
    )
