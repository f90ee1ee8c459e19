"""Sending a report up: pack a locked revision as a ``.kh57`` bundle, export it to USB or a folder.

The bundle of a report revision is deterministic: its id depends only on the
revision's data, and ``created_at`` is the moment the report was locked, so
packing the same revision again gives the same bytes wherever the PDF and the
Excel file are themselves deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.bundle import PackedBundle, pack_bundle
from app.db import Database
from app.errors import NotFoundError, ValidationError
from app.models import Plan, Report
from app.models.submission import OutboxItem, Submission
from app.periods import period_from_key
from app.safe_write import write_file_safely
from app.services.commune import get_profile
from app.services.reports import lock_report, mark_sent_in, report_data, report_view

ExportChannel = Literal["usb", "folder"]
STATUS_LABELS = {"draft": "Đang soạn", "locked": "Đã khoá", "sent": "Đã gửi", "issued": "Đã gửi"}
CHANNEL_LABELS = {
    "usb": "USB",
    "folder": "Thư mục",
    "email": "Thư điện tử",
    "eml": "Chương trình thư",
}
#: An e-mail queued after the last arrival, by its outbox state.
WAITING_LABELS = {
    "pending": "thư điện tử chờ gửi",
    "sending": "thư điện tử đang gửi",
    "failed": "thư điện tử lỗi, xem Hộp thư đi",
}


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    bundle_id: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class SendableReport:
    """A report as the Gửi báo cáo screen lists it, with what was sent so far."""

    report_id: int
    plan_number: str
    plan_title: str
    period_key: str
    period_label: str
    revision: int
    status: str
    status_label: str
    sent_count: int  #: submissions that arrived (an e-mail once the server accepted it)
    last_sent: str  #: "USB 16/09/2025 08:30", "… · thư điện tử chờ gửi" or ""


def _check_sendable(db: Database, report_id: int) -> None:
    """Refuse early, before locking, what data.json's schema would refuse."""
    profile = get_profile(db)
    with db.read() as s:
        report = s.get(Report, report_id)
        if report is None:
            raise NotFoundError("Báo cáo này không còn trong dữ liệu; hãy tải lại danh sách.")
        plan = s.get(Plan, report.plan_id)
        assert plan is not None
        plan_number, commune = plan.number.strip(), plan.commune.strip()
    if profile is None or not (commune or profile.name.strip()):
        raise ValidationError(
            "Chưa có thông tin xã nên chưa đóng gói được báo cáo, hãy vào Cài đặt → Thông tin xã "
            "để nhập tên xã và tỉnh rồi thử lại.",
            field="commune",
        )
    if not profile.province.strip():
        raise ValidationError(
            "Thông tin xã chưa có tên tỉnh nên chưa đóng gói được báo cáo, hãy vào Cài đặt → "
            "Thông tin xã để nhập tỉnh rồi thử lại.",
            field="province",
        )
    if not plan_number:
        raise ValidationError(
            "Kế hoạch chưa có số, ký hiệu (ví dụ 112/KH-UBND) nên chưa đóng gói được báo cáo, "
            "hãy nhập số kế hoạch rồi thử lại.",
            field="plan_number",
        )


def _locked_at(db: Database, report_id: int) -> datetime:
    """Lock a draft report (its data stops following edits); the moment it was locked."""
    with db.read() as s:
        report = s.get(Report, report_id)
        assert report is not None
        status = report.status
    if status == "draft":
        lock_report(db, report_id)
    with db.read() as s:
        report = s.get(Report, report_id)
        assert report is not None
        moment = report.locked_at or report.updated_at
    return moment.replace(tzinfo=UTC, microsecond=0)


def make_bundle(db: Database, report_id: int) -> PackedBundle:
    """The ``.kh57`` bundle of the report's current revision (locks a draft first)."""
    from app.services.documents import report_pdf, report_xlsx

    _check_sendable(db, report_id)
    created_at = _locked_at(db, report_id)
    data = report_data(report_view(db, report_id))
    pdf = report_pdf(db, report_id)
    xlsx = report_xlsx(db, report_id)
    return pack_bundle(
        data=data, pdf=pdf, xlsx=xlsx, app_version=__version__, created_at=created_at
    )


def record_submission(
    s: Session, *, report_id: int, packed: PackedBundle, channel: str, target: str
) -> Submission:
    """Add a Submission row inside the caller's transaction (flushes, never commits).

    The report becomes Đã gửi (exported, queued for e-mail or handed to the mail program).
    """
    mark_sent_in(s, report_id)
    row = Submission(
        report_id=report_id,
        bundle_id=packed.bundle_id,
        sha256=packed.sha256,
        channel=channel,
        target=target,
    )
    s.add(row)
    s.flush()
    return row


def export_bundle(
    db: Database, report_id: int, target_dir: Path, *, channel: ExportChannel = "folder"
) -> ExportResult:
    """Write the bundle into *target_dir* (verified by reading back) and record the submission.

    The submission is recorded only once the file has verified; a failed write
    (full disk, pulled stick, locked file) leaves neither a final-named file
    nor a record.
    """
    packed = make_bundle(db, report_id)
    with db.begin() as s:
        path = write_file_safely(Path(target_dir), packed.filename, packed.content)
        record_submission(s, report_id=report_id, packed=packed, channel=channel, target=str(path))
    return ExportResult(
        path=path, bundle_id=packed.bundle_id, sha256=packed.sha256, size=len(packed.content)
    )


def _sent_history(
    s: Session,
) -> tuple[dict[int, list[tuple[datetime, str]]], dict[int, tuple[datetime, str]]]:
    """Per report: the submissions that reached their destination (when, channel), and the
    newest e-mail not delivered yet (when queued, outbox state).

    A bundle written to USB, a folder or handed to the mail program has arrived when it
    is recorded; an e-mail only once the server has accepted it.
    """
    delivered: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    waiting: dict[int, tuple[datetime, str]] = {}
    rows = s.execute(
        select(
            Submission.report_id,
            Submission.created_at,
            Submission.channel,
            OutboxItem.state,
            OutboxItem.sent_at,
        ).outerjoin(OutboxItem, OutboxItem.submission_id == Submission.id)
    )
    for report_id, created, channel, state, sent_at in rows:
        if channel != "email" or state == "sent":
            delivered[report_id].append((sent_at or created, channel))
        elif report_id not in waiting or waiting[report_id][0] < created:
            waiting[report_id] = (created, state or "pending")
    return delivered, waiting


def _last_sent(history: list[tuple[datetime, str]], waiting: tuple[datetime, str] | None) -> str:
    """ "USB 16/09/2025 08:30", and what an e-mail sent after that is waiting for."""
    text = ""
    if history:
        when, channel = history[-1]
        local = when.replace(tzinfo=UTC).astimezone()
        text = f"{CHANNEL_LABELS.get(channel, channel)} {local:%d/%m/%Y %H:%M}"
    if waiting is not None and (not history or waiting[0] > history[-1][0]):
        note = WAITING_LABELS.get(waiting[1], WAITING_LABELS["pending"])
        text = f"{text} · {note}" if text else note
    return text


def list_sendable(db: Database) -> list[SendableReport]:
    """Every report, newest period first, with how often and how it was last sent."""
    with db.read() as s:
        rows = s.execute(
            select(
                Report.id,
                Plan.number,
                Plan.title,
                Report.period_key,
                Report.revision,
                Report.status,
            )
            .join(Plan, Plan.id == Report.plan_id)
            .order_by(Report.period_end.desc(), Plan.number, Report.id)
        ).all()
        delivered, waiting = _sent_history(s)
    out = []
    for report_id, number, title, period_key, revision, status in rows:
        history = sorted(delivered.get(report_id, []))
        out.append(
            SendableReport(
                report_id=report_id,
                plan_number=number,
                plan_title=title,
                period_key=period_key,
                period_label=period_from_key(period_key).label_vi,
                revision=revision,
                status=status,
                status_label=STATUS_LABELS.get(status, status),
                sent_count=len(history),
                last_sent=_last_sent(history, waiting.get(report_id)),
            )
        )
    return out
