"""Thêm/Đổi tên nhóm: the label (I, II, III …) and title of one task or indicator group."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.services.group_edit import LABEL_MAX, TASKS, GroupInput, GroupKind, check_group_input
from app.ui.widgets import CheckedDialog, dialog_buttons

TITLE_EXAMPLES = {
    "tasks": "Ví dụ: Phát triển hạ tầng số",
    "indicators": "Ví dụ: Chỉ tiêu về hạ tầng số",
}


class GroupDialog(CheckedDialog):
    """Validates in ``check()``; ``accept()`` runs check and keeps ``result_data``."""

    DEFAULT_FIELD = "title"

    def __init__(
        self,
        data: GroupInput,
        parent: QWidget | None = None,
        *,
        title: str = "Đổi tên nhóm",
        kind: GroupKind = TASKS,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(title)
        self.result_data: GroupInput | None = None
        self.label = QLineEdit(data.label)
        self.label.setMaxLength(LABEL_MAX)
        self.label.setMaximumWidth(120)
        self.label.setPlaceholderText("Ví dụ: III")
        self.title = QLineEdit(data.title)
        self.title.setPlaceholderText(TITLE_EXAMPLES.get(kind.name, ""))
        form = QFormLayout()
        form.addRow("Số hiệu nhóm:", self.label)
        form.addRow(f"Tên nhóm {kind.noun} (*):", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, cancel_text="Huỷ"))
        self.resize(520, 0)

    def check(self) -> GroupInput:
        return check_group_input(GroupInput(self.label.text(), self.title.text()), kind=self.kind)
