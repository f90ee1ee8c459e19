"""Tab "Đơn vị báo cáo": which units owe, sent on time, late or not at all; their forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.periods import SUBMISSION_LABELS, SendingRule, period_from_key
from app.services.unit_forms import (
    FormPreview,
    UnitMatrix,
    apply_unit_form,
    export_unit_form,
    read_unit_form,
    record_unit_report,
    unit_matrix,
)
from app.ui import errors
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.reports.common import (
    Index,
    ask_open_path,
    ask_save_path,
    fmt_date,
    remember_header,
    safe_file_name,
)
from app.ui.pages.reports.unit_dialogs import FormPreviewDialog, ReceivedDialog

NOT_READY = "Chức năng in phiếu đang được hoàn thiện; hãy dùng “Xuất phiếu Excel…”."
CELL_STYLE = {  # state: (short text, background)
    "on_time": ("Đúng hạn", "#d6efd8"),
    "late": ("Quá hạn", "#fde3c3"),
    "missing": ("Chưa gửi", "#f7d4d1"),
    "pending": ("Chưa đến hạn", "#eceff1"),
}


NO_UNITS = "Chưa có đơn vị nào phải báo cáo trong năm."


class UnitMatrixModel(QAbstractTableModel):
    """Rows: units that owe a report; columns: periods."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix = UnitMatrix(periods=[], units=[], cells={})

    def set_matrix(self, matrix: UnitMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.units)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.periods)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            label = self.matrix.periods[section][1]  # "Tháng 9/2025" → two short lines
            head, sep, year = label.rpartition("/")
            return f"{head}\n{year}" if sep else label
        return self.matrix.units[section][1]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        unit_id = self.matrix.units[index.row()][0]
        cell = self.matrix.cells.get((unit_id, self.matrix.periods[index.column()][0]))
        if cell is None:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Kỳ này đơn vị không có nhiệm vụ phải báo cáo."
            return None
        text, colour = CELL_STYLE[cell.state]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{text}\n{fmt_date(cell.received_on)}" if cell.received_on else text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1f1f1f"))
        if role == Qt.ItemDataRole.ToolTipRole:
            label = SUBMISSION_LABELS[cell.state]  # type: ignore[index]
            got = f", nhận ngày {fmt_date(cell.received_on)}" if cell.received_on else ""
            return label + got
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class UnitsTab(QWidget):
    changed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id: int | None = None
        self.period_key = ""
        self.period_keys: list[str] = []
        self.rule: SendingRule | None = None
        self.model = UnitMatrixModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setDefaultSectionSize(92)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setMinimumWidth(220)
        remember_header(self.table.verticalHeader(), "reports/units/rows")
        self.export_button = QPushButton("Xuất phiếu Excel…")
        self.export_button.setToolTip("Phiếu báo cáo của đơn vị đang chọn cho kỳ đang chọn")
        self.import_button = QPushButton("Nhập phiếu đã điền…")
        self.received_button = QPushButton("Đánh dấu đã nhận…")
        self.print_button = QPushButton("In phiếu…")
        self.print_button.setToolTip("Xem trước và in phiếu giấy cho đơn vị không dùng Excel")
        self.print_button.clicked.connect(self.on_print_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.received_button.clicked.connect(self.on_received_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.export_button,
            self.import_button,
            self.received_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        legend = "  ".join(
            f"<span style='background:{c}'>&nbsp;{t}&nbsp;</span>" for t, c in CELL_STYLE.values()
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.legend_cells = legend
        self.legend = QLabel(f"Chú thích: {legend} — hạn nộp là ngày chốt số liệu của kỳ.")
        layout.addWidget(self.legend)
        layout.addWidget(self.message)

    def set_period(
        self,
        plan_id: int | None,
        period_key: str,
        period_keys: list[str],
        rule: SendingRule | None = None,
    ) -> None:
        """Show *period_keys*; a unit is late after the regime's sending deadline (*rule*)."""
        self.plan_id, self.period_key, self.period_keys = plan_id, period_key, period_keys
        self.rule = rule
        self.message.setText("")  # a message about another plan or period no longer applies
        when = rule.describe_vi().lower() if rule else "ngày chốt số liệu của kỳ"
        self.legend.setText(f"Chú thích: {self.legend_cells} — hạn nộp: {when}.")
        self.refresh()

    def refresh(self) -> None:
        plan_id, keys, rule = self.plan_id, list(self.period_keys), self.rule
        if plan_id is None or not keys:
            self.model.set_matrix(UnitMatrix(periods=[], units=[], cells={}))
            return
        DbOp(self, lambda: unit_matrix(self.ctx.db, plan_id, keys, rule, date.today())).success(
            self._show
        ).run()

    def _show(self, matrix: UnitMatrix) -> None:
        index, old = self.table.currentIndex(), self.model.matrix
        unit_id = old.units[index.row()][0] if index.isValid() else None
        column_key = old.periods[index.column()][0] if index.isValid() else self.period_key
        self.model.set_matrix(matrix)
        self.table.resizeRowsToContents()
        keys = [k for k, _label in matrix.periods]
        ids = [uid for uid, _name in matrix.units]
        if matrix.units and keys:
            column = keys.index(column_key) if column_key in keys else 0
            if self.period_key in keys and column_key not in keys:
                column = keys.index(self.period_key)
            row = ids.index(unit_id) if unit_id in ids else 0
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.scrollTo(self.model.index(row, column))
        # keep "Đã ghi số liệu của phiếu…": this refresh follows the import it reports
        if not matrix.units:
            self.message.setText(NO_UNITS)
        elif self.message.text() == NO_UNITS:
            self.message.setText("")

    def selection(self) -> tuple[int, str, str] | None:
        """(unit id, unit name, period key) of the selected cell."""
        index = self.table.currentIndex()
        m = self.model.matrix
        if self.plan_id is None or not index.isValid():
            self.message.setText("Hãy chọn một ô (đơn vị và kỳ) trong bảng trước.")
            return None
        unit_id, name = m.units[index.row()]
        return unit_id, name, m.periods[index.column()][0]

    def on_export_clicked(self) -> None:
        chosen = self.selection()
        if chosen is None or self.plan_id is None:
            return
        unit_id, name, key = chosen
        suggested = safe_file_name(f"Phiếu báo cáo {key} - {name}") + ".xlsx"
        path = ask_save_path(self, "Lưu phiếu báo cáo", suggested, "Tệp Excel (*.xlsx)")
        if not path:
            return
        plan_id = self.plan_id
        DbOp(
            self,
            lambda: export_unit_form(
                self.ctx.db, plan_id=plan_id, unit_id=unit_id, period_key=key, out=Path(path)
            ),
        ).success(lambda p: self.message.setText(f"Đã lưu phiếu của {name}: {p}")).run()

    def on_import_clicked(self) -> None:
        chosen = self.selection()
        if chosen is None or self.plan_id is None:
            return
        unit_id, _name, key = chosen
        path = ask_open_path(self, "Chọn phiếu đơn vị đã điền", "Tệp Excel (*.xlsx)")
        if not path:
            return
        plan_id = self.plan_id
        DbOp(
            self,
            lambda: read_unit_form(
                self.ctx.db, Path(path), plan_id=plan_id, unit_id=unit_id, period_key=key
            ),
        ).success(self._confirm_form).run()

    def _confirm_form(self, preview: FormPreview) -> None:
        label = period_from_key(preview.period_key).label_vi
        dialog = FormPreviewDialog(preview, period_label=label, today=date.today(), parent=self)
        if not dialog.exec() or dialog.result_date is None:
            return
        day = dialog.result_date
        DbOp(self, lambda: apply_unit_form(self.ctx.db, preview, received_on=day)).success(
            self._applied
        ).run()

    def _applied(self, changes: object) -> None:
        self.message.setText("Đã ghi số liệu của phiếu vào tiến độ và kết quả chỉ tiêu.")
        self.changed.emit(changes)

    def on_received_clicked(self) -> None:
        chosen = self.selection()
        if chosen is None or self.plan_id is None:
            return
        unit_id, name, key = chosen
        label = period_from_key(key).label_vi
        dialog = ReceivedDialog(unit=name, period_label=label, today=date.today(), parent=self)
        if not dialog.exec() or dialog.result_date is None:
            return
        plan_id, day = self.plan_id, dialog.result_date
        DbOp(
            self,
            lambda: record_unit_report(
                self.ctx.db, plan_id=plan_id, unit_id=unit_id, period_key=key, received_on=day
            ),
        ).success(self.changed.emit).run()

    def on_print_clicked(self) -> None:
        chosen = self.selection()
        if chosen is None or self.plan_id is None:
            return
        unit_id, name, key = chosen
        try:
            from app.services.documents import unit_form_pdf
            from app.ui.preview import open_preview
        except ImportError:
            errors.show_error(self, AppError(NOT_READY))
            return
        plan_id, db = self.plan_id, self.ctx.db
        open_preview(
            self,
            title=f"Phiếu báo cáo — {name} — {period_from_key(key).label_vi}",
            make_pdf=lambda: unit_form_pdf(db, plan_id=plan_id, unit_id=unit_id, period_key=key),
            suggested_name=safe_file_name(f"Phiếu báo cáo {key} - {name}") + ".pdf",
        )
