"""A report's frozen data and its revisions: the snapshot taken at lock, what changed since.

When a report is locked (Đã chốt) the rows it prints are frozen in
``report.snapshot`` (JSON): the ``data`` of its bundle as it stood
(``report_data``) and every task and indicator row the PDF, the Excel annexes
and the bundle are made from. A locked or sent report is read from there, so
progress entered afterwards does not alter it. Unlocking it with a reason makes
a new revision; :func:`describe_changes` says, in Vietnamese, what differs
between the frozen rows and the rows of the new revision.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ReportRevision
from app.services.progress_entry import IndicatorResultRow, TaskStatusRow
from app.vntext import numbered

SNAPSHOT_FORMAT = "kh57-report-snapshot"
SNAPSHOT_VERSION = 1
NO_CHANGE = "Số liệu và nội dung không thay đổi so với bản đã chốt."
SECTION_TITLES = {
    "results": "I. Kết quả thực hiện",
    "shortcomings": "II. Tồn tại, hạn chế, khó khăn, vướng mắc",
    "next_tasks": "III. Nhiệm vụ trọng tâm kỳ tới",
    "proposals": "IV. Đề xuất, kiến nghị",
}
_TASK_DATES = frozenset({"due", "completed_on"})


@dataclass(frozen=True, slots=True)
class FrozenReport:
    """What a snapshot holds: the report as it was locked."""

    data: dict[str, Any]
    plan_number: str
    plan_title: str
    plan_years: tuple[int | None, int | None]
    commune: str
    province: str
    tasks: list[TaskStatusRow]
    indicators: list[IndicatorResultRow]

    @property
    def sections(self) -> dict[str, str]:
        report = self.data.get("report", {})
        sections = report.get("sections", {}) if isinstance(report, dict) else {}
        return {str(k): str(v) for k, v in sections.items()}


@dataclass(frozen=True, slots=True)
class RevisionRow:
    """One correction of a locked report: the revision it opened, why and what changed."""

    revision: int
    reason: str
    changes: str
    changed_at: datetime


def _task_json(t: TaskStatusRow) -> dict[str, Any]:
    row = asdict(t)
    for key in _TASK_DATES:
        value = row[key]
        row[key] = value.isoformat() if isinstance(value, date) else None
    return row


def _task_from(row: dict[str, Any]) -> TaskStatusRow:
    values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(TaskStatusRow)}
    for key in _TASK_DATES:
        values[key] = date.fromisoformat(values[key]) if values[key] else None
    return TaskStatusRow(**values)


def _indicator_from(row: dict[str, Any]) -> IndicatorResultRow:
    values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(IndicatorResultRow)}
    return IndicatorResultRow(**values)


def freeze(frozen: FrozenReport) -> str:
    """The JSON text stored in ``report.snapshot``."""
    return json.dumps(
        {
            "format": SNAPSHOT_FORMAT,
            "version": SNAPSHOT_VERSION,
            "data": frozen.data,
            "plan": {
                "number": frozen.plan_number,
                "title": frozen.plan_title,
                "years": list(frozen.plan_years),
            },
            "commune": {"name": frozen.commune, "province": frozen.province},
            "tasks": [_task_json(t) for t in frozen.tasks],
            "indicators": [asdict(i) for i in frozen.indicators],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def thaw(text: str | None) -> FrozenReport | None:
    """The report stored by :func:`freeze`; None when there is none (or it is unreadable)."""
    if not text:
        return None
    try:
        raw = json.loads(text)
        if raw.get("format") != SNAPSHOT_FORMAT or raw.get("version") != SNAPSHOT_VERSION:
            return None
        first, last = raw["plan"]["years"]
        return FrozenReport(
            data=raw["data"],
            plan_number=raw["plan"]["number"],
            plan_title=raw["plan"]["title"],
            plan_years=(first, last),
            commune=raw["commune"]["name"],
            province=raw["commune"]["province"],
            tasks=[_task_from(t) for t in raw["tasks"]],
            indicators=[_indicator_from(i) for i in raw["indicators"]],
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# ---------------------------------------------------------------- what changed


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(text: str) -> str:
    return f"“{_short(text)}”" if text.strip() else "(trống)"


def _percent(value: int | None) -> str:
    return f"{value}%" if value is not None else "(trống)"


def _task_changes(old: list[TaskStatusRow], new: list[TaskStatusRow]) -> list[str]:
    before = {t.task_id: t for t in old}
    after = {t.task_id: t for t in new}
    lines: list[str] = []
    for t in new:
        o = before.get(t.task_id)
        if o is None:
            lines.append(f"Thêm nhiệm vụ {numbered(t.number, _short(t.name))}.")
            continue
        parts = []
        if o.official_text != t.official_text:
            parts.append(f"trạng thái “{o.official_text}” thành “{t.official_text}”")
        if o.result_text.strip() != t.result_text.strip():
            parts.append(f"kết quả {_quoted(o.result_text)} thành {_quoted(t.result_text)}")
        if o.percent != t.percent:
            parts.append(f"tỷ lệ hoàn thành {_percent(o.percent)} thành {_percent(t.percent)}")
        if parts:
            lines.append(f"Nhiệm vụ {numbered(t.number, _short(t.name))}: {'; '.join(parts)}.")
    lines += [
        f"Bỏ nhiệm vụ {numbered(o.number, _short(o.name))}." for o in old if o.task_id not in after
    ]
    return lines


def _indicator_changes(old: list[IndicatorResultRow], new: list[IndicatorResultRow]) -> list[str]:
    before = {i.indicator_id: i for i in old}
    after = {i.indicator_id: i for i in new}
    lines: list[str] = []
    for i in new:
        o = before.get(i.indicator_id)
        if o is None:
            lines.append(f"Thêm chỉ tiêu {numbered(i.code, _short(i.name))}.")
            continue
        if o.actual_text.strip() == i.actual_text.strip() and o.attainment == i.attainment:
            continue
        text = (
            f"Chỉ tiêu {numbered(i.code, _short(i.name))}: giá trị {_quoted(o.actual_text)} thành "
        )
        text += _quoted(i.actual_text)
        if o.attainment != i.attainment:
            text += f" ({o.attainment} thành {i.attainment})"
        lines.append(text + ".")
    lines += [
        f"Bỏ chỉ tiêu {numbered(o.code, _short(o.name))}."
        for o in old
        if o.indicator_id not in after
    ]
    return lines


def describe_changes(
    old: FrozenReport,
    tasks: list[TaskStatusRow],
    indicators: list[IndicatorResultRow],
    sections: dict[str, str] | None = None,
) -> str:
    """What differs between the frozen report and these rows (and section texts), one line each.

    Tasks: status words, result text or percentage changed; indicators: value or
    attainment changed; sections: which parts of the text were rewritten.
    """
    lines = _task_changes(old.tasks, tasks) + _indicator_changes(old.indicators, indicators)
    if sections is not None:
        was = old.sections
        lines += [
            f"Sửa nội dung phần {title}."
            for key, title in SECTION_TITLES.items()
            if key in was and was[key].strip() != sections.get(key, "").strip()
        ]
    return "\n".join(lines) if lines else NO_CHANGE


def add_revision(s: Session, *, report_id: int, revision: int, reason: str, changes: str) -> None:
    """Record (inside the caller's transaction) why and what a new revision corrects."""
    from app.models.base import utcnow

    s.add(
        ReportRevision(
            report_id=report_id,
            revision=revision,
            reason=reason,
            changes=changes,
            changed_at=utcnow(),
        )
    )


def update_revision_changes(s: Session, *, report_id: int, revision: int, changes: str) -> None:
    """Replace what a revision records as changed (at the lock that closes it)."""
    row = s.scalars(
        select(ReportRevision).where(
            ReportRevision.report_id == report_id, ReportRevision.revision == revision
        )
    ).first()
    if row is not None:
        row.changes = changes


def revisions_of(s: Session, report_id: int) -> list[RevisionRow]:
    rows = s.scalars(
        select(ReportRevision)
        .where(ReportRevision.report_id == report_id)
        .order_by(ReportRevision.revision, ReportRevision.id)
    )
    return [RevisionRow(r.revision, r.reason, r.changes, r.changed_at) for r in rows]
