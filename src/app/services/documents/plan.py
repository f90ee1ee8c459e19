"""The plan (Kế hoạch) with Phụ lục chỉ tiêu and Phụ lục nhiệm vụ."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from app.db import Database
from app.models import Plan
from app.services.commune import ProfileData, get_profile
from app.services.documents.common import (
    PLAN_RECIPIENTS,
    Issuer,
    is_nhu_tren,
    issuer_code,
    issuer_for,
    lower_first,
    number_part,
    plan_summary,
    prose_blocks,
    roman,
    signature_for,
)
from app.services.documents.plan_tables import (
    PlanData,
    load_plan,
    plan_indicator_table,
    plan_task_table,
)
from app.targets import is_heading_indicator

if TYPE_CHECKING:
    from app.printing import AdminDocument, Appendix, Block


def plan_document(db: Database, plan_id: int) -> AdminDocument:
    """The plan (Kế hoạch) with Phụ lục chỉ tiêu and Phụ lục nhiệm vụ."""
    from dataclasses import replace

    from app.printing import attachment_line

    data = load_plan(db, plan_id)
    profile = get_profile(db)
    issuer = issuer_for(profile, data.plan.commune, data.plan.issue_place)
    labels = _appendix_labels(bool(data.indicators), bool(data.tasks))
    doc = _plan_cover(data, profile=profile, issuer=issuer, labels=labels)
    subtitle = attachment_line(doc, issuer.phrase)
    return replace(doc, appendices=_plan_appendices(data, labels=labels, subtitle=subtitle))


def _plan_cover(
    data: PlanData, *, profile: ProfileData | None, issuer: Issuer, labels: dict[str, str]
) -> AdminDocument:
    """The plan's own pages: header, body, signature and Nơi nhận (no appendices yet)."""
    from app.printing import AdminDocument

    plan = data.plan
    return AdminDocument(
        parent_body=issuer.parent_body,
        issuer_lines=issuer.lines,
        doc_type_code=plan.doc_type or "KH",
        issuer_code=issuer_code(plan.number),
        number=number_part(plan.number),
        place=issuer.place,
        issue_date=plan.issue_date,
        draft_year=_plan_year(plan),
        type_name="KẾ HOẠCH",
        summary=plan_summary(plan.title),
        legal_bases=list(plan.legal_bases),
        body=_plan_body(data, issuer, labels),
        signature=signature_for(
            profile,
            authority=list(plan.signer_authority),
            title=plan.signer_title,
            name=plan.signer_name,
        ),
        recipients=_plan_recipients(plan, profile),
        title=f"Kế hoạch {plan.number} {plan.title}".replace("  ", " "),
    )


def _plan_appendices(data: PlanData, *, labels: dict[str, str], subtitle: str) -> list[Appendix]:
    from app.printing import Appendix

    years = sorted({t.year for i in data.indicators for t in i.targets})
    span = _plan_span(data.plan, years)
    appendices: list[Appendix] = []
    if data.indicators:
        appendices.append(
            Appendix(
                label=labels["indicators"],
                title=f"Các chỉ tiêu phấn đấu {span}",
                subtitle=subtitle,
                table=plan_indicator_table(data, years),
            )
        )
    if data.tasks:
        appendices.append(
            Appendix(
                label=labels["tasks"],
                title=f"Nhiệm vụ, giải pháp thực hiện {span.removeprefix('hoàn thành ')}",
                subtitle=subtitle,
                table=plan_task_table(data),
            )
        )
    return appendices


def _plan_recipients(plan: Plan, profile: ProfileData | None) -> list[str]:
    """The plan's own list, else the profile's (without "Như trên": a plan has no Kính gửi)."""
    if plan.recipients:
        return list(plan.recipients)
    own = [r for r in (profile.default_recipients if profile else []) if not is_nhu_tren(r)]
    return own or PLAN_RECIPIENTS


def _plan_year(plan: Plan) -> int:
    if plan.issue_date:
        return plan.issue_date.year
    return plan.start_year or date.today().year


def _plan_span(plan: Plan, years: list[int]) -> str:
    first = plan.start_year or (years[0] if years else None)
    last = max([y for y in (plan.end_year, *years) if y] or [first or _plan_year(plan)])
    if first and first < last:
        return f"giai đoạn {first} - {last}"
    return f"hoàn thành năm {last}"


def _appendix_labels(indicators: bool, tasks: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    n = 0
    for key, present in (("indicators", indicators), ("tasks", tasks)):
        if present:
            n += 1
            out[key] = f"Phụ lục {roman(n)}"
    return out


def _plan_body(data: PlanData, issuer: Issuer, labels: dict[str, str]) -> list[Block]:
    from app.printing import Heading, Paragraph

    summary = lower_first(plan_summary(data.plan.title))
    body: list[Block] = [
        Paragraph(text=f"{issuer.phrase} ban hành Kế hoạch {summary}, cụ thể như sau:")
    ]
    for k, (title, blocks) in enumerate(_plan_sections(data, issuer, labels), start=1):
        own_heading = bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level == 1
        if not own_heading:
            body.append(Heading(level=1, text=f"{roman(k)}. {title}"))
        body += blocks
    return body


def _plan_sections(
    data: PlanData, issuer: Issuer, labels: dict[str, str]
) -> list[tuple[str, list[Block]]]:
    """Mục tiêu, Yêu cầu, Nhiệm vụ và giải pháp (where present), Tổ chức thực hiện."""
    from app.printing import Paragraph

    plan = data.plan
    sections: list[tuple[str, list[Block]]] = []
    goals = _goal_blocks(data)
    if "indicators" in labels:
        ref = f"(Chi tiết các chỉ tiêu tại {labels['indicators']} kèm theo)"
        goals.append(Paragraph(text=ref, italic=True))
    if goals:
        sections.append(("MỤC TIÊU", goals))
    if plan.requirements.strip():
        sections.append(("YÊU CẦU", prose_blocks(plan.requirements)))
    if data.tasks:
        sections.append(("NHIỆM VỤ VÀ GIẢI PHÁP", _task_summary(data, labels["tasks"])))
    sections.append(("TỔ CHỨC THỰC HIỆN", _organisation_blocks(plan, issuer)))
    return sections


def _goal_blocks(data: PlanData) -> list[Block]:
    """The officer's objectives, else one sentence counting the indicators (not the parents)."""
    from app.printing import Paragraph

    goals = prose_blocks(data.plan.objectives)
    if not goals and data.indicators:
        inds = data.indicators
        parents = sum(
            1
            for k, i in enumerate(inds)
            if is_heading_indicator(
                i.code,
                any(t.text or t.value is not None for t in i.targets),
                i.unit_of_measure,
                inds[k + 1].code if k + 1 < len(inds) else None,
            )
        )
        goals = [
            Paragraph(
                text=f"Phấn đấu hoàn thành {len(inds) - parents} chỉ tiêu về phát triển khoa "
                "học, công nghệ, đổi mới sáng tạo và chuyển đổi số trên địa bàn."
            )
        ]
    return goals


def _organisation_blocks(plan: Plan, issuer: Issuer) -> list[Block]:
    from app.printing import Paragraph

    org = prose_blocks(plan.organisation) or [
        Paragraph(
            text="Các phòng, ban, ngành, đơn vị được giao chủ trì nhiệm vụ chủ động xây dựng kế "
            "hoạch, tổ chức thực hiện; định kỳ báo cáo kết quả về "
            f"{issuer.standing_office} để tổng hợp, báo cáo {issuer.phrase}."
        )
    ]
    return org + prose_blocks(plan.reporting_rule)


def _task_summary(data: PlanData, label: str) -> list[Block]:
    from app.printing import Paragraph

    groups = [g for g in sorted(data.task_groups.values(), key=lambda g: g.position) if g.title]
    counts = Counter(t.group_id for t in data.tasks)
    out: list[Block] = []
    for k, g in enumerate(groups, start=1):
        title = " ".join(g.title.split()).rstrip(".;:")
        title = title[:1].upper() + title[1:]
        out.append(Paragraph(text=f"{k}. {title} ({counts.get(g.id, 0)} nhiệm vụ)."))
    if not groups:
        out.append(Paragraph(text=f"Triển khai {len(data.tasks)} nhiệm vụ, giải pháp trọng tâm."))
    out.append(Paragraph(text=f"(Nội dung chi tiết tại {label} kèm theo)", italic=True))
    return out


def plan_pdf(db: Database, plan_id: int) -> bytes:
    """The plan as a PDF ready for signing."""
    from app.printing import render_pdf_bytes

    return render_pdf_bytes(plan_document(db, plan_id))
