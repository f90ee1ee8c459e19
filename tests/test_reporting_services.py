"""Periodic reporting services on a real database with the Thanh Miện sample imported."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.errors import ImportFormatError, ValidationError
from app.periods import period_from_key
from app.services.commune import ProfileData, save_profile
from app.services.plan_import import import_plan_file
from app.services.progress_entry import (
    ProgressInput,
    ResultInput,
    indicator_results,
    record_progress,
    record_result,
    task_statuses,
)
from app.services.reports import (
    SectionsInput,
    compile_report,
    due_reports,
    lock_report,
    plan_report_years,
    plan_reports,
    report_data,
    report_view,
    save_sections,
    set_regime,
    unlock_report,
)
from app.services.unit_forms import (
    apply_unit_form,
    export_unit_form,
    owing_units,
    read_unit_form,
    unit_matrix,
)

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
SCHEMA = Path(__file__).parents[1] / "resources" / "schemas" / "report-data.v1.json"


@pytest.fixture
def plan(db):  # type: ignore[no-untyped-def]
    return import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id


def _task(db, plan_id: int, number: str, key: str = "2025-09"):  # type: ignore[no-untyped-def]
    return next(t for t in task_statuses(db, plan_id, key) if t.number == number)


def _ind(db, plan_id: int, code: str, key: str):  # type: ignore[no-untyped-def]
    return next(i for i in indicator_results(db, plan_id, key) if i.code == code)


def test_progress_is_carried_forward_to_later_periods(db, plan) -> None:
    task = _task(db, plan, "1.3")  # due "2025" (31/12/2025)
    data = ProgressInput(status="Đang thực hiện", percent=40, result_text="Đã dự thảo")
    record_progress(db, task_id=task.task_id, period_key="2025-09", data=data)
    assert _task(db, plan, "1.3", "2025-08").entered is None
    for key in ("2025-09", "2025-10", "2025-Q4", "2025-H2", "2025"):
        row = _task(db, plan, "1.3", key)
        assert (row.entered, row.percent, row.from_period) == ("in_progress", 40, "2025-09")
        assert row.official_text == "Đang thực hiện trong hạn"
    assert _task(db, plan, "1.3", "2026-01").official_text == "Đang thực hiện quá hạn"


def test_status_words_at_period_boundaries(db, plan) -> None:
    task = _task(db, plan, "1.1")  # "Tháng 8/2025": due 31/08/2025
    assert _task(db, plan, "1.1", "2025-08").official_text == "Chưa thực hiện"
    assert _task(db, plan, "1.1", "2025-09").official_text == "Chưa thực hiện (quá hạn)"
    done = ProgressInput(status="Hoàn thành", completed_on=date(2025, 8, 20))
    record_progress(db, task_id=task.task_id, period_key="2025-09", data=done)
    assert _task(db, plan, "1.1", "2025-09").official_text == "Hoàn thành đúng hạn"
    late = ProgressInput(status="Hoàn thành", completed_on=date(2025, 9, 10))
    record_progress(db, task_id=task.task_id, period_key="2025-09", data=late)
    assert _task(db, plan, "1.1", "2025-10").official_text == "Hoàn thành quá hạn"


def test_recurring_task_gets_a_status_per_occurrence(db, plan) -> None:
    monthly = _task(db, plan, "1.2")  # "Hàng tháng"
    yearly = _task(db, plan, "1.4")  # "Hàng năm"
    assert (monthly.deadline_kind, yearly.deadline_kind) == ("monthly", "yearly")
    done = ProgressInput(status="Hoàn thành", result_text="Đăng 12 tin bài")
    record_progress(db, task_id=monthly.task_id, period_key="2025-09", data=done)
    record_progress(db, task_id=yearly.task_id, period_key="2025-06", data=done)
    assert _task(db, plan, "1.2", "2025-09").official_text == "Hoàn thành đúng hạn"
    october = _task(db, plan, "1.2", "2025-10")
    assert (october.entered, october.official_text) == (None, "Chưa thực hiện")
    # the yearly occurrence done in June stays done for the rest of 2025, not in 2026
    assert _task(db, plan, "1.4", "2025-10").official_code == "done_on_time"
    assert _task(db, plan, "1.4", "2026-02").entered is None
    # the annual report takes the last entry of its window
    assert _task(db, plan, "1.2", "2025").from_period == "2025-09"
    assert _task(db, plan, "1.2", "2025-Q3").official_code == "done_on_time"


def test_cancelled_without_reason_is_refused_and_writes_nothing(db, plan) -> None:
    task = _task(db, plan, "1.3")
    with pytest.raises(ValidationError) as caught:
        record_progress(
            db, task_id=task.task_id, period_key="2025-09", data=ProgressInput("Không thực hiện")
        )
    assert caught.value.field == "reason"
    assert _task(db, plan, "1.3").entered is None


def test_indicator_value_with_decimal_comma_and_milestone_year(db, plan) -> None:
    from app.models import IndicatorTarget

    ind = _ind(db, plan, "1.1", "2025-09")  # 2030: ≥ 80
    with db.begin() as s:
        s.add(
            IndicatorTarget(
                indicator_id=ind.indicator_id, year=2025, text="≥ 90", op=">=", value=90.0
            )
        )
    record_result(db, indicator_id=ind.indicator_id, period_key="2025-09", data=ResultInput("85,5"))
    sept = _ind(db, plan, "1.1", "2025-09")
    assert (sept.actual_value, sept.target_year, sept.attainment) == (85.5, 2025, "Chưa đạt")
    record_result(db, indicator_id=ind.indicator_id, period_key="2026-03", data=ResultInput("85,5"))
    march = _ind(db, plan, "1.1", "2026-03")
    assert (march.target_year, march.target_text, march.attainment) == (2030, "≥ 80", "Đạt")
    assert march.previous_text == "85,5"
    record_result(db, indicator_id=ind.indicator_id, period_key="2025-11", data=ResultInput("120"))
    assert _ind(db, plan, "1.1", "2025-11").warning is not None
    # half-year and annual reports take the latest monthly value of their window
    assert _ind(db, plan, "1.1", "2025").actual_text == "120"
    assert _ind(db, plan, "1.1", "2025-H2").actual_text == "120"
    assert _ind(db, plan, "1.1", "2025-12").actual_text == ""


def test_qualitative_target_takes_the_officers_judgement(db, plan) -> None:
    ind = _ind(db, plan, "6", "2025-09")  # "Tiên tiến, hiện đại"
    assert ind.target_op is None
    data = ResultInput("Đã hoàn thiện hạ tầng", judged="Đạt")
    record_result(db, indicator_id=ind.indicator_id, period_key="2025-09", data=data)
    assert _ind(db, plan, "6", "2025-09").attainment == "Đạt"


def test_drafted_narrative_counts_agree_with_the_tasks(db, plan) -> None:
    entries = {
        "1.1": ProgressInput("Hoàn thành", completed_on=date(2025, 8, 30)),
        "1.3": ProgressInput("Đang thực hiện", percent=50),
        "1.5": ProgressInput("Tạm dừng", reason="Chờ kinh phí"),
        "1.6": ProgressInput("Không thực hiện", reason="Đã gộp vào nhiệm vụ 1.5"),
    }
    for number, data in entries.items():
        task = _task(db, plan, number)
        record_progress(db, task_id=task.task_id, period_key="2025-09", data=data)
    summary = compile_report(db, plan_id=plan, period_key="2025-09")
    c = summary.counts
    assert (c["tasks"], c["done"], c["in_progress"], c["paused"], c["cancelled"]) == (
        31,
        1,
        1,
        1,
        1,
    )
    assert c["done"] + c["in_progress"] + c["not_started"] + c["paused"] + c["cancelled"] == 31
    text = report_view(db, summary.report_id).sections["results"]
    assert "kế hoạch có 31 nhiệm vụ: 1 nhiệm vụ đã hoàn thành (1 đúng hạn, 0 quá hạn)" in text
    assert "1 nhiệm vụ đang thực hiện" in text
    assert f"{c['not_started']} nhiệm vụ chưa thực hiện" in text
    assert "1 nhiệm vụ tạm dừng, 1 nhiệm vụ không thực hiện" in text
    late = report_view(db, summary.report_id).sections["shortcomings"]
    assert late.startswith(f"Còn {c['overdue']} nhiệm vụ quá hạn") and "2.4." in late


def test_lock_refuses_edits_and_unlock_makes_a_new_revision(db, plan) -> None:
    rid = compile_report(db, plan_id=plan, period_key="2025-09").report_id
    sections = SectionsInput("Kết quả", "Hạn chế", "Kỳ tới", "Kiến nghị", ["UBND tỉnh", " "])
    save_sections(db, rid, sections)
    assert report_view(db, rid).kinh_gui == ["UBND tỉnh"]
    lock_report(db, rid)
    assert plan_reports(db, plan)["2025-09"].status == "locked"
    with pytest.raises(ValidationError):
        save_sections(db, rid, sections)
    unlock_report(db, rid, "Sửa số liệu")
    unlock_report(db, rid, "Sửa số liệu")  # already a draft: no second new revision
    view = report_view(db, rid)
    assert (view.status, view.revision, view.sections["results"]) == ("draft", 2, "Kết quả")
    # compiling again keeps the officer's text
    compile_report(db, plan_id=plan, period_key="2025-09")
    assert report_view(db, rid).sections["results"] == "Kết quả"


def test_report_data_validates_against_the_schema(db, plan) -> None:
    import jsonschema

    from app.models import Plan

    with db.begin() as s:
        plan_row = s.get(Plan, plan)
        assert plan_row is not None
        plan_row.number = "112/KH-UBND"  # the sample workbook carries no number
    recipients = ["UBND huyện Thanh Miện", "Sở Khoa học và Công nghệ tỉnh Hải Dương"]
    save_profile(db, ProfileData("Thanh Miện", "Hải Dương", default_recipients=recipients))
    ind = _ind(db, plan, "1.1", "2025-09")
    record_result(db, indicator_id=ind.indicator_id, period_key="2025-09", data=ResultInput("85,5"))
    rid = compile_report(db, plan_id=plan, period_key="2025-09").report_id
    view = report_view(db, rid)
    assert view.kinh_gui == []  # Nơi nhận is not Kính gửi: the print shows the province body
    data = report_data(view)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["summary"]["tasks_total"] == 31
    assert data["summary"]["indicators_met"] == 1


def test_due_reports_and_regimes(db, plan) -> None:
    set_regime(
        db, plan_id=plan, kind="quarterly", enabled=True, sending_rule="trước ngày 18 hằng quý"
    )
    due = due_reports(db, date(2025, 10, 3))
    kinds = {d.kind: d for d in due}
    assert kinds["monthly"].period_key == "2025-10"
    assert kinds["monthly"].deadline == date(2025, 10, 14) and kinds["monthly"].days_left == 11
    assert kinds["quarterly"].period_key == "2025-Q4" and not kinds["quarterly"].compiled
    with pytest.raises(ValidationError):
        set_regime(db, plan_id=plan, kind="yearly", enabled=True, sending_rule="sớm nhất có thể")
    compile_report(db, plan_id=plan, period_key="2025-10")
    assert {d.kind: d for d in due_reports(db, date(2025, 10, 3))}["monthly"].compiled
    assert plan_report_years(db, plan) == (2025, 2030)


def test_unit_form_round_trip_and_refusals(db, plan, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    period = period_from_key("2025-09")
    units = dict((name, uid) for uid, name in owing_units(db, plan, period))
    unit_id = units["Phòng Văn hoá - Xã hội"]
    path = export_unit_form(
        db, plan_id=plan, unit_id=unit_id, period_key="2025-09", out=tmp_path / "phieu.xlsx"
    )
    wb = load_workbook(path)
    ws = wb["Nhiệm vụ"]
    rows = {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}
    ws.cell(rows["1.3"], 4, "Hoàn thành")
    ws.cell(rows["1.3"], 6, "Đã đưa tiêu chí vào quy chế")
    ws.cell(rows["1.3"], 7, "Quyết định số 15/QĐ-UBND ngày 02/9/2025")
    wb["Chỉ tiêu"].cell(2, 5, "85,5")
    wb.save(path)
    preview = read_unit_form(db, path, plan_id=plan, unit_id=unit_id, period_key="2025-09")
    assert any(c.number == "1.3" for c in preview.changes)
    assert _task(db, plan, "1.3").entered is None  # reading writes nothing
    apply_unit_form(db, preview, received_on=date(2025, 9, 12))
    assert _task(db, plan, "1.3").official_text == "Hoàn thành đúng hạn"
    matrix = unit_matrix(db, plan, ["2025-09"], None, date(2025, 10, 1))
    assert matrix.cells[(unit_id, "2025-09")].state == "on_time"
    with pytest.raises(ImportFormatError, match="kỳ"):
        read_unit_form(db, path, plan_id=plan, unit_id=unit_id, period_key="2025-10")
    other = units["Phòng Kinh tế"]
    with pytest.raises(ImportFormatError, match="Phòng Văn hoá"):
        read_unit_form(db, path, plan_id=plan, unit_id=other, period_key="2025-09")


def test_conditional_task_waits_until_the_officer_marks_the_condition(db) -> None:
    from app.services.plan_edit import PlanInput, TaskInput, create_plan
    from app.services.progress_entry import ProgressInput, record_progress, task_statuses

    plan_id = create_plan(
        db,
        PlanInput(
            number="01/KH-UBND",
            title="Kế hoạch",
            tasks=[TaskInput("1", "Kết nối hệ thống của tỉnh", deadline="Sau khi tỉnh triển khai")],
        ),
    )
    [row] = task_statuses(db, plan_id, "2025-09")
    assert row.official_text == "Chưa đến điều kiện thực hiện" and not row.condition_arrived
    record_progress(
        db,
        task_id=row.task_id,
        period_key="2025-09",
        data=ProgressInput(status="not_started", condition_arrived=True),
    )
    [row] = task_statuses(db, plan_id, "2025-10")
    assert row.condition_arrived and row.official_text == "Chưa thực hiện"


def test_entries_ending_the_same_day_show_the_last_edited(db, plan) -> None:
    """A monthly and a 6-month entry share their cut-off day: the one edited last is shown,
    as in the ORM reading of ``_latest_progress`` (reports.draft)."""
    from app.services.progress_entry import _latest_progress

    task = _task(db, plan, "1.3")  # due "2025" (31/12/2025): carried forward
    doing = "Đang thực hiện"
    record_progress(
        db, task_id=task.task_id, period_key="2025-06", data=ProgressInput(doing, percent=10)
    )
    record_progress(
        db, task_id=task.task_id, period_key="2025-H1", data=ProgressInput(doing, percent=20)
    )
    row = _task(db, plan, "1.3", "2025-07")
    assert (row.from_period, row.percent) == ("2025-H1", 20)
    record_progress(
        db, task_id=task.task_id, period_key="2025-06", data=ProgressInput(doing, percent=30)
    )
    row = _task(db, plan, "1.3", "2025-07")
    assert (row.from_period, row.percent) == ("2025-06", 30)
    with db.read() as s:
        latest = _latest_progress(s, plan, period_from_key("2025-07").end)
    assert latest[task.task_id].period_key == "2025-06"


def test_tasks_sharing_a_deadline_each_get_their_own_status(db, plan) -> None:
    """Statuses are worked out once per deadline and entry: different entries still differ."""
    rows = [r for r in task_statuses(db, plan, "2025-09") if r.deadline == "2025"]
    assert len(rows) >= 3
    first, second, third = rows[:3]
    key = "2026-01"
    done = "Hoàn thành"
    record_progress(
        db,
        task_id=first.task_id,
        period_key=key,
        data=ProgressInput(done, completed_on=date(2025, 12, 20)),
    )
    record_progress(
        db,
        task_id=second.task_id,
        period_key=key,
        data=ProgressInput(done, completed_on=date(2026, 1, 5)),
    )
    codes = {r.task_id: r.official_code for r in task_statuses(db, plan, key)}
    assert codes[first.task_id] == "done_on_time"
    assert codes[second.task_id] == "done_late"
    assert codes[third.task_id] == "not_started_late"


def test_due_reports_keep_each_plans_own_regimes(db, plan) -> None:
    """Plans with the same words but different officer settings get their own reports."""
    other = import_plan_file(db, SAMPLE, commune="Thanh Miện 2").plan_id
    set_regime(
        db, plan_id=other, kind="quarterly", enabled=True, sending_rule="trước ngày 18 hằng quý"
    )
    set_regime(db, plan_id=plan, kind="monthly", enabled=False, sending_rule="")
    due = due_reports(db, date(2025, 10, 3))
    assert {(d.plan_id, d.kind) for d in due} == {(other, "monthly"), (other, "quarterly")}
    quarterly = next(d for d in due if d.kind == "quarterly")
    assert (quarterly.period_key, quarterly.deadline) == ("2025-Q4", date(2025, 12, 18))
    assert [d.deadline for d in due] == sorted(d.deadline for d in due)


def test_plan_heading_falls_back_to_the_first_plan(db, plan) -> None:
    from app.services.plans import list_plans
    from app.services.reports.schedule import plan_heading

    other = import_plan_file(db, SAMPLE, commune="Xã khác").plan_id
    first = list_plans(db)[0]
    mine = next(p for p in list_plans(db) if p.id == other)
    assert plan_heading(db, other) == (other, mine.number, mine.title)
    assert plan_heading(db, None) == (first.id, first.number, first.title)
    assert plan_heading(db, 10**6) == (first.id, first.number, first.title)
