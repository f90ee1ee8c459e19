"""Chỉ tiêu screen offscreen: edit dialog (targets read live, catalogue link), add, delete + undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.models import Indicator
from app.services.indicator_edit import IndicatorInput
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators
from app.ui.context import AppContext
from app.ui.indicator_dialog import (
    BY_NAME,
    NOT_STANDARD,
    IndicatorDialog,
    parse_target_lines,
    target_reading,
)
from app.ui.ops import DbOp
from app.ui.pages.indicators import IndicatorsPage

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    monkeypatch.setattr(DbOp, "inline", True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield shown
    assert shown == []


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def _page(qtbot, db) -> tuple[QMainWindow, IndicatorsPage, int]:
    ctx = AppContext(db)
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx.select_plan(plan_id)
    window = QMainWindow()
    page = IndicatorsPage(ctx)
    window.setCentralWidget(page)
    window.resize(1200, 650)
    qtbot.addWidget(window)
    window.show()
    return window, page, plan_id


def test_edit_indicator_through_dialog_and_undo(qtbot, db, monkeypatch) -> None:
    window, page, plan_id = _page(qtbot, db)
    before = list_indicators(db, plan_id)
    assert page.proxy.rowCount() == len(before) > 0
    _shot(window, "indicators-edit.png")
    readings: list[str] = []

    def fake_exec(dialog: IndicatorDialog) -> int:
        assert dialog.name.toPlainText() == before[0].name
        assert dialog.catalogue.itemText(0) == BY_NAME
        assert dialog.catalogue.itemText(1) == NOT_STANDARD
        dialog.targets.setPlainText("2025: Tối thiểu 80%\n2030: 100%")
        readings.append(dialog.reading.text())
        dialog.catalogue.setCurrentIndex(1)
        dialog.show()
        _shot(dialog, "indicator-dialog.png")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(IndicatorDialog, "exec", fake_exec)
    page.on_table_double_clicked(page.proxy.index(0, 2))
    assert readings == ["2025: ≥ 80\n2030: = 100"]
    after = list_indicators(db, plan_id)[0]
    assert {y: t.text for y, t in after.targets.items()} == {
        "2025": "Tối thiểu 80%",
        "2030": "100%",
    }
    with db.read() as s:
        ind = s.get(Indicator, after.id)
        assert (ind.catalogue_code, ind.catalogue_manual) == (None, True)
    assert "Đã lưu chỉ tiêu" in page.last_status
    assert page.selected_ids() == [after.id]
    page.undo_action.trigger()
    assert list_indicators(db, plan_id) == before
    with db.read() as s:
        assert s.get(Indicator, after.id).catalogue_manual is False


def test_add_and_delete_indicator_with_undo(qtbot, db, monkeypatch) -> None:
    window, page, plan_id = _page(qtbot, db)
    before = list_indicators(db, plan_id)

    def fake_exec(dialog: IndicatorDialog) -> int:
        assert dialog.windowTitle() == "Thêm chỉ tiêu"
        dialog.code.setText("1a")
        dialog.name.setPlainText("Chỉ tiêu thêm tay")
        dialog.targets.setPlainText("2030: ≥ 50")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(IndicatorDialog, "exec", fake_exec)
    page.table.selectRow(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    rows = list_indicators(db, plan_id)
    assert [r.name for r in rows][:2] == [before[0].name, "Chỉ tiêu thêm tay"]
    assert page.selected_ids() == [rows[1].id]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert list_indicators(db, plan_id) == before
    assert "Đã xoá 1 chỉ tiêu" in page.last_status
    page.undo_action.trigger()  # the deletion
    assert len(list_indicators(db, plan_id)) == len(before) + 1
    page.undo_action.trigger()  # the addition
    assert list_indicators(db, plan_id) == before


def test_dialog_checks_targets_and_name(qtbot, monkeypatch) -> None:
    errors: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        "app.ui.indicator_dialog.show_error",
        lambda _p, exc: errors.append((exc.message, exc.field)),
    )
    dialog = IndicatorDialog(IndicatorInput("1", "Tỷ lệ", targets=((2025, "≥ 1,5"),)))
    qtbot.addWidget(dialog)
    assert dialog.targets.toPlainText() == "2025: ≥ 1,5"
    assert dialog.reading.text() == "2025: ≥ 1,5"
    dialog.targets.setPlainText("năm sau: 10")
    assert dialog.reading.text().startswith("Dòng 1")
    dialog.accept()
    dialog.targets.setPlainText("2025: 1\n2025: 2")
    dialog.accept()
    dialog.targets.setPlainText("")
    dialog.name.setPlainText(" ")
    dialog.accept()
    assert [f for _m, f in errors] == ["targets", "targets", "name"]
    assert dialog.result_data is None
    assert parse_target_lines("\n2030 : Đạt chuẩn\n") == ((2030, "Đạt chuẩn"),)
    assert target_reading("2030: Đạt chuẩn") == "2030: định tính (không so sánh số)"
