"""Nhập kế hoạch: preview what a file holds, then write it only when the officer confirms.

The preview (``preview_import``) and the import (``import_plan_file``) both
run off the UI thread. An unrecognised header opens the column-mapping dialog;
mappings remembered in ``app.settings`` are always passed, and the ones chosen
here are remembered once the import has succeeded.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.importing import ColumnMapping, HeaderNotRecognised, UnrecognisedTable
from app.services.plan_import import (
    IMPORT_CHANGES,
    ImportPreview,
    ImportResult,
    import_plan_file,
)
from app.settings import load_mappings, remember_mapping
from app.ui.catalogue_picker import NO_LINK, CatalogueCombo, CatalogueLinksModel
from app.ui.context import AppContext
from app.ui.errors import show_error
from app.ui.import_preview import (
    UnitsModel,
    links_page,
    list_view,
    read_preview,
    summary_html,
    units_view,
)
from app.ui.widgets import run_busy, show_status

log = logging.getLogger(__name__)
__all__ = [
    "NO_LINK",
    "CatalogueLinksModel",
    "ImportDialog",
    "UnitsModel",
    "read_preview",
]


class ImportDialog(QDialog):
    """Reading starts when the dialog is first shown (``exec()`` or ``show()``)."""

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self.mappings: dict[str, ColumnMapping] = {}
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.links_model = CatalogueLinksModel([])
        self.links_tab = -1
        self.setWindowTitle(f"Nhập kế hoạch — {self.path.name}")
        self.summary = QLabel(f"Đang đọc tệp “{html.escape(self.path.name)}”…")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.tabs = QTabWidget()
        self.tabs.setVisible(False)
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 560)
        self._started = False

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Nhập")
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Huỷ")
        self.buttons.accepted.connect(self.on_import_clicked)
        self.buttons.rejected.connect(self.reject)

    # -------------------------------------------------------------- preview

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.start()

    def start(self) -> None:
        db, path, mappings = self.ctx.db, self.path, dict(self.mappings)
        self._busy(True, f"Đang đọc tệp “{html.escape(path.name)}”…")
        run_busy(self, lambda: read_preview(db, path, mappings), self.show_preview, self._failed)

    def _busy(self, busy: bool, text: str | None = None) -> None:
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy and self.preview is not None)
        if text is not None:
            self.summary.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False, "")
        if isinstance(exc, HeaderNotRecognised) and exc.tables:
            chosen = self.ask_mapping(exc.tables)
            if chosen:
                self.mappings.update(chosen)
                self.start()
                return
        else:
            show_error(self, exc)
        self.reject()

    def ask_mapping(self, tables: tuple[UnrecognisedTable, ...]) -> dict[str, ColumnMapping]:
        from app.ui.mapping_dialog import MappingDialog

        dialog = MappingDialog(tables, self)
        self.mapping_dialog = dialog  # reachable from tests
        return dialog.result_mappings if dialog.exec() else {}

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._busy(False, summary_html(preview))
        self._add_tabs(preview)
        self.tabs.setVisible(True)
        if preview.existing_plan_id is not None:
            self.import_button.setText("Cập nhật kế hoạch")
        # Huỷ had the focus while reading (Nhập was greyed), so Enter cancelled the preview
        self.import_button.setDefault(True)
        self.tabs.setFocus()

    def _add_tabs(self, preview: ImportPreview) -> None:
        """Changes (when it updates a plan), warnings, units, groups, catalogue links."""
        self.tabs.clear()
        groups = [f"Chỉ tiêu — {g}" for g in preview.indicator_groups]
        groups += [f"Nhiệm vụ — {g}" for g in preview.task_groups]
        new = sum(1 for u in preview.units if not u.known)
        if preview.existing_plan_id is not None:
            changes = preview.changes or ["Không có gì thay đổi so với kế hoạch đã nhập."]
            self.tabs.addTab(list_view(changes), f"Thay đổi ({len(preview.changes)})")
        self.tabs.addTab(
            list_view(preview.warnings or ["Không có cảnh báo."]),
            f"Cảnh báo ({len(preview.warnings)})",
        )
        self.tabs.addTab(units_view(preview.units), f"Đơn vị ({len(preview.units)}, {new} mới)")
        self.tabs.addTab(list_view(groups or ["Không có nhóm."]), f"Nhóm ({len(groups)})")
        self.links_model = CatalogueLinksModel(preview.catalogue_links)
        if preview.catalogue_links:
            page, self.links_view = links_page(self.links_model)  # the view: reachable from tests
            self.links_tab = self.tabs.addTab(page, "")
            self.links_model.dataChanged.connect(self.on_links_changed)
            self.on_links_changed()

    def links_combo(self, row: int) -> CatalogueCombo:
        """Open the choice of *row* in the "Chỉ tiêu chuẩn" tab, as a click on the cell does."""
        index = self.links_model.index(row, CatalogueLinksModel.CHOICE)
        self.links_view.setCurrentIndex(index)
        self.links_view.edit(index)
        combo = self.links_view.indexWidget(index)
        assert isinstance(combo, CatalogueCombo)
        return combo

    def on_links_changed(self) -> None:
        model = self.links_model
        changed = len(model.overrides())
        counts = f"{model.linked()}/{model.rowCount()}" + (f", đã đổi {changed}" if changed else "")
        self.tabs.setTabText(self.links_tab, f"Chỉ tiêu chuẩn ({counts})")

    # -------------------------------------------------------------- import

    def on_import_clicked(self) -> None:
        if self.preview is None:
            return
        db, path = self.ctx.db, self.path
        mappings = {**load_mappings(), **self.mappings}
        overrides = self.links_model.overrides()
        self._busy(True)
        self.import_button.setEnabled(False)
        run_busy(
            self,
            lambda: import_plan_file(db, path, mappings=mappings, catalogue_overrides=overrides),
            self._imported,
            self._import_failed,
        )

    def _import_failed(self, exc: BaseException) -> None:
        self._busy(False)
        show_error(self, exc)

    def _imported(self, result: ImportResult) -> None:
        self.import_result = result
        for signature, mapping in self.mappings.items():
            try:
                remember_mapping(signature, mapping)
            except OSError as exc:  # the import itself succeeded; only the memory is lost
                log.warning("Không ghi nhớ được cách ghép cột: %s", exc)
        self.ctx.changed.emit(IMPORT_CHANGES)
        self.ctx.select_plan(result.plan_id)
        verb = "Đã cập nhật" if result.updated else "Đã nhập"
        show_status(
            self.parentWidget() or self,
            f"{verb} kế hoạch: {result.tasks} nhiệm vụ, {result.indicators} chỉ tiêu.",
        )
        self.accept()
