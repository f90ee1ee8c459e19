"""Input of the renderer: an administrative document as plain frozen dataclasses.

Nothing here knows about the database; services build an :class:`AdminDocument`
from a plan or report and hand it to :func:`app.printing.render_pdf`.
Text is plain text (no markup); the renderer escapes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Align = Literal["left", "center", "right"]


# --------------------------------------------------------------------- body


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A heading of the body, its label included in *text*.

    level 1: section "I. KẾT QUẢ THỰC HIỆN" (printed UPPER, bold);
    level 2: item "1. Công tác chỉ đạo" with a title (bold);
    level 3 and deeper: point "a) …" (regular).
    Headings are kept with the paragraph after them.
    """

    level: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """A justified body paragraph, first line indented 1 cm."""

    text: str
    italic: bool = False
    bold: bool = False


@dataclass(frozen=True, kw_only=True)
class BulletPoint:
    """A dash point ("- …", or "+ …" with ``marker="+"``) laid out like a paragraph."""

    text: str
    marker: str = "-"


Block = Heading | Paragraph | BulletPoint


# ---------------------------------------------------------------- signature


@dataclass(frozen=True, kw_only=True)
class Signature:
    """The signer: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", name."""

    authority_lines: list[str] = field(default_factory=list)
    title: str = ""
    full_name: str = ""


# ------------------------------------------------------------------- tables


@dataclass(frozen=True, kw_only=True)
class Column:
    """A table column: fixed ``width_mm`` or a share (``weight``) of the rest."""

    title: str
    width_mm: float | None = None
    weight: float = 1.0
    align: Align = "left"


@dataclass(frozen=True, kw_only=True)
class HeaderCell:
    """A header cell; spans follow the HTML model (covered positions are skipped)."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, kw_only=True)
class Row:
    """A body row; a group row ("I", "PHÁT TRIỂN HẠ TẦNG") is bold and kept with the next.

    In a group row the last non-empty cell spans the empty cells after it.
    """

    cells: list[str]
    is_group: bool = False


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table: columns, optional multi-row header (else the column titles), rows."""

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    header_rows: list[list[HeaderCell]] = field(default_factory=list)
    font_size: float = 12.0

    def header_grid(self) -> list[list[tuple[str, int, int] | None]]:
        """Header as a grid: (text, colspan, rowspan) at a cell's origin, None where covered.

        Without explicit header rows, one row with the column titles.
        """
        ncols = len(self.columns)
        rows = self.header_rows or [[HeaderCell(text=c.title) for c in self.columns]]
        nrows = len(rows)
        grid: list[list[tuple[str, int, int] | None]] = [[None] * ncols for _ in range(nrows)]
        covered = [[False] * ncols for _ in range(nrows)]
        for r, cells in enumerate(rows):
            c = 0
            for cell in cells:
                while c < ncols and covered[r][c]:
                    c += 1
                if c >= ncols:
                    raise ValueError(f"header row {r} has more cells than columns")
                cs = max(1, min(cell.colspan, ncols - c))
                rs = max(1, min(cell.rowspan, nrows - r))
                grid[r][c] = (cell.text, cs, rs)
                for rr in range(r, r + rs):
                    for cc in range(c, c + cs):
                        covered[rr][cc] = True
                c += cs
        return grid

    def texts(self) -> Iterator[str]:
        """Every string of the table (for glyph checks and tests)."""
        for col in self.columns:
            yield col.title
        for hrow in self.header_rows:
            for h in hrow:
                yield h.text
        for row in self.rows:
            yield from row.cells


# --------------------------------------------------------------- appendices


@dataclass(frozen=True, kw_only=True)
class Appendix:
    """An appendix on its own landscape pages.

    label "Phụ lục I"; title (printed UPPER); subtitle the
    "(Kèm theo Kế hoạch số …)" line (see :func:`app.printing.attachment_line`).
    """

    label: str
    title: str
    subtitle: str = ""
    table: Table
    note: str = ""


# ----------------------------------------------------------------- document


@dataclass(frozen=True, kw_only=True)
class AdminDocument:
    """A Nghị định 30/2020 administrative document with a type name (Mẫu 1.4)."""

    parent_body: str | None = None
    issuer_lines: list[str]
    doc_type_code: str  # "KH", "BC"
    issuer_code: str = "UBND"
    number: str | None = None  # None: draft, "Số:      /KH-UBND"
    place: str
    issue_date: date | None = None  # None: draft, "ngày     tháng     năm {draft_year}"
    draft_year: int
    type_name: str  # "KẾ HOẠCH", "BÁO CÁO"
    summary: str
    kinh_gui: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signature: Signature
    recipients: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    title: str = ""  # PDF metadata title; the summary when empty

    def year(self) -> int:
        """Year printed in the date line."""
        return self.issue_date.year if self.issue_date else self.draft_year
