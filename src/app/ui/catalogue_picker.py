"""Choosing a standard indicator (catalogue entry): a combo the officer can also type into.

Used by the import preview (``CatalogueLinksModel`` + ``CatalogueChoiceDelegate``:
one combo a row, the proposal by name preselected).

Typing finds entries by any part of the code or name, ignoring diacritics and
case ("ky nang so" finds “Tỷ lệ người dân có kỹ năng số cơ bản”), through a
completer that matches on the folded text (``app.vntext.fold``). The combo
only ever holds a listed choice: text that names none is put back on leaving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.catalogue import catalogue_entry
from app.services.consolidation import catalogue_options
from app.services.plan_import import CatalogueLink
from app.vntext import fold

NO_LINK_TEXT = "— không liên kết —"
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def choice_text(code: str | None, name: str | None) -> str:
    """How a choice reads in the combo and in a table cell."""
    if not code:
        return NO_LINK_TEXT
    return f"{code} — {name}" if name else code


class _FoldingCompleter(QCompleter):
    """Matches the folded text of what is typed against each entry's folded text."""

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class CatalogueCombo(QComboBox):
    """A choice of “— không liên kết —” or one catalogue entry (``code()``: None for no link)."""

    chosen = Signal(QWidget)  #: the combo itself, after the choice changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(self.on_current_index_changed)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._add(NO_LINK_TEXT, "", "Không phải chỉ tiêu chuẩn: không cộng dồn khi tổng hợp")
        for code, name in catalogue_options():
            self._add(choice_text(code, name), code, name)
        completer = _FoldingCompleter(self.model(), self)
        completer.setCompletionRole(FOLDED_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # both sides folded
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.line_edit().setPlaceholderText("Gõ mã hoặc vài chữ của tên để tìm (không cần dấu)")
        self.line_edit().editingFinished.connect(self.on_edit_finished)

    def _add(self, text: str, code: str, tip: str) -> None:
        self.addItem(text, code)
        row = self.count() - 1
        self.setItemData(row, fold(text), FOLDED_ROLE)
        self.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)

    def on_current_index_changed(self, _row: int) -> None:
        self.chosen.emit(self)

    def line_edit(self) -> QLineEdit:
        line = self.lineEdit()
        assert line is not None  # the combo is editable
        return line

    def code(self) -> str | None:
        return str(self.currentData() or "") or None

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(self.findData(code or ""), 0))

    def on_edit_finished(self) -> None:
        """Typed text that names exactly one choice picks it; any other text gives way."""
        typed = fold(self.line_edit().text())
        hits = [r for r in range(self.count()) if typed and typed in self.itemData(r, FOLDED_ROLE)]
        if len(hits) == 1 and hits[0] != self.currentIndex():
            self.setCurrentIndex(hits[0])
        chosen = self.itemText(max(self.currentIndex(), 0))
        if self.line_edit().text() != chosen:
            self.setEditText(chosen)


NO_LINK = NO_LINK_TEXT
LINKS_HELP = (
    "Chương trình đề xuất chỉ tiêu chuẩn theo tên chỉ tiêu. Nếu chưa đúng, bấm vào ô ở cột "
    "“Chỉ tiêu chuẩn” để chọn lại (gõ mã hoặc vài chữ của tên, không cần dấu, để tìm). Lựa chọn "
    "của bạn được ghi khi nhập và được giữ nguyên khi nhập lại kế hoạch."
)


class CatalogueLinksModel(QAbstractTableModel):
    """Each indicator and the standard indicator (catalogue entry) it will be linked to.

    The officer may change the link of a row (column 2, ``setData``); ``overrides()``
    gives the changed rows for ``import_plan_file(catalogue_overrides=…)``.
    """

    HEADERS = ("Số TT", "Chỉ tiêu trong tệp", "Chỉ tiêu chuẩn")
    CHOICE = 2

    def __init__(self, links: list[CatalogueLink]) -> None:
        super().__init__()
        self.proposed = list(links)
        self.links = list(links)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.links)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.CHOICE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @staticmethod
    def standard_text(link: CatalogueLink) -> str:
        return choice_text(link.catalogue_code, link.catalogue_name)

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        link = self.links[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole and column == self.CHOICE:
            return link.catalogue_code or ""
        if role == Qt.ItemDataRole.DisplayRole:
            return (link.code, link.name, self.standard_text(link))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return link.name if column < self.CHOICE else self._choice_tip(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and column == self.CHOICE:
            return QBrush(QColor("#1b5e20" if link.catalogue_code else "#757575"))
        if role == Qt.ItemDataRole.FontRole and column == self.CHOICE and self._chosen(index.row()):
            font = QFont()
            font.setBold(True)  # the officer's choice, now or at an earlier import
            return font
        return None

    def _chosen(self, row: int) -> bool:
        link = self.links[row]
        return link.manual or link.catalogue_code != self.proposed[row].catalogue_code

    def _choice_tip(self, row: int) -> str:
        link, proposed = self.links[row], self.proposed[row]
        if link.catalogue_code != proposed.catalogue_code:
            return f"Bạn đã chọn; đề xuất theo tên là: {self.standard_text(proposed)}"
        if link.manual:
            return "Lựa chọn đã ghi lần trước (được giữ khi nhập lại)"
        if not link.catalogue_code:
            return "Tên chỉ tiêu không khớp rõ với chỉ tiêu chuẩn nào trong danh mục"
        return "Đề xuất theo tên chỉ tiêu"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.CHOICE:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        code = str(value or "") or None
        entry = catalogue_entry(code)
        if code is not None and entry is None:
            return False
        row = index.row()
        proposed = self.proposed[row]
        if code == proposed.catalogue_code:
            self.links[row] = proposed
        else:
            name = entry.name if entry else None
            self.links[row] = proposed._replace(catalogue_code=code, catalogue_name=name)
        self.dataChanged.emit(index, index)
        return True

    def overrides(self) -> dict[str, str | None]:
        """Indicator numbering → the officer's choice, for the rows changed here."""
        return {
            link.code: link.catalogue_code
            for link, proposed in zip(self.links, self.proposed, strict=True)
            if link.catalogue_code != proposed.catalogue_code
        }

    def linked(self) -> int:
        return sum(1 for link in self.links if link.catalogue_code)


class CatalogueChoiceDelegate(QStyledItemDelegate):
    """A ``CatalogueCombo`` in the "Chỉ tiêu chuẩn" cell; a choice is written at once."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = CatalogueCombo(parent)
        combo.chosen.connect(self.commitData)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, CatalogueCombo)
        code = str(index.data(Qt.ItemDataRole.EditRole) or "") or None
        if editor.code() != code:
            editor.blockSignals(True)
            editor.set_code(code)
            editor.blockSignals(False)
        line = editor.line_edit()  # all selected, shown from its start: typing starts a search
        line.end(False)
        line.home(True)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, CatalogueCombo)
        model.setData(index, editor.code() or "", Qt.ItemDataRole.EditRole)
