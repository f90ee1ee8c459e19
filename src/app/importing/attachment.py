"""The "(Kèm theo Kế hoạch số …)" line above an appendix table: the plan's number and commune.

Appendix workbooks carry the line their printed page has, for example
"(Kèm theo Kế hoạch số 112/KH-UBND ngày 05 tháng 7 năm 2025 của UBND xã Tam Chung)".
A number left blank for signing ("số:      /KH-UBND") is no number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.importing.model import PlanHeader
from app.vntext import clean_cell, fold

_CODE = r"[0-9A-Za-zĐđ\-]+"
_NUMBER = re.compile(
    rf"(?:số|so)\s*[:.]?\s*(?P<number>\d[0-9A-Za-zĐđ.\-]*\s*/\s*{_CODE}(?:\s*/\s*{_CODE})?)",
    re.IGNORECASE,
)
_COMMUNE = re.compile(
    r"(?:ủy ban nhân dân|uỷ ban nhân dân|uy ban nhan dan|ubnd)\s+"
    r"(?:xã|phường|thị trấn|đặc khu|xa|phuong|thi tran|dac khu)\s+(?P<name>[^()]+?)\s*\)?\s*$",
    re.IGNORECASE,
)


def attachment_header(lines: Iterable[str]) -> PlanHeader | None:
    """Number and commune from the first "Kèm theo Kế hoạch" line; None without one."""
    for raw in lines:
        line = clean_cell(raw)
        folded = fold(line)
        if "kem theo" not in folded or "ke hoach" not in folded:
            continue
        number = _NUMBER.search(line)
        commune = _COMMUNE.search(line)
        if number is None and commune is None:
            continue
        return PlanHeader(
            number=re.sub(r"\s+", "", number["number"]).upper() if number else None,
            title=None,
            commune=commune["name"] if commune else None,
            issue_date=None,
            date_text=None,
        )
    return None
