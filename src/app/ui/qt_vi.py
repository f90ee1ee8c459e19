"""Vietnamese for the few texts Qt itself puts on screen.

Qt ships no Vietnamese translation of its own widgets, so without this the buttons of
``QMessageBox.question`` (Yes/No), ``QMessageBox.information`` and every error box (OK),
``QInputDialog`` (OK/Cancel), the "Chọn nơi nhận" dialog and Qt's own file dialog (used
where the system has none) come out in English. Only the texts KH57 can show are listed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

# (context, source) -> Vietnamese; the "&" marks the Alt+letter key.
TEXTS: dict[tuple[str, str], str] = {
    ("QPlatformTheme", "OK"): "Đồng ý",
    ("QPlatformTheme", "&OK"): "Đồng ý",
    ("QPlatformTheme", "Save"): "Lưu",
    ("QPlatformTheme", "&Save"): "&Lưu",
    ("QPlatformTheme", "Open"): "Mở",
    ("QPlatformTheme", "Cancel"): "Huỷ",
    ("QPlatformTheme", "&Cancel"): "Huỷ",
    ("QPlatformTheme", "Close"): "Đóng",
    ("QPlatformTheme", "&Close"): "Đóng",
    ("QPlatformTheme", "Apply"): "Áp dụng",
    ("QPlatformTheme", "Reset"): "Đặt lại",
    ("QPlatformTheme", "Help"): "Trợ giúp",
    ("QPlatformTheme", "Discard"): "Bỏ",
    ("QPlatformTheme", "Don't Save"): "Không lưu",
    ("QPlatformTheme", "Close without Saving"): "Đóng, không lưu",
    ("QPlatformTheme", "Restore Defaults"): "Khôi phục mặc định",
    ("QPlatformTheme", "Retry"): "Thử lại",
    ("QPlatformTheme", "Ignore"): "Bỏ qua",
    ("QPlatformTheme", "Abort"): "Dừng",
    ("QPlatformTheme", "&Yes"): "&Có",
    ("QPlatformTheme", "Yes to &All"): "Có với &tất cả",
    ("QPlatformTheme", "&No"): "&Không",
    ("QPlatformTheme", "N&o to All"): "K&hông với tất cả",
    ("QMessageBox", "Show Details..."): "Xem chi tiết…",
    ("QMessageBox", "Hide Details..."): "Ẩn chi tiết…",
    ("QFileDialog", "Look in:"): "Thư mục:",
    # Qt 6 asks with the "&" of the Alt+letter key in these labels
    ("QFileDialog", "&Look in:"): "Thư &mục:",
    ("QFileDialog", "Files of &type:"): "&Loại tệp:",
    ("QFileDialog", "&New Folder"): "Thư mục &mới",
    ("QFileDialog", "All Files (*)"): "Mọi tệp (*)",
    ("QFileDialog", "Go back"): "Lùi lại",
    ("QFileDialog", "Go forward"): "Tới",
    ("QFileDialog", "Go to the parent directory"): "Lên thư mục cha",
    ("QFileDialog", "Create a New Folder"): "Tạo thư mục mới",
    ("QFileDialog", "Change to list view mode"): "Xem dạng danh sách",
    ("QFileDialog", "Change to detail view mode"): "Xem dạng chi tiết",
    ("QAbstractFileIconProvider", "Folder"): "Thư mục",
    ("QAbstractFileIconProvider", "Drive"): "Ổ đĩa",
    ("QFileDialog", "File &name:"): "&Tên tệp:",
    ("QFileDialog", "Files of type:"): "Loại tệp:",
    ("QFileDialog", "&Open"): "&Mở",
    ("QFileDialog", "&Save"): "&Lưu",
    ("QFileDialog", "&Choose"): "&Chọn",
    ("QFileDialog", "Open"): "Mở",
    ("QFileDialog", "Cancel"): "Huỷ",
    ("QFileDialog", "Back"): "Lùi",
    ("QFileDialog", "Forward"): "Tới",
    ("QFileDialog", "Parent Directory"): "Thư mục cha",
    ("QFileDialog", "Create New Folder"): "Tạo thư mục mới",
    ("QFileDialog", "New Folder"): "Thư mục mới",
    ("QFileDialog", "List View"): "Danh sách",
    ("QFileDialog", "Detail View"): "Chi tiết",
    ("QFileDialog", "Directory:"): "Thư mục:",
    ("QFileDialog", "Directories"): "Thư mục",
    ("QFileDialog", "My Computer"): "Máy tính",
    ("QFileDialog", "Computer"): "Máy tính",
    ("QFileDialog", "&Rename"): "Đổi &tên",
    ("QFileDialog", "&Delete"): "&Xoá",
    ("QFileDialog", "Show &hidden files"): "Hiện tệp ẩn",
    ("QFileSystemModel", "Name"): "Tên",
    ("QFileSystemModel", "Size"): "Cỡ",
    ("QFileSystemModel", "Type"): "Loại",
    ("QFileSystemModel", "Kind"): "Loại",
    ("QFileSystemModel", "Date Modified"): "Ngày sửa",
    ("QFileSystemModel", "My Computer"): "Máy tính",
    ("QFileSystemModel", "Computer"): "Máy tính",
    ("QFileSystemModel", "Folder"): "Thư mục",
    ("QWidgetTextControl", "&Undo"): "&Hoàn tác",
    ("QWidgetTextControl", "&Redo"): "&Làm lại",
    ("QWidgetTextControl", "Cu&t"): "&Cắt",
    ("QWidgetTextControl", "&Copy"): "&Chép",
    ("QWidgetTextControl", "&Paste"): "&Dán",
    ("QWidgetTextControl", "Delete"): "Xoá",
    ("QWidgetTextControl", "Select All"): "Chọn tất cả",
    ("QLineEdit", "&Undo"): "&Hoàn tác",
    ("QLineEdit", "&Redo"): "&Làm lại",
    ("QLineEdit", "Cu&t"): "&Cắt",
    ("QLineEdit", "&Copy"): "&Chép",
    ("QLineEdit", "&Paste"): "&Dán",
    ("QLineEdit", "Delete"): "Xoá",
    ("QLineEdit", "Select All"): "Chọn tất cả",
}


class VietnameseQt(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) lets Qt keep its own text; "" would replace it with nothing
        # (the "Ctrl+" of every shortcut shown in a menu disappeared that way)
        return TEXTS.get((context, source))

    def isEmpty(self) -> bool:
        return False


_installed: list[VietnameseQt] = []


def install_vietnamese_qt() -> None:
    """Install once per process (the translator must outlive every widget)."""
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    translator = VietnameseQt(app)
    app.installTranslator(translator)
    _installed.append(translator)
