"""A new plan: blank, or a copy of an earlier plan (issue 3, "Kế hoạch mới…").

A copy takes the earlier plan's appendices as they stand: groups, tasks (the
deadline as printed and as parsed), indicators with their targets, catalogue
links (and whether the officer chose them) and unit links. It takes nothing
that belongs to carrying the plan out: no progress, results, reports or
"condition arrived" marks. The header is the earlier plan's, with the new
number and title, no issue date and the status "draft", unless the officer's
own :class:`~app.services.plan_info.PlanInfo` is given. One transaction.
"""

from __future__ import annotations

from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import (
    Indicator,
    IndicatorGroup,
    IndicatorTarget,
    IndicatorUnit,
    Plan,
    Task,
    TaskGroup,
    TaskUnit,
)
from app.services import Changes
from app.services.plan_info import PlanInfo, apply_plan_info, check_plan_info
from app.services.plans import load_whole_plan
from app.vntext import clean_cell

NEW_PLAN_CHANGES = Changes(plans=True, tasks=True, indicators=True)


def create_blank_plan(db: Database, info: PlanInfo) -> int:
    """A plan with the officer's header and no task or indicator yet; its id."""
    check_plan_info(info)
    with db.begin() as s:
        plan = Plan()
        apply_plan_info(plan, info)
        s.add(plan)
        s.flush()
        return plan.id


def copy_plan(
    db: Database,
    source_plan_id: int,
    *,
    title: str,
    number: str,
    info: PlanInfo | None = None,
) -> int:
    """Copy plan *source_plan_id* as a new draft plan titled *title*; the new plan's id.

    *info*, when given, is the whole header the officer typed (its title and
    number are then *title* and *number*).
    """
    if not clean_cell(title):
        raise ValidationError("Hãy nhập trích yếu (tên) của kế hoạch mới.", field="title")
    if info is not None:
        check_plan_info(info)
    with db.begin() as s:
        src = load_whole_plan(s, source_plan_id)
        if src is None:
            raise NotFoundError(
                "Kế hoạch cần sao chép không còn trong dữ liệu; danh sách sẽ được làm mới."
            )
        plan = _copy_header(src, info)
        plan.number, plan.title = clean_cell(number), clean_cell(title)
        task_groups: dict[int, TaskGroup] = {}
        for g in src.task_groups:
            task_groups[g.id] = TaskGroup(position=g.position, label=g.label, title=g.title)
            plan.task_groups.append(task_groups[g.id])
        for t in src.tasks:
            plan.tasks.append(
                Task(
                    position=t.position,
                    group=task_groups.get(t.group_id) if t.group_id is not None else None,
                    number=t.number,
                    name=t.name,
                    name_folded=t.name_folded,
                    lead_text=t.lead_text,
                    cooperating_text=t.cooperating_text,
                    result_text=t.result_text,
                    deadline_text=t.deadline_text,
                    deadline_kind=t.deadline_kind,
                    deadline_start=t.deadline_start,
                    deadline_due=t.deadline_due,
                    condition_arrived=False,
                    unit_links=[
                        TaskUnit(unit_id=link.unit_id, role=link.role) for link in t.unit_links
                    ],
                )
            )
        ind_groups: dict[int, IndicatorGroup] = {}
        for ig in src.indicator_groups:
            ind_groups[ig.id] = IndicatorGroup(position=ig.position, label=ig.label, title=ig.title)
            plan.indicator_groups.append(ind_groups[ig.id])
        for i in src.indicators:
            plan.indicators.append(
                Indicator(
                    position=i.position,
                    group=ind_groups.get(i.group_id) if i.group_id is not None else None,
                    code=i.code,
                    name=i.name,
                    name_folded=i.name_folded,
                    unit_of_measure=i.unit_of_measure,
                    lead_text=i.lead_text,
                    cooperating_text=i.cooperating_text,
                    catalogue_code=i.catalogue_code,
                    catalogue_manual=i.catalogue_manual,
                    targets=[
                        IndicatorTarget(year=t.year, text=t.text, op=t.op, value=t.value)
                        for t in i.targets
                    ],
                    unit_links=[
                        IndicatorUnit(unit_id=link.unit_id, role=link.role) for link in i.unit_links
                    ],
                )
            )
        s.add(plan)
        s.flush()
        return plan.id


def _copy_header(src: Plan, info: PlanInfo | None) -> Plan:
    plan = Plan()
    for name in (
        "doc_type",
        "commune",
        "issue_place",
        "start_year",
        "end_year",
        "objectives",
        "requirements",
        "organisation",
        "reporting_rule",
        "signer_title",
        "signer_name",
    ):
        setattr(plan, name, getattr(src, name))
    plan.legal_bases = list(src.legal_bases or [])
    plan.recipients = list(src.recipients or [])
    plan.signer_authority = list(src.signer_authority or [])
    plan.issue_date = None
    plan.status = "draft"
    plan.source_file = ""
    if info is not None:
        apply_plan_info(plan, info)
    return plan
