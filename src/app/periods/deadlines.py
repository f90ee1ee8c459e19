"""Sending rules and deadlines: when a period's report is due, and whether it was late."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.errors import ValidationError
from app.periods.model import ReportPeriod, _check_year


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
