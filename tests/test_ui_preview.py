"""The PDF preview offscreen: pages load, zoom, page navigation, save, print rendering."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import ExportError
from app.ui import preview
from app.ui.ops import DbOp
from app.ui.preview import PdfPreviewDialog, make_printer, open_preview, paint_document


@pytest.fixture(scope="module")
def pdf() -> bytes:
    from app.printing import render_pdf_bytes
    from test_printing_samples import report_document

    return render_pdf_bytes(report_document())


@pytest.fixture(autouse=True)
def _inline_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DbOp, "inline", True)


def _dialog(qtbot, pdf: bytes) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(None, title="Báo cáo", pdf=pdf, suggested_name="bao-cao.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    return dialog


def test_pages_load_and_page_box_shows_count(qtbot, pdf: bytes) -> None:
    d = _dialog(qtbot, pdf)
    assert d.page_count() > 3
    assert d.view.pageMode() == QPdfView.PageMode.MultiPage
    assert d.page_box.prefix() == "Trang " and d.page_box.suffix() == f"/{d.page_count()}"
    assert d.page_box.value() == 1
    assert "Báo cáo" in d.windowTitle()


def test_zoom_in_out_and_fit_width(qtbot, pdf: bytes) -> None:
    d = _dialog(qtbot, pdf)
    assert d.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    d.zoom_in()
    assert d.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert d.zoom_factor() == pytest.approx(1.25)
    assert d.zoom_label.text() == "125%" and not d.fit_button.isChecked()
    d.zoom_out()
    d.zoom_out()
    assert d.zoom_factor() == pytest.approx(0.8)
    for _ in range(20):
        d.zoom_in()
    assert d.zoom_factor() == pytest.approx(preview.ZOOM_MAX)
    d.fit_button.click()
    assert d.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    # said once, by the pressed button; the label does not repeat "Vừa chiều rộng"
    assert d.fit_button.isChecked() and d.zoom_label.text() == ""
    d.fit_button.click()  # pressing it again keeps the page fitted
    assert d.fit_button.isChecked() and d.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_shortcuts_are_bound(qtbot, pdf: bytes) -> None:
    d = _dialog(qtbot, pdf)
    keys = {s.toString() for a in d.actions() for s in a.shortcuts()}
    assert {"Ctrl++", "Ctrl+-", "Ctrl+0", "PgDown", "PgUp"} <= keys


def test_page_navigation(qtbot, pdf: bytes) -> None:
    d = _dialog(qtbot, pdf)
    d.next_page()
    assert d.current_page() == 1 and d.page_box.value() == 2
    d.page_box.setValue(4)
    assert d.current_page() == 3
    d.go_to_page(999)
    assert d.current_page() == d.page_count() - 1
    d.previous_page()
    assert d.current_page() == d.page_count() - 2


def test_save_writes_identical_bytes(qtbot, pdf: bytes, tmp_path: Path, monkeypatch) -> None:
    d = _dialog(qtbot, pdf)
    target = tmp_path / "lưu" / "bao-cao"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    d.on_save_clicked()
    assert (tmp_path / "lưu" / "bao-cao.pdf").read_bytes() == pdf


def test_save_failure_shows_vietnamese_message(qtbot, pdf: bytes, tmp_path: Path, monkeypatch):
    d = _dialog(qtbot, pdf)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(blocker / "x.pdf"), "")),
    )
    shown: list[BaseException] = []
    monkeypatch.setattr(preview, "show_error", lambda _p, exc: shown.append(exc))
    d.on_save_clicked()
    assert len(shown) == 1 and isinstance(shown[0], ExportError)
    assert "Không ghi được tệp" in str(shown[0])


def test_print_rendering_puts_every_page_on_a4(qtbot, pdf: bytes, tmp_path: Path) -> None:
    import pdfplumber

    d = _dialog(qtbot, pdf)
    printer = make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    paint_document(printer, d.document)
    with pdfplumber.open(tmp_path / "printed.pdf") as out:
        assert len(out.pages) == d.page_count()
        for page in out.pages:
            assert (round(page.width), round(page.height)) == (595, 842)


def test_open_preview_renders_then_shows_dialog(qtbot, pdf: bytes, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    open_preview(parent, title="Kế hoạch", make_pdf=lambda: pdf, suggested_name="kh.pdf")
    dialogs = parent.findChildren(PdfPreviewDialog)
    assert len(dialogs) == 1 and dialogs[0].pdf == pdf and dialogs[0].isVisible()
    dialogs[0].close()

    shown: list[BaseException] = []
    monkeypatch.setattr(preview, "show_error", lambda _p, exc: shown.append(exc))

    def fail() -> bytes:
        raise ExportError("Phông chữ in không có ký tự «☃».")

    open_preview(parent, title="Kế hoạch", make_pdf=fail, suggested_name="kh.pdf")
    assert [str(e) for e in shown] == ["Phông chữ in không có ký tự «☃»."]
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.overrideCursor() is None
