"""Task progress and indicator results: the official words of a report.

Task progress
    The officer (or a unit) enters one of five statuses per task and period
    (:data:`ENTERED_LABELS`). :func:`official_status` turns that entry, the
    task's parsed deadline and the period's cut-off into the words printed in
    the report: "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện
    trong hạn", "Đang thực hiện quá hạn", "Chưa thực hiện", "Chưa thực hiện
    (quá hạn)", "Tạm dừng", "Không thực hiện", and "Chưa đến điều kiện thực
    hiện" for a conditional task whose condition has not arrived.

    Rules, all judged at the cut-off (the last day of the period's window):

    * a task is overdue when the cut-off is *after* its due date (the due day
      itself is still in time); a task done is late when it was completed
      after the due date. With no completion date the cut-off is taken as the
      completion date, so a task is credited "đúng hạn" only when that can be
      shown: enter the date to be credited;
    * recurring tasks (monthly, quarterly, yearly) are judged against the
      occurrence falling in the period (:func:`occurrence_due`);
    * continuous ("Thường xuyên") and unknown deadlines are never overdue, so
      their statuses read "trong hạn" / "đúng hạn";
    * a conditional task not started reads "Chưa đến điều kiện thực hiện"
      until the officer marks the condition arrived (an entry of "Đang thực
      hiện" or "Hoàn thành" shows that it has);
    * a task whose deadline reads "Đã hoàn thành" is done unless the officer
      enters otherwise;
    * "Tạm dừng" and "Không thực hiện" are shown as entered.

Indicator results
    The target compared is that of the first milestone year at or after the
    period's year (:func:`milestone_year_for`); :func:`attainment` gives
    "Đạt", "Chưa đạt" or "—" (qualitative: the officer judges).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol, get_args

from app.errors import ValidationError
from app.periods import ReportPeriod, period_containing, reference_month
from app.targets import format_number_vi, parse_number_vi
from app.vntext import fold

# ---------------------------------------------------------------- entered status

EnteredStatus = Literal["not_started", "in_progress", "done", "paused", "cancelled"]
ENTERED_STATUSES: tuple[EnteredStatus, ...] = get_args(EnteredStatus)

ENTERED_LABELS: dict[EnteredStatus, str] = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "paused": "Tạm dừng",
    "cancelled": "Không thực hiện",
}


def _fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used to recognise typed words."""
    return fold(text.replace("_", " "))


_ENTERED_BY_WORD: dict[str, EnteredStatus] = {
    **{_fold(code): code for code in ENTERED_STATUSES},
    **{_fold(label): code for code, label in ENTERED_LABELS.items()},
    "da hoan thanh": "done",
    "dang trien khai": "in_progress",
    "chua trien khai": "not_started",
}


def parse_entered_status(text: str) -> EnteredStatus:
    """The status code for *text*: a code (``done``) or its words ("Hoàn thành",
    "hoan thanh", "HOÀN THÀNH"). Raises ValidationError for anything else."""
    code = _ENTERED_BY_WORD.get(_fold(text))
    if code is None:
        choices = ", ".join(ENTERED_LABELS.values())
        raise ValidationError(
            f"Trạng thái “{text}” không hợp lệ; hãy chọn một trong: {choices}.", field="status"
        )
    return code


def validate_progress(
    status: str,
    *,
    reason: str | None = None,
    percent: float | None = None,
    completed_on: date | None = None,
    cutoff: date | None = None,
) -> EnteredStatus:
    """Check one progress entry before it is stored; return its status code.

    "Không thực hiện" needs a reason; a percentage lies in 0–100; a
    completion date is only given with "Hoàn thành" and cannot be after the
    period's cut-off (when *cutoff* is given).
    """
    code = parse_entered_status(status)
    if code == "cancelled" and not (reason and reason.strip()):
        raise ValidationError("Nhiệm vụ không thực hiện phải ghi rõ lý do.", field="reason")
    if percent is not None and not (math.isfinite(percent) and 0 <= percent <= 100):
        raise ValidationError(
            "Tỷ lệ hoàn thành phải nằm trong khoảng từ 0 đến 100%.", field="percent"
        )
    if completed_on is not None:
        if code != "done":
            raise ValidationError(
                "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.", field="completed_on"
            )
        if cutoff is not None and completed_on > cutoff:
            raise ValidationError(
                f"Ngày hoàn thành {completed_on:%d/%m/%Y} sau ngày chốt số liệu "
                f"{cutoff:%d/%m/%Y} của kỳ báo cáo.",
                field="completed_on",
            )
    return code


# ---------------------------------------------------------------- deadlines


class DeadlineLike(Protocol):
    """What :func:`official_status` reads of a parsed deadline.

    ``app.deadlines.Deadline`` fits; so does any object with these fields.
    """

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> date | None: ...

    @property
    def due(self) -> date | None: ...


RECURRING_KINDS = frozenset({"monthly", "quarterly", "yearly"})
NEVER_OVERDUE_KINDS = frozenset({"continuous", "unknown"})


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def occurrence_due(deadline: DeadlineLike, period: ReportPeriod) -> date | None:
    """Due date of the task's occurrence falling in *period*.

    Recurring kinds use the period's last calendar month (September for
    ``2025-09`` and ``2025-Q3``, June for ``2025-H1``, December for ``2025``):
    monthly → the end of that month, quarterly → the end of its quarter,
    yearly → 31/12 of its year. The occurrence is None when its cycle lies
    wholly before the deadline's ``start`` or after its ``due``; it is cut
    short to ``due`` when the last cycle ends after it.
    Other kinds: the deadline's own ``due`` (None for continuous and
    unknown, which are never overdue).
    """
    if deadline.kind in NEVER_OVERDUE_KINDS:
        return None
    if deadline.kind not in RECURRING_KINDS:
        return deadline.due
    year, month = reference_month(period)
    if deadline.kind == "monthly":
        first, last = date(year, month, 1), _month_end(year, month)
    elif deadline.kind == "quarterly":
        q_last = 3 * ((month - 1) // 3 + 1)
        first, last = date(year, q_last - 2, 1), _month_end(year, q_last)
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)
    if deadline.start is not None and last < deadline.start:
        return None
    if deadline.due is not None:
        if first > deadline.due:
            return None
        last = min(last, deadline.due)
    return last


# ---------------------------------------------------------------- official status

OfficialCode = Literal[
    "done_on_time",
    "done_late",
    "in_progress_on_time",
    "in_progress_late",
    "not_started",
    "not_started_late",
    "paused",
    "cancelled",
    "waiting_condition",
]
OFFICIAL_CODES: tuple[OfficialCode, ...] = get_args(OfficialCode)

OFFICIAL_TEXTS: dict[OfficialCode, str] = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "in_progress_on_time": "Đang thực hiện trong hạn",
    "in_progress_late": "Đang thực hiện quá hạn",
    "not_started": "Chưa thực hiện",
    "not_started_late": "Chưa thực hiện (quá hạn)",
    "paused": "Tạm dừng",
    "cancelled": "Không thực hiện",
    "waiting_condition": "Chưa đến điều kiện thực hiện",
}


@dataclass(frozen=True, slots=True)
class OfficialStatus:
    """The status words printed in a report, with a stable code for counting."""

    code: OfficialCode
    text: str

    @property
    def is_late(self) -> bool:
        """Overdue (done late, or not done after the due date)."""
        return self.code.endswith("_late")

    @property
    def is_done(self) -> bool:
        return self.code.startswith("done")


def _status(code: OfficialCode) -> OfficialStatus:
    return OfficialStatus(code, OFFICIAL_TEXTS[code])


def official_status(
    *,
    deadline: DeadlineLike,
    entered: str | None,
    completed_on: date | None,
    cutoff: date,
    condition_arrived: bool = False,
    period: ReportPeriod | None = None,
) -> OfficialStatus:
    """The official status of a task at the *cutoff* of a report period.

    *entered* is a status code or its words (None: nothing entered — "done"
    for deadlines reading "Đã hoàn thành", else "not_started"). *period*
    selects the occurrence of recurring tasks; when omitted, the monthly
    period whose window contains *cutoff* is used. See the module notes.
    """
    if entered is None or not entered.strip():
        code: EnteredStatus = "done" if deadline.kind == "done" else "not_started"
    else:
        code = parse_entered_status(entered)
    if code == "cancelled":
        return _status("cancelled")
    if code == "paused":
        return _status("paused")
    if deadline.kind == "conditional" and not condition_arrived and code == "not_started":
        return _status("waiting_condition")

    due = occurrence_due(deadline, period or period_containing("monthly", cutoff))

    if code == "done":
        finished = completed_on or cutoff
        return _status("done_late" if due is not None and finished > due else "done_on_time")
    late = due is not None and cutoff > due
    if code == "in_progress":
        return _status("in_progress_late" if late else "in_progress_on_time")
    return _status("not_started_late" if late else "not_started")


# ---------------------------------------------------------------- indicators

Attainment = Literal["Đạt", "Chưa đạt", "—"]
REACHED: Attainment = "Đạt"
NOT_REACHED: Attainment = "Chưa đạt"
JUDGED: Attainment = "—"

_OPS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "=>": ">=",
    "<=": "<=",
    "≤": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
    "==": "=",
}


def milestone_year_for(period_year: int, target_years: Iterable[int]) -> int | None:
    """The first milestone year at or after *period_year* (None when all are earlier)."""
    later = [year for year in target_years if year >= period_year]
    return min(later) if later else None


def attainment(
    op: str | None, target_value: float | None, actual_value: float | None
) -> Attainment:
    """ "Đạt" or "Chưa đạt" comparing *actual_value* with the target by *op*.

    *op* is one of ``>=``, ``<=``, ``=``, ``>``, ``<`` (≥ and ≤ accepted).
    "—" when the target is qualitative (no op or value), the op is unknown
    or no number was given: the officer judges.

    ``=`` is what :mod:`app.targets` gives a bare number ("60%", "100",
    "01"): a level to reach, so it is reached at or above the value (75%
    against "60%" is "Đạt"); a bare 0 ("0 vụ") means none, reached at or
    below 0. Comparisons allow for rounding noise (1e-9 relative).
    """
    norm = _OPS.get(op.strip()) if op else None
    if norm is None or target_value is None or actual_value is None:
        return JUDGED
    if not (math.isfinite(target_value) and math.isfinite(actual_value)):
        return JUDGED
    tol = 1e-9 * max(1.0, abs(target_value))
    if norm == ">=":
        ok = actual_value >= target_value - tol
    elif norm == "<=":
        ok = actual_value <= target_value + tol
    elif norm == ">":
        ok = actual_value > target_value + tol
    elif norm == "<":
        ok = actual_value < target_value - tol
    elif target_value == 0:
        ok = actual_value <= tol
    else:
        ok = actual_value >= target_value - tol
    return REACHED if ok else NOT_REACHED


def percent_warning(unit: str | None, value: float | None) -> str | None:
    """A Vietnamese warning when a percentage (unit containing "%") is outside 0–100."""
    if unit is None or value is None or "%" not in unit:
        return None
    if 0 <= value <= 100:
        return None
    if not math.isfinite(value):
        return "Giá trị phần trăm không phải là một số hợp lệ, đề nghị kiểm tra lại số liệu."
    return (
        f"Giá trị {format_number_vi(value)}% nằm ngoài khoảng 0–100%, đề nghị kiểm tra lại số liệu."
    )


def parse_actual_value(text: str | None) -> float | None:
    """The number in an actual value typed by the officer, or None.

    Accepts a decimal comma or point and Vietnamese thousand dots: "85,5",
    "85,5%", "85.5", "1.234,5", "1.234" (one thousand two hundred …),
    "1 234,5", "-2,5" (rules of :func:`app.targets.parse_number_vi`). None for
    empty or qualitative text ("Đạt", "khoảng 80") — the caller keeps the words.
    """
    if text is None:
        return None
    return parse_number_vi(text)
