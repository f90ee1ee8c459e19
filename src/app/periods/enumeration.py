"""Periods listed over years, found by day, stepped forward and back, split into months."""

from __future__ import annotations

from datetime import date, timedelta

from app.errors import ValidationError
from app.periods.model import (
    _OPEN_DAY,
    PeriodKind,
    ReportPeriod,
    _check_year,
    adhoc_period,
    half_year_period,
    month_period,
    quarter_period,
    year_period,
)


def periods_between(
    kind: PeriodKind, start_year: int, end_year: int, *, include_second_half: bool = False
) -> list[ReportPeriod]:
    """All periods of *kind* whose reporting year lies in *start_year*…*end_year*, in order.

    Half-year regimes give ``H1`` of each year (the decree's 6-month report);
    pass ``include_second_half=True`` to interleave ``H2`` too. Ad hoc periods
    are not generated (they are created on request): a ValidationError.
    """
    _check_year(start_year)
    _check_year(end_year)
    if end_year < start_year:
        raise ValidationError(
            f"Năm kết thúc {end_year} đứng trước năm bắt đầu {start_year}.", field="year"
        )
    years = range(start_year, end_year + 1)
    if kind == "monthly":
        return [month_period(y, m) for y in years for m in range(1, 13)]
    if kind == "quarterly":
        return [quarter_period(y, q) for y in years for q in range(1, 5)]
    if kind == "half_year":
        halves = (1, 2) if include_second_half else (1,)
        return [half_year_period(y, h) for y in years for h in halves]
    if kind == "yearly":
        return [year_period(y) for y in years]
    raise ValidationError("Kỳ báo cáo đột xuất không được lập sẵn theo năm.", field="kind")


def period_containing(kind: PeriodKind, day: date) -> ReportPeriod:
    """The period of *kind* whose data window contains *day*.

    20/09/2025 is in monthly ``2025-10`` (15/09 → 14/10) and in ``2025-Q4``;
    15/12/2025 is in ``2026-Q1``, ``2026-H1`` and ``2026``. Half-years give
    H1 or H2 (they tile the year). Ad hoc windows are not derivable: a
    ValidationError.
    """
    if kind == "adhoc":
        raise ValidationError("Kỳ báo cáo đột xuất không xác định được theo ngày.", field="kind")
    year, month = day.year, day.month
    if day.day >= _OPEN_DAY:
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if kind == "monthly":
        return month_period(year, month)
    if kind == "quarterly":
        return quarter_period(year, (month - 1) // 3 + 1)
    if kind == "half_year":
        return half_year_period(year, 1 if month <= 6 else 2)
    return year_period(year)


def next_period(period: ReportPeriod) -> ReportPeriod:
    """The period of the same kind right after *period* (ad hoc: same length, next day)."""
    if period.kind == "adhoc":
        length = period.end - period.start
        start = period.end + timedelta(days=1)
        return adhoc_period(start, start + length)
    return period_containing(period.kind, period.end + timedelta(days=1))


def previous_period(period: ReportPeriod) -> ReportPeriod:
    """The period of the same kind right before *period* (ad hoc: same length, day before)."""
    if period.kind == "adhoc":
        length = period.end - period.start
        end = period.start - timedelta(days=1)
        return adhoc_period(end - length, end)
    return period_containing(period.kind, period.start - timedelta(days=1))


def monthly_periods_in(period: ReportPeriod) -> list[ReportPeriod]:
    """The monthly periods whose windows overlap *period*'s window, in order.

    For every non-ad-hoc period they tile it exactly (``2025-H1`` →
    ``2025-01`` … ``2025-06``); 6-month and annual reports compile from them.
    """
    first = period_containing("monthly", period.start)
    result = [first]
    while result[-1].end < period.end:
        result.append(next_period(result[-1]))
    return result


def reference_month(period: ReportPeriod) -> tuple[int, int]:
    """(year, month) of the last calendar month a period reports on.

    The month of the cut-off: September for ``2025-09`` and ``2025-Q3``, June
    for ``2025-H1``, December for ``2025``; the end date's month for ad hoc.
    """
    return period.end.year, period.end.month
