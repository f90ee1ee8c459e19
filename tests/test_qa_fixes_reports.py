"""QA walkthrough fixes on the commune report: tasks without a number; the printed Kính gửi."""

from __future__ import annotations

from app.db import Database
from app.printing import Paragraph
from app.services import documents as D
from app.services.plan_edit import PlanInput, TaskInput, create_plan
from app.services.reports import compile_report, report_view


def _plan_with_unnumbered_tasks(db: Database) -> int:
    tasks = [
        TaskInput(number="1", name="Số hoá hồ sơ một cửa", lead="Văn phòng HĐND và UBND"),
        TaskInput(number="", name="Thử nghiệm nhiệm vụ mới", deadline="Tháng 8/2025"),
        TaskInput(number="  ", name="Tập huấn chuyển đổi số", deadline="Năm 2026"),
    ]
    return create_plan(db, PlanInput(number="12/KH-UBND", title="Chuyển đổi số", tasks=tasks))


def test_narrative_leaves_out_the_number_of_a_task_that_has_none(db: Database) -> None:
    plan_id = _plan_with_unnumbered_tasks(db)
    summary = compile_report(db, plan_id=plan_id, period_key="2025-09")
    sections = report_view(db, summary.report_id).sections
    narrative = "\n".join(sections.values())
    assert ". Thử nghiệm" not in narrative and ". Tập huấn" not in narrative
    assert "Còn 1 nhiệm vụ quá hạn chưa hoàn thành: Thử nghiệm nhiệm vụ mới (" in narrative
    assert sections["next_tasks"].endswith(
        "nhiệm vụ: Thử nghiệm nhiệm vụ mới; 1. Số hoá hồ sơ một cửa; Tập huấn chuyển đổi số."
    )
    printed = D.report_document(db, summary.report_id)
    body = " ".join(b.text for b in printed.body if isinstance(b, Paragraph))
    assert "Thử nghiệm nhiệm vụ mới" in body
    assert ": ." not in body and "; ." not in body
