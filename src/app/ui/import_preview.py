"""What the import dialog shows before anything is written: the preview read off the
UI thread and the views of its tabs (changes, warnings, units, groups, catalogue links)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.importing import ColumnMapping
from app.services.plan_import import ImportPreview, UnitPreview, preview_import
from app.settings import load_mappings
from app.ui.catalogue_picker import LINKS_HELP, CatalogueChoiceDelegate, CatalogueLinksModel
from app.ui.widgets import Index


def read_preview(db: Database, path: Path, mappings: dict[str, ColumnMapping]) -> ImportPreview:
    """Preview with remembered + chosen mappings, and the commune the import will use."""
    from app.services.commune import get_profile

    maps = {**load_mappings(), **mappings}
    preview = preview_import(db, path, mappings=maps)
    if not preview.commune:  # the import falls back to the commune profile; so must the preview
        profile = get_profile(db)
        if profile is not None and profile.name:
            preview = preview_import(db, path, commune=profile.name, mappings=maps)
    return preview


class UnitsModel(QAbstractTableModel):
    HEADERS = ("Đơn vị", "Tình trạng")

    def __init__(self, units: list[UnitPreview]) -> None:
        super().__init__()
        self.units = units

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        unit = self.units[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return unit.name
            if unit.known:
                return "Đã có trong danh sách đơn vị"
            if unit.suggestion:
                return f"Mới — có thể là “{unit.suggestion}” (sẽ được gộp nếu trùng tên viết tắt)"
            return "Mới — sẽ được thêm vào danh sách đơn vị"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and not unit.known:
            return QBrush(QColor("#9a5b00" if unit.suggestion else "#1b5e20"))
        return None


def list_view(lines: list[str]) -> QListView:
    """A read-only word-wrapped list of *lines*."""
    view = QListView()
    view.setModel(QStringListModel(lines, view))
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    return view


def units_view(units: list[UnitPreview]) -> QTableView:
    """The units the plan names, known or new (with a likely match)."""
    view = QTableView()
    view.setModel(UnitsModel(units))
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return view


def links_page(model: CatalogueLinksModel) -> tuple[QWidget, QTableView]:
    """The "Chỉ tiêu chuẩn" tab: help over the table of links, and the table itself."""
    view = QTableView()
    view.setModel(model)
    view.setItemDelegateForColumn(model.CHOICE, CatalogueChoiceDelegate(view))
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    # one click on a "Chỉ tiêu chuẩn" cell opens its combo; only that column is editable
    view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    help_text = QLabel(LINKS_HELP)
    help_text.setWordWrap(True)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(help_text)
    layout.addWidget(view, 1)
    return page, view


def summary_html(p: ImportPreview) -> str:
    """Title, number, commune and counts of what was read; whether it updates a plan."""
    e = html.escape
    head = [f"<b style='font-size:13pt'>{e(p.title)}</b>"]
    ident = [
        x
        for x in (
            f"Số: {e(p.number)}" if p.number else "",
            f"Xã: {e(p.commune)}" if p.commune else "",
            f"Tệp: {e(p.source)}",
        )
        if x
    ]
    head.append(" · ".join(ident))
    head.append(
        f"Đọc được <b>{p.tasks}</b> nhiệm vụ ({len(p.task_groups)} nhóm) và "
        f"<b>{p.indicators}</b> chỉ tiêu ({len(p.indicator_groups)} nhóm); "
        f"<b>{len(p.warnings)}</b> cảnh báo."
    )
    if p.existing_plan_id is not None:
        head.append(
            "<span style='color:#9a5b00'>Kế hoạch này đã có trong dữ liệu: nhập lại sẽ cập "
            f"nhật kế hoạch theo số thứ tự ({len(p.changes)} thay đổi), không tạo bản trùng."
            "</span>"
        )
    head.append("Chưa có gì được ghi. Kiểm tra các mục dưới đây rồi bấm nút để nhập.")
    return "<br>".join(head)
