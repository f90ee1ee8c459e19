"""Thêm năm mục tiêu…: an empty target column for a year the plan has no target for yet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.errors import ValidationError
from app.services.indicator_edit import check_new_year, indicator_input_of, update_indicator
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.indicators import IndicatorsPage
from app.ui.pages.indicators.page import NAME_MIN
from app.ui.pages.indicators.years import YearDialog
from qt_support import type_in_cell

SAMPLE = Path(__file__).parent / "data" / "samples" / "thanh-mien.xlsx"
TAM_CHUNG = SAMPLE.with_name("tam-chung.xlsx")


@pytest.fixture(autouse=True)
def _messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ops run inline; message boxes are collected (the test must expect each one)."""
    monkeypatch.setattr(DbOp, "inline", True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield shown
    assert shown == []


def _page(qtbot, db, width: int = 1200) -> tuple[QMainWindow, IndicatorsPage, int]:
    ctx = AppContext(db)
    plan_id = import_plan_file(db, SAMPLE, commune="Thanh Miện").plan_id
    ctx.select_plan(plan_id)
    window = QMainWindow()
    page = IndicatorsPage(ctx)
    window.setCentralWidget(page)
    window.resize(width, 650)
    qtbot.addWidget(window)
    window.show()
    return window, page, plan_id


def _add_year(page: IndicatorsPage, monkeypatch: pytest.MonkeyPatch, *typed: str) -> list[bool]:
    """Trigger Thêm năm mục tiêu… and type each of *typed* in turn, pressing Thêm cột."""
    accepted: list[bool] = []

    def fake_exec(dialog: YearDialog) -> int:
        assert dialog.windowTitle() == "Thêm năm mục tiêu"
        for text in typed:
            dialog.year.setText(text)
            dialog.accept()
            accepted.append(dialog.result() == YearDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(YearDialog, "exec", fake_exec)
    page.year_action.trigger()
    return accepted


def _row_of(page: IndicatorsPage, indicator_id: int) -> int:
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == indicator_id:
            return r
    raise AssertionError(indicator_id)


def _year_headers(page: IndicatorsPage) -> list[str]:
    return [h for h in page.model.headers if h.startswith("Mục tiêu")]


def test_check_new_year() -> None:
    assert check_new_year("2035") == 2035
    assert check_new_year("  Năm 2040 ", ["2030"]) == 2040
    assert check_new_year("2050", [2030]) == 2050
    bad = ("", "20x5", "2024", "2051", "35", "２０３５", "2030")
    for text in bad:
        with pytest.raises(ValidationError) as caught:
            check_new_year(text, ["2030"])
        assert caught.value.field == "year"
    with pytest.raises(ValidationError, match="đã có cột mục tiêu năm 2030"):
        check_new_year("2030", ["2030", "2025"])
    with pytest.raises(ValidationError, match="từ 2025 đến 2050"):
        check_new_year("2051")


def test_add_year_column_edit_in_place_and_undo(qtbot, db, monkeypatch, _messages) -> None:
    window, page, plan_id = _page(qtbot, db)
    before = list_indicators(db, plan_id)
    assert _year_headers(page) == ["Mục tiêu 2030"]
    accepted = _add_year(page, monkeypatch, "2024", "2030", "2027")
    assert accepted == [False, False, True]
    assert _messages == [
        "Năm mục tiêu phải là một năm từ 2025 đến 2050, ví dụ 2035.",
        "Kế hoạch đã có cột mục tiêu năm 2030.",
    ]
    _messages.clear()
    _add_year(page, monkeypatch, "2035")
    assert _year_headers(page) == ["Mục tiêu 2027", "Mục tiêu 2030", "Mục tiêu 2035"]
    assert list_indicators(db, plan_id) == before  # an empty column stores nothing
    col = page.model.headers.index("Mục tiêu 2027")
    assert page.table.currentIndex().column() == col + 2  # 2035, the last added: ready to type
    assert not page.table.isColumnHidden(col) and page.table.columnWidth(col) > 0
    assert "Đã thêm cột mục tiêu năm 2035" in page.last_status
    row = before[1]
    r = _row_of(page, row.id)
    assert page.proxy.index(r, col).data() == ""
    assert page.proxy.index(r, col).flags() & Qt.ItemFlag.ItemIsEditable
    # F2 on the new cell, type a target: saved and parsed like any other
    assert type_in_cell(qtbot, window, page.table, page.proxy.index(r, col), "Tối thiểu 50%") == ""

    def current():
        return next(x for x in list_indicators(db, plan_id) if x.id == row.id)

    qtbot.waitUntil(lambda: "2027" in current().targets)
    target = current().targets["2027"]
    assert (target.text, target.op, target.value) == ("Tối thiểu 50%", ">=", 50.0)
    assert page.proxy.index(_row_of(page, row.id), col).data() == "Tối thiểu 50%"
    assert page.undo_stack.count() == 3
    page.undo_action.trigger()  # the target: the column stays, empty again
    assert list_indicators(db, plan_id) == before
    assert "Mục tiêu 2027" in _year_headers(page)
    page.undo_action.trigger()  # 2035
    page.undo_action.trigger()  # 2027
    assert _year_headers(page) == ["Mục tiêu 2030"]
    assert "Đã bỏ cột mục tiêu năm 2027" in page.last_status
    for _ in range(3):
        page.redo_action.trigger()
    assert _year_headers(page) == ["Mục tiêu 2027", "Mục tiêu 2030", "Mục tiêu 2035"]
    assert current().targets["2027"].text == "Tối thiểu 50%"


def test_undo_keeps_a_column_that_has_targets(qtbot, db, monkeypatch) -> None:
    _window, page, plan_id = _page(qtbot, db)
    _add_year(page, monkeypatch, "2040")
    first = list_indicators(db, plan_id)[0]
    data = indicator_input_of(db, first.id)
    update_indicator(db, first.id, replace(data, targets=(*data.targets, (2040, "X"))))
    page.ctx.changed.emit(page.CHANGES)  # as when the indicator dialog saved it
    page.undo_action.trigger()
    assert "Mục tiêu 2040" in _year_headers(page)
    assert "vẫn được giữ" in page.last_status
    assert page.proxy.index(_row_of(page, first.id), page.model.year_column("2040")).data() == "X"


def test_empty_column_belongs_to_its_plan(qtbot, db, monkeypatch) -> None:
    _window, page, plan_id = _page(qtbot, db)
    other = import_plan_file(db, TAM_CHUNG, commune="Tam Chung").plan_id
    _add_year(page, monkeypatch, "2045")
    assert "Mục tiêu 2045" in _year_headers(page)
    page.ctx.select_plan(other)
    assert _year_headers(page) == ["Mục tiêu 2025"]
    page.ctx.select_plan(plan_id)
    assert _year_headers(page) == ["Mục tiêu 2030", "Mục tiêu 2045"]
    page.ctx.select_plan(other)
    page.undo_action.trigger()  # undone while another plan is shown
    page.ctx.select_plan(plan_id)
    assert _year_headers(page) == ["Mục tiêu 2030"]


def test_sort_follows_its_column_when_a_year_is_added(qtbot, db, monkeypatch) -> None:
    _window, page, _plan_id = _page(qtbot, db)
    header = page.table.horizontalHeader()
    header.setSortIndicator(page.model.headers.index("Mục tiêu 2030"), Qt.SortOrder.DescendingOrder)
    _add_year(page, monkeypatch, "2026")
    column = page.model.headers.index("Mục tiêu 2030")
    assert page.model.sort_column == column == header.sortIndicatorSection()
    assert page.model.sort_order == Qt.SortOrder.DescendingOrder


@pytest.mark.parametrize("width", [1100, 1250, 1600])
def test_columns_fit_the_width_with_five_years(qtbot, db, monkeypatch, width) -> None:
    _window, page, _plan_id = _page(qtbot, db, width=width - 170)  # the navigation list
    for year in ("2025", "2035", "2040", "2045"):
        _add_year(page, monkeypatch, year)
    QApplication.processEvents()
    table = page.table
    shown = [c for c in range(page.model.columnCount()) if not table.isColumnHidden(c)]
    widths = [table.columnWidth(c) for c in shown]
    assert len(_year_headers(page)) == 5
    assert table.columnWidth(2) >= NAME_MIN
    if sum(widths) > table.viewport().width():  # too narrow: the table scrolls, nothing is cut
        assert table.horizontalScrollBar().maximum() > 0
    else:
        assert sum(widths) == table.viewport().width()
    label = page.count_label
    assert label.width() >= label.sizeHint().width()
    assert label.geometry().right() < page.width() - 8
