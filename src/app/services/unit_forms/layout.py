"""The form's layout (sheets, headers, the identity mark) and its cell texts."""

from __future__ import annotations

from typing import Any

from app.vntext import clean_cell

FORM_MARK = "KH57-PHIEU-DON-VI"
META_SHEET = "KH57"
TASK_SHEET = "Nhiệm vụ"
IND_SHEET = "Chỉ tiêu"
TASK_HEADERS = (
    "TT",
    "Nhiệm vụ",
    "Thời hạn",
    "Trạng thái",
    "% hoàn thành",
    "Kết quả thực hiện",
    "Văn bản, minh chứng",
    "Ghi chú",
)
IND_HEADERS = (
    "Mã",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Mục tiêu",
    "Kết quả đạt được",
    "Nguồn số liệu",
    "Ghi chú",
)


def _safe(value: Any) -> Any:
    """Text that Excel must never read as a formula (control characters dropped)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value if value[:1] in ("=", "+", "@") else value
    return value


def _cell(row: tuple[Any, ...], i: int) -> str:
    return clean_cell(row[i]) if i < len(row) and row[i] is not None else ""
