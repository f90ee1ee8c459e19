"""The dashboard's charts: horizontal stacked bars painted with QPainter, no library."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from app.ui.pages.dashboard.data import BarRow

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter


class StackedBars(QWidget):
    """Horizontal stacked bars, one per group, with a legend on top; painted, no library."""

    ROW_H = 24
    LEGEND_H = 22

    def __init__(self, title: str, bands: dict[str, tuple[str, str]], empty: str) -> None:
        super().__init__()
        self.title, self.bands, self.empty = title, bands, empty
        self.rows: list[BarRow] = []
        self.setMinimumHeight(self._height())
        self.setMinimumWidth(320)
        self.setMouseTracking(True)

    def _legend(self, width: int) -> list[tuple[float, float, str, str]]:
        """(x, y, label, colour) of each legend item, wrapped to *width*."""
        metrics = self.fontMetrics()
        out, x, y = [], 0.0, 20.0
        for label, colour in self.bands.values():
            item = 16 + metrics.horizontalAdvance(label) + 14
            if x and x + item > width:
                x, y = 0.0, y + self.LEGEND_H
            out.append((x, y, label, colour))
            x += item
        return out

    def _height(self, width: int | None = None) -> int:
        legend = self._legend(width or max(self.width(), 320))
        top = (legend[-1][1] if legend else 20) + self.LEGEND_H
        return int(top) + self.ROW_H * max(1, len(self.rows)) + 8

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._height(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.minimumHeight() != self._height():
            self.setMinimumHeight(self._height())

    def set_rows(self, rows: list[BarRow]) -> None:
        self.rows = rows
        self.setMinimumHeight(self._height())
        tips = [
            f"{r.tooltip or r.label}: "
            + ", ".join(f"{self.bands[k][0].lower()} {n}" for k, n in r.counts.items() if n)
            for r in rows
        ]
        self.setToolTip("\n".join(tips))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        text_colour = self.palette().text().color()
        painter.setPen(text_colour)
        top = self._paint_heading(painter)
        if not self.rows:
            painter.drawText(QRectF(0, top, self.width(), 20), LEFT, self.empty)
            return
        metrics = painter.fontMetrics()
        label_w = min(150, max(metrics.horizontalAdvance(r.label) for r in self.rows) + 12)
        total_w = max(40.0, self.width() - label_w - 44)
        most = max(sum(r.counts.values()) for r in self.rows) or 1
        for row in self.rows:
            self._paint_row(painter, row, top=top, label_w=label_w, span=(total_w, most))
            top += self.ROW_H

    def _paint_heading(self, painter: QPainter) -> float:
        """The bold title and the legend; returns where the first bar goes."""
        bold = painter.font()
        bold.setBold(True)
        plain = painter.font()
        painter.setFont(bold)
        painter.drawText(QRectF(0, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(plain)
        metrics = painter.fontMetrics()
        legend = self._legend(self.width())
        for x, y, label, colour in legend:
            painter.fillRect(QRectF(x, y + 4, 12, 12), QColor(colour))
            width = metrics.horizontalAdvance(label) + 10
            painter.drawText(QRectF(x + 16, y, width, 20), LEFT, label)
        return legend[-1][1] + self.LEGEND_H

    def _paint_row(
        self,
        painter: QPainter,
        row: BarRow,
        *,
        top: float,
        label_w: int,
        span: tuple[float, int],
    ) -> None:
        """One bar: its label on the left, a segment a band, the total on the right."""
        text_colour = self.palette().text().color()
        metrics = painter.fontMetrics()
        total_w, most = span
        painter.setPen(text_colour)
        elided = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 8)
        painter.drawText(QRectF(0, top, label_w - 8, 20), RIGHT, elided)
        x = float(label_w)
        for band, n in row.counts.items():
            if not n:
                continue
            seg = total_w * n / most
            painter.fillRect(QRectF(x, top + 2, seg, 16), QColor(self.bands[band][1]))
            if seg >= metrics.horizontalAdvance(str(n)) + 4:
                painter.setPen(QColor("#ffffff"))
                painter.drawText(QRectF(x, top, seg, 20), CENTRE, str(n))
            x += seg
        painter.setPen(text_colour)
        painter.drawText(QRectF(x + 4, top, 40, 20), LEFT, str(sum(row.counts.values())))
