"""Printable documents: the plan, the periodic report and the per-unit form.

Builds :class:`app.printing.AdminDocument` values from the database (Nghị định
30/2020 layout, ``PRINTING.md``) and renders them to PDF, the report's annex
tables also to Excel. ReportLab and openpyxl are loaded only when a document is
built (start-up speed), so the printing package is imported inside functions.

``common`` holds the shared pieces (issuer, numbers, prose), ``plan``,
``report`` and ``unit_form`` one document each.
"""

from __future__ import annotations

from app.services.documents.common import (
    DEFAULT_STANDING_OFFICE,
    PLAN_RECIPIENTS,
    REPORT_RECIPIENTS,
    STATUS_ORDER,
    UBND,
    Issuer,
    issuer_code,
    issuer_for,
    issuer_phrase,
    lower_first,
    number_part,
    number_vi,
    pdf_page_count,
    plan_summary,
    prose_blocks,
    roman,
    short_date,
    signature_for,
    with_group_rows,
)
from app.services.documents.plan import plan_document, plan_pdf
from app.services.documents.report import (
    indicator_figures,
    progress_note,
    report_document,
    report_pdf,
    report_tables,
    report_xlsx,
    task_figures,
)
from app.services.documents.unit_form import _unit_form, unit_form_pdf

__all__ = [
    "DEFAULT_STANDING_OFFICE",
    "PLAN_RECIPIENTS",
    "REPORT_RECIPIENTS",
    "STATUS_ORDER",
    "UBND",
    "Issuer",
    "_unit_form",
    "indicator_figures",
    "issuer_code",
    "issuer_for",
    "issuer_phrase",
    "lower_first",
    "number_part",
    "number_vi",
    "pdf_page_count",
    "plan_document",
    "plan_pdf",
    "plan_summary",
    "progress_note",
    "prose_blocks",
    "report_document",
    "report_pdf",
    "report_tables",
    "report_xlsx",
    "roman",
    "short_date",
    "signature_for",
    "task_figures",
    "unit_form_pdf",
    "with_group_rows",
]
