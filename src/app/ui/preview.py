"""Xem trước, In, Lưu PDF: a PDF preview inside the program (QtPdf).

``open_preview(parent, title=…, make_pdf=…, suggested_name=…)`` renders the PDF
off the UI thread (``DbOp``, busy cursor) and shows :class:`PdfPreviewDialog`:
the pages one under the other (zoom, page navigation), "In…" through the
system print dialog at 100 % scale on A4, and "Lưu PDF…" to a chosen file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import ExportError
from app.ui.errors import show_error
from app.ui.ops import DbOp

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
#: Pages are rasterised for the printer at its resolution, at most this many dpi
#: (an A4 page at 600 dpi is about 140 MB of pixels; more gains nothing visible).
PRINT_DPI_MAX = 600


class PdfPreviewDialog(QDialog):
    """Pages of one PDF with zoom, page navigation, In… and Lưu PDF…."""

    def __init__(self, parent: QWidget | None, *, title: str, pdf: bytes, suggested_name: str):
        super().__init__(parent)
        self.setWindowTitle(f"Xem trước — {title}")
        self.pdf = pdf
        self.suggested_name = suggested_name
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.page_box = QSpinBox(self)
        self.page_box.setPrefix("Trang ")
        self.page_box.setAccessibleName("Trang")
        self.zoom_label = QLabel(self)
        self._build_layout()
        self._build_actions()
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.page_box.valueChanged.connect(self._on_page_box_changed)
        self.view.zoomFactorChanged.connect(lambda _f: self._show_zoom())
        self.document.statusChanged.connect(self._on_status)
        self._on_loaded()
        self.resize(self._initial_size())

    # ------------------------------------------------------------- building

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_in_button = QPushButton("+", self)
        self.fit_button = QPushButton("Vừa chiều rộng", self)
        self.print_button = QPushButton("In…", self)
        self.save_button = QPushButton("Lưu PDF…", self)
        close_button = QPushButton("Đóng", self)
        self.zoom_out_button.setToolTip("Thu nhỏ (Ctrl+-)")
        self.zoom_in_button.setToolTip("Phóng to (Ctrl++)")
        self.fit_button.setToolTip("Vừa chiều rộng cửa sổ (Ctrl+0)")
        self.fit_button.setCheckable(True)
        for w in (self.zoom_out_button, self.zoom_in_button):
            w.setFixedWidth(36)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        close_button.clicked.connect(self.reject)
        controls: tuple[QWidget, ...] = (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.zoom_label,
        )
        for c in controls:
            bar.addWidget(c)
        bar.addSpacing(16)
        bar.addWidget(self.page_box)
        bar.addStretch(1)
        self.saved_label = QLabel(self)  # "Đã lưu …" once a PDF is written
        self.saved_label.setStyleSheet("color: #1b5e20;")
        bar.addWidget(self.saved_label)
        for w in (self.print_button, self.save_button, close_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.print_button.setDefault(True)

    def _build_actions(self) -> None:
        def action(keys: list[QKeySequence], slot: Callable[[], None]) -> None:
            a = QAction(self)
            a.setShortcuts(keys)
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        action(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")], self.zoom_in
        )
        action([QKeySequence(QKeySequence.StandardKey.ZoomOut)], self.zoom_out)
        action([QKeySequence("Ctrl+0")], self.fit_width)
        action([QKeySequence(Qt.Key.Key_PageDown)], self.next_page)
        action([QKeySequence(Qt.Key.Key_PageUp)], self.previous_page)
        action([QKeySequence(QKeySequence.StandardKey.Print)], self.on_print_clicked)
        action([QKeySequence(QKeySequence.StandardKey.Save)], self.on_save_clicked)

    def _initial_size(self) -> QSize:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return QSize(900, 1000)
        area = screen.availableGeometry()
        return QSize(min(1000, int(area.width() * 0.8)), int(area.height() * 0.9))

    # ------------------------------------------------------------ the pages

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def current_page(self) -> int:
        """The page shown, from 0."""
        return int(self.view.pageNavigator().currentPage())

    def _on_status(self, status: QPdfDocument.Status) -> None:
        # Also emitted while the dialog is being destroyed (Unloading, Null): ignored.
        if status == QPdfDocument.Status.Ready:
            self._on_loaded()
        elif status == QPdfDocument.Status.Error:
            log.error("QPdfDocument could not read the PDF: %s", self.document.error())

    def _on_loaded(self) -> None:
        n = max(1, self.page_count())
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, n)
        self.page_box.setSuffix(f"/{self.page_count()}")
        self.page_box.setValue(self.current_page() + 1)
        self.page_box.blockSignals(False)
        self._show_zoom()

    def go_to_page(self, page: int) -> None:
        """Show *page* (from 0) at the top of the view."""
        if self.page_count() == 0:
            return
        page = max(0, min(page, self.page_count() - 1))
        nav = self.view.pageNavigator()
        nav.jump(page, QPointF(), nav.currentZoom())

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _on_page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _on_page_box_changed(self, value: int) -> None:
        if value - 1 != self.current_page():
            self.go_to_page(value - 1)

    # ------------------------------------------------------------------ zoom

    def zoom_factor(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(ZOOM_MAX, factor)))
        self._show_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    def _show_zoom(self) -> None:
        """Fitted to the width: the button shows it (pressed); else the label gives the %."""
        fitted = self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        self.fit_button.setChecked(fitted)
        self.zoom_label.setText("" if fitted else f"{round(self.zoom_factor() * 100)}%")

    # ------------------------------------------------------- print and save

    def on_print_clicked(self) -> None:
        print_pdf(self, self.pdf, document=self.document)

    def on_save_clicked(self) -> None:
        start = str(Path.home() / self.suggested_name)
        name, _filter = QFileDialog.getSaveFileName(self, "Lưu PDF", start, "Tệp PDF (*.pdf)")
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            self.save_to(path)
        except Exception as exc:
            show_error(self, exc)
            return
        # say where it went: the dialog stays open and nothing else shows the save worked
        self.saved_label.setText(f"Đã lưu {path.name}")
        self.saved_label.setToolTip(str(path))
        parent = self.parentWidget()
        if parent is not None:
            from app.ui.widgets import show_status

            show_status(parent, f"Đã lưu tệp PDF: {path}", 15000)

    def save_to(self, path: Path) -> None:
        """Write the PDF to *path* through a temporary file (never half a file)."""
        from app.safe_write import write_atomically

        write_atomically(path, self.pdf)


def print_pdf(parent: QWidget | None, pdf: bytes, *, document: QPdfDocument | None = None) -> bool:
    """The system print dialog, then every page on A4 at 100 % scale; False when cancelled."""
    printer = make_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("In văn bản")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    loaded = load_document(pdf) if document is None else (document, [])
    try:
        paint_document(printer, loaded[0])
    except ExportError as exc:
        show_error(parent, exc)
        return False
    return True


def make_printer() -> QPrinter:
    """An A4 portrait printer whose painter covers the whole sheet (no driver margins)."""
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setDocName("KH57")
    return printer


def load_document(pdf: bytes) -> tuple[QPdfDocument, list[object]]:
    """A QPdfDocument over *pdf*, and the objects that must live as long as it."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document, [data, buffer]


def paint_document(printer: QPrinter, document: QPdfDocument) -> None:
    """Draw each page at its own size (100 %); landscape pages turned onto the portrait sheet."""
    if document.pageCount() == 0:
        raise ExportError("Văn bản không có trang nào để in; hãy tạo lại văn bản rồi in.")
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    device_per_pt = printer.resolution() / 72.0
    sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError(
            "Không mở được máy in; hãy kiểm tra máy in đã bật và được chọn đúng rồi in lại."
        )
    try:
        for i in range(document.pageCount()):
            if i > 0 and not printer.newPage():
                raise ExportError("Máy in dừng giữa chừng; hãy kiểm tra máy in rồi in lại.")
            size_pt = document.pagePointSize(i)
            w_pt, h_pt = size_pt.width(), size_pt.height()
            image = document.render(i, QSize(round(w_pt * dpi / 72), round(h_pt * dpi / 72)))
            target = QRect(0, 0, round(w_pt * device_per_pt), round(h_pt * device_per_pt))
            painter.save()
            if w_pt > h_pt:  # landscape page on a portrait sheet: turn it a quarter
                painter.translate(sheet.width(), 0)
                painter.rotate(90)
            painter.drawImage(target, image)
            painter.restore()
    finally:
        painter.end()


def open_preview(
    parent: QWidget | None,
    *,
    title: str,
    make_pdf: Callable[[], bytes],
    suggested_name: str,
) -> None:
    """Render off the UI thread with a busy cursor, then show the preview (window-modal)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def shown(pdf: bytes) -> None:
        QGuiApplication.restoreOverrideCursor()
        dialog = PdfPreviewDialog(parent, title=title, pdf=pdf, suggested_name=suggested_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def failed(exc: BaseException) -> None:
        QGuiApplication.restoreOverrideCursor()
        show_error(parent, exc)

    DbOp(parent, make_pdf).success(shown).failure(failed).run()
