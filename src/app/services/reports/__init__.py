"""The commune report for a period: compile, narrative draft, lock, data for bundles.

``schedule`` says which reports are due, ``draft`` compiles one with its first
narrative, ``lifecycle`` edits, locks and reopens it, ``view`` is what it shows
(printed, bundled), ``entries`` records figures by task number (CLI).
"""

from __future__ import annotations

from app.services.reports.common import (
    FROZEN_STATUSES,
    KIND_LABELS,
    REGIME_KINDS,
    REPORT_STATUSES,
)
from app.services.reports.draft import (
    ReportSummary,
    compile_report,
    completed_in_period,
    draft_for,
    draft_sections,
)
from app.services.reports.entries import (
    enter_progress,
    enter_value,
    normalise_value,
    parse_day_vi,
)
from app.services.reports.lifecycle import (
    SectionsInput,
    lock_report,
    mark_sent,
    mark_sent_in,
    record_issued,
    report_revisions,
    save_sections,
    unlock_report,
)
from app.services.reports.schedule import (
    DueReport,
    ReportRef,
    due_reports,
    plan_report_years,
    plan_reports,
    set_regime,
)
from app.services.reports.view import ReportView, report_data, report_view

__all__ = [
    "FROZEN_STATUSES",
    "KIND_LABELS",
    "REGIME_KINDS",
    "REPORT_STATUSES",
    "DueReport",
    "ReportRef",
    "ReportSummary",
    "ReportView",
    "SectionsInput",
    "compile_report",
    "completed_in_period",
    "draft_for",
    "draft_sections",
    "due_reports",
    "enter_progress",
    "enter_value",
    "lock_report",
    "mark_sent",
    "mark_sent_in",
    "normalise_value",
    "parse_day_vi",
    "plan_report_years",
    "plan_reports",
    "record_issued",
    "report_data",
    "report_revisions",
    "report_view",
    "save_sections",
    "set_regime",
    "unlock_report",
]
