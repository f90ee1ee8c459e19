"""Kế hoạch screen: import through the button, select a plan, open its tasks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from app.services.plans import list_plans
from app.ui.context import AppContext
from app.ui.import_dialog import ImportDialog
from app.ui.main_window import MainWindow
from app.ui.ops import DbOp
from app.ui.pages.plans import PlansPage
from qt_support import settings_in

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(DbOp, "inline", True)
    settings_in(tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield
    assert shown == []


@pytest.fixture
def confirm_imports(monkeypatch: pytest.MonkeyPatch) -> list[ImportDialog]:
    """ImportDialog.exec: show (reads the file), check, press “Nhập”."""
    dialogs: list[ImportDialog] = []

    def fake_exec(dialog: ImportDialog) -> int:
        dialogs.append(dialog)
        dialog.show()
        assert dialog.preview is not None
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportDialog, "exec", fake_exec)
    return dialogs


def test_import_button_asks_for_a_file_and_imports(qtbot, db, monkeypatch, confirm_imports) -> None:
    ctx = AppContext(db)
    page = PlansPage(ctx)
    qtbot.addWidget(page)
    assert page.empty.isVisible() or not page.isVisible()
    assert page.import_button.shortcut().toString() == "Ctrl+I"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(SAMPLES / "tam-chung.xlsx"), "")
    )
    page.import_button.click()
    assert len(confirm_imports) == 1
    plans = list_plans(db)
    assert len(plans) == 1 and page.model.rows == plans
    assert ctx.current_plan_id == plans[0].id
    assert page.table.currentIndex().row() == 0


def test_select_and_double_click_open_tasks(qtbot, db, confirm_imports) -> None:
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.pages["Kế hoạch"]
    assert isinstance(page, PlansPage)
    assert page.open_import(SAMPLES / "tam-chung.xlsx")
    assert page.open_import(SAMPLES / "thanh-mien.xlsx")
    first, second = list_plans(db)
    assert ctx.current_plan_id == second.id
    page.table.selectRow(0)
    assert ctx.current_plan_id == first.id
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert window.grab().save(str(SHOTS / "plans.png"))
    page.table.doubleClicked.emit(page.model.index(1, 1))
    assert ctx.current_plan_id == second.id
    assert window.stack.currentIndex() == 2
    tasks = window.pages["Nhiệm vụ"]
    assert tasks.picker.currentData() == second.id
    assert len(tasks.model.data_set.lines) == 31
    QApplication.processEvents()
    assert window.grab().save(str(SHOTS / "main-tasks.png"))
    window.nav.setCurrentRow(3)
    QApplication.processEvents()
    assert window.grab().save(str(SHOTS / "main-indicators.png"))
    tasks.picker.setCurrentIndex(tasks.picker.findData(first.id))
    assert ctx.current_plan_id == first.id
    assert len(tasks.model.data_set.lines) == 6
