"""Chế độ báo cáo: which reports a plan makes and the sending deadline of each, in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from app.services import Changes
from app.services.regimes import NO_RULE_TEXT, RegimeChange, RegimeRow, preview_rule
from app.ui import errors
from app.ui.ops import DbOp
from app.ui.pages.reports.common import LATE_COLOUR, days_text, fmt_date

PLACEHOLDERS = {
    "monthly": "trước ngày 15 hằng tháng",
    "quarterly": "trước ngày 15 hằng quý",
    "half_year": "trước ngày 05/6",
    "yearly": "trước ngày 01/12",
    "adhoc": "trước ngày 15/10/2025",
}


class RegimesDialog(QDialog):
    """One line per report kind: on/off, the deadline in words, where it comes from, the next one.

    *save* stores the changes (off the UI thread); its ValidationError is shown in the dialog.
    """

    def __init__(
        self,
        rows: list[RegimeRow],
        *,
        plan_title: str,
        today: date,
        save: Callable[[list[RegimeChange]], Changes],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chế độ báo cáo")
        self.rows = {r.kind: r for r in rows}
        self.today = today
        self.save = save
        self.saved: Changes | None = None
        self.checks: dict[str, QCheckBox] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.sources: dict[str, QLabel] = {}
        self.nexts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for column, head in enumerate(("Báo cáo", "Hạn gửi (ghi bằng lời)", "Theo", "Hạn tới")):
            grid.addWidget(QLabel(f"<b>{head}</b>"), 0, column)
        for i, r in enumerate(rows, start=1):
            check = QCheckBox(r.label)
            check.setChecked(r.enabled)
            edit = QLineEdit(r.sending_rule_text)
            edit.setPlaceholderText(
                "Chưa có hạn riêng" if r.kind == "adhoc" else f"{NO_RULE_TEXT} (ngày 14)"
            )
            edit.setToolTip(f"Ví dụ: “{PLACEHOLDERS[r.kind]}”")
            edit.setMinimumWidth(240)
            source, nxt = QLabel(), QLabel()
            nxt.setMinimumWidth(260)
            check.toggled.connect(lambda _on, k=r.kind: self.update_row(k))
            edit.textChanged.connect(lambda _t, k=r.kind: self.update_row(k))
            for column, w in enumerate((check, edit, source, nxt)):
                grid.addWidget(w, i, column)
            self.checks[r.kind], self.edits[r.kind] = check, edit
            self.sources[r.kind], self.nexts[r.kind] = source, nxt
        grid.setColumnStretch(1, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {LATE_COLOUR}")
        note = QLabel(
            f"<b>{plan_title}</b><br>Hạn gửi ghi như “trước ngày 15 hằng tháng” (một ngày trong "
            "tháng) hoặc “trước ngày 05/6” (một ngày trong năm). Để trống: theo lời kế hoạch, "
            "nếu không có thì hạn là ngày chốt số liệu của kỳ."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for kind in self.rows:
            self.update_row(kind)

    def _text(self, kind: str) -> str:
        return " ".join(self.edits[kind].text().split())

    def update_row(self, kind: str) -> None:
        """Refresh the source and the next deadline of one line from what is typed."""
        row, text, on = self.rows[kind], self._text(kind), self.checks[kind].isChecked()
        if text and text != row.sending_rule_text:
            source = "cán bộ"
        elif text:
            source = row.source
        else:
            source = "kế hoạch" if row.plan_rule_text else "mặc định"
        self.sources[kind].setText(source)
        self.edits[kind].setEnabled(on)
        deadline, problem = preview_rule(kind, text or row.plan_rule_text, self.today)  # type: ignore[arg-type]
        label = self.nexts[kind]
        label.setStyleSheet(f"color: {LATE_COLOUR}" if problem else "")
        if problem:
            label.setText("Không đọc được hạn gửi")
            label.setToolTip(problem)
        elif not on:
            label.setText("Không lập")
            label.setToolTip("")
        elif deadline is None:
            label.setText("Lập khi được yêu cầu" if kind == "adhoc" else "")
            label.setToolTip("")
        else:
            label.setText(f"{fmt_date(deadline)} ({days_text((deadline - self.today).days)})")
            label.setToolTip("Hạn gửi của báo cáo kỳ tới")
        self.message.setText(self.problems())

    def problems(self) -> str:
        out = []
        for kind, row in self.rows.items():
            text = self._text(kind)
            if text:
                _d, problem = preview_rule(kind, text, self.today)  # type: ignore[arg-type]
                if problem:
                    out.append(f"{row.label}: {problem}")
        return "\n".join(out)

    def changes(self) -> list[RegimeChange]:
        out = []
        for kind, row in self.rows.items():
            text, on = self._text(kind), self.checks[kind].isChecked()
            if text == row.sending_rule_text and on == row.enabled:
                continue
            keep = "" if text == row.plan_rule_text else text
            out.append(RegimeChange(kind, on, keep))
        return out

    def accept(self) -> None:
        problem = self.problems()
        if problem:
            self.message.setText(problem)
            return
        changes = self.changes()
        if not changes:
            super().accept()
            return
        DbOp(self, lambda: self.save(changes)).success(self._saved).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.message.setText(exc.message)
        else:
            errors.show_error(self, exc)

    def _saved(self, changes: Changes) -> None:
        self.saved = changes
        super().accept()
