"""Reading plan files (Excel appendices, Word plans) into plain data.

``read_plan_file`` returns a :class:`ParsedPlan`; it never touches the
database.  Every failure the officer can meet is an
:class:`~app.errors.ImportFormatError` with one Vietnamese sentence, and an
unknown table header is :class:`HeaderNotRecognised`, which carries a preview
and a signature per table so that the UI can ask for a column mapping and
remember it.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from app.errors import ImportFormatError
from app.importing.grid import Grid
from app.importing.headers import (
    detect_layout,
    find_next_header,
    guess_header_row,
    layout_from_mapping,
    signature_of,
)
from app.importing.model import (
    FIELD_COOPERATING,
    FIELD_DEADLINE,
    FIELD_LEAD,
    FIELD_NAME,
    FIELD_NUMBER,
    FIELD_RESULT,
    FIELD_UNIT,
    INDICATOR_FIELDS,
    TARGET_PREFIX,
    TASK_FIELDS,
    ColumnMapping,
    HeaderNotRecognised,
    ImportWarning,
    ParsedGroup,
    ParsedIndicator,
    ParsedPlan,
    ParsedTask,
    PlanHeader,
    TableKind,
    UnrecognisedTable,
)
from app.importing.table import TableResult, read_table

__all__ = [
    "FIELD_COOPERATING",
    "FIELD_DEADLINE",
    "FIELD_LEAD",
    "FIELD_NAME",
    "FIELD_NUMBER",
    "FIELD_RESULT",
    "FIELD_UNIT",
    "INDICATOR_FIELDS",
    "TARGET_PREFIX",
    "TASK_FIELDS",
    "ColumnMapping",
    "HeaderNotRecognised",
    "ImportWarning",
    "ParsedGroup",
    "ParsedIndicator",
    "ParsedPlan",
    "ParsedTask",
    "PlanHeader",
    "TableKind",
    "UnrecognisedTable",
    "read_plan_file",
]

MAX_UNCOMPRESSED = 400 * 1024 * 1024
"""Refuse archives that expand beyond this (zip bombs)."""
MAX_RATIO = 200
PREVIEW_ROWS = 12
ATTACHMENT_ROWS = 8
"""Rows at the top of a sheet searched for the "(Kèm theo Kế hoạch số …)" line."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_archive(path: Path, kind: str) -> None:
    """Refuse files that are not a sound, bomb-free Office (zip) package."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportFormatError(
            f"Không tìm thấy tệp “{path.name}”; hãy kiểm tra lại đường dẫn rồi chọn lại tệp."
        ) from None
    except OSError:
        raise ImportFormatError(
            f"Không mở được tệp “{path.name}” (tệp đang bị khoá hoặc không có quyền đọc); "
            "hãy đóng tệp trong chương trình khác rồi thử lại."
        ) from None
    if not head:
        raise ImportFormatError(
            f"Tệp “{path.name}” rỗng (0 byte); hãy chọn đúng tệp kế hoạch đã lưu."
        )
    if head == _OLE_MAGIC:
        old = ".xls" if kind == "xlsx" else ".doc"
        raise ImportFormatError(
            f"Tệp “{path.name}” được đặt mật khẩu hoặc là tệp {old} kiểu cũ; hãy mở tệp, "
            f"bỏ mật khẩu và lưu lại dưới dạng .{kind} rồi nhập lại."
        )
    broken = ImportFormatError(
        f"Tệp “{path.name}” bị hỏng hoặc không phải tệp "
        f"{'Excel (.xlsx)' if kind == 'xlsx' else 'Word (.docx)'}; hãy mở tệp bằng "
        f"{'Excel' if kind == 'xlsx' else 'Word'}, lưu lại rồi nhập lại."
    )
    if not head.startswith(b"PK"):
        raise broken
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_UNCOMPRESSED or (info.file_size > 10_000_000 and ratio > MAX_RATIO):
                    raise ImportFormatError(
                        f"Tệp “{path.name}” giải nén ra dung lượng bất thường (có thể là tệp "
                        "độc hại); chương trình không đọc tệp này, hãy kiểm tra nguồn gửi tệp."
                    )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        start = part.read(4096)
                    if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                        raise ImportFormatError(
                            f"Tệp “{path.name}” chứa khai báo XML không an toàn (có thể là tệp "
                            "độc hại); chương trình không đọc tệp này, hãy kiểm tra nguồn gửi tệp."
                        )
    except ImportFormatError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,  # a damaged deflated part
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        raise broken from None


def _unrecognised(grid: Grid) -> UnrecognisedTable:
    row = guess_header_row(grid)
    limit = min(grid.height, max(PREVIEW_ROWS, row + 8))
    preview = tuple(tuple(grid.rows[r]) for r in range(limit))
    return UnrecognisedTable(
        source=grid.name,
        index=grid.index,
        preview=preview,
        header_row=row,
        signature=signature_of(grid, row, 1),
    )


def _looks_like_table(grid: Grid) -> bool:
    """At least three rows with three or more filled cells."""
    wide = 0
    for r in range(grid.height):
        if grid.nonblank_count(r) >= 3:
            wide += 1
            if wide >= 3:
                return True
    return False


def _read_grid(grid: Grid, mappings: dict[str, ColumnMapping]) -> list[TableResult] | None:
    """Every table of *grid* (a sheet may hold the indicators then the tasks)."""
    layout = layout_from_mapping(grid, mappings) or detect_layout(grid)
    if layout is None:
        return None
    results: list[TableResult] = []
    while layout is not None:
        following = find_next_header(grid, layout)
        end = following.header_row if following is not None else None
        results.append(read_table(grid, layout, end))
        layout = following
    return results


def _assemble(
    header: PlanHeader | None, results: list[TableResult], extra: list[ImportWarning]
) -> ParsedPlan:
    indicator_groups: list[ParsedGroup] = []
    indicators: list[ParsedIndicator] = []
    task_groups: list[ParsedGroup] = []
    tasks: list[ParsedTask] = []
    warnings: list[ImportWarning] = list(extra)
    for res in results:
        warnings.extend(res.warnings)
        if res.kind == "indicators":
            indicator_groups.extend(res.groups)
            indicators.extend(res.indicators)
        else:
            task_groups.extend(res.groups)
            tasks.extend(res.tasks)
    for what, groups in (("chỉ tiêu", indicator_groups), ("nhiệm vụ", task_groups)):
        seen: set[str] = set()
        for g in groups:
            if g.label in seen:
                warnings.append(
                    ImportWarning(
                        "",
                        None,
                        f"Nhóm {what} “{g.label}” xuất hiện nhiều lần; các mục sẽ được gộp vào "
                        "cùng một nhóm, hãy kiểm tra lại cách đánh số nhóm.",
                    )
                )
            seen.add(g.label)
    first_ind: dict[str, ParsedIndicator] = {}
    for ind in indicators:
        if not ind.code:
            continue
        prev = first_ind.setdefault(ind.code, ind)
        if prev is not ind:
            warnings.append(
                ImportWarning(
                    ind.source_sheet,
                    ind.source_row,
                    f"Số thứ tự chỉ tiêu “{ind.code}” bị trùng với dòng {prev.source_row}; "
                    "hãy sửa lại số thứ tự để phân biệt hai chỉ tiêu.",
                )
            )
    first_task: dict[str, ParsedTask] = {}
    for task in tasks:
        if not task.number:
            continue
        prev_t = first_task.setdefault(task.number, task)
        if prev_t is not task:
            warnings.append(
                ImportWarning(
                    task.source_sheet,
                    task.source_row,
                    f"Số thứ tự nhiệm vụ “{task.number}” bị trùng với dòng {prev_t.source_row}; "
                    "hãy sửa lại số thứ tự để phân biệt hai nhiệm vụ.",
                )
            )
    return ParsedPlan(
        header=header,
        indicator_groups=tuple(indicator_groups),
        indicators=tuple(indicators),
        task_groups=tuple(task_groups),
        tasks=tuple(tasks),
        warnings=tuple(warnings),
    )


def _not_recognised(path: Path, tables: list[UnrecognisedTable]) -> HeaderNotRecognised:
    names = ", ".join(f"“{t.source}”" for t in tables)
    return HeaderNotRecognised(
        f"Không nhận ra dòng tiêu đề cột của {names} trong tệp “{path.name}”; hãy chỉ rõ cột "
        "nào là số thứ tự, tên, đơn vị chủ trì… trong hộp thoại ghép cột rồi nhập lại.",
        tuple(tables),
    )


def _no_table(path: Path) -> ImportFormatError:
    return ImportFormatError(
        f"Không tìm thấy bảng chỉ tiêu hoặc nhiệm vụ nào trong tệp “{path.name}”; hãy chọn tệp "
        "có phụ lục dạng bảng (có dòng tiêu đề như “TT”, “Tên nhiệm vụ”, “Đơn vị chủ trì”)."
    )


def _read_xlsx(path: Path, mappings: dict[str, ColumnMapping]) -> ParsedPlan:
    from app.importing.xlsx_reader import TooManyRowsError, read_xlsx_grids

    try:
        grids = read_xlsx_grids(path)
    except TooManyRowsError as exc:
        raise ImportFormatError(
            f"Trang “{exc.args[0]}” của tệp “{path.name}” có quá nhiều dòng để là một phụ lục "
            "kế hoạch; hãy xoá các dòng thừa hoặc tách tệp rồi nhập lại."
        ) from None
    except ImportFormatError:
        raise
    except Exception:
        # openpyxl raises many kinds of errors on damaged parts (KeyError,
        # ValueError, TypeError, XML errors, defusedxml's refusals …)
        raise ImportFormatError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải bảng tính Excel hợp lệ; hãy mở tệp bằng "
            "Excel, lưu lại dưới dạng .xlsx rồi nhập lại."
        ) from None
    grids = [g for g in grids if g.height]
    if not grids:
        raise ImportFormatError(
            f"Tệp “{path.name}” không có dữ liệu; hãy chọn tệp có phụ lục chỉ tiêu hoặc nhiệm vụ."
        )
    results: list[TableResult] = []
    unknown: list[UnrecognisedTable] = []
    for grid in grids:
        found = _read_grid(grid, mappings)
        if found is None:
            if _looks_like_table(grid):
                unknown.append(_unrecognised(grid))
            continue
        results.extend(found)
    if unknown:
        raise _not_recognised(path, unknown)
    if not results:
        raise _no_table(path)
    return _assemble(_workbook_header(path, grids), results, [])


def _workbook_header(path: Path, grids: list[Grid]) -> PlanHeader | None:
    """The plan's number and commune from a "(Kèm theo Kế hoạch số …)" line above a table,
    and, for a workbook KH57 exported, the file the plan was first imported from."""
    from dataclasses import replace

    from app.importing.attachment import attachment_header
    from app.importing.xlsx_reader import read_origin

    header = attachment_header(
        cell for grid in grids for row in grid.rows[:ATTACHMENT_ROWS] for cell in row if cell
    )
    origin = read_origin(path)
    if origin is None:
        return header
    if header is None:
        return PlanHeader(None, None, None, None, None, source=origin)
    return replace(header, source=origin)


def _read_docx(path: Path, mappings: dict[str, ColumnMapping]) -> ParsedPlan:
    from app.importing.docx_reader import read_docx, read_header

    try:
        content = read_docx(path)
    except ImportFormatError:
        raise
    except Exception:
        raise ImportFormatError(
            f"Tệp “{path.name}” bị hỏng hoặc không phải văn bản Word (.docx) hợp lệ; hãy mở tệp "
            "bằng Word, lưu lại dưới dạng .docx rồi nhập lại."
        ) from None
    results: list[TableResult] = []
    read_tables: set[int] = set()
    unknown: list[UnrecognisedTable] = []
    skipped: list[ImportWarning] = []
    for grid in content.grids:
        found = _read_grid(grid, mappings)
        if found is None:
            if _looks_like_table(grid) and grid.width >= 3:
                unknown.append(_unrecognised(grid))
            continue
        read_tables.add(grid.index)
        results.extend(found)
    if not results:
        if unknown:
            raise _not_recognised(path, unknown)
        raise _no_table(path)
    for table in unknown:
        skipped.append(
            ImportWarning(
                table.source,
                None,
                f"Đã bỏ qua {table.source.lower()} vì không nhận ra dòng tiêu đề cột; nếu đó là "
                "phụ lục của kế hoạch, hãy sửa tiêu đề cột rồi nhập lại.",
            )
        )
    header = read_header(content, read_tables)
    return _assemble(header, results, skipped)


def read_plan_file(path: Path, *, mappings: dict[str, ColumnMapping] | None = None) -> ParsedPlan:
    """Read a plan's appendix tables (and, for Word, its heading) from *path*.

    Raises :class:`HeaderNotRecognised` when a table's header cannot be
    understood (pass the officer's :class:`ColumnMapping` keyed by the table's
    signature to read it), and :class:`~app.errors.ImportFormatError` for any
    other unreadable file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".doc"):
        new = ".xlsx" if suffix == ".xls" else ".docx"
        raise ImportFormatError(
            f"Tệp “{path.name}” có định dạng {suffix} cũ; hãy mở tệp và lưu lại dưới dạng "
            f"{new} rồi nhập lại."
        )
    if suffix not in (".xlsx", ".docx"):
        raise ImportFormatError(
            f"Chỉ nhập được tệp Excel (.xlsx) hoặc Word (.docx), còn tệp “{path.name}” thì không; "
            "hãy chọn đúng tệp kế hoạch."
        )
    if path.is_dir():
        raise ImportFormatError(
            f"“{path.name}” là một thư mục, không phải tệp; hãy chọn tệp kế hoạch bên trong."
        )
    kind = suffix[1:]
    _check_archive(path, kind)
    maps = dict(mappings or {})
    if kind == "xlsx":
        return _read_xlsx(path, maps)
    return _read_docx(path, maps)
