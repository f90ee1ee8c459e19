"""The per-unit report form: a landscape PDF, its status and result columns empty."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db import Database
from app.errors import ExportError, NotFoundError
from app.models import Plan
from app.services.commune import get_profile
from app.services.documents.common import issuer_for, number_vi, short_date, with_group_rows

if TYPE_CHECKING:
    from app.periods import ReportPeriod
    from app.printing import Column, Table
    from app.printing.fonts import FontFaces
    from app.printing.styles import Styles
    from app.services.progress_entry import IndicatorResultRow, TaskStatusRow


def unit_form_pdf(db: Database, *, plan_id: int, unit_id: int, period_key: str) -> bytes:
    """The per-unit report form as a landscape PDF, its status and result columns empty."""
    from app.periods import period_from_key

    form = _unit_form(db, plan_id=plan_id, unit_id=unit_id, period=period_from_key(period_key))
    return _render_form(form)


@dataclass(frozen=True, slots=True)
class _UnitForm:
    unit: str
    heading: list[str]  # issuer lines
    lines: list[str]  # italic lines under the title
    tables: list[tuple[str, Table]]
    statuses: str
    year: int


@dataclass(frozen=True, slots=True)
class _UnitScope:
    """What the form needs from the plan and the unit, and which rows the unit leads."""

    ref: tuple[str, date | None, str, str]  # plan number, issue date, commune, unit name
    task_ids: set[int]
    ind_ids: set[int]


def _unit_form(db: Database, *, plan_id: int, unit_id: int, period: ReportPeriod) -> _UnitForm:
    from app.progress import ENTERED_LABELS
    from app.services.progress_entry import indicator_results, task_statuses

    scope = _unit_scope(db, plan_id=plan_id, unit_id=unit_id)
    ref = scope.ref
    tasks = [t for t in task_statuses(db, plan_id, period.key) if t.task_id in scope.task_ids]
    inds = [
        i for i in indicator_results(db, plan_id, period.key) if i.indicator_id in scope.ind_ids
    ]
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


def _unit_scope(db: Database, *, plan_id: int, unit_id: int) -> _UnitScope:
    from app.models import IndicatorUnit, TaskUnit, Unit

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
    return _UnitScope(ref, task_ids, ind_ids)


#: (width in mm, or None for a share of the rest; weight) of each form column.
_TASK_WIDTHS: list[tuple[float | None, float]] = [
    (13, 1),
    (None, 4),
    (26, 1),
    (30, 1),
    (22, 1),
    (None, 2.6),
    (None, 1.6),
    (None, 1.2),
]
_IND_WIDTHS: list[tuple[float | None, float]] = [
    (14, 1),
    (None, 4),
    (24, 1),
    (30, 1),
    (34, 1),
    (None, 1.6),
    (None, 1.2),
]


def _form_columns(headers: Sequence[str], widths: list[tuple[float | None, float]]) -> list[Column]:
    """Fixed-width columns centred, shared ones left-aligned."""
    from app.printing import Column

    return [
        Column(title=h, width_mm=w, weight=k, align="center" if w else "left")
        for h, (w, k) in zip(headers, widths, strict=True)
    ]


def _form_task_table(tasks: list[TaskStatusRow]) -> Table:
    from app.printing import Row, Table
    from app.services.unit_forms import TASK_HEADERS

    items = [
        (t.group, t.group_title or "", Row(cells=[t.number, t.name, t.deadline])) for t in tasks
    ]
    return Table(columns=_form_columns(TASK_HEADERS, _TASK_WIDTHS), rows=with_group_rows(items))


def _form_indicator_table(inds: list[IndicatorResultRow]) -> Table:
    from app.printing import Row, Table
    from app.services.unit_forms import IND_HEADERS

    rows = [
        Row(cells=[i.code, i.name, i.unit, number_vi(i.target_text, i.target_value)]) for i in inds
    ]
    return Table(columns=_form_columns(IND_HEADERS, _IND_WIDTHS), rows=rows)


def _render_form(form: _UnitForm) -> bytes:
    """A landscape-only document: title, the unit's tables, two signature boxes."""
    from app.printing.fonts import register_fonts
    from app.printing.styles import Styles

    faces = register_fonts()
    _check_glyphs(form)
    s = Styles(faces)
    story = _form_story(form, s)
    story.append(_sign_boxes(form, s))
    return _build_landscape(form, story, faces)


def _check_glyphs(form: _UnitForm) -> None:
    from app.printing import missing_glyphs

    texts = [*form.heading, *form.lines, form.statuses, form.unit]
    for title, table in form.tables:
        texts += [title, *table.texts()]
    missing = missing_glyphs(texts)
    if missing:
        shown = ", ".join(f"«{c}»" for c in sorted(missing))
        raise ExportError(f"Phông chữ in không có ký tự {shown}; hãy thay ký tự đó rồi in lại.")


def _form_story(form: _UnitForm, s: Styles) -> list[object]:
    """The issuer lines, the title, the italic lines, each table and the status note."""
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Spacer

    from app.printing.annex import annex_table
    from app.printing.styles import markup, upper

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
    return story


def _sign_boxes(form: _UnitForm, s: Styles) -> object:
    """Người lập phiếu and Thủ trưởng đơn vị side by side, kept together."""
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Table as RLTable

    from app.printing.formatting import DATE_BLANK
    from app.printing.styles import markup

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
    return KeepTogether([Spacer(1, 12), sign_table, Spacer(1, 70)])


def _build_landscape(form: _UnitForm, story: list[object], faces: FontFaces) -> bytes:
    import io

    from app.printing.pages import ANNEX_FIRST, DocTemplate

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
