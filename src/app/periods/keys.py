"""Period keys (``2025-09``, ``2025-Q3`` …) and kind names read back into periods and kinds."""

from __future__ import annotations

import re
from datetime import date

from app.errors import ValidationError
from app.periods.model import (
    PeriodKind,
    ReportPeriod,
    adhoc_period,
    half_year_period,
    month_period,
    quarter_period,
    year_period,
)
from app.vntext import nfc

_KEY_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_KEY_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_KEY_HALF = re.compile(r"(\d{4})-H([12])")
_KEY_YEAR = re.compile(r"(\d{4})")
_KEY_ADHOC = re.compile(r"ADHOC-(\d{8})-(\d{8})")


def _bad_key(key: str) -> ValidationError:
    return ValidationError(
        f"Kỳ báo cáo “{key}” không hợp lệ; hãy ghi theo mẫu 2025-09, 2025-Q3, 2025-H1, 2025 "
        "hoặc adhoc-20251001-20251015.",
        field="period",
    )


def _compact_date(text: str, key: str) -> date:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise _bad_key(key) from None


def period_from_key(key: str) -> ReportPeriod:
    """The period named by *key* (case and surrounding spaces ignored).

    Accepted: ``2025-09`` (also ``2025-9``), ``2025-Q3``, ``2025-H1``,
    ``2025-H2``, ``2025``, ``adhoc-YYYYMMDD-YYYYMMDD``. The returned period
    carries the canonical key. Raises :class:`ValidationError` otherwise.
    """
    text = key.strip().upper()
    if m := _KEY_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise _bad_key(key)
        return month_period(year, month)
    if m := _KEY_QUARTER.fullmatch(text):
        return quarter_period(int(m[1]), int(m[2]))
    if m := _KEY_HALF.fullmatch(text):
        return half_year_period(int(m[1]), int(m[2]))
    if m := _KEY_YEAR.fullmatch(text):
        return year_period(int(m[1]))
    if m := _KEY_ADHOC.fullmatch(text):
        return adhoc_period(_compact_date(m[1], key), _compact_date(m[2], key))
    raise _bad_key(key)


_KIND_ALIASES: dict[str, PeriodKind] = {
    "monthly": "monthly",
    "month": "monthly",
    "thang": "monthly",
    "tháng": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "quy": "quarterly",
    "quý": "quarterly",
    "half_year": "half_year",
    "half": "half_year",
    "6 tháng": "half_year",
    "6 thang": "half_year",
    "06 tháng": "half_year",
    "yearly": "yearly",
    "year": "yearly",
    "annual": "yearly",
    "nam": "yearly",
    "năm": "yearly",
    "adhoc": "adhoc",
    "ad hoc": "adhoc",
    "đột xuất": "adhoc",
    "dot xuat": "adhoc",
}


def parse_period_kind(text: str) -> PeriodKind:
    """The kind named by *text*: a code or a word such as ``month``, ``quý``, ``6 tháng``."""
    kind = _KIND_ALIASES.get(" ".join(nfc(text).lower().split()))
    if kind is None:
        raise ValidationError(
            f"Loại kỳ báo cáo “{text}” không hợp lệ; hãy chọn tháng, quý, 6 tháng, năm "
            "hoặc đột xuất.",
            field="kind",
        )
    return kind


def period_words(key: str | None) -> str:
    """ "năm 2026" for the key "2026", "tháng 9/2025" for "2025-09"; "kỳ KEY" otherwise."""
    try:
        return period_from_key(str(key)).label_in_text
    except ValidationError:
        return f"kỳ {key or 'khác'}"
