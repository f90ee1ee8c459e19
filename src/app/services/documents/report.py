"""The periodic report (Báo cáo) with its task-progress and indicator annexes."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db import Database
from app.errors import ExportError
from app.models import IndicatorGroup, Plan
from app.services.commune import ProfileData, get_profile
from app.services.documents.common import (
    REPORT_RECIPIENTS,
    STATUS_ORDER,
    Issuer,
    is_nhu_tren,
    issuer_code,
    issuer_for,
    lower_first,
    number_part,
    number_vi,
    plan_summary,
    prose_blocks,
    short_date,
    signature_for,
    with_group_rows,
)
from app.services.progress_entry import measured_indicators
from app.services.reports.addressees import printed_kinh_gui
from app.targets import is_heading_indicator

if TYPE_CHECKING:
    from app.printing import AdminDocument, Appendix, Block, Row, Table
    from app.services.progress_entry import IndicatorResultRow, TaskStatusRow
    from app.services.reports import ReportView


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

    from app.printing import attachment_line

    ctx = _report_context(db, report_id)
    profile = get_profile(db)
    issuer = issuer_for(profile, ctx.view.commune)
    doc = _report_cover(ctx, profile=profile, issuer=issuer)
    subtitle = attachment_line(doc, issuer.phrase)
    return replace(doc, appendices=_report_appendices(ctx, subtitle))


def _report_cover(
    ctx: _ReportContext, *, profile: ProfileData | None, issuer: Issuer
) -> AdminDocument:
    """The report's own pages: header, Kính gửi, body, signature and Nơi nhận."""
    from app.printing import AdminDocument

    view = ctx.view
    kinh_gui, recipients = _addressees(view, profile)
    return AdminDocument(
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


def _addressees(view: ReportView, profile: ProfileData | None) -> tuple[list[str], list[str]]:
    """Kính gửi and Nơi nhận; "Như trên" and "Lưu: …" belong to Nơi nhận, never to Kính gửi."""
    kinh_gui = printed_kinh_gui(view)
    recipients = (list(profile.default_recipients) if profile else []) or REPORT_RECIPIENTS
    if kinh_gui and not any(is_nhu_tren(r) for r in recipients):
        recipients = ["Như trên", *recipients]
    return kinh_gui, recipients


def _report_appendices(ctx: _ReportContext, subtitle: str) -> list[Appendix]:
    from app.printing import Appendix

    progress, results = report_tables(ctx)
    return [
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
    inds = measured_indicators(inds)
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
        if is_heading_indicator(i.code, bool(target), i.unit, nxt):
            row = Row(cells=[i.code, i.name], is_group=True)
        else:
            actual = number_vi(i.actual_text, i.actual_value)
            row = Row(cells=[i.code, i.name, i.unit, target, actual, i.attainment or "—"])
        items.append((i.group, ctx.indicator_group_titles.get(i.group or "", ""), row))
    return Table(columns=columns, rows=with_group_rows(items))


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
