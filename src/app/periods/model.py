"""The report period: its kinds, :class:`ReportPeriod` and the builder of each kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from app.errors import ValidationError

PeriodKind = Literal["monthly", "quarterly", "half_year", "yearly", "adhoc"]
PERIOD_KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)

PERIOD_KIND_LABELS: dict[PeriodKind, str] = {
    "monthly": "Báo cáo tháng",
    "quarterly": "Báo cáo quý",
    "half_year": "Báo cáo 6 tháng",
    "yearly": "Báo cáo năm",
    "adhoc": "Báo cáo đột xuất",
}

MIN_YEAR = 1900
MAX_YEAR = 2200

_ROMAN = ("I", "II", "III", "IV")
_CUTOFF_DAY = 14  # the window ends on the 14th …
_OPEN_DAY = 15  # … and the next one opens on the 15th


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """One report period: its kind, canonical key, data window and label.

    ``index`` is the month (1–12) for monthly periods, the quarter (1–4),
    the half (1–2), 1 for a year and 0 for an ad hoc period. ``year`` is the
    reporting year (the year of ``end``). ``start`` and ``end`` are the first
    and last day of the data window, both included; ``end`` is the cut-off.
    """

    kind: PeriodKind
    key: str
    year: int
    index: int
    start: date
    end: date
    label_vi: str

    def contains(self, day: date) -> bool:
        """Whether *day* lies in this period's data window."""
        return self.start <= day <= self.end

    @property
    def label_in_text(self) -> str:
        """The label inside a sentence: "tháng 9/2025", "6 tháng đầu năm 2025"."""
        return self.label_vi[:1].lower() + self.label_vi[1:]


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            f"Năm {year} nằm ngoài khoảng cho phép ({MIN_YEAR}–{MAX_YEAR}).", field="year"
        )


def _window(year: int, first_month: int, last_month: int) -> tuple[date, date]:
    """Window from the 15th of the month before *first_month* to the 14th of *last_month*."""
    if first_month == 1:
        start = date(year - 1, 12, _OPEN_DAY)
    else:
        start = date(year, first_month - 1, _OPEN_DAY)
    return start, date(year, last_month, _CUTOFF_DAY)


def month_period(year: int, month: int) -> ReportPeriod:
    """The monthly period ``YYYY-MM`` (window 15th of previous month → 14th)."""
    _check_year(year)
    if not 1 <= month <= 12:
        raise ValidationError(f"Tháng {month} không hợp lệ (phải từ 1 đến 12).", field="period")
    start, end = _window(year, month, month)
    return ReportPeriod(
        "monthly", f"{year:04d}-{month:02d}", year, month, start, end, f"Tháng {month}/{year}"
    )


def quarter_period(year: int, quarter: int) -> ReportPeriod:
    """The quarterly period ``YYYY-Qn`` (Q1 = 15/12 previous year → 14/03)."""
    _check_year(year)
    if not 1 <= quarter <= 4:
        raise ValidationError(f"Quý {quarter} không hợp lệ (phải từ 1 đến 4).", field="period")
    start, end = _window(year, 3 * quarter - 2, 3 * quarter)
    return ReportPeriod(
        "quarterly",
        f"{year:04d}-Q{quarter}",
        year,
        quarter,
        start,
        end,
        f"Quý {_ROMAN[quarter - 1]}/{year}",
    )


def half_year_period(year: int, half: int = 1) -> ReportPeriod:
    """The half-year period ``YYYY-H1`` (15/12 → 14/06) or ``YYYY-H2`` (15/06 → 14/12)."""
    _check_year(year)
    if half not in (1, 2):
        raise ValidationError(f"Nửa năm {half} không hợp lệ (phải là 1 hoặc 2).", field="period")
    start, end = _window(year, 1, 6) if half == 1 else _window(year, 7, 12)
    label = f"6 tháng đầu năm {year}" if half == 1 else f"6 tháng cuối năm {year}"
    return ReportPeriod("half_year", f"{year:04d}-H{half}", year, half, start, end, label)


def year_period(year: int) -> ReportPeriod:
    """The yearly period ``YYYY`` (15/12 previous year → 14/12)."""
    _check_year(year)
    start, end = _window(year, 1, 12)
    return ReportPeriod("yearly", f"{year:04d}", year, 1, start, end, f"Năm {year}")


def adhoc_period(start: date, end: date) -> ReportPeriod:
    """An ad hoc period over the window *start* → *end* (both included)."""
    if end < start:
        raise ValidationError(
            "Ngày kết thúc kỳ báo cáo đột xuất phải sau hoặc trùng ngày bắt đầu.", field="period"
        )
    _check_year(start.year)
    _check_year(end.year)
    key = f"adhoc-{start:%Y%m%d}-{end:%Y%m%d}"
    label = f"Đột xuất từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    return ReportPeriod("adhoc", key, end.year, 0, start, end, label)
