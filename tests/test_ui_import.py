"""Nhập kế hoạch through the dialogs: preview first, write on confirm, map unknown headers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.services import Changes
from app.services.plan_import import CatalogueLink
from app.services.plans import list_plans, list_tasks
from app.settings import load_mappings
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
    assert dialog.tabs.currentWidget() is dialog.links_view
    model = dialog.links_view.model()
    assert isinstance(model, CatalogueLinksModel)
    assert model.rowCount() == 21 and model.columnCount() == 3
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    for row, link in zip(rows, preview.catalogue_links, strict=True):
        assert row[:2] == [link.code, link.name]
        if link.catalogue_code:
            assert row[2] == f"{link.catalogue_code} — {link.catalogue_name}"
        else:
            assert row[2] == NO_LINK
    assert {r[2] for r in rows} != {NO_LINK}
    _shot(dialog, "import-catalogue.png")
    own = CatalogueLinksModel([CatalogueLink("9", "Số hộ nuôi ong", None, None)])
    assert [own.index(0, c).data() for c in range(3)] == ["9", "Số hộ nuôi ong", NO_LINK]


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
