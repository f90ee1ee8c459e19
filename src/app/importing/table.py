"""Read the rows of a table whose header is understood into groups and items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.importing.grid import Grid
from app.importing.headers import TableLayout, fold, is_column_number_row
from app.importing.model import (
    FIELD_COOPERATING,
    FIELD_DEADLINE,
    FIELD_LEAD,
    FIELD_NAME,
    FIELD_NUMBER,
    FIELD_RESULT,
    FIELD_UNIT,
    ImportWarning,
    ParsedGroup,
    ParsedIndicator,
    ParsedTask,
    TableKind,
)

_ROMAN = r"[IVXLCDM]+"
_GROUP_LABEL = re.compile(rf"(?:{_ROMAN}|[A-ZĐ])\.?")
_CODE = re.compile(rf"\d+(?:\.\d+)*\.?|{_ROMAN}\.?|[A-Za-zĐđ][.)]?|\d+[a-zđ]|[-+•*]")
_LABEL_AND_TITLE = re.compile(rf"({_ROMAN}|\d+|[A-ZĐ])[.)]\s+(\S.*)")
_FILLED_FIELDS = (FIELD_UNIT, FIELD_LEAD, FIELD_COOPERATING, FIELD_RESULT, FIELD_DEADLINE)


@dataclass
class TableResult:
    kind: TableKind
    groups: list[ParsedGroup] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _RowReader:
    def __init__(self, grid: Grid, layout: TableLayout) -> None:
        self.grid = grid
        self.layout = layout
        self.cols = layout.columns
        self.other_cols = sorted(
            {c for f, c in self.cols.items() if f not in (FIELD_NUMBER, FIELD_NAME)}
            | {c for c, _ in layout.targets}
        )
        self.mapped = set(self.cols.values()) | {c for c, _ in layout.targets}

    def own(self, r: int, col: int | None) -> str:
        return "" if col is None else self.grid.text(r, col)

    def filled(self, r: int, col: int | None) -> str:
        """Cell text, taking the value of a merged range running down from above."""
        if col is None:
            return ""
        text = self.grid.text(r, col)
        if text:
            return text
        m = self.grid.merge_at(r, col)
        if m is not None and m[1] == col and self.layout.data_start <= m[0] < r:
            return self.grid.text(m[0], m[1])
        return ""

    def title_merged_across(self, r: int) -> bool:
        name_col = self.cols[FIELD_NAME]
        m = self.grid.merge_at(r, name_col)
        if m is None or m[0] != r or m[1] != name_col or m[3] <= m[1]:
            return False
        return any(m[1] < c <= m[3] for c in self.mapped)


def _same_folded(cells: list[str], folded: list[str]) -> bool:
    """``[fold(t) for t in cells] == folded``, stopping at the first difference."""
    return len(cells) == len(folded) and all(
        fold(t) == f for t, f in zip(cells, folded, strict=True)
    )


def read_table(grid: Grid, layout: TableLayout, end: int | None = None) -> TableResult:
    """Rows ``layout.data_start .. end-1`` (to the bottom of the grid by default)."""
    result = TableResult(kind=layout.kind)
    for note in layout.notes:
        result.warnings.append(ImportWarning(grid.name, None, note))
    rr = _RowReader(grid, layout)
    cols = layout.columns
    header_fold = [fold(t) for t in grid.rows[layout.header_row]]
    group: str | None = None
    pending: list[tuple[int, str]] = []
    stop = grid.height if end is None else min(end, grid.height)
    for r in range(layout.data_start, stop):
        cells = grid.rows[r]
        if not any(cells):
            continue
        if is_column_number_row(cells) or _same_folded(cells, header_fold):
            continue
        row_no = grid.row_numbers[r]
        number = rr.own(r, cols.get(FIELD_NUMBER))
        name = rr.own(r, cols.get(FIELD_NAME))
        others = [c for c in rr.other_cols if grid.text(r, c)]
        code_like = bool(_CODE.fullmatch(number))

        # -- group rows -------------------------------------------------------
        if (
            number
            and name
            and not others
            and code_like
            and (
                _GROUP_LABEL.fullmatch(number)
                or rr.title_merged_across(r)
                or layout.kind == "tasks"
            )
        ):
            group = number
            result.groups.append(ParsedGroup(number, name))
            pending.clear()
            continue
        if not name and not others:
            m = _LABEL_AND_TITLE.fullmatch(number)
            if m is not None:
                group = m.group(1)
                result.groups.append(ParsedGroup(m.group(1), m.group(2)))
                pending.clear()
                continue

        # -- notes, signatures, stray text --------------------------------------
        nonblank = [t for t in cells if t]
        if (
            (not number and not name)
            or (not code_like and not name)
            or (len(nonblank) == 1 and not code_like)
        ):
            pending.append((row_no, nonblank[0]))
            continue
        for p_row, p_text in pending:
            result.warnings.append(
                ImportWarning(
                    grid.name,
                    p_row,
                    f"Đã bỏ qua dòng “{_short(p_text)}” vì không có số thứ tự hoặc tên; "
                    "nếu đó là một mục của kế hoạch, hãy bổ sung sau khi nhập.",
                )
            )
        pending.clear()

        # -- items --------------------------------------------------------------
        what = "chỉ tiêu" if layout.kind == "indicators" else "nhiệm vụ"
        if not number:
            result.warnings.append(
                ImportWarning(
                    grid.name,
                    row_no,
                    f"Dòng {what} “{_short(name)}” không có số thứ tự; hãy đánh số sau khi nhập.",
                )
            )
        if not name:
            result.warnings.append(
                ImportWarning(
                    grid.name,
                    row_no,
                    f"Dòng số “{number}” không có tên {what}; hãy bổ sung tên sau khi nhập.",
                )
            )
        if layout.kind == "indicators":
            targets = {year: rr.filled(r, c) for c, year in layout.targets}
            result.indicators.append(
                ParsedIndicator(
                    code=number,
                    group=group,
                    name=name,
                    unit=rr.filled(r, cols.get(FIELD_UNIT)),
                    lead=rr.filled(r, cols.get(FIELD_LEAD)),
                    cooperating=rr.filled(r, cols.get(FIELD_COOPERATING)),
                    targets=targets,
                    source_sheet=grid.name,
                    source_row=row_no,
                )
            )
        else:
            lead = rr.filled(r, cols.get(FIELD_LEAD))
            if FIELD_LEAD in cols and not lead:
                result.warnings.append(
                    ImportWarning(
                        grid.name,
                        row_no,
                        f"Nhiệm vụ số “{number}” chưa có đơn vị chủ trì; "
                        "hãy chọn đơn vị chủ trì sau khi nhập.",
                    )
                )
            result.tasks.append(
                ParsedTask(
                    number=number,
                    group=group,
                    name=name,
                    lead=lead,
                    cooperating=rr.filled(r, cols.get(FIELD_COOPERATING)),
                    result=rr.filled(r, cols.get(FIELD_RESULT)),
                    deadline=rr.filled(r, cols.get(FIELD_DEADLINE)),
                    source_sheet=grid.name,
                    source_row=row_no,
                )
            )
    return result
