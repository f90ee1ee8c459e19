"""Sửa chỉ tiêu: the fields of one indicator, targets read back as the officer types."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.catalogue import match_indicator
from app.errors import ValidationError
from app.services.consolidation import catalogue_options
from app.services.indicator_edit import IndicatorInput, check_input
from app.targets import parse_target
from app.ui.widgets import CheckedDialog, dialog_buttons, show_number
from app.vntext import clean_cell

BY_NAME, NOT_STANDARD = "(tự nhận theo tên)", "(không phải chỉ tiêu chuẩn)"
_AUTO, _NONE = "auto", "none"
_SIGNS = {">=": "≥", "<=": "≤"}
_LINE = re.compile(r"^\s*(\d{4})\s*[:：]\s*(.*)$")


def targets_text(targets: tuple[tuple[int, str], ...]) -> str:
    return "\n".join(f"{year}: {text}" for year, text in targets)


def parse_target_lines(text: str) -> tuple[tuple[int, str], ...]:
    """ "2025: ≥ 90%" lines → ((2025, "≥ 90%"), …); blank lines skipped."""
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if m is None:
            raise ValidationError(
                f"Dòng {n} của mục tiêu phải có dạng “năm: mục tiêu”, ví dụ “2030: ≥ 90%”.",
                field="targets",
            )
        out.append((int(m.group(1)), clean_cell(m.group(2))))
    return tuple(out)


def target_reading(text: str) -> str:
    """How the program reads each target line, one line each."""
    try:
        lines = parse_target_lines(text)
    except ValidationError as exc:
        return exc.message
    if not lines:
        return "Chưa có mục tiêu."
    parts = []
    for year, target in lines:
        t = parse_target(target)
        if not target:
            parts.append(f"{year}: (để trống)")
        elif t.op is None:
            parts.append(f"{year}: định tính (không so sánh số)")
        else:
            parts.append(f"{year}: {_SIGNS.get(t.op, t.op)} {show_number(t.value)}")
    return "\n".join(parts)


class IndicatorDialog(CheckedDialog):
    """Validates in ``check()``; ``accept()`` runs check and keeps ``result_data``."""

    def __init__(
        self, data: IndicatorInput, parent: QWidget | None = None, *, title: str = "Sửa chỉ tiêu"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_data: IndicatorInput | None = None
        self.code = QLineEdit(data.code)
        self.code.setMaximumWidth(120)
        self.name = QPlainTextEdit(data.name)
        self.name.setTabChangesFocus(True)
        self.name.setFixedHeight(64)
        self.unit = QLineEdit(data.unit)
        self.lead = QLineEdit(data.lead)
        self.cooperating = QLineEdit(data.cooperating)
        self.targets = QPlainTextEdit(targets_text(data.targets))
        self.targets.setTabChangesFocus(True)
        self.targets.setFixedHeight(84)
        self.targets.setPlaceholderText("2025: ≥ 80%\n2030: 100%")
        self.reading = QLabel()
        self.reading.setStyleSheet("color: #335;")
        self.catalogue = self._catalogue_combo(data)
        self.by_name = QLabel()
        self.by_name.setWordWrap(True)
        self.by_name.setStyleSheet("color: #335;")
        self.targets.textChanged.connect(self.on_targets_changed)
        self.name.textChanged.connect(self.on_name_changed)
        self.on_targets_changed()
        self.on_name_changed()
        form = QFormLayout()
        form.addRow("Mã/TT:", self.code)
        form.addRow("Tên chỉ tiêu (*):", self.name)
        form.addRow("Đơn vị tính:", self.unit)
        form.addRow("Đơn vị chủ trì:", self.lead)
        form.addRow("Đơn vị phối hợp:", self.cooperating)
        form.addRow("Mục tiêu theo năm:", self.targets)
        form.addRow("", self.reading)
        form.addRow("Chỉ tiêu chuẩn:", self.catalogue)
        form.addRow("", self.by_name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(dialog_buttons(self, cancel_text="Huỷ"))
        self.resize(640, 0)

    def _catalogue_combo(self, data: IndicatorInput) -> QComboBox:
        combo = QComboBox()
        combo.addItem(BY_NAME, _AUTO)
        combo.addItem(NOT_STANDARD, _NONE)
        for code, name in catalogue_options():
            combo.addItem(f"{code} — {name}", code)
            combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        combo.setMaximumWidth(480)
        if not data.catalogue_manual:
            combo.setCurrentIndex(0)
        elif data.catalogue_code is None:
            combo.setCurrentIndex(1)
        else:
            combo.setCurrentIndex(max(combo.findData(data.catalogue_code), 0))
        return combo

    def on_targets_changed(self) -> None:
        self.reading.setText(target_reading(self.targets.toPlainText()))

    def on_name_changed(self) -> None:
        entry = match_indicator(clean_cell(self.name.toPlainText()))
        found = f"{entry.code} — {entry.name}" if entry else "không khớp chỉ tiêu chuẩn nào"
        self.by_name.setText(f"Theo tên: {found}")

    def collect(self) -> IndicatorInput:
        choice = self.catalogue.currentData()
        return IndicatorInput(
            code=clean_cell(self.code.text()),
            name=clean_cell(self.name.toPlainText()),
            unit=clean_cell(self.unit.text()),
            lead=clean_cell(self.lead.text()),
            cooperating=clean_cell(self.cooperating.text()),
            targets=parse_target_lines(self.targets.toPlainText()),
            catalogue_code=None if choice in (_AUTO, _NONE) else str(choice),
            catalogue_manual=choice != _AUTO,
        )

    def check(self) -> IndicatorInput:
        data = self.collect()
        check_input(data)
        return data
