"""What a new commune officer ran into on a real screen (1366×768), each kept fixed here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
)

from app.services.plan_import import import_plan_file
from app.ui.context import AppContext
from app.ui.ops import DbOp
from qt_support import settings_in

SAMPLES = Path(__file__).parent / "data" / "samples"
THANH_MIEN = SAMPLES / "thanh-mien.xlsx"


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Ops run inline; settings go to a temporary file; message boxes are collected."""
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield shown
    assert shown == []


def _in_window(qtbot: Any, page: Any, size: tuple[int, int] = (1200, 650)) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(page)
    window.resize(*size)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _wrapped_labels_fit(dialog: Any) -> None:
    for label in dialog.findChildren(QLabel):
        if label.wordWrap() and label.isVisible() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


# ------------------------------------------------------------------ Qt's own texts


@pytest.fixture
def vietnamese_qt() -> Iterator[None]:
    from app.ui import qt_vi

    qt_vi.install_vietnamese_qt()
    yield
    app = QApplication.instance()
    for translator in qt_vi._installed:
        app.removeTranslator(translator)
    qt_vi._installed.clear()


def test_qt_buttons_are_vietnamese_and_shortcuts_keep_ctrl(qtbot, vietnamese_qt) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "&Không"]
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Huỷ", "Đồng ý"]
    # an untranslated text must stay Qt's own: "" instead of None had dropped "Ctrl+"
    native = QKeySequence("Ctrl+Shift+B").toString(QKeySequence.SequenceFormat.NativeText)
    assert native == "Ctrl+Shift+B"


# ------------------------------------------------------------------ forms: Tab moves on


def test_tab_leaves_multiline_fields_of_the_profile_and_plan_dialogs(qtbot) -> None:
    from app.services.plan_info import PlanInfo
    from app.ui.plan_dialog import PlanDialog
    from app.ui.profile_dialog import ProfileDialog

    profile = ProfileDialog(None)
    qtbot.addWidget(profile)
    for box in (profile.issuer, profile.authority, profile.recipients):
        box.setPlainText("ỦY BAN NHÂN DÂN")
        QTest.keyClick(box, Qt.Key.Key_Tab)
        assert box.toPlainText() == "ỦY BAN NHÂN DÂN"  # no tab character typed in
    plan = PlanDialog(PlanInfo(number="", title="Kế hoạch", commune="Tam Chung"))
    qtbot.addWidget(plan)
    from PySide6.QtWidgets import QPlainTextEdit

    assert all(box.tabChangesFocus() for box in plan.findChildren(QPlainTextEdit))
    assert plan.focusWidget() is plan.number  # the number is what an import leaves empty


# ------------------------------------------------------------------ Kế hoạch


def test_plan_buttons_are_greyed_until_there_is_a_plan(qtbot, db) -> None:
    from app.ui.pages.plans import PlansPage

    ctx = AppContext(db)
    page = PlansPage(ctx)
    window = _in_window(qtbot, page)  # noqa: F841  (kept alive for the test)
    acting = (page.edit_button, page.print_button, page.export_button, page.delete_button)
    assert not any(b.isEnabled() for b in acting)
    assert page.import_button.isEnabled()
    plan_id = import_plan_file(db, THANH_MIEN, commune="Thanh Miện").plan_id
    ctx.changed.emit(__import__("app.services", fromlist=["Changes"]).Changes(plans=True))
    assert ctx.current_plan_id == plan_id
    assert all(b.isEnabled() for b in acting)


def test_import_preview_makes_nhap_the_enter_button(qtbot, db) -> None:
    from app.ui.import_dialog import ImportDialog

    dialog = ImportDialog(AppContext(db), SAMPLES / "tam-chung.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview is not None
    assert dialog.import_button.isDefault() and dialog.import_button.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert dialog.focusWidget() is not cancel  # Enter no longer throws the preview away


# ------------------------------------------------------------------ Nhiệm vụ, Chỉ tiêu


def test_tasks_columns_fit_the_shown_width_and_delete_has_a_button(qtbot, db) -> None:
    from app.ui.pages.tasks import TasksPage
    from app.ui.pages.tasks.page import MIN_WIDTHS, WEIGHTS

    ctx = AppContext(db)
    ctx.select_plan(import_plan_file(db, THANH_MIEN, commune="Thanh Miện").plan_id)
    page = TasksPage(ctx)
    window = _in_window(qtbot, page, (1260, 700))  # noqa: F841  (kept alive for the test)
    QApplication.processEvents()
    width = page.table.viewport().width()
    name = max(MIN_WIDTHS[1], width * WEIGHTS[1] // sum(WEIGHTS))
    assert page.table.columnWidth(1) == name > MIN_WIDTHS[1]
    from PySide6.QtWidgets import QPushButton

    texts = [b.text() for b in page.findChildren(QPushButton)]
    assert "Xoá nhiệm vụ đã chọn" in texts  # the guide lists Xoá beside Thêm, Lên, Xuống


def test_target_year_column_shows_after_starting_with_no_plan(qtbot, db) -> None:
    from app.ui.pages.indicators import IndicatorsPage

    ctx = AppContext(db)  # as at start-up: the screen is built before a plan is chosen
    page = IndicatorsPage(ctx)
    window = _in_window(qtbot, page)  # noqa: F841  (kept alive for the test)
    ctx.select_plan(import_plan_file(db, THANH_MIEN, commune="Thanh Miện").plan_id)
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(page.model.columnCount())
        if not page.table.isColumnHidden(c)
    ]
    assert "Mục tiêu 2030" in headers
    assert "Chủ trì" in headers


def test_add_year_dialog_shows_its_whole_hint(qtbot) -> None:
    from app.ui.pages.indicators.years import YearDialog

    dialog = YearDialog(["2030"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _wrapped_labels_fit(dialog)


# ------------------------------------------------------------------ Báo cáo


@pytest.fixture
def reports(qtbot, db) -> Any:
    from app.ui.pages.reports import ReportsPage

    ctx = AppContext(db)
    ctx.select_plan(import_plan_file(db, THANH_MIEN, commune="Thanh Miện").plan_id)
    page = ReportsPage(ctx)
    window = _in_window(qtbot, page, (1260, 700))
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("monthly"))
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-09"))
    page.window_ = window
    return page


def test_entering_results_keeps_the_cell(reports, qtbot) -> None:
    from app.ui.pages.reports.indicators_tab import ACTUAL

    tab = reports.indicators
    reports.tabs.setCurrentWidget(tab)
    proxy, model = tab.proxy, tab.model
    rows = [
        r for r in range(proxy.rowCount()) if model.rows[proxy.mapToSource(proxy.index(r, 0)).row()]
    ]
    measured = [
        r
        for r in rows
        if model.rows[proxy.mapToSource(proxy.index(r, 0)).row()].indicator_id not in model.headings
    ]
    row = measured[3]
    wanted = model.rows[proxy.mapToSource(proxy.index(row, 0)).row()].indicator_id
    index = proxy.index(row, ACTUAL)
    tab.table.setCurrentIndex(index)
    assert proxy.setData(index, "65", Qt.ItemDataRole.EditRole)
    current = tab.table.currentIndex()
    assert current.column() == ACTUAL  # the next figure typed goes to this column …
    assert model.rows[proxy.mapToSource(current).row()].indicator_id == wanted  # … same row
    assert model.rows[proxy.mapToSource(current).row()].actual_text == "65"


def test_report_screen_fits_a_1366x768_screen(reports, qtbot) -> None:
    reports.tabs.setCurrentWidget(reports.report)
    QApplication.processEvents()
    hint = reports.window_.minimumSizeHint()
    assert hint.height() <= 768 - 40 - 30 - 50  # taskbar, title bar, menu and status bar
    assert hint.width() <= 1366 - 150


def test_issued_dialog_is_wide_enough(qtbot) -> None:
    from datetime import date

    from app.ui.pages.reports.issued_dialog import IssuedDialog

    dialog = IssuedDialog(number="", issue_date=None, today=date(2026, 11, 22), parent=None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _wrapped_labels_fit(dialog)
    metrics = dialog.number.fontMetrics()
    assert dialog.number.width() > metrics.horizontalAdvance(dialog.number.placeholderText())


def test_report_file_name_keeps_its_diacritics(reports, qtbot) -> None:
    tab = reports.report
    reports.tabs.setCurrentWidget(tab)
    tab.on_compile_clicked()
    assert tab.report is not None
    assert tab._file_stem() == "Báo cáo Tháng 9-2025 lần 1"


# ------------------------------------------------------------------ preview, sending, restore


def test_saving_a_pdf_says_where(qtbot, monkeypatch, tmp_path: Path) -> None:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QFileDialog

    from app.printing import render_pdf_bytes
    from app.ui.preview import PdfPreviewDialog
    from test_printing_samples import report_document

    window = QMainWindow()
    qtbot.addWidget(window)
    dialog = PdfPreviewDialog(
        window, title="Báo cáo", pdf=render_pdf_bytes(report_document()), suggested_name="b.pdf"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    target = tmp_path / "bao-cao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    dialog.on_save_clicked()
    assert (tmp_path / "bao-cao.pdf").stat().st_size > 1000
    assert dialog.saved_label.text() == "Đã lưu bao-cao.pdf"
    assert str(tmp_path / "bao-cao.pdf") in window.statusBar().currentMessage()


def test_outbox_note_column_gets_the_room(qtbot, db) -> None:
    from app.ui.pages.sending import SendingPage
    from app.ui.pages.sending_models import OutboxModel

    page = SendingPage(AppContext(db))
    window = _in_window(qtbot, page, (1100, 720))  # noqa: F841  (kept alive for the test)
    header = page.outgoing.outbox_table.horizontalHeader()
    assert header.sectionResizeMode(OutboxModel.NOTE) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(OutboxModel.SUBJECT) == QHeaderView.ResizeMode.Interactive


def test_restore_says_it_is_done_and_refreshes_everything(qtbot, db, monkeypatch) -> None:
    from app.backup import make_backup
    from app.services import Changes
    from app.ui import restore

    ctx = AppContext(db)
    window = QMainWindow()
    qtbot.addWidget(window)
    backup = make_backup(db.path, reason="manual")
    emitted: list[Changes] = []
    ctx.changed.connect(emitted.append)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    restore.restore_interactively(window, ctx, str(backup))
    assert emitted and emitted[-1].reports and emitted[-1].outbox and emitted[-1].inbox
    assert "Đã khôi phục dữ liệu" in window.statusBar().currentMessage()
    ctx.db.close()


# ------------------------------------------------------------------ main window


def test_about_box_names_the_log_file_and_first_size_fits(qtbot, db) -> None:
    from app.logs import log_file
    from app.ui.main_window import MainWindow

    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    assert f"Tệp nhật ký: {log_file()}" in window.about_text()
    room = QApplication.primaryScreen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
