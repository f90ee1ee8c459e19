"""Tab "Báo cáo của xã": compile, edit the sections, lock, number, preview and export."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import AppError
from app.services import Changes
from app.services.report_history import RevisionRow
from app.services.reports import (
    ReportView,
    SectionsInput,
    compile_report,
    draft_for,
    lock_report,
    plan_reports,
    record_issued,
    report_revisions,
    report_view,
    save_sections,
    unlock_report,
)
from app.services.reports.addressees import printed_kinh_gui
from app.ui import errors
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import (
    REPORT_STATES,
    ask_save_path,
    fmt_date,
    remember_splitter,
    safe_file_name,
)
from app.ui.pages.reports.issued_dialog import IssuedDialog

SECTIONS = (
    ("kinh_gui", "Kính gửi (mỗi dòng một nơi nhận)"),
    ("results", "I. Kết quả thực hiện"),
    ("shortcomings", "II. Tồn tại, hạn chế, khó khăn, vướng mắc và nguyên nhân"),
    ("next_tasks", "III. Nhiệm vụ trọng tâm kỳ tới"),
    ("proposals", "IV. Đề xuất, kiến nghị"),
)
RENUMBER = (
    "<br><i>Lần sửa này vẫn mang số và ngày ban hành của lần trước; nếu văn bản sửa được "
    "ban hành với số mới, sau khi khoá hãy bấm “Ghi số và ngày ban hành…”.</i>"
)
NOT_READY = (
    "Chức năng {what} đang được hoàn thiện trong phiên bản này; "
    "nội dung báo cáo đã được lưu, hãy thử lại sau khi cập nhật chương trình."
)


def redraft(db: Database, plan_id: int, period_key: str) -> dict[str, str]:
    return draft_for(db, plan_id, period_key)


def load_report(db: Database, plan_id: int, period_key: str) -> ReportView | None:
    ref = plan_reports(db, plan_id).get(period_key)
    return report_view(db, ref.report_id) if ref else None


def load_with_history(
    db: Database, plan_id: int, period_key: str
) -> tuple[ReportView | None, list[RevisionRow]]:
    view = load_report(db, plan_id, period_key)
    return view, report_revisions(db, view.report_id) if view else []


def ask_reason(parent: QWidget, text: str) -> str | None:
    """The reason for correcting a locked report, or None when the officer cancels."""
    reason, ok = QInputDialog.getText(parent, "Mở khoá báo cáo", text)
    return reason if ok else None


class ReportTab(QWidget):
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: int | None = None
        self.period_key = ""
        self.report: ReportView | None = None
        self.history: list[RevisionRow] = []
        self.editors: dict[str, QPlainTextEdit] = {}
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.compile_button = self._button("Tổng hợp báo cáo", self.on_compile_clicked, "Ctrl+T")
        self.save_button = self._button("Lưu", self.on_save_clicked, QKeySequence.StandardKey.Save)
        self.lock_button = self._button("Khoá để gửi", self.on_lock_clicked, "Ctrl+L")
        self.unlock_button = self._button("Mở khoá (lần sửa mới)", self.on_unlock_clicked)
        self.issued_button = self._button("Ghi số và ngày ban hành…", self.on_issued_clicked)
        self.preview_button = self._button(
            "Xem trước / In / Lưu PDF…", self.on_preview_clicked, QKeySequence.StandardKey.Print
        )
        self.excel_button = self._button("Xuất Excel…", self.on_excel_clicked, "Ctrl+E")
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for b in (self.compile_button, self.save_button, self.lock_button, self.unlock_button):
            row1.addWidget(b)
        row1.addStretch(1)
        for b in (self.issued_button, self.preview_button, self.excel_button):
            row2.addWidget(b)
        row2.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        for key, title in SECTIONS:
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 4, 0, 0)
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            # two lines at least (not Qt's ~70 px each): five sections plus the buttons then
            # fit a 1366×768 screen with the taskbar; the splitter gives the room back
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 2 + 14)
            label = QLabel(f"<b>{title}</b>")
            label.setBuddy(editor)
            inner.addWidget(label)
            inner.addWidget(editor, 1)
            self.editors[key] = editor
            self.splitter.addWidget(box)
        self.splitter.setSizes([60, 220, 140, 140, 90])
        self.setStyleSheet('QPlainTextEdit[readOnly="true"] { background: #f1f1f1; }')
        longest = self.compile_button.fontMetrics().horizontalAdvance("Soạn lại phần số liệu")
        self.compile_button.setMinimumWidth(longest + 32)
        remember_splitter(self.splitter, "reports/report/splitter")
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.state)
        layout.addWidget(self.splitter, 1)
        self._show(None)

    def _button(self, text: str, slot: Callable[[], None], key: Any = None) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        if key is not None:
            button.setShortcut(QKeySequence(key))
            button.setToolTip(
                f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        return button

    # ------------------------------------------------------------ loading

    def set_period(self, plan_id: int | None, period_key: str) -> None:
        self.plan_id, self.period_key = plan_id, period_key
        self.refresh()

    def refresh(self) -> None:
        self.save_if_modified()  # to the report shown so far, before the text is reloaded
        plan_id, key = self.plan_id, self.period_key
        if plan_id is None or not key:
            self._show(None)
            return
        DbOp(self, lambda: load_with_history(self.ctx.db, plan_id, key)).success(
            lambda loaded: self._loaded(key, *loaded)
        ).run()

    def _loaded(self, key: str, view: ReportView | None, history: list[RevisionRow]) -> None:
        if key == self.period_key:
            self.history = history
            self._show(view)

    def _show(self, view: ReportView | None) -> None:
        self.report = view
        if view is None:
            self.history = []
        draft = view is not None and view.status == "draft"
        for key, editor in self.editors.items():
            if view is None:
                text = ""
            elif key == "kinh_gui":  # as printed: the province department when none is set
                text = "\n".join(printed_kinh_gui(view))
            else:
                text = view.sections.get(key, "")
            editor.setPlainText(text)  # also clears the undo history and the modified flag
            editor.setReadOnly(not draft)
            editor.style().unpolish(editor)  # the read-only background follows the property
            editor.style().polish(editor)
            editor.setEnabled(view is not None)
        for button in (self.save_button, self.lock_button):
            button.setEnabled(draft)
        self.unlock_button.setEnabled(view is not None and not draft)
        for button in (self.issued_button, self.preview_button, self.excel_button):
            button.setEnabled(view is not None)
        self.compile_button.setEnabled(self.plan_id is not None and (view is None or draft))
        self.compile_button.setText("Tổng hợp báo cáo" if view is None else "Soạn lại phần số liệu")
        self.state.setText(self._state_text(view))

    def _state_text(self, view: ReportView | None) -> str:
        if view is None:
            if self.plan_id is None:
                return "Hãy chọn kế hoạch."
            return (
                "Kỳ này chưa có báo cáo. Bấm “Tổng hợp báo cáo” để soạn bản nháp từ tiến độ "
                "nhiệm vụ và kết quả chỉ tiêu đã nhập."
            )
        number = view.number or "chưa cấp số"
        issued = f", ngày {fmt_date(view.issue_date)}" if view.issue_date else ""
        c = view.counts
        return (
            (
                f"<b>{view.title}</b> — {REPORT_STATES.get(view.status, view.status)}, "
                f"lần {view.revision} — Số: {number}{issued}<br>"
                f"{c['tasks']} nhiệm vụ: {c['done']} hoàn thành, {c['in_progress']} đang thực hiện, "
                f"{c['overdue']} quá hạn; chỉ tiêu: {c['reached']}/{c['indicators']} đạt."
            )
            + "".join(
                f"<br>Lần {r.revision} ({r.changed_at:%d/%m/%Y}): {html.escape(r.reason)}"
                for r in self.history[-3:]
            )
            + (RENUMBER if view.status == "draft" and view.revision > 1 and view.number else "")
        )

    # ------------------------------------------------------------ editing

    def sections(self) -> SectionsInput:
        text = {key: editor.toPlainText().strip() for key, editor in self.editors.items()}
        return SectionsInput(
            results=text["results"],
            shortcomings=text["shortcomings"],
            next_tasks=text["next_tasks"],
            proposals=text["proposals"],
            kinh_gui=text["kinh_gui"].splitlines(),
        )

    def is_modified(self) -> bool:
        return any(e.document().isModified() for e in self.editors.values())

    def _mark_saved(self) -> None:
        for editor in self.editors.values():
            editor.document().setModified(False)

    def save_if_modified(self) -> None:
        """Keep the officer's text when the period or plan changes under it."""
        if self.report is not None and self.report.status == "draft" and self.is_modified():
            self.on_save_clicked()

    def on_save_clicked(self) -> None:
        if self.report is None:
            return
        rid, data = self.report.report_id, self.sections()
        self._mark_saved()
        DbOp(self, lambda: save_sections(self.ctx.db, rid, data)).success(self.changed.emit).run()

    def on_compile_clicked(self) -> None:
        """A new report: compile it. A draft: write the figures' text again (Ctrl+Z undoes)."""
        if self.plan_id is None:
            return
        plan_id, key, db = self.plan_id, self.period_key, self.ctx.db
        if self.report is None:
            DbOp(self, lambda: compile_report(db, plan_id=plan_id, period_key=key)).success(
                lambda _summary: self.changed.emit(Changes(reports=True))
            ).run()
            return
        DbOp(self, lambda: redraft(db, plan_id, key)).success(self._put_draft).run()

    def _put_draft(self, draft: dict[str, str]) -> None:
        for key in ("results", "shortcomings", "next_tasks"):
            cursor = self.editors[key].textCursor()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(draft[key])  # one undo step per section

    def on_lock_clicked(self) -> None:
        if self.report is None:
            return
        rid, data = self.report.report_id, self.sections()
        self._mark_saved()

        def save_and_lock() -> object:
            save_sections(self.ctx.db, rid, data)  # what is locked is what is on screen
            return lock_report(self.ctx.db, rid)

        DbOp(self, save_and_lock).success(self.changed.emit).run()

    def on_unlock_clicked(self) -> None:
        if self.report is None:
            return
        text = (
            f"Bản đã khoá (lần {self.report.revision}) được giữ như đã gửi; bản sửa sẽ là lần "
            f"{self.report.revision + 1}.\nLý do sửa báo cáo:"
        )
        reason = ask_reason(self, text)
        if reason is None:
            return
        rid = self.report.report_id
        DbOp(self, lambda: unlock_report(self.ctx.db, rid, reason)).success(self.changed.emit).run()

    def on_issued_clicked(self) -> None:
        if self.report is None:
            return
        dialog = IssuedDialog(
            number=self.report.number,
            issue_date=self.report.issue_date,
            today=date.today(),
            parent=self,
        )
        if not dialog.exec() or dialog.result_data is None:
            return
        (number, day), rid = dialog.result_data, self.report.report_id
        DbOp(self, lambda: record_issued(self.ctx.db, rid, number=number, issue_date=day)).success(
            self.changed.emit
        ).run()

    # ------------------------------------------------------------ documents

    def _file_stem(self) -> str:
        assert self.report is not None
        return safe_file_name(f"Báo cáo {self.report.period.label_vi} lần {self.report.revision}")

    def on_preview_clicked(self) -> None:
        if self.report is None:
            return
        self.save_if_modified()
        try:
            from app.services.documents import report_pdf
            from app.ui.preview import open_preview
        except ImportError:
            errors.show_error(self, AppError(NOT_READY.format(what="xem trước và in")))
            return
        rid, db = self.report.report_id, self.ctx.db
        open_preview(
            self,
            title=self.report.title,
            make_pdf=lambda: report_pdf(db, rid),
            suggested_name=self._file_stem() + ".pdf",
        )

    def on_excel_clicked(self) -> None:
        if self.report is None:
            return
        self.save_if_modified()
        try:
            from app.services.documents import report_xlsx
        except ImportError:
            errors.show_error(self, AppError(NOT_READY.format(what="xuất Excel")))
            return
        path = ask_save_path(
            self, "Lưu báo cáo dạng Excel", self._file_stem() + ".xlsx", "Tệp Excel (*.xlsx)"
        )
        if not path:
            return
        rid, db, target = self.report.report_id, self.ctx.db, Path(path)

        def export() -> Path:
            from app.safe_write import write_file_safely

            return write_file_safely(target.parent, target.name, report_xlsx(db, rid))

        DbOp(self, export).success(
            lambda p: self.state.setText(self.state.text() + f"<br>Đã lưu tệp Excel: {p}")
        ).run()
