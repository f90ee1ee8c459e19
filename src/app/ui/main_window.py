"""The main window: navigation, screens, status bar, menus, remembered layout."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from app.services import Changes
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.pages.placeholder import PlaceholderPage

SCREENS = (
    ("Tổng quan", "app.ui.pages.dashboard:DashboardPage"),
    ("Kế hoạch", "app.ui.pages.plans:PlansPage"),
    ("Nhiệm vụ", "app.ui.pages.tasks:TasksPage"),
    ("Chỉ tiêu", "app.ui.pages.indicators:IndicatorsPage"),
    ("Báo cáo", "app.ui.pages.reports:ReportsPage"),
    ("Gửi báo cáo", "app.ui.pages.sending:SendingPage"),
    ("Cài đặt", "app.ui.pages.settings:SettingsPage"),
)
"""Each screen: its title and "module:Class"; the class takes the AppContext.

Screens are built the first time they are shown, so start-up stays quick."""

PENDING = "Màn hình này đang được xây dựng."


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("KH57 — Kế hoạch và báo cáo chuyển đổi số cấp xã")
        self.nav = QListWidget()
        self.nav.setMinimumWidth(150)
        self.nav.setSpacing(3)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for title, _target in SCREENS:
            self.stack.addWidget(QWidget())
            self.nav.addItem(title)
            self.nav.item(self.nav.count() - 1).setToolTip(f"{title} (Ctrl+{self.nav.count()})")
        self.nav.currentRowChanged.connect(self._on_nav_row)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([170, 930])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.status_data = QLabel()
        self.statusBar().addPermanentWidget(self.status_data)
        self._build_menus()
        self.ctx.changed.connect(self.on_changed)
        self.ctx.navigate.connect(self.on_navigate)
        self.resize(self._first_size())
        self._restore_layout()
        if ctx.has_db:
            self.attach_database()
        else:
            self.status_data.setText("Đang mở dữ liệu…")

    @staticmethod
    def _first_size() -> QSize:
        """Wide enough for the Báo cáo screen (else the window jumps wider on first
        opening it), never wider or taller than the screen left by the taskbar."""
        wanted = QSize(1260, 700)
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return wanted
        room = screen.availableGeometry().size() - QSize(16, 40)  # frame and title bar
        return wanted.boundedTo(room).expandedTo(QSize(800, 500))

    def attach_database(self) -> None:
        """Build the first screen once the database is open (after the first paint)."""
        row = self.nav.currentRow()
        self.show_screen(row if row >= 0 else 1)
        self.update_status()

    def _on_nav_row(self, row: int) -> None:
        if self.ctx.has_db and row >= 0:
            self.show_screen(row)

    def show_screen(self, row: int) -> None:
        title, target = SCREENS[row]
        if title not in self.pages:
            page = self._make_page(title, target)
            self.pages[title] = page
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.stack.setCurrentIndex(row)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)

    def _make_page(self, title: str, target: str) -> QWidget:
        module_name, _, class_name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return PlaceholderPage(title, PENDING)
        page: QWidget = getattr(module, class_name)(self.ctx)
        return page

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self._action(file_menu, "Sao lưu ngay", self.on_backup, "Ctrl+Shift+B")
        self._action(file_menu, "Khôi phục từ bản sao lưu…", self.on_restore)
        self._action(file_menu, "Thông tin xã…", self.edit_profile)
        file_menu.addSeparator()
        self._action(file_menu, "Thoát", self.close, QKeySequence.StandardKey.Quit)
        go_menu = self.menuBar().addMenu("&Xem")
        for i, (title, _text) in enumerate(SCREENS):
            self._action(go_menu, title, partial(self.nav.setCurrentRow, i), f"Ctrl+{i + 1}")
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        self._action(help_menu, "Hướng dẫn sử dụng", self.on_guide, "F1")
        self._action(help_menu, "Giới thiệu KH57", self.on_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def on_navigate(self, title: str) -> None:
        for row, (name, _target) in enumerate(SCREENS):
            if name == title:
                self.show_screen(row)

    def on_changed(self, _changes: Changes) -> None:
        self.update_status()

    def update_status(self) -> None:
        if self.ctx.has_db:
            self.status_data.setText(f"Dữ liệu: {self.ctx.db.path}")

    def about_text(self) -> str:
        from app import version
        from app.logs import log_file
        from app.paths import backup_dir_for

        return (
            f"<b>KH57</b> phiên bản {version()}<br>"
            "Quản lý kế hoạch, theo dõi và báo cáo chuyển đổi số cấp xã "
            "theo Nghị quyết 57-NQ/TW.<br><br>"
            f"Tệp dữ liệu: {self.ctx.db.path}<br>"
            f"Thư mục sao lưu: {backup_dir_for(self.ctx.db.path)}<br>"
            # the guide (mục 9) sends the officer here for the log to attach when asking for help
            f"Tệp nhật ký: {log_file()}"
        )

    def on_about(self) -> None:
        QMessageBox.about(self, "Giới thiệu KH57", self.about_text())

    def on_guide(self) -> None:
        """Print the user guide to a PDF and show it in the preview."""
        import tempfile
        from pathlib import Path

        from app.guide import render_guide_pdf
        from app.ui.preview import open_preview

        def make() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "huong-dan-su-dung.pdf"
                render_guide_pdf(out)
                return out.read_bytes()

        open_preview(
            self,
            title="Hướng dẫn sử dụng KH57",
            make_pdf=make,
            suggested_name="huong-dan-su-dung-KH57.pdf",
        )

    def on_backup(self) -> None:
        from app.backup import make_backup

        DbOp(self, lambda: make_backup(self.ctx.db.path, reason="manual")).success(
            lambda p: self.statusBar().showMessage(f"Đã sao lưu vào {p}", 8000)
        ).run()

    def on_restore(self) -> None:
        from app.paths import backup_dir_for
        from app.ui.restore import restore_interactively

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn bản sao lưu",
            str(backup_dir_for(self.ctx.db.path)),
            "Bản sao lưu KH57 (*.sqlite3)",
        )
        if path:
            restore_interactively(self, self.ctx, path)

    def edit_profile(self) -> None:
        from app.services.commune import get_profile, save_profile
        from app.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(get_profile(self.ctx.db), self)
        if dialog.exec() and dialog.result_data is not None:
            data = dialog.result_data
            DbOp(self, lambda: save_profile(self.ctx.db, data)).success(self.ctx.changed.emit).run()

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        row = settings.value("main/screen")
        self.nav.setCurrentRow(int(row) if row is not None else 1)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/splitter", self.splitter.saveState())
        settings.setValue("main/screen", self.nav.currentRow())
        if self.ctx.has_db and self.ctx.dirty:
            from app.backup import make_backup
            from app.errors import BackupError

            try:
                make_backup(self.ctx.db.path, reason="close")
            except BackupError as exc:
                from app.ui.errors import show_error

                show_error(self, exc)
        super().closeEvent(event)
