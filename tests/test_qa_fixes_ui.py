"""QA walkthrough fixes on real widgets, offscreen: Kính gửi shown as printed, the credential
store warning in the warning colour, and Delete going on to the next row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.db import Database
from app.errors import MailError
from app.services import documents as D
from app.services.commune import ProfileData, save_profile
from app.services.plan_edit import PlanInput, TaskInput, create_plan
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators, list_tasks
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.indicators import IndicatorsPage
from app.ui.pages.reports import ReportsPage
from app.ui.pages.settings import SettingsPage
from app.ui.pages.tasks import TasksPage
from qt_support import settings_in

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
SUCCESS, WARNING = "#1b7f3b", "#9a5b00"
NO_KEYRING = (
    "Máy này chưa có kho mật khẩu của hệ điều hành nên không lưu được mật khẩu thư, "
    "hãy báo người hỗ trợ kỹ thuật cài đặt kho mật khẩu."
)


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """Ops run inline; a message box would block, so its text is collected (and must not come)."""
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield shown
    assert shown == []


_WINDOWS: list[QMainWindow] = []


@pytest.fixture(autouse=True)
def _close_windows() -> Iterator[None]:
    yield
    while _WINDOWS:
        _WINDOWS.pop().close()


def _in_window(qtbot: Any, page: QWidget) -> QMainWindow:
    """*page* shown in a main window that lives until the end of the test."""
    window = QMainWindow()
    _WINDOWS.append(window)
    window.setCentralWidget(page)
    window.resize(1200, 700)
    qtbot.addWidget(window)
    window.show()
    return window


# ------------------------------------------------------------------ 3. Kính gửi


def _report_page(qtbot: Any, db: Database) -> ReportsPage:
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx = AppContext(db)
    ctx.select_plan(plan_id)
    page = ReportsPage(ctx)
    _in_window(qtbot, page)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("monthly"))
    page.period_combo.setCurrentIndex(page.period_combo.findData("2025-09"))
    page.tabs.setCurrentWidget(page.report)
    return page


def test_empty_kinh_gui_shows_the_department_that_will_be_printed(qtbot: Any, db: Database) -> None:
    save_profile(db, ProfileData(name="Thanh Miện", province="Hải Dương"))
    tab = _report_page(qtbot, db).report
    tab.compile_button.click()
    assert tab.report is not None and tab.report.kinh_gui == []  # nothing chosen yet
    printed = D.report_document(db, tab.report.report_id).kinh_gui
    assert printed == ["Sở Khoa học và Công nghệ tỉnh Hải Dương"]
    assert tab.editors["kinh_gui"].toPlainText().splitlines() == printed
    assert not tab.is_modified()  # showing it is not an edit


def test_kinh_gui_as_printed_leaves_out_nhu_tren_and_keeps_the_officers_lines(
    qtbot: Any, db: Database
) -> None:
    tab = _report_page(qtbot, db).report
    tab.compile_button.click()
    tab.editors["kinh_gui"].setPlainText("UBND tỉnh Hải Dương\nNhư trên\nLưu: VT")
    tab.editors["kinh_gui"].document().setModified(True)
    tab.save_button.click()
    assert tab.report is not None
    printed = D.report_document(db, tab.report.report_id).kinh_gui
    assert printed == ["UBND tỉnh Hải Dương"]
    assert tab.editors["kinh_gui"].toPlainText().splitlines() == printed


# ------------------------------------------------------------------ 4. credential store warning


def _no_keyring(_account: str) -> str | None:
    raise MailError(NO_KEYRING)


def test_missing_credential_store_is_shown_as_a_warning(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.mailer.get_password", _no_keyring)
    monkeypatch.setattr("app.mailer.set_password", lambda _a, _p: None)
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    page.host.setText("smtp.example.vn")
    page.username.setText("vanthu@example.vn")
    page.sender_edit.setText("vanthu@example.vn")
    page.bodies.setPlainText("Sở Khoa học và Công nghệ: skhcn@example.vn")
    page.on_save_mail_clicked()  # "Đã lưu" in green, then the reload brings the warning back
    assert page.mail_note.text() == NO_KEYRING
    assert WARNING in page.mail_note.styleSheet() and SUCCESS not in page.mail_note.styleSheet()


# ------------------------------------------------------------------ 5. Delete goes on


def _selected_names(page: TasksPage) -> list[str]:
    return [
        page.model.line_at(page.proxy.mapToSource(ix).row()).row.name  # type: ignore[union-attr]
        for ix in page.table.selectionModel().selectedRows()
    ]


def test_delete_selects_the_next_task_so_delete_goes_on(qtbot: Any, db: Database) -> None:
    names = ["Số hoá hồ sơ", "Tập huấn kỹ năng số", "Lắp camera an ninh", "Xây dựng bản đồ số"]
    plan_id = create_plan(
        db,
        PlanInput(
            number="",
            title="Chuyển đổi số",
            tasks=[TaskInput(str(i + 1), n) for i, n in enumerate(names)],
        ),
    )
    ctx = AppContext(db)
    ctx.select_plan(plan_id)
    page = TasksPage(ctx)
    window = _in_window(qtbot, page)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert _selected_names(page) == ["Lắp camera an ninh"]  # the row that took its place
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # goes on without clicking a row
    assert [t.name for t in list_tasks(db, plan_id)] == ["Số hoá hồ sơ", "Xây dựng bản đồ số"]
    assert _selected_names(page) == ["Xây dựng bản đồ số"]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # the last row: the one above it is next
    assert _selected_names(page) == ["Số hoá hồ sơ"]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _selected_names(page) == ["Xây dựng bản đồ số"]  # undo selects the restored row
    assert len(list_tasks(db, plan_id)) == 2


def test_delete_selects_the_next_indicator(qtbot: Any, db: Database) -> None:
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx = AppContext(db)
    ctx.select_plan(plan_id)
    page = IndicatorsPage(ctx)
    _in_window(qtbot, page)
    shown = [
        page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(page.proxy.rowCount())
    ]
    page.table.selectRow(3)
    page.delete_action.trigger()
    assert shown[3] not in {i.id for i in list_indicators(db, plan_id)}
    assert page.selected_ids() == [shown[4]]
    page.delete_action.trigger()
    assert page.selected_ids() == [shown[5]]
