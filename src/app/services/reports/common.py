"""Shared pieces of the report services: statuses, the counts, fetching a report."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.errors import NotFoundError
from app.models import Report
from app.periods import PeriodKind
from app.services.progress_entry import IndicatorResultRow, TaskStatusRow, measured_indicators

REGIME_KINDS: tuple[PeriodKind, ...] = ("monthly", "quarterly", "half_year", "yearly")
# Nháp → Đã chốt → Đã gửi; "issued" is how older databases said "sent"
REPORT_STATUSES = ("draft", "locked", "sent")
FROZEN_STATUSES = frozenset({"locked", "sent", "issued"})
KIND_LABELS = {
    "monthly": "Hằng tháng",
    "quarterly": "Hằng quý",
    "half_year": "6 tháng",
    "yearly": "Hằng năm",
    "adhoc": "Đột xuất",
}


def report_counts(tasks: list[TaskStatusRow], inds: list[IndicatorResultRow]) -> dict[str, int]:
    c = Counter(t.official_code for t in tasks)
    inds = measured_indicators(inds)
    return {
        "tasks": len(tasks),
        "done": c["done_on_time"] + c["done_late"],
        "done_on_time": c["done_on_time"],
        "done_late": c["done_late"],
        "in_progress": c["in_progress_on_time"] + c["in_progress_late"],
        "overdue": c["done_late"] + c["in_progress_late"] + c["not_started_late"],
        "not_started": c["not_started"] + c["not_started_late"] + c["waiting_condition"],
        "paused": c["paused"],
        "cancelled": c["cancelled"],
        "indicators": len(inds),
        "reached": sum(1 for i in inds if i.attainment == "Đạt"),
        "not_reached": sum(1 for i in inds if i.attainment == "Chưa đạt"),
    }


def get_report(s: Any, report_id: int) -> Report:
    report = s.get(Report, report_id)
    if report is None:
        raise NotFoundError("Báo cáo này không còn trong dữ liệu; hãy tải lại danh sách.")
    return report  # type: ignore[no-any-return]
