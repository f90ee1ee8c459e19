"""QA walkthrough 2 (a reporting year, unit forms, receiving office): the defects it found."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from app.periods import period_words
from app.services.plan_import import import_plan_file
from app.services.progress_entry import ProgressInput, record_progress, task_statuses
from app.services.reports import compile_report, report_view
from app.ui import errors
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports import ReportsPage, units_tab
from app.ui.pages.reports.unit_dialogs import FormPreviewDialog
from qt_support import settings_in

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)


@pytest.fixture
def plan_id(db: Any) -> int:
    return import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id


def test_draft_counts_indicators_without_data_like_the_total(db: Any, plan_id: int) -> None:
    """31 rows of which 2 are headings: "0/29 đạt, …, 29 chưa có số liệu" added up to 31."""
    summary = compile_report(db, plan_id=plan_id, period_key="2026")
    text = report_view(db, summary.report_id).sections["results"]
    assert "Trong kỳ báo cáo (năm 2026)" in text
    assert "0/29 chỉ tiêu đạt, 0 chỉ tiêu chưa đạt, 29 chỉ tiêu chưa có số liệu" in text


@pytest.fixture
def page(qtbot: Any, db: Any, plan_id: int) -> ReportsPage:
    ctx = AppContext(db)
    ctx.select_plan(plan_id)
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 720)
    widget.show()
    widget.kind_combo.setCurrentIndex(widget.kind_combo.findData("monthly"))
    widget.period_combo.setCurrentIndex(widget.period_combo.findData("2025-09"))
    return widget


def test_unit_form_keeps_completion_date_and_says_it_was_applied(
    page: ReportsPage, db: Any, plan_id: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    task = next(t for t in task_statuses(db, plan_id, "2025-08") if t.number == "2.1")
    record_progress(
        db,
        task_id=task.task_id,
        period_key="2025-08",
        data=ProgressInput(status="done", result_text="Xong", completed_on=date(2025, 8, 10)),
    )
    page.tabs.setCurrentWidget(page.units)
    target = tmp_path / "phieu.xlsx"
    monkeypatch.setattr(units_tab, "ask_save_path", lambda *_a: str(target))
    monkeypatch.setattr(units_tab, "ask_open_path", lambda *_a: str(target))
    m = page.units.model.matrix
    row = next(i for i, (_id, n) in enumerate(m.units) if n == "Phòng Kinh tế")
    col = next(i for i, (k, _label) in enumerate(m.periods) if k == "2025-09")
    page.units.table.setCurrentIndex(page.units.model.index(row, col))
    assert page.units.export_button.isEnabled()
    suggested: list[str] = []
    monkeypatch.setattr(
        units_tab, "ask_save_path", lambda _p, _t, name, _f: suggested.append(name) or str(target)
    )
    page.units.export_button.click()
    assert suggested[0].startswith("Phiếu báo cáo 2025-09")
    # the unit sends its form back with 2.1 left as it came (Hoàn thành, pre-filled)
    monkeypatch.setattr(FormPreviewDialog, "exec", lambda self: self.accept() or 1)
    page.units.import_button.click()
    assert page.units.message.text() == "Đã ghi số liệu của phiếu vào tiến độ và kết quả chỉ tiêu."
    after = next(t for t in task_statuses(db, plan_id, "2025-09") if t.number == "2.1")
    assert after.from_period == "2025-09" and after.completed_on == date(2025, 8, 10)


def test_form_of_another_period_is_named_in_words(
    page: ReportsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _p, exc: shown.append(errors.message_for(exc)))
    target = tmp_path / "phieu.xlsx"
    monkeypatch.setattr(units_tab, "ask_save_path", lambda *_a: str(target))
    monkeypatch.setattr(units_tab, "ask_open_path", lambda *_a: str(target))
    page.tabs.setCurrentWidget(page.units)
    m = page.units.model.matrix
    row = next(i for i, (_id, n) in enumerate(m.units) if n == "Phòng Kinh tế")
    cols = {k: i for i, (k, _label) in enumerate(m.periods)}
    page.units.table.setCurrentIndex(page.units.model.index(row, cols["2025-09"]))
    page.units.export_button.click()
    page.units.table.setCurrentIndex(page.units.model.index(row, cols["2025-10"]))
    page.units.import_button.click()
    assert shown == [
        "Phiếu này là của kỳ tháng 9/2025, không phải kỳ tháng 10/2025; "
        "hãy chọn đúng phiếu của kỳ này."
    ]


def test_opened_bundle_message_names_the_period_in_words() -> None:
    assert period_words("2026") == "năm 2026"
    assert period_words("2025-09") == "tháng 9/2025"
    assert period_words("??") == "kỳ ??"


def test_qt_file_dialog_labels_are_vietnamese(qtbot: Any) -> None:
    from app.ui.qt_vi import install_vietnamese_qt

    install_vietnamese_qt()
    dialog = QFileDialog(None, "Lưu", "", "Tệp Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Thư &mục:" in texts and "&Loại tệp:" in texts
    assert not any("Look" in t or "Files of" in t for t in texts)


def test_a_draft_report_title_takes_the_plan_number_given_later(db) -> None:
    from app.models import Plan
    from app.services.plan_import import import_plan_file
    from app.services.reports import compile_report, lock_report, report_view

    plan_id = import_plan_file(db, SAMPLE.with_name("tam-chung.xlsx"), commune="Tam Chung").plan_id
    first = compile_report(db, plan_id=plan_id, period_key="2025-09").report_id
    assert report_view(db, first).title == "Kết quả thực hiện Kế hoạch tháng 9/2025"
    with db.begin() as s:
        plan = s.get(Plan, plan_id)
        assert plan is not None
        plan.number = "45/KH-UBND"
    compile_report(db, plan_id=plan_id, period_key="2025-09")  # opening the period again
    assert report_view(db, first).title == "Kết quả thực hiện Kế hoạch số 45/KH-UBND tháng 9/2025"
    lock_report(db, first)
    with db.begin() as s:
        plan = s.get(Plan, plan_id)
        assert plan is not None
        plan.number = "46/KH-UBND"
    compile_report(db, plan_id=plan_id, period_key="2025-09")
    assert "số 45/KH-UBND" in report_view(db, first).title  # a locked report stays as locked


def test_a_reopened_numbered_report_says_it_still_carries_the_old_number(qtbot, db) -> None:
    from datetime import date

    from app.services.plan_import import import_plan_file
    from app.services.reports import compile_report, lock_report, record_issued, unlock_report
    from app.ui.context import AppContext
    from app.ui.pages.reports.report_tab import ReportTab

    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    report_id = compile_report(db, plan_id=plan_id, period_key="2025-09").report_id
    tab = ReportTab(AppContext(db))
    qtbot.addWidget(tab)
    tab.set_period(plan_id, "2025-09")
    assert "vẫn mang số" not in tab.state.text()
    lock_report(db, report_id)
    record_issued(db, report_id, number="98/BC-UBND", issue_date=date(2025, 10, 10))
    unlock_report(db, report_id, "Cập nhật kết quả chỉ tiêu 1.1")
    tab.set_period(plan_id, "2025-09")
    assert "Số: 98/BC-UBND" in tab.state.text() and "lần 2" in tab.state.text()
    assert "vẫn mang số và ngày ban hành của lần trước" in tab.state.text()


def test_profile_examples_follow_the_commune_name(qtbot) -> None:
    from app.ui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.issuer.placeholderText() == "ỦY BAN NHÂN DÂN\nXÃ TAM CHUNG"
    dialog.name.setText("Thanh Miện")
    assert dialog.issuer.placeholderText() == "ỦY BAN NHÂN DÂN\nXÃ THANH MIỆN"
    assert dialog.place.placeholderText().endswith("Thanh Miện")
