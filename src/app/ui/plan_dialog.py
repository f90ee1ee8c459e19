"""Thông tin kế hoạch: number, title, dates, legal bases, prose and signer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.services.plan_info import PlanInfo, check_plan_info
from app.ui.widgets import CheckedDialog, dialog_buttons


def _text(value: str, height: int = 0) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setTabChangesFocus(True)
    if height:
        edit.setFixedHeight(height)
    return edit


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [x.strip() for x in edit.toPlainText().splitlines() if x.strip()]


def _as_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _year(value: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1999, 2100)
    box.setSpecialValueText("—")  # 1999 shows as "not set"
    box.setValue(value or 1999)
    return box


class PlanDialog(CheckedDialog):
    """Validates in ``check()``; ``accept()`` keeps the data in ``result_data``."""

    def __init__(self, info: PlanInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thông tin kế hoạch")
        self.result_data: PlanInfo | None = None
        self.number = QLineEdit(info.number)
        self.number.setPlaceholderText("Ví dụ: 45/KH-UBND")
        self.title_edit = _text(info.title, 60)
        self.commune = QLineEdit(info.commune)
        self.place = QLineEdit(info.issue_place)
        self.has_date = QCheckBox("Đã ban hành ngày")
        self.date = QDateEdit()
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        d = info.issue_date
        self.date.setDate(QDate(d.year, d.month, d.day) if d else QDate.currentDate())
        self.has_date.setChecked(d is not None)
        self.date.setEnabled(d is not None)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.start_year, self.end_year = _year(info.start_year), _year(info.end_year)
        self.status = QComboBox()
        self.status.addItem("Dự thảo", "draft")
        self.status.addItem("Đã ban hành", "issued")
        self.status.setCurrentIndex(0 if info.status == "draft" else 1)
        self.bases = _text("\n".join(info.legal_bases))
        self.objectives = _text(info.objectives)
        self.requirements = _text(info.requirements)
        self.organisation = _text(info.organisation)
        self.recipients = _text("\n".join(info.recipients))
        self.authority = _text("\n".join(info.signer_authority), 56)
        self.signer_title = QLineEdit(info.signer_title)
        self.signer_name = QLineEdit(info.signer_name)
        tabs = QTabWidget()
        tabs.addTab(
            self._form(
                ("Số, ký hiệu:", self.number),
                ("Trích yếu (*):", self.title_edit),
                ("Xã:", self.commune),
                ("Địa danh:", self.place),
                ("", self.has_date),
                ("Ngày ban hành:", self.date),
                ("Từ năm:", self.start_year),
                ("Đến năm:", self.end_year),
                ("Trạng thái:", self.status),
            ),
            "Chung",
        )
        tabs.addTab(self._form(("Mỗi căn cứ một dòng:", self.bases)), "Căn cứ")
        tabs.addTab(
            self._form(
                ("Mục đích, mục tiêu:", self.objectives),
                ("Yêu cầu:", self.requirements),
                ("Tổ chức thực hiện:", self.organisation),
            ),
            "Nội dung",
        )
        tabs.addTab(
            self._form(
                ("Dòng thẩm quyền:", self.authority),
                ("Chức vụ:", self.signer_title),
                ("Họ và tên:", self.signer_name),
                ("Nơi nhận (mỗi dòng một nơi):", self.recipients),
            ),
            "Ký và nơi nhận",
        )
        buttons = dialog_buttons(self, cancel_text="Huỷ")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.tabs = tabs
        self.resize(640, 480)
        self.number.setFocus()  # the field most often filled (the import leaves it empty)

    @staticmethod
    def _form(*rows: tuple[str, QWidget]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for label, widget in rows:
            form.addRow(label, widget)
        return page

    def collect(self) -> PlanInfo:
        def year(box: QSpinBox) -> int | None:
            return None if box.value() == box.minimum() else box.value()

        return PlanInfo(
            number=self.number.text(),
            title=self.title_edit.toPlainText(),
            commune=self.commune.text(),
            issue_place=self.place.text(),
            issue_date=_as_date(self.date.date()) if self.has_date.isChecked() else None,
            start_year=year(self.start_year),
            end_year=year(self.end_year),
            legal_bases=_lines(self.bases),
            objectives=self.objectives.toPlainText(),
            requirements=self.requirements.toPlainText(),
            organisation=self.organisation.toPlainText(),
            recipients=_lines(self.recipients),
            signer_authority=_lines(self.authority),
            signer_title=self.signer_title.text(),
            signer_name=self.signer_name.text(),
            status=self.status.currentData(),
        )

    def check(self) -> PlanInfo:
        data = self.collect()
        check_plan_info(data)
        return data

    def on_invalid(self, exc: ValidationError) -> None:
        focus = {
            "title": self.title_edit,
            "start_year": self.start_year,
            "end_year": self.end_year,
        }.get(exc.field or "")
        if focus is not None:
            self.tabs.setCurrentIndex(0)
            focus.setFocus()
