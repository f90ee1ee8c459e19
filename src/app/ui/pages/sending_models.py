"""Table models of the Gửi báo cáo screen: reports, outbox, and the inbox grid."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.inbox import InboxRow
from app.services.outbox import OutboxRow
from app.services.submission import SendableReport
from app.ui.widgets import RowsModel as BaseRowsModel

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
ID_ROLE = Qt.ItemDataRole.UserRole

STATE_COLOURS = {"sent": "#1b7f3b", "failed": "#b3261e", "sending": "#1a5fb4", "pending": "#6b5d00"}


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return f"{moment.replace(tzinfo=UTC).astimezone():%d/%m/%Y %H:%M}"


class RowsModel(BaseRowsModel[T]):
    """Cached row DTOs shown through one ``cells(row) -> tuple`` function (the cell's
    own value, so numbers sort as numbers); ``ID_ROLE`` gives the row's id."""

    def __init__(self, cells: Callable[[T], tuple[Any, ...]], row_id: Callable[[T], int]) -> None:
        super().__init__()
        self._cells, self._row_id = cells, row_id

    def set_rows(self, rows: Sequence[T]) -> None:
        super().set_rows(list(rows))

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells(row)[index.column()]
        if role == ID_ROLE:
            return self._row_id(row)
        return self.extra(row, index.column(), role)


class ReportsModel(RowsModel[SendableReport]):
    HEADERS = ("Kế hoạch", "Kỳ báo cáo", "Lần sửa", "Trạng thái", "Số lần gửi", "Gửi gần nhất")

    def __init__(self) -> None:
        super().__init__(
            lambda r: (
                " — ".join(x for x in (r.plan_number, r.plan_title) if x),
                r.period_label,
                r.revision,
                r.status_label,
                r.sent_count or "",
                r.last_sent,
            ),
            lambda r: r.report_id,
        )


class OutboxModel(RowsModel[OutboxRow]):
    HEADERS = ("Trạng thái", "Tiêu đề", "Người nhận", "Lần thử", "Thời điểm", "Ghi chú")
    SUBJECT, NOTE = 1, 5

    def __init__(self) -> None:
        super().__init__(
            lambda r: (
                r.state_label,
                r.subject,
                ", ".join(r.recipients),
                r.attempts or "",
                self.when(r),
                r.last_error,
            ),
            lambda r: r.id,
        )

    @staticmethod
    def when(r: OutboxRow) -> str:
        if r.state == "sent":
            return f"Đã gửi {local_time(r.sent_at)}"
        if r.state == "pending" and r.attempts:
            return f"Thử lại {local_time(r.next_attempt_at)}"
        return f"Tạo {local_time(r.created_at)}"

    def extra(self, row: OutboxRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor(STATE_COLOURS.get(row.state, "#000000")))
        return None


class InboxGridModel(QAbstractTableModel):
    """Communes down, periods across (newest first); each cell the current bundle."""

    def __init__(self) -> None:
        super().__init__()
        self.communes: list[str] = []
        self.periods: list[tuple[str, str]] = []  # (key, label)
        self.cells: dict[tuple[str, str], InboxRow] = {}
        self.counts: dict[tuple[str, str], int] = {}

    def set_rows(self, rows: Sequence[InboxRow]) -> None:
        self.beginResetModel()
        self.communes = sorted({self._commune(r) for r in rows})
        periods = {r.period_key: r.period_label for r in rows}
        self.periods = sorted(periods.items(), reverse=True)
        self.cells, self.counts = {}, {}
        for r in rows:
            key = (self._commune(r), r.period_key)
            self.counts[key] = self.counts.get(key, 0) + 1
            if r.current:
                self.cells[key] = r
        self.endResetModel()

    @staticmethod
    def _commune(r: InboxRow) -> str:
        return f"{r.commune} ({r.province})" if r.province else r.commune

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.communes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.periods)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.periods[section][1]
        return self.communes[section]

    def cell(self, index: Index) -> InboxRow | None:
        if not index.isValid():
            return None
        return self.cells.get((self.communes[index.row()], self.periods[index.column()][0]))

    def data(self, index: Index, role: int = 0) -> Any:
        row = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if row is None:
                return "—"
            when = f"{row.received_at.replace(tzinfo=UTC).astimezone():%d/%m}"
            return f"Lần {row.revision} · {when}" + (" · muộn" if row.late else "")
        if role == Qt.ItemDataRole.ToolTipRole and row is not None:
            key = (self.communes[index.row()], self.periods[index.column()][0])
            return (
                f"Kế hoạch {row.plan_number}, nhận {local_time(row.received_at)}, hạn "
                f"{row.deadline:%d/%m/%Y}; {self.counts.get(key, 1)} gói đã nhận cho kỳ này. "
                "Bấm đúp để xem báo cáo."
            )
        if role == Qt.ItemDataRole.BackgroundRole and row is not None:
            return QBrush(QColor("#fde7c8" if row.late else "#dff0d8"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ID_ROLE:
            return row.id if row is not None else None
        return None
