"""Nhập kế hoạch through the dialogs: preview first, write on confirm, map unknown headers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services import Changes
from app.services.plan_import import CatalogueLink
from app.services.plans import list_plans, list_tasks
from app.settings import load_mappings
from app.ui.catalogue_picker import NO_LINK_TEXT
from app.ui.context import AppContext
from app.ui.import_dialog import ImportDialog
from app.ui.mapping_dialog import MappingDialog, guess_fields
from app.ui.ops import DbOp

DATA = Path(__file__).parent / "data"
SHOTS = Path("/tmp/kh57-shots")


@pytest.fixture(autouse=True)
def shown(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ops run inline; message boxes are collected (a test that expects one clears the list)."""
    monkeypatch.setattr(DbOp, "inline", True)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: messages.append(box.text()) or 0)
    yield messages
    assert messages == []


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let layouts settle as the event loop would
    assert widget.grab().save(str(SHOTS / name))


def _dialog(qtbot, ctx: AppContext, path: Path) -> ImportDialog:
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    dialog.show()  # reading starts when shown; inline ops finish at once
    return dialog


def _tab_titles(dialog: ImportDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def test_preview_writes_nothing_until_confirmed(qtbot, db) -> None:
    ctx = AppContext(db)
    emitted: list[Changes] = []
    ctx.changed.connect(emitted.append)
    dialog = _dialog(qtbot, ctx, DATA / "samples" / "tam-chung.xlsx")
    preview = dialog.preview
    assert preview is not None
    assert (preview.tasks, preview.indicators, len(preview.indicator_groups)) == (6, 21, 5)
    assert "<b>6</b> nhiệm vụ" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Nhập"
    assert any(t.startswith("Đơn vị (") for t in _tab_titles(dialog))
    assert list_plans(db) == [] and emitted == []
    _shot(dialog, "import-preview.png")
    dialog.tabs.setCurrentIndex(1)
    _shot(dialog, "import-units.png")
    dialog.import_button.click()
    plans = list_plans(db)
    assert [(p.tasks, p.indicators) for p in plans] == [(6, 21)]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert emitted and emitted[-1].tasks and emitted[-1].plans
    assert ctx.current_plan_id == plans[0].id


def test_reimport_lists_changes_and_updates(qtbot, db) -> None:
    ctx = AppContext(db)
    first = _dialog(qtbot, ctx, DATA / "samples" / "thanh-mien.xlsx")
    first.import_button.click()
    again = _dialog(qtbot, ctx, DATA / "samples" / "thanh-mien.xlsx")
    assert again.preview is not None and again.preview.existing_plan_id == ctx.current_plan_id
    assert _tab_titles(again)[0] == "Thay đổi (0)"
    assert again.import_button.text() == "Cập nhật kế hoạch"
    _shot(again, "import-reimport.png")
    again.import_button.click()
    assert len(list_plans(db)) == 1


def test_unreadable_file_shows_one_sentence_and_writes_nothing(qtbot, db, tmp_path, shown) -> None:
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    dialog = _dialog(qtbot, AppContext(db), bad)
    assert len(shown) == 1 and "hong.xlsx" in shown[0]
    shown.clear()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert list_plans(db) == []


def test_unknown_header_is_mapped_then_remembered_for_the_next_file(
    qtbot, db, tmp_path, monkeypatch
) -> None:
    asked: list[MappingDialog] = []

    def fake_exec(dialog: MappingDialog) -> int:
        asked.append(dialog)
        page = dialog.pages[0]
        assert page.table.source == "Sheet2"
        assert page.current_kind() == "tasks"
        for col, field in enumerate(
            ("number", "name", "lead", "cooperating", "result", "deadline")
        ):
            page.set_field(col, field)
        dialog.show()
        _shot(dialog, "mapping.png")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MappingDialog, "exec", fake_exec)
    ctx = AppContext(db)
    dialog = _dialog(qtbot, ctx, DATA / "import" / "unknown-header.xlsx")
    assert len(asked) == 1
    assert dialog.preview is not None and dialog.preview.tasks == 6
    assert list_plans(db) == [] and load_mappings() == {}
    dialog.import_button.click()
    assert len(load_mappings()) == 1
    tasks = list_tasks(db, ctx.current_plan_id)
    assert tasks[0].name.startswith("Tham mưu ban hành kế hoạch")
    assert (tasks[0].lead, tasks[0].deadline) == ("Phòng VH-XH", "Tháng 7/2025")
    # a second file with the same header is read with the remembered mapping
    other = tmp_path / "ke-hoach-khac.xlsx"
    shutil.copyfile(DATA / "import" / "unknown-header.xlsx", other)
    second = _dialog(qtbot, ctx, other)
    assert len(asked) == 1
    assert second.preview is not None and second.preview.tasks == 6


def test_mapping_dialog_checks_the_choice(qtbot, monkeypatch) -> None:
    from app.importing import HeaderNotRecognised, read_plan_file

    with pytest.raises(HeaderNotRecognised) as caught:
        read_plan_file(DATA / "import" / "unknown-header.xlsx")
    table = caught.value.tables[0]
    assert guess_fields(table, "tasks") == {
        0: "number",
        1: "name",
        2: "lead",
        3: "cooperating",
        4: "result",
        5: "deadline",
    }
    errors: list[str] = []
    monkeypatch.setattr(
        "app.ui.mapping_dialog.show_error", lambda _p, exc: errors.append(exc.message)
    )
    dialog = MappingDialog(caught.value.tables)
    qtbot.addWidget(dialog)
    page = dialog.pages[0]
    page.set_field(1, "")
    dialog.accept()
    assert errors[-1] == "Hãy chọn cột “Tên nhiệm vụ” cho bảng “Sheet2”."
    page.set_field(1, "name")
    page.set_field(2, "lead")
    page.set_field(3, "lead")
    dialog.accept()
    assert "cùng được chọn là “Chủ trì”" in errors[-1]
    page.set_field(3, "cooperating")
    page.header_row.setValue(2)
    dialog.accept()
    assert "Dòng tiêu đề" in errors[-1]
    page.header_row.setValue(table.header_row + 1)
    page.kind.setCurrentIndex(page.kind.findData("indicators"))
    assert page.combos[4].findData("target:2030") >= 0
    page.set_field(4, "target:2030")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    mapping = dialog.result_mappings[table.signature]
    assert mapping.kind == "indicators"
    assert mapping.columns["target:2030"] == 4 and mapping.header_rows == 1


def test_preview_and_import_off_the_ui_thread(qtbot, db, monkeypatch) -> None:
    monkeypatch.setattr(DbOp, "inline", False)
    ctx = AppContext(db)
    dialog = _dialog(qtbot, ctx, DATA / "samples" / "tam-chung.xlsx")
    assert dialog.progress.isVisible() or dialog.preview is not None
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert not dialog.progress.isVisible()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.import_result is not None, timeout=10_000)
    assert [p.tasks for p in list_plans(db)] == [6]
    assert ctx.current_plan_id == dialog.import_result.plan_id


def test_catalogue_links_tab_lists_each_indicator_and_its_standard(qtbot, db) -> None:
    from app.ui.import_dialog import NO_LINK, CatalogueLinksModel

    dialog = _dialog(qtbot, AppContext(db), DATA / "samples" / "tam-chung.xlsx")
    preview = dialog.preview
    assert preview is not None and len(preview.catalogue_links) == 21
    titles = _tab_titles(dialog)
    linked = sum(1 for link in preview.catalogue_links if link.catalogue_code)
    assert linked > 0
    assert titles[-1] == f"Chỉ tiêu chuẩn ({linked}/21)"
    dialog.tabs.setCurrentIndex(len(titles) - 1)
    assert dialog.tabs.currentWidget().isAncestorOf(dialog.links_view)
    model = dialog.links_view.model()
    assert isinstance(model, CatalogueLinksModel)
    assert model.rowCount() == 21 and model.columnCount() == 3
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    for r, (row, link) in enumerate(zip(rows, preview.catalogue_links, strict=True)):
        assert row[:2] == [link.code, link.name]
        combo = dialog.links_combo(r)  # the proposal is preselected in each row's combo
        if link.catalogue_code:
            assert row[2] == f"{link.catalogue_code} — {link.catalogue_name}"
            assert combo.code() == link.catalogue_code and combo.currentText() == row[2]
        else:
            assert row[2] == NO_LINK and combo.code() is None
    assert {r[2] for r in rows} != {NO_LINK}
    dialog.links_view.setCurrentIndex(model.index(0, 0))  # closes the last combo
    dialog.links_view.scrollToTop()
    _shot(dialog, "import-catalogue.png")
    own = CatalogueLinksModel([CatalogueLink("9", "Số hộ nuôi ong", None, None)])
    assert [own.index(0, c).data() for c in range(3)] == ["9", "Số hộ nuôi ong", NO_LINK]


def _type(widget, text: str) -> None:
    """Type *text* as key presses (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        QApplication.sendEvent(
            widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
        )


def _pick(combo, typed: str) -> list[str]:
    """Type into a row's combo and take the first entry the completer offers."""
    combo.setFocus()
    combo.lineEdit().selectAll()
    _type(combo.lineEdit(), typed)
    completer = combo.completer()
    found = completer.completionModel()
    offered = [found.index(r, 0).data() for r in range(found.rowCount())]
    QTest.keyClick(completer.popup(), Qt.Key.Key_Down)
    QTest.keyClick(completer.popup(), Qt.Key.Key_Return)
    return offered


def test_links_changed_in_the_preview_are_written_and_kept(qtbot, db) -> None:
    """Tam Chung: 1 (5G, CS-24) is cleared, 3 (CS-26) becomes CS-23 found by typing."""
    ctx = AppContext(db)
    sample = DATA / "samples" / "tam-chung.xlsx"
    dialog = _dialog(qtbot, ctx, sample)
    dialog.tabs.setCurrentIndex(dialog.links_tab)
    offered = _pick(dialog.links_combo(2), "ky nang so co ban")  # no diacritics typed
    assert offered == [
        "CS-23 — Tỷ lệ người dân có kỹ năng số cơ bản",
        "CS-26 — Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số cơ bản",
    ]
    assert _pick(dialog.links_combo(0), "không liên") == [NO_LINK_TEXT]  # with diacritics
    combo = dialog.links_combo(4)
    combo.lineEdit().selectAll()
    _type(combo.lineEdit(), "không có chỉ tiêu nào như thế")
    combo.lineEdit().editingFinished.emit()  # text naming nothing gives way to the choice
    assert combo.code() == "CS-22" and combo.currentText().startswith("CS-22 — ")
    assert dialog.links_model.overrides() == {"1": None, "3": "CS-23"}
    assert _tab_titles(dialog)[dialog.links_tab] == "Chỉ tiêu chuẩn (20/21, đã đổi 2)"
    assert dialog.links_view.model().index(2, 2).data().startswith("CS-23 — ")
    dialog.links_view.setCurrentIndex(dialog.links_model.index(2, 1))  # closes the combo
    assert dialog.links_view.indexWidget(dialog.links_model.index(4, 2)) is None
    _shot(dialog, "import-catalogue-changed.png")
    dialog.links_combo(3)  # an open combo, for the picture
    _shot(dialog, "import-catalogue-combo.png")
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    want = {"1": (None, True), "3": ("CS-23", True), "2": ("CS-25", False)}
    assert {k: v for k, v in _stored_links(db).items() if k in want} == want
    again = _dialog(qtbot, ctx, sample)  # a re-import shows and keeps the choices
    assert dialog.links_model is not again.links_model
    assert again.links_combo(0).code() is None and again.links_combo(2).code() == "CS-23"
    assert again.links_model.overrides() == {}
    again.import_button.click()
    assert {k: v for k, v in _stored_links(db).items() if k in want} == want


def _stored_links(db) -> dict[str, tuple[str | None, bool]]:
    from sqlalchemy import select

    from app.models import Indicator

    with db.read() as s:
        rows = s.execute(
            select(Indicator.code, Indicator.catalogue_code, Indicator.catalogue_manual)
        )
        return {code: (cat, manual) for code, cat, manual in rows}


def test_no_catalogue_tab_without_indicators(qtbot, db, tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
    ws.append(["1", "Tuyên truyền chuyển đổi số", "Công an xã", "Năm 2026"])
    path = tmp_path / "nhiem-vu.xlsx"
    wb.save(path)
    dialog = _dialog(qtbot, AppContext(db), path)
    assert dialog.preview is not None and dialog.preview.catalogue_links == []
    assert not any(t.startswith("Chỉ tiêu chuẩn") for t in _tab_titles(dialog))
