"""The commune report's lifecycle: Nháp → Đã chốt (frozen) → Đã gửi, and revisions."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.errors import ValidationError
from app.models import Plan, Report, ReportRevision
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
from app.services.report_history import NO_CHANGE
from app.services.reports import (
    SectionsInput,
    compile_report,
    lock_report,
    mark_sent,
    plan_reports,
    record_issued,
    report_data,
    report_revisions,
    report_view,
    save_sections,
    unlock_report,
)
from qt_support import settings_in

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"


@pytest.fixture
def plan(db: Database) -> int:
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    with db.begin() as s:
        row = s.get(Plan, plan_id)
        assert row is not None
        row.number = "112/KH-UBND"
    save_profile(db, ProfileData("Thanh Miện", "Hải Dương"))
    return plan_id


def _task_id(db: Database, plan: int, number: str) -> int:
    return next(t.task_id for t in task_statuses(db, plan, "2025-09") if t.number == number)


def _ind_id(db: Database, plan: int, code: str) -> int:
    return next(i.indicator_id for i in indicator_results(db, plan, "2025-09") if i.code == code)


def _cells(xlsx: bytes) -> list[list[object]]:
    """Every cell value of every sheet (the file's bytes carry the moment it was written)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    return [[c for row in ws.iter_rows(values_only=True) for c in row] for ws in book]


def _row(view, number: str):  # type: ignore[no-untyped-def]
    return next(t for t in view.tasks if t.number == number)


def test_a_locked_report_does_not_follow_later_edits(db: Database, plan: int) -> None:
    from app.services.documents import report_pdf, report_xlsx

    t11, i11 = _task_id(db, plan, "1.1"), _ind_id(db, plan, "1.1")
    progress = ProgressInput("Đang thực hiện", percent=40, result_text="Đã quán triệt ở 3 thôn")
    record_progress(db, task_id=t11, period_key="2025-09", data=progress)
    record_result(db, indicator_id=i11, period_key="2025-09", data=ResultInput("60,5"))
    rid = compile_report(db, plan_id=plan, period_key="2025-09").report_id
    lock_report(db, rid)
    before = report_view(db, rid)
    data_before = report_data(before)
    counts_before = compile_report(db, plan_id=plan, period_key="2025-09").counts
    xlsx_before = _cells(report_xlsx(db, rid))
    assert before.status == "locked" and _row(before, "1.1").percent == 40

    # the units report more after the lock; the plan's number changes
    done = ProgressInput("Hoàn thành", result_text="Đã quán triệt ở 12 thôn")
    record_progress(db, task_id=t11, period_key="2025-09", data=done)
    record_result(db, indicator_id=i11, period_key="2025-09", data=ResultInput("85"))
    record_progress(
        db,
        task_id=_task_id(db, plan, "2.4"),
        period_key="2025-09",
        data=ProgressInput("Hoàn thành"),
    )
    assert next(t for t in task_statuses(db, plan, "2025-09") if t.task_id == t11).entered == "done"

    after = report_view(db, rid)
    assert report_data(after) == data_before
    assert after.tasks == before.tasks and after.indicators == before.indicators
    assert after.counts == before.counts == counts_before
    assert compile_report(db, plan_id=plan, period_key="2025-09").counts == counts_before
    assert _cells(report_xlsx(db, rid)) == xlsx_before
    assert report_pdf(db, rid).startswith(b"%PDF-")
    lock_report(db, rid)  # locking again takes no new snapshot
    assert report_data(report_view(db, rid)) == data_before
    # the number and date of issue are still recorded on a locked report
    record_issued(db, rid, number="125/BC-UBND", issue_date=date(2025, 9, 20))
    issued = report_data(report_view(db, rid))
    assert issued["report"]["number"] == "125/BC-UBND"
    assert issued["tasks"] == data_before["tasks"]


def test_unlock_needs_a_reason_and_records_what_changed(db: Database, plan: int) -> None:
    t11, i11 = _task_id(db, plan, "1.1"), _ind_id(db, plan, "1.1")
    record_progress(
        db, task_id=t11, period_key="2025-09", data=ProgressInput("Đang thực hiện", percent=40)
    )
    record_result(db, indicator_id=i11, period_key="2025-09", data=ResultInput("60,5"))
    rid = compile_report(db, plan_id=plan, period_key="2025-09").report_id
    lock_report(db, rid)
    record_progress(
        db,
        task_id=t11,
        period_key="2025-09",
        data=ProgressInput(
            "Hoàn thành", result_text="Đã quán triệt", completed_on=date(2025, 9, 1)
        ),
    )
    record_result(db, indicator_id=i11, period_key="2025-09", data=ResultInput("85"))

    for blank in ("", "   "):
        with pytest.raises(ValidationError) as info:
            unlock_report(db, rid, blank)
        assert info.value.message.startswith("Hãy ghi lý do sửa báo cáo đã chốt")
    assert report_view(db, rid).revision == 1 and report_revisions(db, rid) == []

    unlock_report(db, rid, "Cập nhật kết quả nhiệm vụ 1.1")
    view = report_view(db, rid)
    assert (view.status, view.revision) == ("draft", 2)
    assert _row(view, "1.1").official_text == "Hoàn thành quá hạn"  # the draft follows the data
    [rev] = report_revisions(db, rid)
    assert (rev.revision, rev.reason) == (2, "Cập nhật kết quả nhiệm vụ 1.1")
    lines = rev.changes.splitlines()
    task_line = next(line for line in lines if line.startswith("Nhiệm vụ 1.1."))
    assert "trạng thái “Đang thực hiện quá hạn” thành “Hoàn thành quá hạn”" in task_line
    assert "kết quả (trống) thành “Đã quán triệt”" in task_line
    assert "tỷ lệ hoàn thành 40% thành 100%" in task_line
    ind_line = next(line for line in lines if line.startswith("Chỉ tiêu 1.1."))
    assert "giá trị “60,5” thành “85”" in ind_line
    assert "(Chưa đạt thành Đạt)" in ind_line
    assert len(lines) == 2

    # more corrections before locking again: the record is brought up to date at the lock
    save_sections(db, rid, SectionsInput("Kết quả đã sửa", "", "", "", []))
    record_progress(
        db,
        task_id=_task_id(db, plan, "2.4"),
        period_key="2025-09",
        data=ProgressInput("Đang thực hiện", result_text="Đang soạn"),
    )
    lock_report(db, rid)
    [rev] = report_revisions(db, rid)
    assert rev.changes.startswith(task_line)
    assert any(line.startswith("Nhiệm vụ 2.4.") for line in rev.changes.splitlines())
    assert "Sửa nội dung phần I. Kết quả thực hiện." in rev.changes
    locked = report_data(report_view(db, rid))
    assert locked["report"]["revision"] == 2
    assert locked["report"]["sections"]["results"] == "Kết quả đã sửa"

    unlock_report(db, rid, "Ghi số văn bản")  # nothing changed this time
    lock_report(db, rid)
    revs = report_revisions(db, rid)
    assert [(r.revision, r.changes) for r in revs][1:] == [(3, NO_CHANGE)]
    with db.read() as s:
        assert len(s.scalars(select(ReportRevision)).all()) == 2


def test_sending_marks_the_report_sent(db: Database, plan: int, tmp_path: Path) -> None:
    from app.services.submission import export_bundle, list_sendable

    rid = compile_report(db, plan_id=plan, period_key="2025-09").report_id
    mark_sent(db, rid)  # a draft is not sent by this alone
    assert plan_reports(db, plan)["2025-09"].status == "draft"
    export_bundle(db, rid, tmp_path)  # locks, then records the submission
    assert plan_reports(db, plan)["2025-09"].status == "sent"
    assert list_sendable(db)[0].status_label == "Đã gửi"
    sent = report_data(report_view(db, rid))
    record_progress(
        db,
        task_id=_task_id(db, plan, "1.1"),
        period_key="2025-09",
        data=ProgressInput("Hoàn thành"),
    )
    assert report_data(report_view(db, rid)) == sent  # a sent report is frozen too
    with pytest.raises(ValidationError):
        save_sections(db, rid, SectionsInput("x", "", "", "", []))
    unlock_report(db, rid, "Bổ sung kết quả")
    assert plan_reports(db, plan)["2025-09"].status == "draft"
    assert report_revisions(db, rid)[0].changes.startswith("Nhiệm vụ 1.1.")
    second = export_bundle(db, rid, tmp_path)
    assert second.path.name.endswith("_r2.kh57")
    assert plan_reports(db, plan)["2025-09"].status == "sent"
    mark_sent(db, rid)
    assert plan_reports(db, plan)["2025-09"].status == "sent"


def test_the_draft_names_completed_and_overdue_tasks(db: Database, plan: int) -> None:
    record_progress(
        db,
        task_id=_task_id(db, plan, "1.1"),  # "Tháng 8/2025"
        period_key="2025-08",
        data=ProgressInput("Hoàn thành", completed_on=date(2025, 8, 10)),
    )
    record_progress(
        db,
        task_id=_task_id(db, plan, "1.3"),  # "2025"
        period_key="2025-09",
        data=ProgressInput("Hoàn thành"),  # no date: done in the September period
    )
    sept = report_view(db, compile_report(db, plan_id=plan, period_key="2025-09").report_id)
    results = sept.sections["results"]
    assert "Trong kỳ đã hoàn thành 1 nhiệm vụ: 1.3. " in results  # 1.1 was done in August
    assert "(Phòng Văn hoá - Xã hội chủ trì)" in results
    aug = report_view(db, compile_report(db, plan_id=plan, period_key="2025-08").report_id)
    assert "Trong kỳ đã hoàn thành 1 nhiệm vụ: 1.1. " in aug.sections["results"]
    assert ", ngày 10/08/2025)" in aug.sections["results"]
    # 2.4 ("Tháng 7/2025") is overdue: named with its lead unit and deadline
    late = sept.sections["shortcomings"]
    assert "2.4. " in late and "(Phòng Văn hoá - Xã hội chủ trì, hạn Tháng 7/2025, " in late
    assert "Đơn vị có nhiệm vụ quá hạn: Phòng Văn hoá - Xã hội (" in late
    # entering "Hoàn thành" again in October does not make 1.3 completed in October
    record_progress(
        db,
        task_id=_task_id(db, plan, "1.3"),
        period_key="2025-10",
        data=ProgressInput("Hoàn thành", result_text="Đã đưa vào tiêu chí"),
    )
    octo = report_view(db, compile_report(db, plan_id=plan, period_key="2025-10").report_id)
    assert "Trong kỳ chưa có nhiệm vụ nào được hoàn thành." in octo.sections["results"]


def test_migration_keeps_reports_and_renames_issued(tmp_path: Path) -> None:
    from alembic import command

    from app.db import alembic_config, make_engine, open_database

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0004")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO plan (id, number, doc_type, title, commune, issue_place, legal_bases,"
        " objectives, requirements, organisation, reporting_rule, recipients, signer_authority,"
        " signer_title, signer_name, status, source_file, created_at, updated_at) VALUES"
        " (1, '1/KH', 'KH', 'KH', 'X', '', '[]', '', '', '', '', '[]', '[]', '', '', 'issued',"
        " '', '2025-01-01', '2025-01-01')"
    )
    con.execute(
        "INSERT INTO report (plan_id, period_key, kind, period_start, period_end, title, number,"
        " revision, status, kinh_gui, results, shortcomings, next_tasks, proposals, created_at,"
        " updated_at) VALUES (1, '2025-09', 'monthly', '2025-08-15', '2025-09-14', 'BC', '', 1,"
        " 'issued', '[]', '', '', '', '', '2025-01-01', '2025-01-01')"
    )
    con.commit()
    con.close()
    db = open_database(path)
    try:
        with db.read() as s:
            report = s.scalars(select(Report)).one()
            assert (report.status, report.snapshot) == ("sent", None)
        view = report_view(db, report.id)  # no snapshot yet: read from the data
        assert view.status == "sent" and view.tasks == []
        unlock_report(db, report.id, "Sửa")
        assert report_revisions(db, report.id)[0].changes == ""
    finally:
        db.close()


def test_the_screen_asks_why_and_shows_the_history(
    qtbot: Any, db: Database, plan: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:

    from app.ui import errors
    from app.ui.context import AppContext
    from app.ui.ops import DbOp
    from app.ui.pages.reports import report_tab
    from app.ui.pages.reports.report_tab import ReportTab

    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc: shown.append(errors.message_for(exc)))
    tab = ReportTab(AppContext(db))
    qtbot.addWidget(tab)
    tab.changed.connect(lambda _c: tab.refresh())
    tab.set_period(plan, "2025-09")
    tab.compile_button.click()
    tab.refresh()
    tab.lock_button.click()
    assert tab.report is not None and tab.report.status == "locked"
    prompts: list[str] = []
    monkeypatch.setattr(report_tab, "ask_reason", lambda _p, text: prompts.append(text))  # cancel
    tab.unlock_button.click()
    assert prompts and "lần 2" in prompts[0] and tab.report.status == "locked"
    monkeypatch.setattr(report_tab, "ask_reason", lambda *_a: "  ")
    tab.unlock_button.click()
    assert shown and shown[-1].startswith("Hãy ghi lý do sửa báo cáo đã chốt")
    monkeypatch.setattr(report_tab, "ask_reason", lambda *_a: "Bổ sung số liệu <thôn 3>")
    tab.unlock_button.click()
    assert (tab.report.status, tab.report.revision) == ("draft", 2)
    assert "Lần 2 (" in tab.state.text() and "Bổ sung số liệu &lt;thôn 3&gt;" in tab.state.text()
