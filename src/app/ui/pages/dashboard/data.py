"""What the Tổng quan screen shows, loaded off the UI thread: reports due, tasks to
watch, the chart rows of the current plan and the deadlines of the coming 60 days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.db import Database
from app.periods import period_containing
from app.progress import OFFICIAL_TEXTS
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    indicator_results,
    measured_indicators,
    task_statuses,
)
from app.services.regimes import deadlines_between, plan_regimes
from app.services.reports import DueReport, due_reports, plan_reports
from app.services.reports.schedule import plan_heading

SOON_DAYS = 30
COMING_DAYS = 60
# the chart's simpler categories: official status codes → (label, colour)
TASK_BANDS: dict[str, tuple[str, str]] = {
    "done": ("Hoàn thành", "#2e7d32"),
    "doing": ("Đang thực hiện", "#1e88e5"),
    "late": ("Quá hạn", "#c62828"),
    "todo": ("Chưa thực hiện", "#9e9e9e"),
    "stopped": ("Tạm dừng, không thực hiện", "#8d6e63"),
}
TASK_BAND_OF = {
    "done_on_time": "done",
    "done_late": "done",
    "in_progress_on_time": "doing",
    "in_progress_late": "late",
    "not_started_late": "late",
    "not_started": "todo",
    "waiting_condition": "todo",
    "paused": "stopped",
    "cancelled": "stopped",
}
INDICATOR_BANDS: dict[str, tuple[str, str]] = {
    "reached": ("Đạt", "#2e7d32"),
    "missed": ("Chưa đạt", "#c62828"),
    "none": ("Chưa đánh giá", "#b0bec5"),
}


@dataclass(frozen=True, slots=True)
class BarRow:
    """One bar of a stacked chart: its label and the count of each band."""

    label: str
    counts: dict[str, int]
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class Deadline:
    day: date
    days_left: int
    what: str  # "Báo cáo" | "Nhiệm vụ"
    text: str
    late_risk: bool = False  # a task already running late, a report not compiled


@dataclass(frozen=True, slots=True)
class DashboardData:
    due: list[DueReport]
    plan_id: int | None = None
    plan_title: str = ""
    period_label: str = ""
    by_status: dict[str, int] = field(default_factory=dict)
    watch: list[TaskStatusRow] = field(default_factory=list)  # overdue, then due soon
    overdue: int = 0
    soon: int = 0
    indicators: tuple[int, int, int] = (0, 0, 0)  # total, reached, not reached
    task_groups: list[BarRow] = field(default_factory=list)
    indicator_groups: list[BarRow] = field(default_factory=list)
    coming: list[Deadline] = field(default_factory=list)


def _group_label(group: str | None, title: str | None) -> tuple[str, str]:
    """Short label ("Nhóm I") and the full title for the tooltip."""
    if not group and not title:
        return "Chưa xếp nhóm", ""
    short = f"Nhóm {group}" if group else (title or "")[:18]
    return short, f"{group}. {title}" if group and title else (title or group or "")


def task_bars(tasks: list[TaskStatusRow]) -> list[BarRow]:
    rows: dict[str, tuple[str, dict[str, int]]] = {}
    for t in tasks:
        short, full = _group_label(t.group, t.group_title)
        counts = rows.setdefault(short, (full, dict.fromkeys(TASK_BANDS, 0)))[1]
        counts[TASK_BAND_OF.get(t.official_code, "todo")] += 1
    return [BarRow(k, c, tip) for k, (tip, c) in rows.items()]


def _indicator_band(i: IndicatorResultRow) -> str:
    return {"Đạt": "reached", "Chưa đạt": "missed"}.get(i.attainment or "", "none")


def indicator_bars(inds: list[IndicatorResultRow]) -> list[BarRow]:
    rows: dict[str, dict[str, int]] = {}
    for i in inds:
        label = f"Nhóm {i.group}" if i.group else "Chỉ tiêu"
        rows.setdefault(label, dict.fromkeys(INDICATOR_BANDS, 0))[_indicator_band(i)] += 1
    return [BarRow(k, c) for k, c in rows.items()]


def _report_deadlines(db: Database, plan_id: int, today: date, last: date) -> list[Deadline]:
    """The plan's report deadlines up to *last* whose report is not yet sent or issued."""
    out: list[Deadline] = []
    reports = plan_reports(db, plan_id)
    for kind, regime in plan_regimes(db, plan_id).items():
        if not regime.enabled or kind == "adhoc":
            continue
        for period, day in deadlines_between(kind, regime.rule, today, last):
            ref = reports.get(period.key)
            if ref is not None and ref.status in ("sent", "issued"):
                continue
            state = "chưa lập" if ref is None else "chưa gửi"
            urgent = ref is None and day <= today + timedelta(days=7)
            text = f"Báo cáo {period.label_in_text}"
            out.append(Deadline(day, (day - today).days, "Báo cáo", f"{text} ({state})", urgent))
    return out


def _task_deadlines(tasks: list[TaskStatusRow], today: date, last: date) -> list[Deadline]:
    """Due dates up to *last* of the tasks neither finished, paused nor cancelled."""
    out: list[Deadline] = []
    for t in tasks:
        if t.due is None or not today <= t.due <= last or t.official_code.startswith("done"):
            continue
        if t.official_code in ("paused", "cancelled"):
            continue
        lead = f" — {' '.join(t.lead.split())}" if t.lead.strip() else ""
        late = t.official_code == "not_started_late"
        out.append(
            Deadline(t.due, (t.due - today).days, "Nhiệm vụ", f"{t.number}. {t.name}{lead}", late)
        )
    return out


def coming_deadlines(
    db: Database, plan_id: int, tasks: list[TaskStatusRow], today: date
) -> list[Deadline]:
    """The plan's report deadlines and unfinished tasks' due dates in the next 60 days."""
    last = today + timedelta(days=COMING_DAYS)
    out = _report_deadlines(db, plan_id, today, last) + _task_deadlines(tasks, today, last)
    return sorted(out, key=lambda d: (d.day, d.what != "Báo cáo"))


def _overdue_and_soon(
    tasks: list[TaskStatusRow], today: date
) -> tuple[list[TaskStatusRow], list[TaskStatusRow]]:
    """Tasks running late, and those due in the next SOON_DAYS (soonest first)."""
    overdue = [
        t
        for t in tasks
        if t.official_code in ("in_progress_late", "not_started_late")
        and (t.due is None or t.due < today)
    ]
    soon = [
        t
        for t in tasks
        if t.official_code in ("in_progress_on_time", "not_started", "not_started_late")
        and t.due is not None
        and today <= t.due <= today + timedelta(days=SOON_DAYS)
    ]
    soon.sort(key=lambda t: t.due or today)
    return overdue, soon


def _indicator_counts(inds: list[IndicatorResultRow]) -> tuple[int, int, int]:
    """How many indicators are measured, reached and not reached."""
    return (
        len(inds),
        sum(1 for i in inds if i.attainment == "Đạt"),
        sum(1 for i in inds if i.attainment == "Chưa đạt"),
    )


def load_dashboard(db: Database, plan_id: int | None, today: date) -> DashboardData:
    due = due_reports(db, today)
    plan = plan_heading(db, plan_id)
    if plan is None:
        return DashboardData(due)
    plan_id, number, title = plan
    period = period_containing("monthly", today)
    tasks = task_statuses(db, plan_id, period.key)
    inds = measured_indicators(
        indicator_results(db, plan_id, period_containing("yearly", today).key)
    )
    by_status: dict[str, int] = {code: 0 for code in OFFICIAL_TEXTS}
    for t in tasks:
        by_status[t.official_code] += 1
    overdue, soon = _overdue_and_soon(tasks, today)
    return DashboardData(
        due=due,
        plan_id=plan_id,
        plan_title=f"{number} — {title}" if number else title,
        period_label=period.label_vi,
        by_status=by_status,
        watch=overdue + soon,
        overdue=len(overdue),
        soon=len(soon),
        indicators=_indicator_counts(inds),
        task_groups=task_bars(tasks),
        indicator_groups=indicator_bars(inds),
        coming=coming_deadlines(db, plan_id, tasks, today),
    )
