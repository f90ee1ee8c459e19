"""Chỉ tiêu screen offscreen: edit dialog (targets read live, catalogue link), add, delete + undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton

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
from qt_support import type_in_cell

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
TAM_CHUNG = SAMPLE.with_name("tam-chung.xlsx")
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
        "app.ui.widgets.inputs.show_error",
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


def _row_of(page: IndicatorsPage, indicator_id: int) -> int:
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == indicator_id:
            return r
    raise AssertionError(indicator_id)


def _focus(qtbot, window: QMainWindow, page: IndicatorsPage) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()


def test_inline_edit_of_name_target_and_units_with_undo(qtbot, db) -> None:
    window, page, plan_id = _page(qtbot, db)
    before = list_indicators(db, plan_id)
    row = before[1]
    r = _row_of(page, row.id)
    headers = page.model.headers
    target_col = headers.index("Mục tiêu 2030")
    editable = [
        bool(page.proxy.index(r, c).flags() & Qt.ItemFlag.ItemIsEditable)
        for c in range(len(headers))
    ]
    assert editable == [False, False, True, True, True, True, True]
    # F2 on the target cell: the editor holds the text as written; the new one is re-parsed
    target = page.proxy.index(r, target_col)
    assert type_in_cell(qtbot, window, page.table, target, "Toi thieu 75%") == "≥ 80"

    def current():
        return next(x for x in list_indicators(db, plan_id) if x.id == row.id)

    qtbot.waitUntil(lambda: current().targets["2030"].text == "Toi thieu 75%")
    assert (current().targets["2030"].op, current().targets["2030"].value) == (">=", 75.0)
    assert page.undo_stack.count() == 1 and "Đã lưu chỉ tiêu" in page.last_status
    assert page.selected_ids() == [row.id]
    # typing on the name cell starts the edit too
    page.table.setCurrentIndex(page.proxy.index(_row_of(page, row.id), 2))
    qtbot.keyClick(page.table, Qt.Key.Key_T)
    editor = QApplication.focusWidget()
    assert editor is not page.table and editor.text() == "t"
    editor.setText("Ty le moi")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: current().name == "Ty le moi")
    # unit of measure, lead and cooperating through the model (as the delegate does)
    lead_col = headers.index("Chủ trì")
    for col, text in ((3, "người"), (lead_col, "Công an xã"), (lead_col + 1, "Phòng Kinh tế")):
        assert page.proxy.setData(page.proxy.index(_row_of(page, row.id), col), text)
        qtbot.waitUntil(
            lambda c=col, t=text: page.proxy.index(_row_of(page, row.id), c).data() == t
        )
    after = current()
    assert (after.unit, after.lead, after.cooperating) == (
        "người",
        "Công an xã",
        "Phòng Kinh tế",
    )
    assert page.undo_stack.count() == 5
    for _ in range(5):
        page.undo_action.trigger()
    assert list_indicators(db, plan_id) == before
    page.redo_action.trigger()
    assert current().targets["2030"].text == "Toi thieu 75%"


def test_inline_edit_refuses_an_empty_name(qtbot, db, _inline_ops) -> None:
    _window, page, plan_id = _page(qtbot, db)
    before = list_indicators(db, plan_id)
    assert page.proxy.setData(page.proxy.index(0, 2), "   ")
    qtbot.waitUntil(lambda: _inline_ops == ["Hãy nhập tên chỉ tiêu."])
    _inline_ops.clear()
    assert list_indicators(db, plan_id) == before
    assert page.undo_stack.count() == 0
    assert not page.proxy.setData(page.proxy.index(0, 1), "9")  # Mã is not edited in place
    assert page.proxy.setData(page.proxy.index(0, 2), before[0].name)  # unchanged: no command
    QApplication.processEvents()
    assert page.undo_stack.count() == 0


def test_double_click_still_opens_the_dialog(qtbot, db, monkeypatch) -> None:
    _window, page, _plan_id = _page(qtbot, db)
    opened: list[str] = []

    def fake_exec(dialog: IndicatorDialog) -> int:
        opened.append(dialog.name.toPlainText())
        return 0

    monkeypatch.setattr(IndicatorDialog, "exec", fake_exec)
    index = page.proxy.index(0, 2)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [index.data()]
    assert page.undo_stack.count() == 0


def test_move_up_down_with_buttons_keys_and_undo(qtbot, db) -> None:
    window, page, plan_id = _page(qtbot, db)
    buttons = {b.text() for b in page.findChildren(QPushButton)}
    assert {"Lên", "Xuống"} <= buttons
    before = [r.id for r in list_indicators(db, plan_id)]
    _focus(qtbot, window, page)
    page.table.selectRow(_row_of(page, before[1]))
    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [r.id for r in list_indicators(db, plan_id)] == [before[1], before[0], *before[2:]]
    assert page.selected_ids() == [before[1]]
    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert "đầu danh sách" in page.last_status
    assert page.undo_stack.count() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    page.down_action.trigger()
    expected = [before[0], before[2], before[1], *before[3:]]
    assert [r.id for r in list_indicators(db, plan_id)] == expected
    for _ in range(3):
        page.undo_action.trigger()
    assert [r.id for r in list_indicators(db, plan_id)] == before


def test_move_crosses_into_the_neighbouring_group(qtbot, db) -> None:
    ctx = AppContext(db)
    plan_id = import_plan_file(db, TAM_CHUNG, commune="Tam Chung").plan_id
    ctx.select_plan(plan_id)
    page = IndicatorsPage(ctx)
    qtbot.addWidget(page)
    rows = list_indicators(db, plan_id)
    assert [r.group for r in rows[:3]] == ["I", "I", "II"]
    page.table.selectRow(_row_of(page, rows[1].id))
    page.down_action.trigger()
    assert [r.group for r in list_indicators(db, plan_id)[:3]] == ["I", "II", "II"]
    assert page.proxy.index(_row_of(page, rows[1].id), 0).data() == "II"
    page.undo_action.trigger()
    assert list_indicators(db, plan_id) == rows


def test_group_and_unit_filters_with_search(qtbot, db) -> None:
    ctx = AppContext(db)
    tam_chung = import_plan_file(db, TAM_CHUNG, commune="Tam Chung").plan_id
    ctx.select_plan(tam_chung)
    page = IndicatorsPage(ctx)
    qtbot.addWidget(page)
    rows = list_indicators(db, tam_chung)
    labels = [page.group_filter.itemText(i) for i in range(page.group_filter.count())]
    assert labels[:3] == ["Mọi nhóm", "I PHÁT TRIỂN HẠ TẦNG", "II PHÁT TRIỂN NGUỒN LỰC"]
    page.group_filter.setCurrentIndex(labels.index("V PHÁT TRIỂN CHUYỂN ĐỔI SỐ"))
    in_v = [r.id for r in rows if r.group == "V"]
    assert _shown(page) == in_v
    assert page.count_label.text() == f"{len(in_v)}/{len(rows)} chỉ tiêu"
    page.search.setText("chu ky so")  # diacritics and case ignored, combined with the group
    page.search.flush()
    assert _shown(page) == [r.id for r in rows if r.group == "V" and "chữ ký số" in r.name]
    assert len(_shown(page)) == 1
    page.group_filter.setCurrentIndex(1)
    assert _shown(page) == []
    page.search.setText("")
    page.search.flush()
    page.group_filter.setCurrentIndex(0)
    assert len(_shown(page)) == len(rows)
    # lead units: the Thanh Miện plan names them
    thanh_mien = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx.select_plan(thanh_mien)
    rows = list_indicators(db, thanh_mien)
    units = [page.unit_filter.itemText(i) for i in range(page.unit_filter.count())]
    assert units[0] == "Mọi đơn vị" and "Chi nhánh Ngân hàng" in units
    assert page.group_filter.count() == 1  # this plan has no groups
    page.unit_filter.setCurrentIndex(units.index("Chi nhánh Ngân hàng"))
    bank = [r.id for r in rows if r.lead == "Chi nhánh Ngân hàng"]
    assert _shown(page) == bank and len(bank) == 2
    page.search.setText("khong dung tien")
    page.search.flush()
    assert _shown(page) == [bank[0]]
    # the choice survives a reload (an edit) while the unit is still there
    page.reload()
    assert page.unit_filter.currentText() == "Chi nhánh Ngân hàng"
    assert _shown(page) == [bank[0]]


def _shown(page: IndicatorsPage) -> list[int]:
    """The ids of the indicator rows shown (group title rows left out)."""
    proxy = page.proxy
    ids = [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    return [i for i in ids if i is not None]
