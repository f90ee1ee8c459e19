"""A year of monthly reports on each sample plan, through the services (issue 4).

Progress and indicator values are entered month by month, each month's report is
compiled, and the status words are checked against the task's deadline at every
cut-off; the 6-month and annual reports take the latest status and value.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.db import Database
from app.periods import ReportPeriod, month_period, period_containing, period_from_key
from app.services.commune import ProfileData, save_profile
from app.services.plan_import import import_plan_file
from app.services.progress_entry import (
    ProgressInput,
    ResultInput,
    TaskStatusRow,
    indicator_results,
    measured_indicators,
    record_progress,
    record_result,
    task_statuses,
)
from app.services.reports import compile_report, report_view
from app.services.task_edit import task_input_of, update_task

SAMPLES = Path(__file__).parent / "data" / "samples"
MONTHS = [month_period(2025, m) for m in range(1, 13)]


def _import(db: Database, name: str) -> int:
    save_profile(db, ProfileData("Xã mẫu", "Tỉnh mẫu"))
    return import_plan_file(db, SAMPLES / name, commune="Xã mẫu").plan_id


def _done_on(t: TaskStatusRow) -> date | None:
    """When the script completes a one-off task: every other one, 20 days before its due."""
    if t.deadline_kind != "once" or t.due is None or int(t.task_id) % 2:
        return None
    return t.due - timedelta(days=20)


def _enter_month(db: Database, plan: int, period: ReportPeriod, tasks: list[TaskStatusRow]) -> None:
    """What the units report for one month."""
    m = period.index
    for t in tasks:
        data: ProgressInput | None = None
        if t.deadline_kind == "once":
            done_on = _done_on(t)
            if done_on is not None and period.contains(done_on):
                data = ProgressInput(
                    "Hoàn thành", result_text=f"Xong {t.number}", completed_on=done_on
                )
            elif done_on is None or done_on > period.end:
                data = ProgressInput("Đang thực hiện", percent=min(90, 8 * m), result_text=f"T{m}")
        elif t.deadline_kind == "monthly":
            data = ProgressInput("Hoàn thành", completed_on=period.end, result_text=f"Tháng {m}")
        elif t.deadline_kind == "yearly" and m == 11:
            data = ProgressInput("Hoàn thành", completed_on=date(2025, 11, 10))
        elif t.deadline_kind == "continuous":
            data = ProgressInput("Đang thực hiện", result_text=f"Duy trì tháng {m}")
        if data is not None:
            record_progress(db, task_id=t.task_id, period_key=period.key, data=data)
    for n, i in enumerate(indicator_results(db, plan, period.key)):
        value = f"{n + 10 * m},5" if i.unit.strip() != "%" else f"{min(100, 8 * m + n)},5"
        record_result(
            db, indicator_id=i.indicator_id, period_key=period.key, data=ResultInput(value)
        )


def _expected(t: TaskStatusRow, period: ReportPeriod) -> str | None:
    """The official words the script's entries must give at the period's cut-off."""
    if t.deadline_kind == "once":
        assert t.due is not None
        done_on = _done_on(t)
        if done_on is not None and done_on <= period.end:
            return "Hoàn thành đúng hạn"
        late = period.end > t.due  # the due day itself is still in time
        if done_on is not None and period_containing("monthly", done_on).end < MONTHS[0].end:
            return None  # completed before the year began: nothing entered for it
        return "Đang thực hiện quá hạn" if late else "Đang thực hiện trong hạn"
    if t.deadline_kind == "monthly":
        return "Hoàn thành đúng hạn"
    if t.deadline_kind == "yearly":
        return "Hoàn thành đúng hạn" if period.end >= date(2025, 11, 10) else "Chưa thực hiện"
    if t.deadline_kind == "continuous":
        return "Đang thực hiện trong hạn"
    if t.deadline_kind == "done":
        return "Hoàn thành đúng hạn"
    return None


def _line(text: str, start: str) -> str:
    return next((line for line in text.splitlines() if line.startswith(start)), "")


@pytest.mark.parametrize("sample", ["thanh-mien.xlsx", "tam-chung.xlsx"])
def test_a_year_of_monthly_reports(db: Database, sample: str) -> None:
    plan = _import(db, sample)
    tasks = task_statuses(db, plan, "2025-01")
    kinds = {t.deadline_kind for t in tasks}
    assert "once" in kinds and kinds & {"yearly", "monthly", "continuous", "done"}
    by_month: dict[str, dict[int, str]] = {}
    for period in MONTHS:
        _enter_month(db, plan, period, tasks)
        summary = compile_report(db, plan_id=plan, period_key=period.key)
        view = report_view(db, summary.report_id)
        assert summary.period_key == period.key and len(view.tasks) == len(tasks)
        c = view.counts
        assert c["done"] + c["in_progress"] + c["not_started"] + c["paused"] + c["cancelled"] == (
            len(tasks)
        )
        by_month[period.key] = {t.task_id: t.official_text for t in view.tasks}
        for t in view.tasks:
            want = _expected(t, period)
            if want is not None:
                assert t.official_text == want, (period.key, t.number, t.deadline)
        # the narrative names the tasks completed in this month, and only those
        done_line = _line(view.sections["results"], "Trong kỳ đã hoàn thành")
        for t in view.tasks:
            done_on = _done_on(t)
            named = f"{t.number}. {t.name} (" in done_line
            if t.deadline_kind == "once" and done_on is not None:
                assert named == period.contains(done_on), (period.key, t.number)
            if t.deadline_kind == "monthly":
                assert named, (period.key, t.number)
        late = [
            t for t in view.tasks if t.official_code in ("in_progress_late", "not_started_late")
        ]
        shortcomings = view.sections["shortcomings"]
        if late:
            assert shortcomings.startswith(f"Còn {len(late)} nhiệm vụ quá hạn chưa hoàn thành: ")
            for t in late[:15]:
                lead = " ".join(t.lead.split())
                assert f"{t.number}. {t.name} ({lead} chủ trì, hạn " in shortcomings
        else:
            assert shortcomings.startswith("Không có nhiệm vụ quá hạn.")
        reached = [i for i in view.indicators if i.attainment == "Đạt"]
        measured = measured_indicators(view.indicators)
        assert f"{len(reached)}/{len(measured)} chỉ tiêu đạt" in view.sections["results"]
        for i in reached[:15]:
            assert f"{i.code}. {i.name} (kết quả {i.actual_text}" in view.sections["results"]

    # 6-month and annual reports: the latest status of each task, the latest value
    for key, month in (("2025-H1", "2025-06"), ("2025-Q3", "2025-09"), ("2025", "2025-12")):
        view = report_view(db, compile_report(db, plan_id=plan, period_key=key).report_id)
        assert {t.task_id: t.official_text for t in view.tasks} == by_month[month], key
        monthly = {i.indicator_id: i.actual_text for i in indicator_results(db, plan, month)}
        assert {i.indicator_id: i.actual_text for i in view.indicators} == monthly, key
    year = report_view(db, compile_report(db, plan_id=plan, period_key="2025").report_id)
    done_line = _line(year.sections["results"], "Trong kỳ đã hoàn thành")
    for t in year.tasks:
        done_on = _done_on(t)
        if done_on is not None and year.period.contains(done_on):
            assert f"{t.number}. {t.name} (" in done_line or "khác (chi tiết tại phụ lục)" in (
                done_line
            )


def _set_deadline(db: Database, task_id: int, text: str) -> None:
    update_task(db, task_id, dataclasses.replace(task_input_of(db, task_id), deadline=text))


# deadline → {period: words with nothing entered}
NOTHING_ENTERED = {
    "Tháng 9/2025": {
        "2025-09": "Chưa thực hiện",  # cut-off 14/09, due 30/09
        "2025-10": "Chưa thực hiện (quá hạn)",  # cut-off 14/10
        "2025-Q3": "Chưa thực hiện",
        "2025-Q4": "Chưa thực hiện (quá hạn)",
        "2025": "Chưa thực hiện (quá hạn)",
    },
    "Trước ngày 14/10/2025": {
        "2025-10": "Chưa thực hiện",  # the due day is the cut-off: still in time
        "2025-11": "Chưa thực hiện (quá hạn)",
    },
    "Quý III/2025": {"2025-09": "Chưa thực hiện", "2025-10": "Chưa thực hiện (quá hạn)"},
    "6 tháng đầu năm 2025": {
        "2025-06": "Chưa thực hiện",
        "2025-H1": "Chưa thực hiện",
        "2025-07": "Chưa thực hiện (quá hạn)",
    },
    "2025": {
        "2025": "Chưa thực hiện",
        "2025-12": "Chưa thực hiện",
        "2026-01": "Chưa thực hiện (quá hạn)",
    },
    "Hàng tháng": {"2025-09": "Chưa thực hiện", "2025-10": "Chưa thực hiện"},
    "Hàng quý": {"2025-09": "Chưa thực hiện", "2025-Q3": "Chưa thực hiện"},
    "Hàng năm": {"2025-12": "Chưa thực hiện", "2025": "Chưa thực hiện"},
    "Thường xuyên": {"2025-09": "Chưa thực hiện", "2030-01": "Chưa thực hiện"},
    "Khi có yêu cầu": {
        "2025-09": "Chưa đến điều kiện thực hiện",
        "2026-09": "Chưa đến điều kiện thực hiện",
    },
    "Đã hoàn thành": {"2025-01": "Hoàn thành đúng hạn", "2025": "Hoàn thành đúng hạn"},
    "Chưa xác định": {"2025-09": "Chưa thực hiện", "2030-01": "Chưa thực hiện"},
}

# deadline → (entry period, entry) → {period: words}
WITH_ENTRY: dict[str, tuple[str, ProgressInput, dict[str, str]]] = {
    "Tháng 9/2025": (
        "2025-09",
        ProgressInput("Đang thực hiện", percent=50),
        {
            "2025-08": "Chưa thực hiện",
            "2025-09": "Đang thực hiện trong hạn",
            "2025-10": "Đang thực hiện quá hạn",
            "2025": "Đang thực hiện quá hạn",
        },
    ),
    "Trước ngày 14/10/2025": (
        "2025-11",
        ProgressInput("Hoàn thành", completed_on=date(2025, 10, 20)),
        {"2025-10": "Chưa thực hiện", "2025-11": "Hoàn thành quá hạn"},
    ),
    "Hàng tháng": (
        "2025-09",
        ProgressInput("Hoàn thành", completed_on=date(2025, 9, 5)),
        # each month is its own occurrence: September's entry does not do October's
        {"2025-09": "Hoàn thành đúng hạn", "2025-10": "Chưa thực hiện"},
    ),
    "Hàng quý": (
        "2025-08",
        ProgressInput("Hoàn thành", completed_on=date(2025, 8, 1)),
        {
            "2025-08": "Hoàn thành đúng hạn",
            "2025-09": "Hoàn thành đúng hạn",
            "2025-10": "Chưa thực hiện",
        },
    ),
    "Hàng năm": (
        "2025-06",
        ProgressInput("Hoàn thành", completed_on=date(2025, 6, 1)),
        {
            "2025-12": "Hoàn thành đúng hạn",
            "2025": "Hoàn thành đúng hạn",
            "2026-01": "Chưa thực hiện",
        },
    ),
    "Thường xuyên": (
        "2025-09",
        ProgressInput("Đang thực hiện"),
        {"2025-09": "Đang thực hiện trong hạn", "2030-01": "Đang thực hiện trong hạn"},
    ),
    "Khi có yêu cầu": (
        "2025-10",
        ProgressInput("Đang thực hiện"),
        {"2025-09": "Chưa đến điều kiện thực hiện", "2025-10": "Đang thực hiện trong hạn"},
    ),
    "Đã hoàn thành": (
        "2025-10",
        ProgressInput("Tạm dừng"),
        {"2025-09": "Hoàn thành đúng hạn", "2025-10": "Tạm dừng"},
    ),
}


def test_status_words_at_period_boundaries_for_every_deadline_kind(db: Database) -> None:
    plan = _import(db, "thanh-mien.xlsx")
    ids = [t.task_id for t in task_statuses(db, plan, "2025-09")]
    texts = list(NOTHING_ENTERED)
    assert len(ids) >= 2 * len(texts)
    plain = dict(zip(texts, ids, strict=False))
    entered = dict(zip(texts, ids[len(texts) :], strict=False))
    for text in texts:
        _set_deadline(db, plain[text], text)
        _set_deadline(db, entered[text], text)
    kinds = {
        t.deadline_kind for t in task_statuses(db, plan, "2025-09") if t.task_id in plain.values()
    }
    assert kinds == {
        "once",
        "monthly",
        "quarterly",
        "yearly",
        "continuous",
        "conditional",
        "done",
        "unknown",
    }
    for text, (key, data, _want) in WITH_ENTRY.items():
        record_progress(db, task_id=entered[text], period_key=key, data=data)

    cache: dict[str, dict[int, str]] = {}

    def words(task_id: int, key: str) -> str:
        if key not in cache:
            cache[key] = {t.task_id: t.official_text for t in task_statuses(db, plan, key)}
        return cache[key][task_id]

    for text, expected in NOTHING_ENTERED.items():
        for key, want in expected.items():
            assert words(plain[text], key) == want, (text, key)
    for text, (_key, _data, expected) in WITH_ENTRY.items():
        for key, want in expected.items():
            assert words(entered[text], key) == want, (text, key)
    # the compiled monthly reports say the same
    september = report_view(db, compile_report(db, plan_id=plan, period_key="2025-09").report_id)
    october = report_view(db, compile_report(db, plan_id=plan, period_key="2025-10").report_id)
    sept = {t.task_id: t.official_text for t in september.tasks}
    octo = {t.task_id: t.official_text for t in october.tasks}
    assert sept[plain["Tháng 9/2025"]] == "Chưa thực hiện"
    assert octo[plain["Tháng 9/2025"]] == "Chưa thực hiện (quá hạn)"
    task = next(t for t in october.tasks if t.task_id == plain["Tháng 9/2025"])
    assert f"{task.number}. {task.name} (" in october.sections["shortcomings"]
    assert f"{task.number}. {task.name} (" not in september.sections["shortcomings"]
    assert period_from_key("2025-10").end == date(2025, 10, 14)
