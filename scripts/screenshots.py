"""Regenerate the user guide's screenshots from the real program (run via scripts/screenshots).

Builds a temporary database, fills in the commune's details, imports the
bundled sample plan, records a month's progress, compiles the report, opens
the main window offscreen, visits each screen and saves PNGs into
docs/img/guide/. A screen that is not built yet (the placeholder page) is
skipped with a note and its old picture, if any, is left alone.

    scripts/screenshots [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1100, 680)
#: file name → (screen title in the navigation list, what the picture shows)
SCREENS: list[tuple[str, str]] = [
    ("02-tong-quan.png", "Tổng quan"),
    ("03-ke-hoach.png", "Kế hoạch"),
    ("04-nhiem-vu.png", "Nhiệm vụ"),
    ("05-chi-tieu.png", "Chỉ tiêu"),
    ("06-bao-cao.png", "Báo cáo"),
    ("07-gui-bao-cao.png", "Gửi báo cáo"),
    ("08-cai-dat.png", "Cài đặt"),
]


def sample_profile() -> Any:
    from app.services.commune import ProfileData, SignerData

    return ProfileData(
        name="Tam Chung",
        province="Thanh Hoá",
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"],
        place_name="Tam Chung",
        default_recipients=["Sở Khoa học và Công nghệ;", "Lưu: VT, VHXH."],
        signers=[SignerData(full_name="Nguyễn Văn An")],
    )


def fill_database(db: Any, period_key: str) -> int:
    from app.services.commune import save_profile
    from app.services.plan_import import import_plan_file
    from app.services.plans import list_indicators, list_tasks
    from app.services.progress_entry import (
        ProgressInput,
        ResultInput,
        record_progress,
        record_result,
    )
    from app.services.reports import compile_report

    save_profile(db, sample_profile())
    plan_id = import_plan_file(db, ROOT / "resources" / "samples" / "tam-chung.xlsx").plan_id
    tasks = list_tasks(db, plan_id)
    statuses = [
        ProgressInput(status="done", result_text="UBND xã đã ban hành kế hoạch."),
        ProgressInput(status="in_progress", percent=60, result_text="Đang triển khai."),
        ProgressInput(status="in_progress", percent=30),
    ]
    for task, data in zip(tasks, statuses, strict=False):
        record_progress(db, task_id=task.id, period_key=period_key, data=data)
    for ind, actual in zip(list_indicators(db, plan_id), ["65%", "2", "100%"], strict=False):
        record_result(
            db, indicator_id=ind.id, period_key=period_key, data=ResultInput(actual_text=actual)
        )
    compile_report(db, plan_id=plan_id, period_key=period_key)
    return plan_id


def save(widget: Any, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"Không lưu được ảnh {path}")
    print(f"✓ {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def shoot_profile(out: Path) -> None:
    from app.ui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(sample_profile())
    dialog.show()
    save(dialog, out / "01-thong-tin-xa.png")
    dialog.close()


def shoot_import_preview(db: Any, out: Path) -> None:
    """The import preview of the bundled sample, on its standard-indicator tab."""
    from app.ui.context import AppContext
    from app.ui.import_dialog import ImportDialog

    dialog = ImportDialog(AppContext(db), ROOT / "resources" / "samples" / "tam-chung.xlsx")
    dialog.show()  # reads the file (inline in this script)
    if dialog.links_tab >= 0:
        dialog.tabs.setCurrentIndex(dialog.links_tab)
    save(dialog, out / "10-xem-truoc-nhap.png")
    dialog.close()


def shoot_report_page(db: Any, out: Path) -> None:
    """The first page of the printed report, as the officer sees it in the preview."""
    try:
        from app.services.documents import report_pdf
    except ModuleNotFoundError:
        print("– 09-ban-in.png: bỏ qua, chưa có app.services.documents")
        return
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtPdf import QPdfDocument

    with db.read() as s:
        from sqlalchemy import select

        from app.models import Report

        report_id = s.scalars(select(Report.id)).first()
    try:
        pdf = report_pdf(db, report_id)
    except Exception as exc:
        print(f"– 09-ban-in.png: bỏ qua, chưa in được báo cáo ({exc})")
        return
    pdf_path = Path(os.environ["KH57_DATA_DIR"]) / "report.pdf"
    pdf_path.write_bytes(pdf)
    doc = QPdfDocument()
    doc.load(str(pdf_path))
    page = doc.render(0, QSize(794, 1123))
    from PySide6.QtGui import QImage

    canvas = QImage(page.size(), QImage.Format.Format_RGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage(0, 0, page)
    painter.end()
    path = out / "09-ban-in.png"
    canvas.save(str(path))
    print(f"✓ {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "guide")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="kh57-shots-") as tmp:
        os.environ["KH57_DATA_DIR"] = tmp
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app.setOrganizationName("KH57")
        app.setApplicationName("KH57")

        from app.db import open_database
        from app.ui.context import AppContext
        from app.ui.main_window import SCREENS as WINDOW_SCREENS
        from app.ui.main_window import MainWindow
        from app.ui.ops import DbOp
        from app.ui.pages.placeholder import PlaceholderPage

        DbOp.inline = True
        today = date.today()
        db = open_database(Path(tmp) / "kh57.sqlite3")
        try:
            shoot_import_preview(db, out)  # before the plan is in: a first import
            plan_id = fill_database(db, f"{today.year:04d}-{today.month:02d}")
            shoot_profile(out)
            ctx = AppContext(db)
            window = MainWindow(ctx)
            window.resize(*SIZE)
            window.show()
            ctx.select_plan(plan_id)
            titles = [t for t, _ in WINDOW_SCREENS]
            skipped: list[str] = []
            for name, title in SCREENS:
                if title not in titles:
                    skipped.append(f"{name}: không có màn hình “{title}”")
                    continue
                try:
                    window.show_screen(titles.index(title))
                except Exception as exc:  # a screen half-written by another engineer
                    skipped.append(f"{name}: màn hình “{title}” chưa mở được ({exc})")
                    continue
                if isinstance(window.pages.get(title), PlaceholderPage):
                    skipped.append(f"{name}: màn hình “{title}” đang được xây dựng")
                    continue
                save(window, out / name)
            shoot_report_page(db, out)
            for note in skipped:
                print(f"– bỏ qua {note}")
            window.hide()
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
