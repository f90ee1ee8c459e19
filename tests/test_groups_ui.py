"""Group actions on the Chỉ tiêu and Nhiệm vụ screens offscreen: add, rename, delete, move, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QPushButton

from app.services.group_edit import INDICATORS, TASKS, list_groups
from app.services.plan_import import import_plan_file
from app.services.plans import list_indicators, list_tasks
from app.ui.context import AppContext
from app.ui.group_dialog import GroupDialog
from app.ui.ops import DbOp
from app.ui.pages.group_rows import GROUP_ID_ROLE
from app.ui.pages.indicators import IndicatorsPage
from app.ui.pages.tasks import TasksPage
from app.ui.widgets import select_only_row

SAMPLES = Path(__file__).parent / "data" / "samples"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ops run inline; a message box would block, so its text is collected instead."""
    monkeypatch.setattr(DbOp, "inline", True)
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.text()) or 0)
    yield texts
    assert texts == []


class Typist:
    """Answers the group dialogs: ``answers`` is what the officer types in the next
    ones; ``seen`` keeps each dialog's (title, label, title placeholder) as opened."""

    def __init__(self) -> None:
        self.answers: list[tuple[str, str]] = []
        self.seen: list[tuple[str, str, str]] = []

    def exec(self, dialog: GroupDialog) -> int:
        self.seen.append(
            (dialog.windowTitle(), dialog.label.text(), dialog.title.placeholderText())
        )
        dialog.label.setText(self.answers[0][0])
        dialog.title.setText(self.answers.pop(0)[1])
        dialog.accept()
        return dialog.result()


@pytest.fixture
def typist(monkeypatch: pytest.MonkeyPatch) -> Typist:
    typist = Typist()
    monkeypatch.setattr(GroupDialog, "exec", lambda dialog: typist.exec(dialog))
    return typist


def _window(qtbot, page) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(page)
    window.resize(1250, 700)
    qtbot.addWidget(window)
    window.show()
    return window


def _indicators(qtbot, db) -> tuple[QMainWindow, IndicatorsPage, int]:
    ctx = AppContext(db)
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    ctx.select_plan(plan_id)
    page = IndicatorsPage(ctx)
    return _window(qtbot, page), page, plan_id


def _titles(page) -> list[str]:
    """The group title rows shown, top to bottom."""
    proxy = page.proxy
    rows = range(proxy.rowCount())
    return [
        proxy.index(r, 1).data()
        for r in rows
        if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) is None
    ]


def _title_row(page, title: str) -> int:
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        index = proxy.index(r, 0)
        if index.data(Qt.ItemDataRole.UserRole) is None and proxy.index(r, 1).data() == title:
            return r
    raise AssertionError(title)


def _selected_title(page) -> str | None:
    rows = page.table.selectionModel().selectedRows()
    if len(rows) != 1 or rows[0].data(Qt.ItemDataRole.UserRole) is not None:
        return None
    return page.proxy.index(rows[0].row(), 1).data()


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def test_indicator_screen_shows_group_title_rows(qtbot, db) -> None:
    _window, page, plan_id = _indicators(qtbot, db)
    groups = list_groups(db, plan_id, kind=INDICATORS)
    assert _titles(page) == [g.title for g in groups]
    first = page.proxy.index(0, 0)
    assert first.data() == "I" and first.data(Qt.ItemDataRole.FontRole).bold()
    assert first.data(GROUP_ID_ROLE) == groups[0].id
    assert page.table.columnSpan(0, 1) == page.model.columnCount() - 1
    rows = list_indicators(db, plan_id)
    assert page.count_label.text() == f"{len(rows)}/{len(rows)} chỉ tiêu"
    # sorted by name: plain rows, no title rows; back in plan order: titles again
    page.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert _titles(page) == []
    page.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    assert len(_titles(page)) == 5
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Nhóm")
    texts = [a.text() for a in button.menu().actions()]
    assert texts == [
        "Thêm nhóm chỉ tiêu…",
        "Đổi tên nhóm…",
        "Xoá nhóm",
        "Chuyển nhóm lên",
        "Chuyển nhóm xuống",
    ]


def test_indicator_groups_add_rename_delete_with_undo(qtbot, db, typist, shown) -> None:
    window, page, plan_id = _indicators(qtbot, db)
    before = list_groups(db, plan_id, kind=INDICATORS)
    select_only_row(page.table, _title_row(page, before[1].title))
    typist.answers.append(("IIa", "Nhóm chỉ tiêu mới"))
    page.groups.add_action.trigger()
    assert typist.seen[-1] == ("Thêm nhóm chỉ tiêu", "", "Ví dụ: Chỉ tiêu về hạ tầng số")
    labels = [g.label for g in list_groups(db, plan_id, kind=INDICATORS)]
    assert labels == ["I", "II", "IIa", "III", "IV", "V"]
    assert list_groups(db, plan_id) == []  # the task groups are untouched
    assert _titles(page)[2] == "Nhóm chỉ tiêu mới"  # the empty group shows its title row
    assert _selected_title(page) == "Nhóm chỉ tiêu mới"
    _shot(window, "indicators-group-added.png")
    typist.answers.append(("IIb", "Nhóm đổi tên"))
    page.groups.rename_action.trigger()
    assert typist.seen[-1][:2] == ("Đổi tên nhóm chỉ tiêu", "IIa")
    assert list_groups(db, plan_id, kind=INDICATORS)[2].title == "Nhóm đổi tên"
    page.undo_action.trigger()
    assert list_groups(db, plan_id, kind=INDICATORS)[2].title == "Nhóm chỉ tiêu mới"
    # a group with indicators is refused with one sentence
    select_only_row(page.table, _title_row(page, before[0].title))
    page.groups.delete_action.trigger()
    assert shown == [INDICATORS.not_empty]
    shown.clear()
    select_only_row(page.table, _title_row(page, "Nhóm chỉ tiêu mới"))
    page.groups.delete_action.trigger()
    assert list_groups(db, plan_id, kind=INDICATORS) == before
    assert "Đã xoá nhóm IIa" in page.last_status
    page.undo_action.trigger()
    assert _titles(page)[2] == "Nhóm chỉ tiêu mới"
    for _ in range(2):  # the deletion was undone already: the rename's undo, the addition
        page.undo_action.trigger()
    assert list_groups(db, plan_id, kind=INDICATORS) == before
    page.redo_action.trigger()
    assert len(list_groups(db, plan_id, kind=INDICATORS)) == 6


def test_indicator_group_moves_with_keys_and_undo(qtbot, db) -> None:
    window, page, plan_id = _indicators(qtbot, db)
    before_groups = list_groups(db, plan_id, kind=INDICATORS)
    before_rows = list_indicators(db, plan_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    select_only_row(page.table, _title_row(page, before_groups[0].title))
    down = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(page.table, Qt.Key.Key_Down, down)
    labels = [g.label for g in list_groups(db, plan_id, kind=INDICATORS)]
    assert labels == ["II", "I", "III", "IV", "V"]
    groups_of_rows = [r.group for r in list_indicators(db, plan_id)]
    assert groups_of_rows[:5] == ["II", "II", "II", "I", "I"]
    assert _titles(page)[:2] == [before_groups[1].title, before_groups[0].title]
    assert _selected_title(page) == before_groups[0].title  # the moved group stays selected
    assert "Đã chuyển nhóm I" in page.last_status
    _shot(window, "indicators-group-moved.png")
    # from an indicator row of group V: its group moves; at the bottom it cannot
    v_row = next(r for r in before_rows if r.group == "V")
    page.select_after_reload(None)
    for r in range(page.proxy.rowCount()):
        if page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == v_row.id:
            select_only_row(page.table, r)
    qtbot.keyClick(page.table, Qt.Key.Key_Down, down)
    assert page.last_status == "Nhóm đã ở cuối danh sách."
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)  # Qt keeps the last modifiers: let go
    assert page.undo_stack.count() == 1
    page.undo_action.trigger()
    assert list_groups(db, plan_id, kind=INDICATORS) == before_groups
    assert list_indicators(db, plan_id) == before_rows
    page.redo_action.trigger()
    assert [g.label for g in list_groups(db, plan_id, kind=INDICATORS)] == labels


def test_task_group_moves_up_with_its_tasks_and_undo(qtbot, db) -> None:
    ctx = AppContext(db)
    plan_id = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    ctx.select_plan(plan_id)
    page = TasksPage(ctx)
    window = _window(qtbot, page)
    tasks = list_tasks(db, plan_id)
    groups = list_groups(db, plan_id, kind=TASKS)
    select_only_row(page.table, _title_row(page, groups[0].title))
    page.groups.up_action.trigger()
    assert page.last_status == "Nhóm đã ở đầu danh sách."
    select_only_row(page.table, _title_row(page, groups[3].title))
    page.groups.up_action.trigger()
    assert [g.label for g in list_groups(db, plan_id)] == ["1", "2", "4", "3", "5"]
    assert _titles(page) == [groups[k].title for k in (0, 1, 3, 2, 4)]
    moved = list_tasks(db, plan_id)
    runs = [r.group for k, r in enumerate(moved) if k == 0 or moved[k - 1].group != r.group]
    assert runs == ["1", "2", "4", "3", "5"]
    assert _selected_title(page) == groups[3].title
    _shot(window, "tasks-group-moved.png")
    page.undo_action.trigger()
    assert list_tasks(db, plan_id) == tasks
    assert _titles(page) == [g.title for g in groups]
