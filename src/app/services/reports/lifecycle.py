"""A report's life: its sections edited, locked, opened again, sent, issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import ValidationError
from app.models import Report
from app.models.base import utcnow
from app.services import Changes
from app.services.progress_entry import indicator_results, task_statuses
from app.services.report_history import (
    RevisionRow,
    add_revision,
    describe_changes,
    freeze,
    revisions_of,
    thaw,
    update_revision_changes,
)
from app.services.reports.common import get_report
from app.services.reports.view import frozen_from, report_view


@dataclass(frozen=True, slots=True)
class SectionsInput:
    results: str
    shortcomings: str
    next_tasks: str
    proposals: str
    kinh_gui: list[str]


def save_sections(db: Database, report_id: int, data: SectionsInput) -> Changes:
    with db.begin() as s:
        report = get_report(s, report_id)
        if report.status != "draft":
            raise ValidationError(
                "Báo cáo đã khoá để gửi; hãy mở khoá (tạo lần sửa mới) trước khi sửa nội dung."
            )
        report.results, report.shortcomings = data.results, data.shortcomings
        report.next_tasks, report.proposals = data.next_tasks, data.proposals
        report.kinh_gui = [x.strip() for x in data.kinh_gui if x.strip()]
    return Changes(reports=True)


def lock_report(db: Database, report_id: int) -> Changes:
    """Freeze a draft for sending (Đã chốt): its data no longer follows later edits.

    The rows it shows are stored in ``report.snapshot``; when this closes a new
    revision, the revision's record says what changed against the previous lock.
    A report already locked or sent is left as it is.
    """
    with db.read() as s:
        status = get_report(s, report_id).status
    if status != "draft":
        return Changes()
    live = report_view(db, report_id)
    frozen = frozen_from(live)
    with db.begin() as s:
        report = get_report(s, report_id)
        if report.status != "draft":
            return Changes()
        previous = thaw(report.snapshot)
        if previous is not None and report.revision > 1:
            changes = describe_changes(previous, live.tasks, live.indicators, live.sections)
            update_revision_changes(
                s, report_id=report_id, revision=report.revision, changes=changes
            )
        report.snapshot = freeze(frozen)
        report.status = "locked"
        report.locked_at = utcnow()
    return Changes(reports=True)


def unlock_report(db: Database, report_id: int, reason: str) -> Changes:
    """Open a locked or sent report again as a new revision, recording why and what changed.

    The sent revision stays as sent (in its bundle); the record's changes are
    those between the frozen data and the data now, brought up to date at the
    next lock. A draft is left as it is.
    """
    reason = _required_reason(reason)
    with db.read() as s:
        report = get_report(s, report_id)
        status, plan_id, period_key = report.status, report.plan_id, report.period_key
        frozen = thaw(report.snapshot)
    if status == "draft":
        return Changes()
    changes = ""
    if frozen is not None:
        tasks = task_statuses(db, plan_id, period_key)
        inds = indicator_results(db, plan_id, period_key)
        changes = describe_changes(frozen, tasks, inds)
    with db.begin() as s:
        report = get_report(s, report_id)
        if report.status == "draft":
            return Changes()
        report.status = "draft"
        report.revision += 1
        report.locked_at = None
        add_revision(
            s, report_id=report_id, revision=report.revision, reason=reason, changes=changes
        )
    return Changes(reports=True)


def _required_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            "Hãy ghi lý do sửa báo cáo đã chốt, ví dụ “Cập nhật kết quả nhiệm vụ 1.2”.",
            field="reason",
        )
    return reason


def mark_sent_in(s: Session, report_id: int) -> None:
    """Inside the caller's transaction: a locked report whose bundle went out is Đã gửi."""
    report = s.get(Report, report_id)
    if report is not None and report.status == "locked":
        report.status = "sent"


def mark_sent(db: Database, report_id: int) -> Changes:
    """Đã chốt → Đã gửi, once a submission of the report is recorded."""
    with db.begin() as s:
        get_report(s, report_id)
        mark_sent_in(s, report_id)
    return Changes(reports=True)


def report_revisions(db: Database, report_id: int) -> list[RevisionRow]:
    """The corrections of a report, oldest first (revision 2 onwards)."""
    with db.read() as s:
        get_report(s, report_id)
        return revisions_of(s, report_id)


def record_issued(db: Database, report_id: int, *, number: str, issue_date: date) -> Changes:
    if not number.strip():
        raise ValidationError("Hãy nhập số văn bản đã cấp, ví dụ 125.", field="number")
    with db.begin() as s:
        report = get_report(s, report_id)
        report.number = number.strip()
        report.issue_date = issue_date
    return Changes(reports=True)
