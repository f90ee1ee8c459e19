"""The report as shown, printed and bundled: live for a draft, frozen once locked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.db import Database
from app.models import Plan
from app.periods import ReportPeriod, period_from_key
from app.services.commune import get_profile
from app.services.progress_entry import (
    IndicatorResultRow,
    TaskStatusRow,
    indicator_results,
    task_statuses,
)
from app.services.report_history import FrozenReport, thaw
from app.services.reports.common import FROZEN_STATUSES, get_report, report_counts


@dataclass(frozen=True, slots=True)
class ReportView:
    """Everything a printed report, its Excel twin and its bundle need."""

    report_id: int
    title: str
    number: str
    issue_date: date | None
    revision: int
    status: str
    kinh_gui: list[str]
    sections: dict[str, str]
    period: ReportPeriod
    plan_id: int
    plan_number: str
    plan_title: str
    plan_years: tuple[int | None, int | None]
    commune: str
    province: str
    tasks: list[TaskStatusRow]
    indicators: list[IndicatorResultRow]
    counts: dict[str, int]


def frozen_from(view: ReportView) -> FrozenReport:
    return FrozenReport(
        data=report_data(view),
        plan_number=view.plan_number,
        plan_title=view.plan_title,
        plan_years=view.plan_years,
        commune=view.commune,
        province=view.province,
        tasks=view.tasks,
        indicators=view.indicators,
    )


#: (id, number, title, (start year, end year), commune) of the report's plan.
_PlanInfo = tuple[int, str, str, tuple[int | None, int | None], str]


def report_view(db: Database, report_id: int) -> ReportView:
    """The report with its rows: for a draft, from the data now; for a locked or sent
    report, as frozen at the lock (only its number and date of issue can change)."""
    common, plan_info, frozen = _stored_report(db, report_id)
    profile = get_profile(db)
    commune = plan_info[4] or (profile.name if profile else "")
    province = profile.province if profile else ""
    if frozen is not None:
        return ReportView(
            **common,
            # blanks filled in after the lock (the plan's number, the commune) are taken
            plan_number=frozen.plan_number or plan_info[1],
            plan_title=frozen.plan_title or plan_info[2],
            plan_years=frozen.plan_years,
            commune=frozen.commune or commune,
            province=frozen.province or province,
            tasks=frozen.tasks,
            indicators=frozen.indicators,
            counts=report_counts(frozen.tasks, frozen.indicators),
        )
    tasks = task_statuses(db, plan_info[0], common["period"].key)
    inds = indicator_results(db, plan_info[0], common["period"].key)
    return ReportView(
        **common,
        plan_number=plan_info[1],
        plan_title=plan_info[2],
        plan_years=plan_info[3],
        commune=commune,
        province=province,
        tasks=tasks,
        indicators=inds,
        counts=report_counts(tasks, inds),
    )


def _stored_report(
    db: Database, report_id: int
) -> tuple[dict[str, Any], _PlanInfo, FrozenReport | None]:
    """The report's own fields (as ReportView arguments), its plan, what was frozen."""
    with db.read() as s:
        report = get_report(s, report_id)
        plan = s.get(Plan, report.plan_id)
        assert plan is not None
        head = (report.title, report.number, report.issue_date, report.revision, report.status)
        kinh_gui = list(report.kinh_gui)
        sections = {
            "results": report.results,
            "shortcomings": report.shortcomings,
            "next_tasks": report.next_tasks,
            "proposals": report.proposals,
        }
        plan_info = (
            plan.id,
            plan.number,
            plan.title,
            (plan.start_year, plan.end_year),
            plan.commune,
        )
        period_key = report.period_key
        frozen = thaw(report.snapshot) if report.status in FROZEN_STATUSES else None
    common: dict[str, Any] = {
        "report_id": report_id,
        "title": head[0],
        "number": head[1],
        "issue_date": head[2],
        "revision": head[3],
        "status": head[4],
        "kinh_gui": kinh_gui,
        "sections": sections,
        "period": period_from_key(period_key),
        "plan_id": plan_info[0],
    }
    return common, plan_info, frozen


def report_data(view: ReportView) -> dict[str, Any]:
    """data.json of a bundle (``resources/schemas/report-data.v1.json``)."""
    from app.bundle import summarize

    p = view.period
    tasks = [_task_json(t) for t in view.tasks]
    indicators = [_indicator_json(i) for i in view.indicators]
    return {
        "format": "kh57-report-data",
        "version": 1,
        "commune": {"name": view.commune, "province": view.province},
        "plan": {
            "number": view.plan_number,
            "title": view.plan_title,
            "start_year": view.plan_years[0],
            "end_year": view.plan_years[1],
        },
        "period": {
            "key": p.key,
            "kind": p.kind,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "year": p.year,
        },
        "report": {
            "number": view.number or None,
            "issue_date": view.issue_date.isoformat() if view.issue_date else None,
            "revision": view.revision,
            "sections": dict(view.sections),
        },
        "tasks": tasks,
        "indicators": indicators,
        "summary": {**summarize(tasks, indicators), "tasks_overdue": view.counts["overdue"]},
    }


def _task_json(t: TaskStatusRow) -> dict[str, Any]:
    return {
        "number": t.number,
        "group": t.group,
        "name": t.name,
        "lead": t.lead,
        "result_expected": t.result_expected,
        "deadline": t.deadline,
        "deadline_due": t.due.isoformat() if t.due else None,
        "status_code": t.entered
        or ("done" if t.official_code.startswith("done") else "not_started"),
        "status_text": t.official_text,
        "percent": t.percent,
        "result_text": t.result_text,
        "evidence": t.evidence,
        "note": t.note,
    }


def _indicator_json(i: IndicatorResultRow) -> dict[str, Any]:
    return {
        "code": i.code,
        "catalogue_code": i.catalogue_code,
        "group": i.group,
        "name": i.name,
        "unit": i.unit,
        "target_year": i.target_year,
        "target_text": i.target_text,
        "target_op": i.target_op,
        "target_value": i.target_value,
        "actual_text": i.actual_text,
        "actual_value": i.actual_value,
        "attainment": i.attainment,
        "source": i.source,
        "note": i.note,
    }
