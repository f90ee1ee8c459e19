"""The plan's own details: number, title, dates, legal bases, prose, signer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan
from app.models.plan import PLAN_STATUSES
from app.services import Changes
from app.vntext import clean_cell

PLAN_CHANGES = Changes(plans=True)


@dataclass(frozen=True, slots=True)
class PlanInfo:
    number: str
    title: str
    commune: str = ""
    issue_place: str = ""
    issue_date: date | None = None
    start_year: int | None = None
    end_year: int | None = None
    legal_bases: list[str] = field(default_factory=list)
    objectives: str = ""
    requirements: str = ""
    organisation: str = ""
    recipients: list[str] = field(default_factory=list)
    signer_authority: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""
    status: str = "draft"


def get_plan_info(db: Database, plan_id: int) -> PlanInfo:
    with db.read() as s:
        p = _plan(s.get(Plan, plan_id))
        return PlanInfo(
            number=p.number,
            title=p.title,
            commune=p.commune,
            issue_place=p.issue_place,
            issue_date=p.issue_date,
            start_year=p.start_year,
            end_year=p.end_year,
            legal_bases=list(p.legal_bases),
            objectives=p.objectives,
            requirements=p.requirements,
            organisation=p.organisation,
            recipients=list(p.recipients),
            signer_authority=list(p.signer_authority),
            signer_title=p.signer_title,
            signer_name=p.signer_name,
            status=p.status,
        )


def _plan(plan: Plan | None) -> Plan:
    if plan is None:
        raise NotFoundError("Kế hoạch này không còn trong dữ liệu; danh sách sẽ được làm mới.")
    return plan


def check_plan_info(info: PlanInfo) -> None:
    if not clean_cell(info.title):
        raise ValidationError("Hãy nhập trích yếu (tên) của kế hoạch.", field="title")
    for year, name in ((info.start_year, "start_year"), (info.end_year, "end_year")):
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError("Năm phải nằm trong khoảng 2000–2100.", field=name)
    if info.start_year and info.end_year and info.start_year > info.end_year:
        raise ValidationError("Năm bắt đầu phải trước hoặc bằng năm kết thúc.", field="start_year")
    if info.status not in PLAN_STATUSES:
        raise ValidationError("Trạng thái kế hoạch không hợp lệ.", field="status")


def _lines(values: list[str]) -> list[str]:
    return [clean_cell(v) for v in values if clean_cell(v)]


def apply_plan_info(p: Plan, info: PlanInfo) -> None:
    """Write the officer's details into *p*, cleaned (inside the caller's transaction)."""
    p.number, p.title = clean_cell(info.number), clean_cell(info.title)
    p.commune, p.issue_place = clean_cell(info.commune), clean_cell(info.issue_place)
    p.issue_date, p.start_year, p.end_year = info.issue_date, info.start_year, info.end_year
    p.legal_bases = _lines(info.legal_bases)
    p.objectives, p.requirements = info.objectives.strip(), info.requirements.strip()
    p.organisation = info.organisation.strip()
    p.recipients = _lines(info.recipients)
    p.signer_authority = _lines(info.signer_authority)
    p.signer_title, p.signer_name = clean_cell(info.signer_title), clean_cell(info.signer_name)
    p.status = info.status


def update_plan_info(db: Database, plan_id: int, info: PlanInfo) -> Changes:
    """Save the officer's edit of the plan's details (one transaction)."""
    check_plan_info(info)
    with db.begin() as s:
        apply_plan_info(_plan(s.get(Plan, plan_id)), info)
    return PLAN_CHANGES


def delete_plan(db: Database, plan_id: int) -> Changes:
    """Delete a plan with its tasks, indicators and reports, after a backup."""
    from app.backup import make_backup

    with db.read() as s:
        _plan(s.get(Plan, plan_id))
    make_backup(db.path, reason="delete")
    with db.begin() as s:
        s.delete(_plan(s.get(Plan, plan_id)))
    return Changes(plans=True, tasks=True, indicators=True, reports=True)
