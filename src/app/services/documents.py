"""Printable documents: the plan, the periodic report and the per-unit form.

Builds :class:`app.printing.AdminDocument` values from the database (Nghị định
30/2020 layout, ``PRINTING.md``) and renders them to PDF, the report's annex
tables also to Excel. ReportLab and openpyxl are loaded only when a document is
built (start-up speed), so the printing package is imported inside functions.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.errors import ExportError, NotFoundError
from app.models import Indicator, IndicatorGroup, Plan, Task, TaskGroup
from app.services.commune import ProfileData, get_profile
from app.targets import format_number_vi
from app.vntext import fold

if TYPE_CHECKING:
    from app.periods import ReportPeriod
    from app.printing import AdminDocument, Block, Row, Signature, Table
    from app.services.progress_entry import IndicatorResultRow, TaskStatusRow
    from app.services.reports import ReportView

UBND = "ỦY BAN NHÂN DÂN"
DEFAULT_STANDING_OFFICE = "Phòng Văn hoá - Xã hội"
PLAN_RECIPIENTS = [
    "Thường trực Đảng ủy, HĐND xã (để b/c)",
    "Chủ tịch, các Phó Chủ tịch UBND xã",
    "Các phòng, ban, ngành, đơn vị cấp xã",
    "Lưu: VT",
]
REPORT_RECIPIENTS = ["Như trên", "Thường trực Đảng ủy, HĐND xã (để b/c)", "Lưu: VT"]
#: Status words of the progress annex, in the order of the figures paragraph.
STATUS_ORDER = (
    "done_on_time",
    "done_late",
    "in_progress_on_time",
    "in_progress_late",
    "not_started",
    "not_started_late",
    "waiting_condition",
    "paused",
    "cancelled",
)


# ------------------------------------------------------------------ helpers


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the document and how running text names it."""

    parent_body: str | None
    lines: list[str]
    place: str
    phrase: str  # "Ủy ban nhân dân xã Tam Chung"
    standing_office: str


def issuer_for(profile: ProfileData | None, commune: str, place: str = "") -> Issuer:
    """Header lines from the commune profile; "ỦY BAN NHÂN DÂN / XÃ …" without one."""
    name = " ".join(commune.split()) or (profile.name if profile else "")
    if profile and profile.issuer_lines:
        lines = list(profile.issuer_lines)
    else:
        lines = [UBND, *([f"XÃ {name.upper()}"] if name else [])]
    where = place.strip() or (profile.place_name if profile else "") or name or "……"
    return Issuer(
        parent_body=(profile.parent_body or None) if profile else None,
        lines=lines,
        place=where,
        phrase=issuer_phrase(lines, name),
        standing_office=(profile.standing_office if profile else "") or DEFAULT_STANDING_OFFICE,
    )


def issuer_phrase(lines: list[str], name: str) -> str:
    """ "ỦY BAN NHÂN DÂN" / "XÃ TAM CHUNG" → "Ủy ban nhân dân xã Tam Chung"."""
    if len(lines) >= 2 and fold(lines[0]) == fold(UBND):
        words = lines[1].split()
        n = 2 if fold(lines[1]).startswith(("thi tran ", "dac khu ")) else 1
        kind = " ".join(words[:n]).lower()
        rest = " ".join(words[n:])
        if not name or fold(rest) != fold(name):
            name = rest.title()
        return f"Ủy ban nhân dân {kind} {name}".strip()
    text = " ".join(" ".join(lines).split()).lower()
    return text[:1].upper() + text[1:]


def number_part(number: str) -> str | None:
    """ "45/KH-UBND" → "45"; None when no number is recorded (a draft)."""
    m = re.match(r"\s*(?:số\s*)?(\d+)", number, re.IGNORECASE)
    return m.group(1) if m else None


def issuer_code(number: str, default: str = "UBND") -> str:
    """ "45/KH-UBND" → "UBND"."""
    m = re.search(r"/\s*[^\s/-]+\s*-\s*([^\s/]+)", number)
    return m.group(1) if m else default


def short_date(d: date) -> str:
    """ "05/02/2025", "29/6/2025" (day with a leading zero; months 1 and 2 too)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def lower_first(text: str) -> str:
    """Lower the first letter for running text, unless the word is an acronym."""
    t = " ".join(text.split())
    if len(t) > 1 and t[1].isupper():
        return t
    return t[:1].lower() + t[1:]


def plan_summary(title: str) -> str:
    """The trích yếu under "KẾ HOẠCH": the title without a leading "Kế hoạch"."""
    t = " ".join(title.split())
    m = re.match(r"kế hoạch\s+(.+)", t, re.IGNORECASE)
    if m and not m.group(1).lower().startswith(("số ", "nhập từ")):
        rest = m.group(1)
        return rest[:1].upper() + rest[1:]
    return t


def number_vi(text: str, value: float | None) -> str:
    """A figure as printed: typed digits with a decimal comma, other text as typed."""
    t = " ".join(text.split())
    if value is not None and (not t or re.fullmatch(r"[\d\s.,]+", t)):
        return format_number_vi(value)
    return t


def signature_for(
    profile: ProfileData | None,
    *,
    authority: list[str] | None = None,
    title: str = "",
    name: str = "",
) -> Signature:
    """The plan's own signer fields, else the profile's first signer, else TM./CHỦ TỊCH."""
    from app.printing import Signature

    lines = [x for x in (authority or []) if x.strip()]
    if lines or title.strip() or name.strip():
        return Signature(
            authority_lines=lines or [f"TM. {UBND}"],
            title=title or "CHỦ TỊCH",
            full_name=name,
        )
    if profile and profile.signers:
        sg = profile.signers[0]
        lines = [x for x in sg.authority_lines if x.strip()]
        if not lines:
            lines = [f"TM. {UBND}", "KT. CHỦ TỊCH"] if sg.authority_prefix == "KT." else []
            lines = lines or [f"{sg.authority_prefix} {UBND}".strip()]
        return Signature(authority_lines=lines, title=sg.title, full_name=sg.full_name)
    return Signature(authority_lines=[f"TM. {UBND}"], title="CHỦ TỊCH", full_name="")


_ROMAN = re.compile(r"^[IVXL]+\.\s")
_ITEM = re.compile(r"^\d+(?:\.\d+)*\.?\s")
_POINT = re.compile(r"^[a-zđ]\)\s")


def prose_blocks(text: str) -> list[Block]:
    """The officer's prose as body blocks: "I. …" sections, short "1. …" items, "- …" points."""
    from app.printing import BulletPoint, Heading

    out: list[Block] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        short = len(line) <= 120 and not line.endswith((".", ";", ":", ","))
        if line[0] in "-+•–":
            marker = "+" if line[0] == "+" else "-"
            out.append(BulletPoint(text=line.lstrip("-+•– "), marker=marker))
        elif _ROMAN.match(line) and len(line) <= 160:
            out.append(Heading(level=1, text=line))
        elif _ITEM.match(line) and short:
            out.append(Heading(level=2, text=line))
        elif _POINT.match(line) and short:
            out.append(Heading(level=3, text=line))
        else:
            out += _list_paragraph(line)
    return out


def _list_paragraph(line: str) -> list[Block]:
    """ "Tiếp tục …: a; b; c." → the lead-in and one dash point per item (3 items or more)."""
    from app.printing import BulletPoint, Paragraph

    lead, sep, rest = line.partition(": ")
    items: list[str] = []
    for piece in rest.rstrip(".").split("; ") if sep else []:
        piece = piece.strip()
        if items and not piece[:1].isupper() and not piece[:1].isdigit():
            items[-1] += "; " + piece  # a semicolon inside an item ("…; các phong trào …")
        elif piece:
            items.append(piece)
    if len(items) < 3 or len(lead) > 200:
        return [Paragraph(text=line)]
    points: list[Block] = [
        BulletPoint(text=x + (";" if k < len(items) - 1 else ".")) for k, x in enumerate(items)
    ]
    return [Paragraph(text=lead + ":"), *points]


def roman(n: int) -> str:
    vals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def with_group_rows(items: list[tuple[str | None, str, Row]]) -> list[Row]:
    """Insert a bold group row ("I", "PHÁT TRIỂN HẠ TẦNG") where the group changes."""
    from app.printing import Row

    rows: list[Row] = []
    current: str | None = None
    for label, title, row in items:
        if label and label != current:
            rows.append(Row(cells=[label, title], is_group=True))
        current = label or current
        rows.append(row)
    return rows


def is_parent_indicator(code: str, has_target: bool, next_code: str | None) -> bool:
    """Thanh Miện style "1" heading over "1.1", "1.2" …, without a target of its own."""
    return bool(code) and not has_target and bool(next_code and next_code.startswith(code + "."))


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF made by ReportLab (page objects are written uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


# --------------------------------------------------------------------- plan


@dataclass(frozen=True, slots=True)
class _PlanData:
    plan: Plan
    task_groups: dict[int, TaskGroup]
    indicator_groups: dict[int, IndicatorGroup]
    tasks: list[Task]
    indicators: list[Indicator]


def _load_plan(db: Database, plan_id: int) -> _PlanData:
    with db.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError("Kế hoạch này không còn trong dữ liệu; hãy tải lại danh sách.")
        tg = {g.id: g for g in s.scalars(select(TaskGroup).where(TaskGroup.plan_id == plan_id))}
        ig = {
            g.id: g
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == plan_id))
        }
        tasks = list(s.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)))
        inds = list(
            s.scalars(
                select(Indicator)
                .where(Indicator.plan_id == plan_id)
                .order_by(Indicator.position)
                .options(selectinload(Indicator.targets))
            )
        )
        return _PlanData(plan, tg, ig, tasks, inds)


def plan_document(db: Database, plan_id: int) -> AdminDocument:
    """The plan (Kế hoạch) with Phụ lục chỉ tiêu and Phụ lục nhiệm vụ."""
    from dataclasses import replace

    from app.printing import AdminDocument, Appendix, attachment_line

    data = _load_plan(db, plan_id)
    plan = data.plan
    profile = get_profile(db)
    issuer = issuer_for(profile, plan.commune, plan.issue_place)
    years = sorted({t.year for i in data.indicators for t in i.targets})
    labels = _appendix_labels(bool(data.indicators), bool(data.tasks))
    doc = AdminDocument(
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
    subtitle = attachment_line(doc, issuer.phrase)
    span = _plan_span(plan, years)
    appendices: list[Appendix] = []
    if data.indicators:
        appendices.append(
            Appendix(
                label=labels["indicators"],
                title=f"Các chỉ tiêu phấn đấu {span}",
                subtitle=subtitle,
                table=_plan_indicator_table(data, years),
            )
        )
    if data.tasks:
        appendices.append(
            Appendix(
                label=labels["tasks"],
                title=f"Nhiệm vụ, giải pháp thực hiện {span.removeprefix('hoàn thành ')}",
                subtitle=subtitle,
                table=_plan_task_table(data),
            )
        )
    return replace(doc, appendices=appendices)


def _plan_recipients(plan: Plan, profile: ProfileData | None) -> list[str]:
    """The plan's own list, else the profile's (without "Như trên": a plan has no Kính gửi)."""
    if plan.recipients:
        return list(plan.recipients)
    own = [r for r in (profile.default_recipients if profile else []) if not _is_nhu_tren(r)]
    return own or PLAN_RECIPIENTS


def _is_nhu_tren(text: str) -> bool:
    return fold(text).lstrip("- ").startswith("nhu tren")


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


def _plan_body(data: _PlanData, issuer: Issuer, labels: dict[str, str]) -> list[Block]:
    from app.printing import Heading, Paragraph

    plan = data.plan
    summary = lower_first(plan_summary(plan.title))
    body: list[Block] = [
        Paragraph(text=f"{issuer.phrase} ban hành Kế hoạch {summary}, cụ thể như sau:")
    ]
    sections: list[tuple[str, list[Block]]] = []
    goals = prose_blocks(plan.objectives)
    if not goals and data.indicators:
        inds = data.indicators
        parents = sum(
            1
            for k, i in enumerate(inds)
            if is_parent_indicator(
                i.code,
                any(t.text or t.value is not None for t in i.targets),
                inds[k + 1].code if k + 1 < len(inds) else None,
            )
        )
        goals = [
            Paragraph(
                text=f"Phấn đấu hoàn thành {len(inds) - parents} chỉ tiêu về phát triển khoa "
                "học, công nghệ, đổi mới sáng tạo và chuyển đổi số trên địa bàn."
            )
        ]
    if "indicators" in labels:
        ref = f"(Chi tiết các chỉ tiêu tại {labels['indicators']} kèm theo)"
        goals.append(Paragraph(text=ref, italic=True))
    if goals:
        sections.append(("MỤC TIÊU", goals))
    if plan.requirements.strip():
        sections.append(("YÊU CẦU", prose_blocks(plan.requirements)))
    if data.tasks:
        sections.append(("NHIỆM VỤ VÀ GIẢI PHÁP", _task_summary(data, labels["tasks"])))
    org = prose_blocks(plan.organisation) or [
        Paragraph(
            text="Các phòng, ban, ngành, đơn vị được giao chủ trì nhiệm vụ chủ động xây dựng kế "
            "hoạch, tổ chức thực hiện; định kỳ báo cáo kết quả về "
            f"{issuer.standing_office} để tổng hợp, báo cáo {issuer.phrase}."
        )
    ]
    org += prose_blocks(plan.reporting_rule)
    sections.append(("TỔ CHỨC THỰC HIỆN", org))
    for k, (title, blocks) in enumerate(sections, start=1):
        own_heading = bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level == 1
        if not own_heading:
            body.append(Heading(level=1, text=f"{roman(k)}. {title}"))
        body += blocks
    return body


def _task_summary(data: _PlanData, label: str) -> list[Block]:
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


def _target_text(text: str, value: float | None) -> str:
    return number_vi(text, value)


def _plan_indicator_table(data: _PlanData, years: list[int]) -> Table:
    from app.printing import Column, HeaderCell, Row, Table

    ycols = [str(y) for y in years] or ["Mục tiêu"]
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Chỉ tiêu", weight=5),
        Column(title="Đơn vị tính", width_mm=26, align="center"),
        *[Column(title=y, width_mm=26, align="center") for y in ycols],
        Column(title="Đơn vị chủ trì", weight=2),
    ]
    header: list[list[HeaderCell]] = []
    if years:
        header = [
            [
                HeaderCell(text="TT", rowspan=2),
                HeaderCell(text="Chỉ tiêu", rowspan=2),
                HeaderCell(text="Đơn vị tính", rowspan=2),
                HeaderCell(text="Mục tiêu", colspan=len(years)),
                HeaderCell(text="Đơn vị chủ trì", rowspan=2),
            ],
            [HeaderCell(text=y) for y in ycols],
        ]
    items: list[tuple[str | None, str, Row]] = []
    inds = data.indicators
    for k, ind in enumerate(inds):
        targets = {t.year: t for t in ind.targets}
        cells = [
            _target_text(targets[y].text, targets[y].value) if y in targets else "" for y in years
        ]
        if not years:
            cells = [""]
        nxt = inds[k + 1].code if k + 1 < len(inds) else None
        g = data.indicator_groups.get(ind.group_id) if ind.group_id is not None else None
        if is_parent_indicator(ind.code, any(cells), nxt) and not ind.unit_of_measure:
            row = Row(cells=[ind.code, ind.name], is_group=True)
        else:
            row = Row(cells=[ind.code, ind.name, ind.unit_of_measure, *cells, ind.lead_text])
        items.append((g.label if g else None, g.title if g else "", row))
    return Table(columns=columns, header_rows=header, rows=with_group_rows(items))


def _plan_task_table(data: _PlanData) -> Table:
    from app.printing import Column, Row, Table

    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Nhiệm vụ", weight=5),
        Column(title="Chủ trì", weight=2),
        Column(title="Phối hợp", weight=2),
        Column(title="Kết quả/sản phẩm", weight=2),
        Column(title="Thời hạn", width_mm=30, align="center"),
    ]
    items: list[tuple[str | None, str, Row]] = []
    for t in data.tasks:
        g = data.task_groups.get(t.group_id) if t.group_id is not None else None
        cells = [t.number, t.name, t.lead_text, t.cooperating_text, t.result_text, t.deadline_text]
        items.append((g.label if g else None, g.title if g else "", Row(cells=cells)))
    return Table(columns=columns, rows=with_group_rows(items))


# ------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class _ReportContext:
    view: ReportView
    plan_issue_date: date | None
    indicator_group_titles: dict[str, str]


def _report_context(db: Database, report_id: int) -> _ReportContext:
    from app.services.reports import report_view

    view = report_view(db, report_id)
    with db.read() as s:
        plan = s.get(Plan, view.plan_id)
        issued = plan.issue_date if plan else None
        titles = {
            g.label: g.title
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == view.plan_id))
        }
    return _ReportContext(view, issued, titles)


def report_document(db: Database, report_id: int) -> AdminDocument:
    """The periodic report (Báo cáo) with its task-progress and indicator annexes."""
    from dataclasses import replace

    from app.printing import AdminDocument, Appendix, attachment_line

    ctx = _report_context(db, report_id)
    view = ctx.view
    profile = get_profile(db)
    issuer = issuer_for(profile, view.commune)
    # "Như trên" and "Lưu: …" belong to Nơi nhận, never to Kính gửi.
    kinh_gui = [
        k for k in view.kinh_gui if not _is_nhu_tren(k) and not fold(k).startswith("luu")
    ] or _default_kinh_gui(view.province)
    recipients = (list(profile.default_recipients) if profile else []) or REPORT_RECIPIENTS
    if kinh_gui and not any(_is_nhu_tren(r) for r in recipients):
        recipients = ["Như trên", *recipients]
    doc = AdminDocument(
        parent_body=issuer.parent_body,
        issuer_lines=issuer.lines,
        doc_type_code="BC",
        issuer_code=issuer_code(view.number),
        number=number_part(view.number),
        place=issuer.place,
        issue_date=view.issue_date,
        draft_year=view.period.year,
        type_name="BÁO CÁO",
        summary=view.title,
        kinh_gui=kinh_gui,
        body=_report_body(ctx, issuer),
        signature=signature_for(profile),
        recipients=recipients,
        title=f"Báo cáo {view.title}",
    )
    subtitle = attachment_line(doc, issuer.phrase)
    progress, results = report_tables(ctx)
    appendices = [
        Appendix(
            label="Phụ lục I",
            title="Tiến độ thực hiện nhiệm vụ",
            subtitle=subtitle,
            table=progress,
        ),
        Appendix(
            label="Phụ lục II",
            title="Kết quả thực hiện chỉ tiêu",
            subtitle=subtitle,
            table=results,
        ),
    ]
    return replace(doc, appendices=appendices)


def _default_kinh_gui(province: str) -> list[str]:
    province = " ".join(province.split())
    if province:
        return [f"Sở Khoa học và Công nghệ tỉnh {province}"]
    return ["Sở Khoa học và Công nghệ"]


def _report_body(ctx: _ReportContext, issuer: Issuer) -> list[Block]:
    from app.printing import Heading, Paragraph

    v = ctx.view
    ref = f" số {v.plan_number}" if v.plan_number else ""
    when = f" ngày {short_date(ctx.plan_issue_date)}" if ctx.plan_issue_date else ""
    about = f" về {lower_first(plan_summary(v.plan_title))}" if v.plan_title else ""
    intro = (
        f"Thực hiện Kế hoạch{ref}{when} của {issuer.phrase}{about}, {issuer.phrase} báo cáo "
        f"kết quả thực hiện {lower_first(v.period.label_vi)} như sau:"
    )
    results = prose_blocks(v.sections.get("results", ""))
    n = sum(1 for b in results if isinstance(b, Heading) and b.level == 2)
    body: list[Block] = [Paragraph(text=intro), Heading(level=1, text="I. KẾT QUẢ THỰC HIỆN")]
    body += results
    body += [
        Heading(level=2, text=f"{n + 1}. Tiến độ thực hiện nhiệm vụ"),
        Paragraph(text=task_figures(v.tasks) + " (chi tiết tại Phụ lục I kèm theo)."),
        Heading(level=2, text=f"{n + 2}. Kết quả thực hiện chỉ tiêu"),
        Paragraph(text=indicator_figures(v.indicators) + " (chi tiết tại Phụ lục II kèm theo)."),
    ]
    for title, key, empty in (
        ("II. TỒN TẠI, HẠN CHẾ, KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN", "shortcomings", "Không có."),
        ("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", "next_tasks", "Tiếp tục triển khai kế hoạch."),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", "proposals", "Không có."),
    ):
        body.append(Heading(level=1, text=title))
        body += prose_blocks(v.sections.get(key, "")) or [Paragraph(text=empty)]
    return body


def task_figures(tasks: list[TaskStatusRow]) -> str:
    """ "Tổng số nhiệm vụ: 31; hoàn thành đúng hạn: 7; …" (zero counts of rare words left out)."""
    from app.progress import OFFICIAL_TEXTS

    c = Counter(t.official_code for t in tasks)
    parts = [f"Tổng số nhiệm vụ: {len(tasks)}"]
    for code in STATUS_ORDER:
        if c[code] or code in STATUS_ORDER[:5]:
            parts.append(f"{OFFICIAL_TEXTS[code].lower()}: {c[code]}")  # type: ignore[index]
    return "; ".join(parts)


def indicator_figures(inds: list[IndicatorResultRow]) -> str:
    c = Counter(i.attainment for i in inds)
    unjudged = len(inds) - c["Đạt"] - c["Chưa đạt"]
    return (
        f"Tổng số chỉ tiêu: {len(inds)}; đạt: {c['Đạt']}; chưa đạt: {c['Chưa đạt']}; "
        f"chưa đánh giá: {unjudged}"
    )


def report_tables(ctx: _ReportContext) -> tuple[Table, Table]:
    """The two annex tables: task progress and indicator results."""
    return _progress_table(ctx.view.tasks), _results_table(ctx)


def _progress_table(tasks: list[TaskStatusRow]) -> Table:
    from app.printing import Column, Row, Table

    columns = [
        Column(title="TT", width_mm=13, align="center"),
        Column(title="Nhiệm vụ", weight=5),
        Column(title="Kết quả/sản phẩm", weight=2),
        Column(title="Thời hạn", width_mm=24, align="center"),
        Column(title="Chủ trì", weight=2),
        Column(title="Tình trạng", width_mm=30, align="center"),
        Column(title="Kết quả thực hiện / kiến nghị", weight=3.2),
    ]
    items: list[tuple[str | None, str, Row]] = []
    for t in tasks:
        cells = [
            t.number,
            t.name,
            t.result_expected,
            t.deadline,
            t.lead,
            t.official_text,
            progress_note(t),
        ]
        items.append((t.group, t.group_title or "", Row(cells=cells)))
    return Table(columns=columns, rows=with_group_rows(items))


def progress_note(t: TaskStatusRow) -> str:
    """The "Kết quả thực hiện / kiến nghị" cell: result, share done, date done, reason, note."""
    parts = [t.result_text.strip().rstrip(".")]
    if t.percent is not None and not t.official_code.startswith("done"):
        parts.append(f"Khối lượng đạt {t.percent}%")
    if t.completed_on and t.official_code.startswith("done"):
        parts.append(f"Hoàn thành ngày {short_date(t.completed_on)}")
    if t.reason.strip():
        parts.append(f"Lý do: {t.reason.strip().rstrip('.')}")
    if t.note.strip():
        parts.append(t.note.strip().rstrip("."))
    text = ". ".join(p for p in parts if p)
    return text + "." if text else ""


def _results_table(ctx: _ReportContext) -> Table:
    from app.printing import Column, Row, Table

    inds = ctx.view.indicators
    years = {i.target_year for i in inds if i.target_year is not None}
    one_year = next(iter(years)) if len(years) == 1 else None
    head = f"Chỉ tiêu kế hoạch ({one_year})" if one_year else "Chỉ tiêu kế hoạch (mốc năm)"
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Chỉ tiêu", weight=5),
        Column(title="Đơn vị", width_mm=24, align="center"),
        Column(title=head, width_mm=38, align="center"),
        Column(title="Kết quả đến kỳ báo cáo", width_mm=38, align="center"),
        Column(title="Đánh giá", width_mm=26, align="center"),
    ]
    items: list[tuple[str | None, str, Row]] = []
    for k, i in enumerate(inds):
        target = number_vi(i.target_text, i.target_value)
        if target and i.target_year and not one_year:
            target = f"{target} (năm {i.target_year})"
        nxt = inds[k + 1].code if k + 1 < len(inds) else None
        if is_parent_indicator(i.code, bool(target), nxt) and not i.unit:
            row = Row(cells=[i.code, i.name], is_group=True)
        else:
            actual = number_vi(i.actual_text, i.actual_value)
            row = Row(cells=[i.code, i.name, i.unit, target, actual, i.attainment or "—"])
        items.append((i.group, ctx.indicator_group_titles.get(i.group or "", ""), row))
    return Table(columns=columns, rows=with_group_rows(items))


# ------------------------------------------------------------------ outputs


def plan_pdf(db: Database, plan_id: int) -> bytes:
    """The plan as a PDF ready for signing."""
    from app.printing import render_pdf_bytes

    return render_pdf_bytes(plan_document(db, plan_id))


def report_pdf(db: Database, report_id: int) -> bytes:
    """The periodic report as a PDF ready for signing."""
    from app.printing import render_pdf_bytes

    return render_pdf_bytes(report_document(db, report_id))


def report_xlsx(db: Database, report_id: int) -> bytes:
    """The report's annex tables as an Excel workbook (every cell text, formula-safe)."""
    from app.printing import write_tables_xlsx

    progress, results = report_tables(_report_context(db, report_id))
    tables = [("Phụ lục I - Nhiệm vụ", progress), ("Phụ lục II - Chỉ tiêu", results)]
    try:
        with tempfile.TemporaryDirectory(prefix="kh57-") as tmp:
            out = Path(tmp) / "bao-cao.xlsx"
            write_tables_xlsx(tables, out)
            return out.read_bytes()
    except OSError as exc:
        raise ExportError(
            "Không tạo được tệp Excel của báo cáo vì thư mục tạm không ghi được; "
            "hãy kiểm tra ổ đĩa còn chỗ trống rồi thử lại."
        ) from exc


def unit_form_pdf(db: Database, *, plan_id: int, unit_id: int, period_key: str) -> bytes:
    """The per-unit report form as a landscape PDF, its status and result columns empty."""
    from app.periods import period_from_key

    form = _unit_form(db, plan_id=plan_id, unit_id=unit_id, period=period_from_key(period_key))
    return _render_form(form)


# ---------------------------------------------------------------- unit form


@dataclass(frozen=True, slots=True)
class _UnitForm:
    unit: str
    heading: list[str]  # issuer lines
    lines: list[str]  # italic lines under the title
    tables: list[tuple[str, Table]]
    statuses: str
    year: int


def _unit_form(db: Database, *, plan_id: int, unit_id: int, period: ReportPeriod) -> _UnitForm:
    from app.models import IndicatorUnit, TaskUnit, Unit
    from app.progress import ENTERED_LABELS
    from app.services.progress_entry import indicator_results, task_statuses

    with db.read() as s:
        plan, unit = s.get(Plan, plan_id), s.get(Unit, unit_id)
        if plan is None or unit is None:
            raise NotFoundError("Kế hoạch hoặc đơn vị này không còn trong dữ liệu.")
        ref = (plan.number, plan.issue_date, plan.commune, unit.name)
        lead = TaskUnit.role == "lead"
        task_ids = set(s.scalars(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id, lead)))
        ind_ids = set(
            s.scalars(
                select(IndicatorUnit.indicator_id).where(
                    IndicatorUnit.unit_id == unit_id, IndicatorUnit.role == "lead"
                )
            )
        )
    tasks = [t for t in task_statuses(db, plan_id, period.key) if t.task_id in task_ids]
    inds = [i for i in indicator_results(db, plan_id, period.key) if i.indicator_id in ind_ids]
    issuer = issuer_for(get_profile(db), ref[2])
    plan_ref = f"Kế hoạch số {ref[0]}" if ref[0] else "Kế hoạch"
    if ref[1]:
        plan_ref += f" ngày {short_date(ref[1])}"
    tables = [("A. NHIỆM VỤ", _form_task_table(tasks))]
    if inds:
        tables.append(("B. CHỈ TIÊU", _form_indicator_table(inds)))
    return _UnitForm(
        unit=ref[3],
        heading=issuer.lines,
        lines=[
            f"Đơn vị: {ref[3]}",
            f"Kỳ báo cáo: {period.label_vi} (số liệu từ {short_date(period.start)} "
            f"đến {short_date(period.end)})",
            f"(Thực hiện {plan_ref} của {issuer.phrase})",
        ],
        tables=tables,
        statuses=", ".join(ENTERED_LABELS.values()),
        year=period.year,
    )


def _form_task_table(tasks: list[TaskStatusRow]) -> Table:
    from app.printing import Column, Row, Table
    from app.services.unit_forms import TASK_HEADERS

    widths: list[tuple[float | None, float]] = [
        (13, 1),
        (None, 4),
        (26, 1),
        (30, 1),
        (22, 1),
        (None, 2.6),
        (None, 1.6),
        (None, 1.2),
    ]
    columns = [
        Column(title=h, width_mm=w, weight=k, align="center" if w else "left")
        for h, (w, k) in zip(TASK_HEADERS, widths, strict=True)
    ]
    items = [
        (t.group, t.group_title or "", Row(cells=[t.number, t.name, t.deadline])) for t in tasks
    ]
    return Table(columns=columns, rows=with_group_rows(items))


def _form_indicator_table(inds: list[IndicatorResultRow]) -> Table:
    from app.printing import Column, Row, Table
    from app.services.unit_forms import IND_HEADERS

    widths: list[tuple[float | None, float]] = [
        (14, 1),
        (None, 4),
        (24, 1),
        (30, 1),
        (34, 1),
        (None, 1.6),
        (None, 1.2),
    ]
    columns = [
        Column(title=h, width_mm=w, weight=k, align="center" if w else "left")
        for h, (w, k) in zip(IND_HEADERS, widths, strict=True)
    ]
    rows = [
        Row(cells=[i.code, i.name, i.unit, number_vi(i.target_text, i.target_value)]) for i in inds
    ]
    return Table(columns=columns, rows=rows)


def _render_form(form: _UnitForm) -> bytes:
    """A landscape-only document: title, the unit's tables, two signature boxes."""
    import io

    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    from app.printing import missing_glyphs
    from app.printing.annex import annex_table
    from app.printing.fonts import register_fonts
    from app.printing.formatting import DATE_BLANK
    from app.printing.pages import ANNEX_FIRST, DocTemplate
    from app.printing.styles import Styles, markup, upper

    faces = register_fonts()
    texts = [*form.heading, *form.lines, form.statuses, form.unit]
    for title, table in form.tables:
        texts += [title, *table.texts()]
    missing = missing_glyphs(texts)
    if missing:
        shown = ", ".join(f"«{c}»" for c in sorted(missing))
        raise ExportError(f"Phông chữ in không có ký tự {shown}; hãy thay ký tự đó rồi in lại.")
    s = Styles(faces)
    story: list[object] = [RLParagraph(markup(upper(x)), s.annex_label) for x in form.heading]
    story += [
        Spacer(1, 8),
        RLParagraph("PHIẾU BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", s.annex_title),
        *[RLParagraph(markup(x), s.annex_subtitle) for x in form.lines],
    ]
    for title, table in form.tables:
        story += [Spacer(1, 8), RLParagraph(markup(title), s.h2), annex_table(table, s)]
    story.append(
        RLParagraph(markup(f"Ghi cột Trạng thái một trong các chữ: {form.statuses}."), s.annex_note)
    )
    when = f"……, ngày{DATE_BLANK}tháng{DATE_BLANK}năm {form.year}"
    boxes = [
        [
            Spacer(1, 17),
            RLParagraph("NGƯỜI LẬP PHIẾU", s.sign),
            RLParagraph("(Ký, ghi rõ họ tên)", s.annex_subtitle),
        ],
        [
            RLParagraph(markup(when, keep_blanks=True), s.annex_subtitle),
            RLParagraph("THỦ TRƯỞNG ĐƠN VỊ", s.sign),
            RLParagraph("(Ký, ghi rõ họ tên, đóng dấu nếu có)", s.annex_subtitle),
        ],
    ]
    sign_table = RLTable([boxes], hAlign="CENTER", colWidths=[120 * mm, 120 * mm])
    story.append(KeepTogether([Spacer(1, 12), sign_table, Spacer(1, 70)]))
    buf = io.BytesIO()
    template = DocTemplate(
        buf,
        faces=faces,
        title=f"Phiếu báo cáo tiến độ - {form.unit}",
        creator="KH57",
        initialFontName=faces.regular,
        lang="vi-VN",
    )
    names = [t.id for t in template.pageTemplates]
    template._firstPageTemplateIndex = names.index(ANNEX_FIRST)  # type: ignore[attr-defined]
    template.build(story)  # type: ignore[arg-type]
    return buf.getvalue()
