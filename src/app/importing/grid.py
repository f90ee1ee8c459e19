"""A table as a rectangle of cleaned cell text plus its merged ranges.

Excel sheets and Word tables are both turned into a :class:`Grid`; header
detection and row reading work on grids only.  Text sits in the top-left cell
of a merged range; the other cells of the range are empty strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Merge = tuple[int, int, int, int]
"""(first row, first column, last row, last column), 0-based, inclusive."""


@dataclass
class Grid:
    name: str
    """Sheet name or "Bảng N"; used in warnings."""
    index: int
    """0-based position of the sheet / table in the file."""
    rows: list[list[str]]
    row_numbers: list[int]
    """Source row number (1-based) of each grid row, shown in warnings."""
    merges: list[Merge] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    """Text around the table (title paragraphs before a Word table)."""
    _anchor: dict[tuple[int, int], Merge] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        for cells in self.rows:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
        self.width = width
        height = len(self.rows)
        for m in self.merges:
            r0, c0, r1, c1 = m
            for r in range(r0, min(r1, height - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    self._anchor[(r, c)] = m

    @property
    def height(self) -> int:
        return len(self.rows)

    def text(self, r: int, c: int) -> str:
        if 0 <= r < len(self.rows) and 0 <= c < self.width:
            return self.rows[r][c]
        return ""

    def merge_at(self, r: int, c: int) -> Merge | None:
        return self._anchor.get((r, c))

    def anchored_text(self, r: int, c: int) -> str:
        """Text of the cell, or of the merged range covering it."""
        m = self._anchor.get((r, c))
        if m is None:
            return self.text(r, c)
        return self.text(m[0], m[1])

    def is_blank(self, r: int) -> bool:
        return not any(self.rows[r])

    def nonblank_count(self, r: int) -> int:
        return sum(1 for t in self.rows[r] if t)
