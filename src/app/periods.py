"""Report regimes and report periods (Nghị định 09/2019/NĐ-CP, Điều 12).

A report period has a *data window* (the days whose facts it reports) and a
*sending deadline* (the last day on which the report is on time).

Data windows (Art. 12):

* monthly ``2025-09`` — 15/08/2025 → 14/09/2025 ("Tháng 9/2025");
* quarterly ``2025-Q3`` — 15/06/2025 → 14/09/2025 ("Quý III/2025");
  Q1 runs from 15/12 of the previous year to 14/03;
* first half-year ``2025-H1`` — 15/12/2024 → 14/06/2025
  ("6 tháng đầu năm 2025");
* second half-year ``2025-H2`` — 15/06/2025 → 14/12/2025
  ("6 tháng cuối năm 2025"). The decree defines only the first six months
  (the annual report covers the rest); H2 exists so that the two halves tile
  the year and an officer asked for a "6 tháng cuối năm" report has one.
  :func:`periods_between` lists it only when asked to;
* yearly ``2025`` — 15/12/2024 → 14/12/2025 ("Năm 2025");
* ad hoc ``adhoc-20251001-20251015`` — any window the requester names.

Sending deadlines are set by whoever asks for the report, so they are a
:class:`SendingRule` per regime, read from the plan's words where possible
(:func:`parse_sending_rule`, :func:`parse_sending_rules`):

* "trước ngày 15 hằng tháng" is a *day-of-month* rule. Its deadline for a
  period is the first such day falling on or after the period's cut-off (a
  report cannot be sent before its data window closes): for ``2025-09``
  (cut-off 14/09) "trước ngày 15" gives 15/09/2025, "trước ngày 10" gives
  10/10/2025, "trước ngày 20" gives 20/09/2025. A day past the month's end
  is its last day (31 → 29/02/2028);
* "trước ngày 05/6" is a *fixed date* rule, taken in the year of the period's
  cut-off (one year later if that would fall before the window opens). Plans
  do ask units for their half-year and annual reports before the cut-off
  ("trước ngày 05/6", "trước ngày 01/12"), so the date is kept as written;
  29/02 falls on 28/02 in common years;
* the named day is the deadline itself ("trước ngày X", "chậm nhất ngày X"
  alike), as offices read it and as ``app.deadlines`` reads "Trước ngày
  15/10/2025" in task deadlines.

With no rule the deadline is the cut-off day itself (period end).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from app.errors import ValidationError
from app.vntext import nfc

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


# ---------------------------------------------------------------- builders


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


# ---------------------------------------------------------------- keys

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


# ---------------------------------------------------------------- enumeration


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


# ---------------------------------------------------------------- sending rules


@dataclass(frozen=True, slots=True)
class SendingRule:
    """When a report must be sent.

    ``month is None``: a day-of-month rule ("trước ngày 15 hằng tháng").
    ``month`` set: a fixed date each year ("trước ngày 05/6"), or a single
    date when ``year`` is set too ("trước ngày 15/10/2025"). The named day is
    the last on-time day. ``text`` keeps the words for display.
    """

    day: int
    month: int | None = None
    year: int | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31:
            raise ValidationError(
                f"Ngày {self.day} trong hạn gửi báo cáo không hợp lệ.", field="sending_rule"
            )
        if self.month is None:
            if self.year is not None:
                raise ValidationError(
                    "Hạn gửi báo cáo có năm thì phải có cả tháng.", field="sending_rule"
                )
            return
        if not 1 <= self.month <= 12:
            raise ValidationError(
                f"Tháng {self.month} trong hạn gửi báo cáo không hợp lệ.", field="sending_rule"
            )
        # 29/02 is accepted as a yearly date (2000 is a leap year).
        check_year = 2000 if self.year is None else self.year
        if self.year is not None:
            _check_year(self.year)
        try:
            date(check_year, self.month, self.day)
        except ValueError:
            raise ValidationError(
                f"Ngày {self.day}/{self.month} trong hạn gửi báo cáo không có trong lịch.",
                field="sending_rule",
            ) from None

    @property
    def is_day_of_month(self) -> bool:
        return self.month is None

    def describe_vi(self) -> str:
        """The rule in words (the original words when known)."""
        if self.text:
            return self.text
        if self.month is None:
            return f"Trước ngày {self.day:02d} hằng tháng"
        if self.year is None:
            return f"Trước ngày {self.day:02d}/{self.month:02d} hằng năm"
        return f"Trước ngày {self.day:02d}/{self.month:02d}/{self.year}"


def _clamped(year: int, month: int, day: int) -> date:
    """*day* of the month, or the month's last day when it has fewer days."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def sending_deadline(period: ReportPeriod, rule: SendingRule | None = None) -> date:
    """The last day on which the report of *period* is sent on time.

    No rule: the cut-off (``period.end``). Day-of-month rule: the first
    monthly deadline on or after the cut-off. Fixed date: that date in the
    cut-off's year (next year if it would fall before the window opens).
    Single date: that date.
    """
    if rule is None:
        return period.end
    if rule.month is None:
        year, month = period.end.year, period.end.month
        deadline = _clamped(year, month, rule.day)
        if deadline < period.end:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            deadline = _clamped(year, month, rule.day)
        return deadline
    if rule.year is not None:
        return date(rule.year, rule.month, rule.day)
    deadline = _clamped(period.end.year, rule.month, rule.day)
    if deadline < period.start:
        deadline = _clamped(period.end.year + 1, rule.month, rule.day)
    return deadline


@dataclass(frozen=True, slots=True)
class DueInfo:
    """A report's deadline seen from *today*: days left (negative when past), lateness."""

    deadline: date
    days_left: int
    is_late: bool


def due_status(
    period: ReportPeriod,
    rule: SendingRule | None,
    today: date,
    *,
    sent_on: date | None = None,
) -> DueInfo:
    """Deadline of *period*'s report, days left from *today*, and whether it is late.

    Unsent (``sent_on is None``): late when *today* is after the deadline.
    Sent: late when it was sent after the deadline.
    """
    deadline = sending_deadline(period, rule)
    moment = today if sent_on is None else sent_on
    return DueInfo(deadline, (deadline - today).days, moment > deadline)


SubmissionState = Literal["on_time", "late", "pending", "missing"]

SUBMISSION_LABELS: dict[SubmissionState, str] = {
    "on_time": "Gửi đúng hạn",
    "late": "Gửi quá hạn",
    "pending": "Chưa đến hạn gửi",
    "missing": "Chưa gửi (quá hạn)",
}


def submission_state(deadline: date, sent_on: date | None, today: date) -> SubmissionState:
    """A unit's report for a period: on time, late, not yet due, or missing."""
    if sent_on is not None:
        return "on_time" if sent_on <= deadline else "late"
    return "pending" if today <= deadline else "missing"


# ---------------------------------------------------------------- reading rules

_RULE = re.compile(
    r"(?P<lead>trước\s+ngày|chậm\s+nhất\s+(?:là\s+)?(?:vào\s+)?ngày|trong\s+ngày|vào\s+ngày)"
    r"\s+(?P<day>\d{1,2})(?!\d)"
    r"(?:\s*[/.-]\s*(?P<month>\d{1,2})(?:\s*[/.-]\s*(?P<year>\d{4}))?"
    r"|\s+tháng\s+(?P<month_w>\d{1,2})(?:\s+năm\s+(?P<year_w>\d{4}))?"
    r"|\s+(?:của\s+)?(?P<every>h[ằà]ng|mỗi)\s+(?P<unit>tháng|quý))?",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"[\s,]*(?:h[ằà]ng\s+năm\s*)?[,(]?\s*báo\s+cáo\s+(?:định\s+kỳ\s+)?"
    r"(?P<label>0?6\s+tháng|sáu\s+tháng|tháng|quý|năm)",
    re.IGNORECASE,
)
_EVERY = re.compile(r"(?:h[ằà]ng|mỗi)\s+(tháng|quý|năm)", re.IGNORECASE)
_CONTEXT_CHARS = 100


def _label_kind(m: re.Match[str], flat: str) -> PeriodKind | None:
    """Kind named by a label right after the rule: "(báo cáo 06 tháng)"."""
    label = _LABEL.match(flat, m.end())
    if label is None:
        return None
    word = label["label"].lower()
    if word.endswith("6 tháng") or word.startswith("sáu"):
        return "half_year"
    if word == "tháng":
        return "monthly"
    return "quarterly" if word == "quý" else "yearly"


def _context_kind(m: re.Match[str], flat: str) -> PeriodKind | None:
    """Kind named by the nearest "hằng tháng/quý/năm" before the rule, in its clause."""
    window = flat[max(0, m.start() - _CONTEXT_CHARS) : m.start()]
    window = window[window.rfind(";") + 1 :]
    words = [e[1].lower() for e in _EVERY.finditer(window)]
    if not words:
        return None
    if words[-1] == "tháng":
        return "monthly"
    return "quarterly" if words[-1] == "quý" else "yearly"


def _read(m: re.Match[str], flat: str) -> tuple[PeriodKind, SendingRule] | None:
    """The rule a match states and the report kind it is for, or None."""
    text = " ".join(m[0].split())
    month = m["month"] or m["month_w"]
    year = m["year"] or m["year_w"]
    label = _label_kind(m, flat)
    try:
        if month is not None:
            rule = SendingRule(int(m["day"]), int(month), int(year) if year else None, text)
            if label is not None:
                return label, rule
            if year is not None:
                return "adhoc", rule
            context = _context_kind(m, flat)
            if context in ("monthly", "quarterly"):
                return context, rule
            return ("half_year" if 5 <= int(month) <= 7 else "yearly"), rule
        rule = SendingRule(int(m["day"]), None, None, text)
    except ValidationError:
        return None
    # a day of the month: "hằng tháng" after it, a label, or "hằng tháng" before it
    if m["unit"] is not None:
        kind: PeriodKind | None = "monthly" if m["unit"].lower() == "tháng" else "quarterly"
    else:
        kind = label or _context_kind(m, flat)
    if kind not in ("monthly", "quarterly"):
        return None  # "trước ngày 15" alone says nothing about which month
    return kind, rule


def parse_sending_rule(text: str) -> SendingRule | None:
    """The first sending rule written in *text*, or None.

    Reads "trước ngày 15 hằng tháng" / "hàng tháng", "Hằng tháng, trước ngày
    15", "trước ngày 05/6", "trước ngày 01/12 hàng năm", "trước ngày 15/12",
    "trước ngày 15/10/2025", "trước ngày 15 tháng 10 năm 2025", "chậm nhất
    ngày 20 hằng tháng". A bare "trước ngày 15" with no month or "hằng tháng"
    around it is not a rule. Line breaks and odd spacing of PDF text are
    tolerated.
    """
    flat = " ".join(nfc(text).split())
    for m in _RULE.finditer(flat):
        found = _read(m, flat)
        if found is not None:
            return found[1]
    return None


def parse_sending_rules(text: str) -> dict[PeriodKind, SendingRule]:
    """Every sending rule in *text* (e.g. a plan's "Tổ chức thực hiện"), by report kind.

    The kind comes from a following label ("(báo cáo tháng)", "(báo cáo 06
    tháng)", "(báo cáo năm)"), else from "hằng tháng"/"hằng quý" after or
    before the day, else a full date is ad hoc, else a fixed date in May–July
    is the half-year report and any other the annual one. The first rule
    found for a kind wins.
    """
    flat = " ".join(nfc(text).split())
    rules: dict[PeriodKind, SendingRule] = {}
    for m in _RULE.finditer(flat):
        found = _read(m, flat)
        if found is not None:
            rules.setdefault(*found)
    return rules
