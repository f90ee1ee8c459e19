"""Báo cáo screen offscreen on the Thanh Miện sample: progress, indicators, units, report."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from app.services.plan_import import import_plan_file
from app.services.progress_entry import task_statuses
from app.services.reports import plan_reports, report_view
from app.ui import errors
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports import ReportsPage, common, report_tab, units_tab
from app.ui.pages.reports.indicators_tab import ACTUAL, VERDICT
from app.ui.pages.reports.issued_dialog import IssuedDialog
from app.ui.pages.reports.progress_dialog import ProgressDialog
from app.ui.pages.reports.unit_dialogs import FormPreviewDialog
from qt_support import settings_in

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    return []


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages that would have been shown to the officer."""
    messages: list[str] = []
    monkeypatch.setattr(
        errors, "show_error", lambda _parent, exc: messages.append(errors.message_for(exc))
    )
    return messages


@pytest.fixture
def page(qtbot: Any, db: Any) -> ReportsPage:
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx = AppContext(db)
    ctx.select_plan(plan_id)
    widget = ReportsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 720)
    widget.show()
    widget.kind_combo.setCurrentIndex(widget.kind_combo.findData("monthly"))
    widget.period_combo.setCurrentIndex(widget.period_combo.findData("2025-09"))
    return widget


def _fake_exec(monkeypatch: pytest.MonkeyPatch, cls: type, fill: Any) -> list[Any]:
    opened: list[Any] = []

    def fake(self: Any) -> int:
        opened.append(self)
        fill(self)
        self.accept()
        return int(self.result())

    monkeypatch.setattr(cls, "exec", fake)
    return opened


def _select_task(page: ReportsPage, number: str) -> None:
    page.tabs.setCurrentWidget(page.tasks)
    row = next(i for i, r in enumerate(page.tasks.model.rows) if r.number == number)
    page.tasks.select_task(page.tasks.model.rows[row].task_id)


def _status_cell(page: ReportsPage, number: str) -> str:
    model = page.tasks.model
    row = next(i for i, r in enumerate(model.rows) if r.number == number)
    return str(model.index(row, model.STATUS_COLUMN).data())


def _type(editor: Any, text: str) -> None:
    """Replace an editor's text as typing does (undoable, marks the document modified)."""
    editor.selectAll()
    editor.insertPlainText(text)


def _save_shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))


def test_entering_progress_updates_the_official_status(page, monkeypatch, qtbot) -> None:
    def fill(d: ProgressDialog) -> None:
        d.status.setCurrentIndex(d.status.findData("done"))
        d.completed.setDate(QDate(2025, 8, 25))
        d.result_edit.setPlainText("Đã tổ chức hội nghị quán triệt")
        d.evidence.setText("Kế hoạch số 45/KH-UBND ngày 05/8/2025")
        _save_shot(d, "progress-dialog.png")

    opened = _fake_exec(monkeypatch, ProgressDialog, fill)
    assert _status_cell(page, "1.1") == "Chưa thực hiện (quá hạn)"
    _select_task(page, "1.1")
    qtbot.keyClick(page.tasks.table, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert _status_cell(page, "1.1") == "Hoàn thành đúng hạn"
    row = next(r for r in page.tasks.model.rows if r.number == "1.1")
    assert (row.percent, row.evidence) == (100, "Kế hoạch số 45/KH-UBND ngày 05/8/2025")
    _save_shot(page, "reports-tasks.png")


def test_not_done_without_reason_shows_error_and_writes_nothing(
    page, db, monkeypatch, shown
) -> None:
    focused: list[str] = []

    def fill(d: ProgressDialog) -> None:
        d.status.setCurrentIndex(d.status.findData("cancelled"))
        monkeypatch.setattr(d.reason, "setFocus", lambda: focused.append("reason"))

    opened = _fake_exec(monkeypatch, ProgressDialog, fill)
    _select_task(page, "1.3")
    page.tasks.edit_current()
    assert opened and opened[0].result() == 0  # the dialog stayed open
    assert shown == ["Nhiệm vụ không thực hiện phải ghi rõ lý do."]
    assert focused == ["reason"]
    plan_id = page.plan_id()
    assert plan_id is not None
    assert all(t.entered is None for t in task_statuses(db, plan_id, "2025-09"))


def test_indicator_value_with_decimal_comma(page) -> None:
    page.tabs.setCurrentWidget(page.indicators)
    model, proxy = page.indicators.model, page.indicators.proxy
    row = next(i for i, r in enumerate(model.rows) if r.code == "1.1")
    assert proxy.setData(proxy.mapFromSource(model.index(row, ACTUAL)), "85,5")
    stored = next(r for r in model.rows if r.code == "1.1")
    assert (stored.actual_text, stored.actual_value, stored.attainment) == ("85,5", 85.5, "Đạt")
    qual = next(i for i, r in enumerate(model.rows) if r.code == "6")
    assert model.flags(model.index(qual, VERDICT)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, VERDICT)) & Qt.ItemFlag.ItemIsEditable
    model.setData(model.index(qual, VERDICT), "Chưa đạt")
    assert next(r for r in model.rows if r.code == "6").attainment == "Chưa đạt"
    model.setData(model.index(row, ACTUAL), "120")
    warned = next(i for i, r in enumerate(model.rows) if r.code == "1.1")
    assert "ngoài khoảng" in str(model.index(warned, ACTUAL).data(Qt.ItemDataRole.ToolTipRole))
    assert model.index(warned, ACTUAL).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "1 cần kiểm tra lại" in page.indicators.summary.text()
    _save_shot(page, "reports-indicators.png")


def _select_unit(page: ReportsPage, name: str, period_key: str) -> None:
    m = page.units.model.matrix
    row = next(i for i, (_id, n) in enumerate(m.units) if n == name)
    col = next(i for i, (k, _label) in enumerate(m.periods) if k == period_key)
    page.units.table.setCurrentIndex(page.units.model.index(row, col))


def test_unit_form_export_fill_import_apply(page, monkeypatch, shown, tmp_path) -> None:
    from openpyxl import load_workbook

    page.tabs.setCurrentWidget(page.units)
    target = tmp_path / "phieu.xlsx"
    monkeypatch.setattr(units_tab, "ask_save_path", lambda *_a: str(target))
    monkeypatch.setattr(units_tab, "ask_open_path", lambda *_a: str(target))
    _select_unit(page, "Phòng Văn hoá - Xã hội", "2025-09")
    page.units.export_button.click()
    assert target.exists() and "Đã lưu phiếu" in page.units.message.text()
    wb = load_workbook(target)
    ws = wb["Nhiệm vụ"]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "2.4")
    ws.cell(row, 4, "Đang thực hiện")
    ws.cell(row, 5, 60)
    ws.cell(row, 6, "Đã cấp cho 20/25 cán bộ")
    wb.save(target)
    previews = _fake_exec(monkeypatch, FormPreviewDialog, lambda _d: None)
    page.units.import_button.click()
    assert previews and any(c.number == "2.4" for c in previews[0].preview.changes)
    _save_shot(previews[0], "reports-form-preview.png")
    assert _status_cell(page, "2.4") == "Đang thực hiện quá hạn"
    cell = page.units.table.currentIndex().data()
    assert cell.startswith("Quá hạn") and date.today().strftime("%d/%m/%Y") in cell
    # the September form offered for October is refused with the service's words
    _select_unit(page, "Phòng Văn hoá - Xã hội", "2025-10")
    page.units.import_button.click()
    assert len(previews) == 1
    assert shown and "của kỳ tháng 9/2025, không phải kỳ tháng 10/2025" in shown[-1]
    _save_shot(page, "reports-units.png")


def test_compile_edit_lock_issue_and_export(page, db, monkeypatch, shown, tmp_path) -> None:
    tab = page.report
    page.tabs.setCurrentWidget(tab)
    assert "chưa có báo cáo" in tab.state.text()
    tab.compile_button.click()
    assert tab.report is not None and "31 nhiệm vụ" in tab.editors["results"].toPlainText()
    assert "Nháp" in page.period_combo.currentText()
    _type(tab.editors["proposals"], "Đề nghị tỉnh hỗ trợ kinh phí.")
    _type(tab.editors["kinh_gui"], "UBND tỉnh Hải Dương\nSở Khoa học và Công nghệ")
    assert tab.save_button.shortcut().toString() == "Ctrl+S"
    tab.save_button.click()
    view = report_view(db, tab.report.report_id)
    assert view.sections["proposals"] == "Đề nghị tỉnh hỗ trợ kinh phí."
    assert view.kinh_gui == ["UBND tỉnh Hải Dương", "Sở Khoa học và Công nghệ"]
    _type(tab.editors["results"], "Văn bản sửa trước khi khoá")
    tab.lock_button.click()  # saves the edit, then locks
    assert tab.report.status == "locked" and tab.editors["results"].isReadOnly()
    assert tab.report.sections["results"] == "Văn bản sửa trước khi khoá"
    assert tab.unlock_button.isEnabled() and not tab.save_button.isEnabled()
    _fake_exec(
        monkeypatch,
        IssuedDialog,
        lambda d: (d.number.setText("125/BC-UBND"), d.issue_date.setDate(QDate(2025, 9, 20))),
    )
    tab.issued_button.click()
    assert (tab.report.number, tab.report.issue_date) == ("125/BC-UBND", date(2025, 9, 20))
    assert "125/BC-UBND" in tab.state.text() and "20/09/2025" in tab.state.text()
    _save_shot(page, "reports-report.png")
    monkeypatch.setattr(report_tab, "ask_reason", lambda *_a: "Sửa số liệu")
    tab.unlock_button.click()
    plan_id = page.plan_id()
    assert plan_id is not None
    assert plan_reports(db, plan_id)["2025-09"].revision == 2
    assert "(lần 2)" in page.period_combo.currentText()
    xlsx = tmp_path / "bao-cao.xlsx"
    monkeypatch.setattr(report_tab, "ask_save_path", lambda *_a: str(xlsx))
    tab.excel_button.click()
    assert xlsx.exists() and xlsx.read_bytes()[:2] == b"PK"
    calls: list[dict[str, Any]] = []
    import app.ui.preview

    monkeypatch.setattr(app.ui.preview, "open_preview", lambda _p, **kw: calls.append(kw))
    tab.preview_button.click()
    assert calls and calls[0]["suggested_name"].endswith(".pdf")
    monkeypatch.setitem(sys.modules, "app.ui.preview", None)  # not installed yet
    tab.preview_button.click()
    assert "đang được hoàn thiện" in shown[-1]


def test_redraft_is_undoable_and_period_switch_keeps_text(page, db) -> None:
    tab = page.report
    tab.compile_button.click()
    assert tab.compile_button.text() == "Soạn lại phần số liệu"
    _type(tab.editors["results"], "Tự viết")
    tab.compile_button.click()
    assert "31 nhiệm vụ" in tab.editors["results"].toPlainText()
    tab.editors["results"].undo()
    assert tab.editors["results"].toPlainText() == "Tự viết"
    rid = tab.report.report_id if tab.report else 0
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-10"))
    assert tab.report is None and report_view(db, rid).sections["results"] == "Tự viết"


def test_kind_and_tab_are_remembered(page, qtbot, db) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("quarterly"))
    page.tabs.setCurrentIndex(2)
    assert page.period_key().startswith(("2025-Q", "2026-Q"))
    again = ReportsPage(page.ctx)
    qtbot.addWidget(again)
    assert again.kind() == "quarterly" and again.tabs.currentIndex() == 2
    keys = [again.period_combo.itemData(i) for i in range(again.period_combo.count())]
    assert keys[0] == "2025-Q1" and keys[-1] == "2030-Q4"
    assert common.days_text(-3) == "quá hạn 3 ngày" and common.days_text(4) == "còn 4 ngày"


def test_adhoc_report_from_the_screen(
    page: ReportsPage, monkeypatch: pytest.MonkeyPatch, db: Any
) -> None:
    from app.ui.pages.reports.adhoc_dialog import AdhocDialog

    def fill(dialog: AdhocDialog) -> None:
        dialog.start.setDate(QDate(2025, 8, 1))
        dialog.end.setDate(QDate(2025, 10, 20))

    _fake_exec(monkeypatch, AdhocDialog, fill)
    page.adhoc_button.click()
    assert page.kind() == "adhoc"
    assert page.period_key() == "adhoc-20250801-20251020"
    assert "adhoc-20250801-20251020" in plan_reports(db, page.plan_id())
    view = report_view(db, plan_reports(db, page.plan_id())["adhoc-20250801-20251020"].report_id)
    assert view.period.label_vi == "Đột xuất từ 01/08/2025 đến 20/10/2025"
    assert len(view.tasks) == 31


def test_adhoc_dialog_refuses_a_reversed_window(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.pages.reports import adhoc_dialog

    shown: list[str] = []
    monkeypatch.setattr(adhoc_dialog, "show_error", lambda _p, exc: shown.append(exc.message))
    dialog = adhoc_dialog.AdhocDialog()
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(2025, 10, 1))
    dialog.end.setDate(QDate(2025, 9, 1))
    dialog.accept()
    assert dialog.period is None
    assert shown == ["Ngày kết thúc kỳ báo cáo đột xuất phải sau hoặc trùng ngày bắt đầu."]


def test_progress_dialog_offers_the_condition_only_for_conditional_tasks(
    qtbot: Any, db: Any
) -> None:
    from app.services.plan_edit import PlanInput, TaskInput, create_plan

    plan_id = create_plan(
        db,
        PlanInput(
            number="01/KH-UBND",
            title="Kế hoạch",
            tasks=[
                TaskInput("1", "Kết nối hệ thống của tỉnh", deadline="Khi có đề nghị"),
                TaskInput("2", "Đào tạo", deadline="Tháng 9/2025"),
            ],
        ),
    )
    conditional, ordinary = task_statuses(db, plan_id, "2025-09")
    dialog = ProgressDialog(
        conditional, period_label="Tháng 9/2025", cutoff=date(2025, 9, 14), parent=None
    )
    qtbot.addWidget(dialog)
    assert dialog.value().condition_arrived is False
    dialog.condition.setChecked(True)
    assert dialog.value().condition_arrived is True
    other = ProgressDialog(
        ordinary, period_label="Tháng 9/2025", cutoff=date(2025, 9, 14), parent=None
    )
    qtbot.addWidget(other)
    assert other.value().condition_arrived is None


def test_heading_rows_are_bold_read_only_and_not_counted(page) -> None:
    page.tabs.setCurrentWidget(page.indicators)
    model = page.indicators.model
    assert len(model.rows) == 31  # every row of the appendix is shown
    heading = next(i for i, r in enumerate(model.rows) if r.code == "1")
    measured = next(i for i, r in enumerate(model.rows) if r.code == "1.1")
    assert not model.flags(model.index(heading, ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(measured, ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(heading, 1).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(measured, 1).data(Qt.ItemDataRole.FontRole) is None
    # "1" and "11" head their sub-indicators; "6" has a target of its own and is judged
    assert page.indicators.summary.text().startswith("29 chỉ tiêu · 0 đạt · 0 chưa đạt")
    assert [model.index(heading, c).data() for c in range(3, 7)] == ["", "", "", ""]


def test_the_chosen_period_and_plan_are_in_full_in_their_tooltips(page) -> None:
    assert page.period_combo.toolTip() == page.period_combo.currentText()
    assert page.period_combo.toolTip().startswith("Tháng 9/2025 — ")
    # the deadline's year is the period's, so it is left out: the line fits 1366 px
    assert "— hạn 14/09, quá hạn" in page.period_combo.currentText()
    assert page.plan_combo.toolTip() == page.plan_combo.currentText() != ""
