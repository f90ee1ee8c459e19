"""Nhiệm vụ and Chỉ tiêu screens offscreen: search, filters, sort, edit, delete + undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.services.plan_edit import PlanInput, TaskInput, create_plan
from app.services.plan_import import import_plan_file
from app.services.plans import list_tasks
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.indicators import IndicatorsPage
from app.ui.pages.tasks import TasksPage
from app.ui.task_dialog import TaskDialog, deadline_reading
from app.ui.widgets import select_only_row
from app.vntext import matches, sort_key
from qt_support import type_in_cell

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ops run inline; a message box would block, so its text is collected instead."""
    monkeypatch.setattr(DbOp, "inline", True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    yield shown
    assert shown == []


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let layouts settle as the event loop would
    assert widget.grab().save(str(SHOTS / name))


def _page(qtbot, ctx: AppContext) -> tuple[QMainWindow, TasksPage]:
    window = QMainWindow()
    page = TasksPage(ctx)
    window.setCentralWidget(page)
    window.resize(1200, 650)
    qtbot.addWidget(window)
    window.show()
    return window, page


def _visible(page: TasksPage, column: int = 1) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, column).data() or "" for r in range(proxy.rowCount())]


def _task_names(page: TasksPage) -> list[str]:
    proxy, model = page.proxy, page.model
    out = []
    for r in range(proxy.rowCount()):
        line = model.line_at(proxy.mapToSource(proxy.index(r, 0)).row())
        if line is not None:
            out.append(line.row.name)
    return out


def _small_plan(db) -> int:
    return create_plan(
        db,
        PlanInput(
            number="02/KH-UBND",
            title="Kế hoạch chuyển đổi số năm 2025",
            tasks=[
                TaskInput(
                    "1.10",
                    "Đào tạo kỹ năng số",
                    lead="Phòng Văn hoá - Xã hội",
                    deadline="Tháng 3/2020",
                ),
                TaskInput(
                    "1.2", "Ăn khớp dữ liệu dân cư", lead="Công an xã", deadline="Thường xuyên"
                ),
                TaskInput("1.9", "Dự án Văn hoá số", lead="Phòng Kinh tế", deadline="Năm 2030"),
                TaskInput(
                    "2", "Ân cần hỗ trợ người dân", lead="Phòng VH-XH", deadline="Đã hoàn thành"
                ),
                TaskInput(
                    "3", "Bàn giao hệ thống", lead="Văn phòng HĐND và UBND", deadline="Quý IV/2099"
                ),
            ],
        ),
    )


def test_tasks_screen_shows_groups_and_searches_without_diacritics(qtbot, db) -> None:
    ctx = AppContext(db)
    result = import_plan_file(db, SAMPLES / "thanh-mien.xlsx")
    ctx.select_plan(result.plan_id)
    window, page = _page(qtbot, ctx)
    assert page.picker.currentData() == result.plan_id
    assert len(page.model.data_set.lines) == 31
    first = page.proxy.index(0, 1)
    assert page.proxy.index(0, 0).data() == "1"
    assert first.data(Qt.ItemDataRole.FontRole).bold()  # a group title row
    assert page.table.columnSpan(0, 1) == 7
    _shot(window, "tasks.png")
    page.search.setText("van hoa")
    page.search.flush()
    names = _task_names(page)
    assert names and len(names) < 31
    rows = [r for r in list_tasks(db, result.plan_id) if r.name in names]
    texts = [" ".join((r.name, r.lead, r.cooperating, r.result, r.group_title or "")) for r in rows]
    assert all(matches("van hoa", t) for t in texts)
    assert any("Văn hoá" in t for t in texts) and any("văn hóa" in t.lower() for t in texts)
    assert "nhiệm vụ" in page.count_label.text()
    _shot(window, "tasks-search.png")
    page.search.setText("")
    page.search.flush()
    unit = page.unit_filter.findText("Phòng Kinh tế")
    page.unit_filter.setCurrentIndex(unit)
    assert _task_names(page)
    assert all(
        "Kinh tế" in r.lead for r in list_tasks(db, result.plan_id) if r.name in _task_names(page)
    )


def test_sort_is_natural_and_vietnamese(qtbot, db) -> None:
    ctx = AppContext(db)
    ctx.select_plan(_small_plan(db))
    _window, page = _page(qtbot, ctx)
    header = page.table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert _visible(page, 0) == ["1.2", "1.9", "1.10", "2", "3"]
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert _task_names(page) == [
        "Ăn khớp dữ liệu dân cư",
        "Ân cần hỗ trợ người dân",
        "Bàn giao hệ thống",
        "Dự án Văn hoá số",
        "Đào tạo kỹ năng số",
    ]
    header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    assert _task_names(page)[0] == "Đào tạo kỹ năng số"
    header.setSortIndicator(6, Qt.SortOrder.AscendingOrder)
    assert _visible(page, 6)[:3] == ["31/03/2020", "31/12/2030", "31/12/2099"]


def test_overdue_filter_and_date_format(qtbot, db) -> None:
    ctx = AppContext(db)
    ctx.select_plan(_small_plan(db))
    _window, page = _page(qtbot, ctx)
    page.due_filter.setCurrentIndex(page.due_filter.findData("overdue"))
    assert _task_names(page) == ["Đào tạo kỹ năng số"]
    assert _visible(page, 6) == ["31/03/2020"]


def test_delete_then_undo_restores(qtbot, db) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    window, page = _page(qtbot, ctx)
    before = list_tasks(db, plan_id)
    selection = page.table.selectionModel()
    for row in (0, 2):
        selection.select(
            page.proxy.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    page.delete_action.trigger()
    assert len(list_tasks(db, plan_id)) == 3
    assert page.proxy.rowCount() == 3
    assert "Đã xoá 2 nhiệm vụ" in page.last_status
    assert "Đã xoá 2 nhiệm vụ" in window.statusBar().currentMessage()
    page.undo_action.trigger()
    assert list_tasks(db, plan_id) == before
    assert page.proxy.rowCount() == 5
    assert "khôi phục 2" in page.last_status
    page.redo_action.trigger()
    assert len(list_tasks(db, plan_id)) == 3
    page.undo_action.trigger()
    # the same through the keyboard: Delete on the table, Ctrl+Z anywhere on the screen
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(list_tasks(db, plan_id)) == 4
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert list_tasks(db, plan_id) == before
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_edit_task_reparses_deadline_and_can_be_undone(qtbot, db, monkeypatch) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    _window, page = _page(qtbot, ctx)
    seen: list[str] = []

    def fake_exec(dialog: TaskDialog) -> int:
        dialog.deadline.setText("Tháng 9/2025")
        seen.append(dialog.reading.text())
        dialog.show()
        _shot(dialog, "task-dialog.png")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskDialog, "exec", fake_exec)
    page.on_table_double_clicked(page.proxy.index(0, 1))
    assert seen == ["Loại: Một lần · từ 01/09/2025 đến 30/09/2025"]
    row = next(r for r in list_tasks(db, plan_id) if r.number == "1.10")
    assert (row.deadline, row.deadline_kind, row.due) == ("Tháng 9/2025", "once", "2025-09-30")
    page.undo_action.trigger()
    row = next(r for r in list_tasks(db, plan_id) if r.number == "1.10")
    assert row.due == "2020-03-31"


def test_task_dialog_requires_a_name(qtbot, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(
        "app.ui.widgets.inputs.show_error", lambda _p, exc: errors.append(exc.message)
    )
    dialog = TaskDialog(TaskInput("1", "Tên"))
    qtbot.addWidget(dialog)
    dialog.name.setPlainText("  ")
    dialog.accept()
    assert errors == ["Hãy nhập tên nhiệm vụ."]
    assert dialog.result_data is None
    assert deadline_reading("abc xyz").startswith("Không đọc được")
    assert deadline_reading("Quý IV/2025").endswith("31/12/2025")


def test_twenty_thousand_tasks_filter_and_sort(qtbot, db) -> None:
    """Correct at scale; the timings are measured by bench/scale.py, not asserted here."""
    from app.ui.pages.tasks.model import prepare

    base = list_tasks(db, _small_plan(db))
    rows = [
        type(base[0])(
            **{**r.to_json(), "id": i, "number": f"{i // 100}.{i % 100}", "name": f"{r.name} {i}"}
        )
        for i, r in enumerate(base * 4000)
    ]
    ctx = AppContext(db)
    _window, page = _page(qtbot, ctx)
    page._show(prepare(rows))
    page.search.setText("van hoa")
    page.search.flush()
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    assert page.proxy.rowCount() == 8000  # two of the five tasks mention "văn hoá"
    names = [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=sort_key)  # Vietnamese order


def test_indicators_screen_lists_targets_per_year(qtbot, db) -> None:
    ctx = AppContext(db)
    result = import_plan_file(db, SAMPLES / "tam-chung.xlsx")
    ctx.select_plan(result.plan_id)
    window = QMainWindow()
    page = IndicatorsPage(ctx)
    window.setCentralWidget(page)
    window.resize(1200, 650)
    qtbot.addWidget(window)
    window.show()
    headers = [
        page.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(page.model.columnCount())
    ]
    assert headers[:4] == ["Nhóm", "Mã", "Chỉ tiêu", "Đơn vị tính"]
    assert any(h.startswith("Mục tiêu 20") for h in headers)
    assert page.proxy.rowCount() == 21 + 5  # and the title rows of groups I … V
    assert page.count_label.text() == "21/21 chỉ tiêu"
    _shot(window, "indicators.png")
    page.search.setText("DICH VU CONG")
    page.search.flush()
    rows = [
        r
        for r in range(page.proxy.rowCount())
        if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)
    ]
    assert 0 < len(rows) < 21
    assert all("dịch vụ công" in page.proxy.index(r, 2).data().lower() for r in rows)
    assert page.proxy.rowCount() == len(rows) + 1  # only group V's title row is left


def _select(page: TasksPage, name: str) -> None:
    for r in range(page.proxy.rowCount()):
        line = page.model.line_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
        if line is not None and line.row.name == name:
            page.table.selectRow(r)
            return
    raise AssertionError(name)


def _selected_names(page: TasksPage) -> list[str]:
    return [
        r.name for r in list_tasks(page.db, page.ctx.current_plan_id) if r.id in page.selected_ids()
    ]


def test_add_task_after_selection_and_undo(qtbot, db, monkeypatch) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    window, page = _page(qtbot, ctx)
    before = [r.name for r in list_tasks(db, plan_id)]

    def fake_exec(dialog: TaskDialog) -> int:
        assert dialog.windowTitle() == "Thêm nhiệm vụ"
        dialog.number.setText("1.11")
        dialog.name.setPlainText("Việc mới thêm")
        dialog.deadline.setText("Hằng quý")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TaskDialog, "exec", fake_exec)
    _select(page, "Ăn khớp dữ liệu dân cư")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    names = [r.name for r in list_tasks(db, plan_id)]
    assert names == [*before[:2], "Việc mới thêm", *before[2:]]
    assert _selected_names(page) == ["Việc mới thêm"]
    assert "Đã thêm nhiệm vụ" in page.last_status
    page.undo_action.trigger()
    assert [r.name for r in list_tasks(db, plan_id)] == before
    page.redo_action.trigger()
    assert [r.name for r in list_tasks(db, plan_id)][2] == "Việc mới thêm"
    # nothing selected: the new task goes to the end of the plan
    page.table.clearSelection()
    page.add_action.trigger()
    assert [r.name for r in list_tasks(db, plan_id)][-1] == "Việc mới thêm"


def test_move_up_down_with_keys_and_undo(qtbot, db) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    window, page = _page(qtbot, ctx)
    before = [r.name for r in list_tasks(db, plan_id)]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    _select(page, before[1])
    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [r.name for r in list_tasks(db, plan_id)] == [before[1], before[0], *before[2:]]
    assert _selected_names(page) == [before[1]]
    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert "đầu danh sách" in page.last_status
    assert page.undo_stack.count() == 1
    page.down_action.trigger()
    page.down_action.trigger()
    assert [r.name for r in list_tasks(db, plan_id)] == [
        before[0],
        before[2],
        before[1],
        *before[3:],
    ]
    page.undo_action.trigger()
    page.undo_action.trigger()
    page.undo_action.trigger()
    assert [r.name for r in list_tasks(db, plan_id)] == before


def test_group_kind_and_status_filters(qtbot, db) -> None:
    ctx = AppContext(db)
    result = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện")
    ctx.select_plan(result.plan_id)
    _window, page = _page(qtbot, ctx)
    rows = list_tasks(db, result.plan_id)
    assert page.group_filter.count() == 1 + len({r.group for r in rows if r.group})
    page.group_filter.setCurrentIndex(2)
    label = page.group_filter.currentData()
    assert _task_names(page) == [r.name for r in rows if r.group == label]
    assert _visible(page, 0)[0] == label  # its title row stays
    page.group_filter.setCurrentIndex(0)
    labels = [page.kind_filter.itemText(i) for i in range(page.kind_filter.count())]
    assert labels[1:] == [
        "Một lần",
        "Hằng tháng",
        "Hằng quý",
        "Hằng năm",
        "Thường xuyên",
        "Có điều kiện",
        "Đã hoàn thành",
        "Chưa đọc được",
    ]
    kind = rows[0].deadline_kind
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(kind))
    assert _task_names(page) == [r.name for r in rows if r.deadline_kind == kind]
    page.kind_filter.setCurrentIndex(0)
    statuses = sorted({r.status for r in rows})
    assert [
        page.status_filter.itemData(i) for i in range(1, page.status_filter.count())
    ] == statuses
    page.status_filter.setCurrentIndex(1)
    assert _task_names(page) == [r.name for r in rows if r.status == statuses[0]]
    page.reload()  # the choice survives a reload
    assert page.status_filter.currentData() == statuses[0]


def _group_row(page: TasksPage, title: str) -> int:
    """The table row of the group title row showing *title*."""
    for r in range(page.proxy.rowCount()):
        line = page.model.line_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
        if line is None and page.proxy.index(r, 1).data() == title:
            return r
    raise AssertionError(title)


def test_groups_add_rename_delete_and_undo(qtbot, db, monkeypatch, _inline_ops) -> None:
    from app.services.group_edit import NOT_EMPTY, list_groups
    from app.ui.group_dialog import GroupDialog

    ctx = AppContext(db)
    plan_id = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    ctx.select_plan(plan_id)
    window, page = _page(qtbot, ctx)
    typed: list[tuple[str, str]] = []

    def fake_exec(dialog: GroupDialog) -> int:
        typed.append((dialog.windowTitle(), dialog.label.text()))
        dialog.label.setText(answer[0])
        dialog.title.setText(answer[1])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(GroupDialog, "exec", fake_exec)
    tasks = list_tasks(db, plan_id)
    _select(page, next(r.name for r in tasks if r.group == "2"))
    answer = ("III", "Nhóm mới")
    page.groups.add_action.trigger()
    labels = [g.label for g in list_groups(db, plan_id)]
    assert labels == ["1", "2", "III", "3", "4", "5"]
    assert typed == [("Thêm nhóm nhiệm vụ", "")]
    row = _group_row(page, "Nhóm mới")  # an empty group still shows its title row
    assert page.proxy.index(row, 0).data() == "III"
    assert page.proxy.index(row + 1, 0).data() == "3"
    assert list_tasks(db, plan_id) == tasks
    _shot(window, "tasks-group-added.png")
    page.undo_action.trigger()
    assert [g.label for g in list_groups(db, plan_id)] == ["1", "2", "3", "4", "5"]
    page.redo_action.trigger()
    assert [g.label for g in list_groups(db, plan_id)] == labels
    # rename the empty group through its title row; undo restores the old text
    select_only_row(page.table, _group_row(page, "Nhóm mới"))
    answer = ("IIIa", "Nhóm đổi tên")
    page.groups.rename_action.trigger()
    assert typed[-1] == ("Đổi tên nhóm nhiệm vụ", "III"), page.last_status
    assert [(g.label, g.title) for g in list_groups(db, plan_id)][2] == ("IIIa", "Nhóm đổi tên")
    page.undo_action.trigger()
    assert [(g.label, g.title) for g in list_groups(db, plan_id)][2] == ("III", "Nhóm mới")
    # a group with tasks is not deleted: one sentence, nothing written
    _select(page, tasks[0].name)
    page.groups.delete_action.trigger()
    assert _inline_ops == [NOT_EMPTY]
    _inline_ops.clear()
    assert len(list_groups(db, plan_id)) == 6
    # the empty one is, and undo puts it back in the same place
    groups = list_groups(db, plan_id)
    select_only_row(page.table, _group_row(page, "Nhóm mới"))
    page.groups.delete_action.trigger()
    assert _inline_ops == [], page.last_status
    assert [g.label for g in list_groups(db, plan_id)] == ["1", "2", "3", "4", "5"]
    assert "Đã xoá nhóm III" in page.last_status
    page.undo_action.trigger()
    assert list_groups(db, plan_id) == groups


def test_group_dialog_requires_a_title(qtbot, monkeypatch) -> None:
    from app.services.group_edit import GroupInput
    from app.ui.group_dialog import GroupDialog

    errors: list[str] = []
    monkeypatch.setattr(
        "app.ui.widgets.inputs.show_error", lambda _p, exc: errors.append(exc.message)
    )
    dialog = GroupDialog(GroupInput("III", ""))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert errors == ["Hãy nhập tên nhóm nhiệm vụ."]
    assert dialog.result_data is None
    dialog.title.setText(" Hạ tầng số ")
    dialog.accept()
    assert dialog.result_data == GroupInput("III", "Hạ tầng số")


def _cell(page: TasksPage, name: str, column: int):
    for r in range(page.proxy.rowCount()):
        line = page.model.line_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row())
        if line is not None and line.row.name == name:
            return page.proxy.index(r, column)
    raise AssertionError(name)


def test_inline_edit_with_f2_reparses_deadline_and_undoes(qtbot, db, _inline_ops) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    window, page = _page(qtbot, ctx)
    editable = Qt.ItemFlag.ItemIsEditable
    index = _cell(page, "Bàn giao hệ thống", 5)
    assert [bool(index.siblingAtColumn(c).flags() & editable) for c in range(8)] == [
        False,
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    before = list_tasks(db, plan_id)
    assert type_in_cell(qtbot, window, page.table, index, "Tháng 9/2030") == "Quý IV/2099"

    def row():
        return next(r for r in list_tasks(db, plan_id) if r.name == "Bàn giao hệ thống")

    qtbot.waitUntil(lambda: row().deadline == "Tháng 9/2030")
    assert (row().deadline_kind, row().due) == ("once", "2030-09-30")
    assert _cell(page, "Bàn giao hệ thống", 6).data() == "30/09/2030"
    assert page.undo_stack.count() == 1
    page.undo_action.trigger()
    assert list_tasks(db, plan_id) == before
    # typing on a selected cell starts the edit too (the lead unit here)
    page.table.setCurrentIndex(_cell(page, "Bàn giao hệ thống", 2))
    qtbot.keyClick(page.table, Qt.Key.Key_C)
    editor = QApplication.focusWidget()
    assert editor is not page.table and editor.text() == "c"  # the typed key
    editor.setText("Công an xã")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: row().lead == "Công an xã")
    page.undo_action.trigger()
    assert list_tasks(db, plan_id) == before


def test_inline_edit_refuses_an_empty_name(qtbot, db, _inline_ops) -> None:
    ctx = AppContext(db)
    plan_id = _small_plan(db)
    ctx.select_plan(plan_id)
    _window, page = _page(qtbot, ctx)
    before = list_tasks(db, plan_id)
    assert page.proxy.setData(_cell(page, "Bàn giao hệ thống", 1), "   ")
    qtbot.waitUntil(lambda: _inline_ops == ["Hãy nhập tên nhiệm vụ."])
    _inline_ops.clear()
    assert list_tasks(db, plan_id) == before
    assert page.undo_stack.count() == 0
    assert not page.proxy.setData(page.proxy.index(0, 0), "9")  # TT is not edited in place
