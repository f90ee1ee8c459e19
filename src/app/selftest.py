"""``kh57 self-test``: the whole chain on a throw-away database, one line per step.

On a database in a temporary folder (never the officer's data) it imports the
bundled sample plan, records progress for a task and a result for an
indicator, compiles the month's report, prints it to PDF and Excel, packs and
verifies a submission bundle, makes a backup, opens the main window and its
screens offscreen, previews the PDF with Qt and prints the user guide. Each
step prints "✓ <step>: <detail>" or "✗ <step>: <message>"; a step whose module
is not in this installation, or which needs a step that failed, fails too.
Exit status 0 only when every step passes. Run on the built (frozen) program
it proves that nothing the program needs was left out of the bundle.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from app.errors import AppError

SAMPLE_PLAN = "tam-chung.xlsx"
SAMPLE_PLAN_NUMBER = "01/KH-UBND"


def sample_profile() -> Any:
    """The sample commune the sample plan belongs to."""
    from app.services.commune import ProfileData, SignerData

    return ProfileData(
        name="Tam Chung",
        province="Thanh Hoá",
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"],
        place_name="Tam Chung",
        default_recipients=["Sở Khoa học và Công nghệ;", "Lưu: VT, VHXH."],
        signers=[SignerData(full_name="Nguyễn Văn An")],
    )


class StepFailed(Exception):
    """A check inside a step did not hold; the message is shown to the officer."""


@dataclass
class SelfTestContext:
    """What the steps share: the temporary folder, the database and what was made."""

    folder: Path
    period_key: str
    db: Any = None
    plan_id: int | None = None
    report_id: int | None = None
    pdf: bytes | None = None
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.name}: {self.detail}"


Step = tuple[str, Callable[[SelfTestContext], str], tuple[str, ...]]


def _missing_module_message(exc: ModuleNotFoundError) -> str:
    return f"bản cài đặt này chưa có mô-đun {exc.name} (chức năng chưa hoàn thiện hoặc bị thiếu khi đóng gói)"


def _message(exc: BaseException) -> str:
    if isinstance(exc, ModuleNotFoundError):
        return _missing_module_message(exc)
    if isinstance(exc, AppError | StepFailed):
        return str(exc)
    text = str(exc).strip() or "không rõ chi tiết"
    return f"lỗi không mong đợi {type(exc).__name__}: {text}"


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written without object streams (ReportLab): its /Type /Page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# --------------------------------------------------------------------------- steps


def step_import(ctx: SelfTestContext) -> str:
    from app.db import open_database
    from app.models import Plan
    from app.paths import resource_dir
    from app.services.commune import save_profile
    from app.services.plan_import import import_plan_file

    sample = resource_dir() / "samples" / SAMPLE_PLAN
    if not sample.is_file():
        raise StepFailed(f"không tìm thấy tệp kế hoạch mẫu {sample}")
    ctx.db = open_database(ctx.folder / "kh57-selftest.sqlite3")
    save_profile(ctx.db, sample_profile())
    result = import_plan_file(ctx.db, sample)
    if result.tasks == 0 or result.indicators == 0:
        raise StepFailed(
            f"tệp mẫu chỉ đọc được {result.tasks} nhiệm vụ, {result.indicators} chỉ tiêu"
        )
    ctx.plan_id = result.plan_id
    with ctx.db.begin() as s:  # the sample annex carries no number; the officer types one
        plan = s.get(Plan, result.plan_id)
        if plan is not None and not plan.number:
            plan.number = SAMPLE_PLAN_NUMBER
    return f"{result.tasks} nhiệm vụ, {result.indicators} chỉ tiêu"


def step_progress(ctx: SelfTestContext) -> str:
    from app.services.plans import list_tasks
    from app.services.progress_entry import ProgressInput, record_progress, task_statuses

    assert ctx.plan_id is not None
    task = list_tasks(ctx.db, ctx.plan_id)[0]
    record_progress(
        ctx.db,
        task_id=task.id,
        period_key=ctx.period_key,
        data=ProgressInput(
            status="in_progress", percent=50, result_text="Đã triển khai (tự kiểm tra)."
        ),
    )
    row = next(
        r for r in task_statuses(ctx.db, ctx.plan_id, ctx.period_key) if r.task_id == task.id
    )
    if row.percent != 50:
        raise StepFailed(f"đã ghi 50% nhưng đọc lại được {row.percent}")
    return f"nhiệm vụ {task.number} — {row.official_text}, {row.percent}%"


def step_result(ctx: SelfTestContext) -> str:
    from app.services.plans import list_indicators
    from app.services.progress_entry import ResultInput, indicator_results, record_result

    assert ctx.plan_id is not None
    ind = list_indicators(ctx.db, ctx.plan_id)[0]
    record_result(
        ctx.db,
        indicator_id=ind.id,
        period_key=ctx.period_key,
        data=ResultInput(actual_text="65", source="Tự kiểm tra"),
    )
    row = next(
        r for r in indicator_results(ctx.db, ctx.plan_id, ctx.period_key) if r.code == ind.code
    )
    if row.actual_value != 65:
        raise StepFailed(f"đã ghi 65 nhưng đọc lại được {row.actual_text!r}")
    unit = f" {row.unit}" if row.unit and row.unit != "%" else (row.unit or "")
    return f"chỉ tiêu {ind.code} — kết quả {row.actual_text}{unit}"


def step_compile(ctx: SelfTestContext) -> str:
    from app.services.reports import compile_report

    assert ctx.plan_id is not None
    summary = compile_report(ctx.db, plan_id=ctx.plan_id, period_key=ctx.period_key)
    ctx.report_id = summary.report_id
    counts = summary.counts
    if counts.get("in_progress", 0) < 1:
        raise StepFailed("báo cáo không ghi nhận nhiệm vụ đang thực hiện vừa nhập")
    return (
        f"{summary.period_label}, {counts.get('tasks', 0)} nhiệm vụ "
        f"({counts.get('done', 0)} hoàn thành, {counts.get('in_progress', 0)} đang thực hiện), "
        f"{counts.get('indicators', 0)} chỉ tiêu"
    )


def step_pdf(ctx: SelfTestContext) -> str:
    from app.services.documents import report_pdf

    assert ctx.report_id is not None
    pdf = report_pdf(ctx.db, ctx.report_id)
    if not pdf.startswith(b"%PDF-"):
        raise StepFailed("tệp tạo ra không phải là PDF")
    pages = pdf_page_count(pdf)
    if pages < 1:
        raise StepFailed("tệp PDF không có trang nào")
    ctx.pdf = pdf
    return f"{pages} trang, {len(pdf) // 1024} KB"


def step_xlsx(ctx: SelfTestContext) -> str:
    import io
    import zipfile

    from app.services.documents import report_xlsx

    assert ctx.report_id is not None
    xlsx = report_xlsx(ctx.db, ctx.report_id)
    if not xlsx.startswith(b"PK\x03\x04"):
        raise StepFailed("tệp tạo ra không phải là tệp Excel")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    if not sheets:
        raise StepFailed("tệp Excel không có trang tính nào")
    return f"{len(sheets)} trang tính, {len(xlsx) // 1024} KB"


def step_bundle(ctx: SelfTestContext) -> str:
    from app.bundle import verify_bundle
    from app.services.submission import make_bundle

    assert ctx.report_id is not None
    packed = make_bundle(ctx.db, ctx.report_id)
    path = ctx.folder / packed.filename
    path.write_bytes(packed.content)
    verified = verify_bundle(path)
    if verified.bundle_id != packed.bundle_id:
        raise StepFailed("mã gói đọc lại không khớp mã gói vừa tạo")
    if verified.data["period"]["key"] != ctx.period_key:
        raise StepFailed("kỳ báo cáo trong gói không khớp báo cáo")
    return f"{packed.filename}, {len(packed.content) // 1024} KB, kiểm tra toàn vẹn đạt"


def step_backup(ctx: SelfTestContext) -> str:
    from app.backup import list_backups, make_backup
    from app.db import quick_check

    target = make_backup(ctx.db.path, reason="manual")
    if not quick_check(target):
        raise StepFailed("bản sao lưu vừa tạo không đạt kiểm tra toàn vẹn")
    return f"{len(list_backups(ctx.db.path))} bản sao lưu trong thư mục tạm, đều đọc được"


@contextlib.contextmanager
def _dismiss_dialogs(seen: list[str]) -> Iterator[None]:
    """Close any modal dialog (an error message) so that an offscreen run never hangs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def sweep() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None:
            text = widget.text() if isinstance(widget, QMessageBox) else widget.windowTitle()
            seen.append(text)
            widget.close()

    timer = QTimer()
    timer.timeout.connect(sweep)
    timer.start(50)
    try:
        yield
    finally:
        timer.stop()


def _qt_app() -> Any:
    from app.ui.launch import has_display

    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def step_window(ctx: SelfTestContext) -> str:
    from PySide6.QtWidgets import QApplication

    from app.ui.context import AppContext
    from app.ui.main_window import SCREENS, MainWindow
    from app.ui.ops import DbOp
    from app.ui.pages.placeholder import PlaceholderPage

    app = _qt_app()
    seen: list[str] = []
    before = DbOp.inline
    DbOp.inline = True
    window = None
    try:
        with _dismiss_dialogs(seen):
            window = MainWindow(AppContext(ctx.db))
            if ctx.plan_id is not None:
                window.ctx.select_plan(ctx.plan_id)
            for row in range(len(SCREENS)):
                window.show_screen(row)
                app.processEvents()
            pending = [
                title for title, page in window.pages.items() if isinstance(page, PlaceholderPage)
            ]
            image = window.grab().toImage()
            QApplication.processEvents()
    finally:
        DbOp.inline = before
        if window is not None:
            window.hide()
            window.deleteLater()
    if seen:
        raise StepFailed(f"một màn hình báo lỗi: {seen[0]}")
    if image.isNull() or image.width() < 200:
        raise StepFailed("không vẽ được cửa sổ chính")
    ready = len(SCREENS) - len(pending)
    detail = f"{ready}/{len(SCREENS)} màn hình mở được"
    if pending:
        detail += f" (đang xây dựng: {', '.join(pending)})"
    return detail


def step_pdf_preview(ctx: SelfTestContext) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinterInfo

    _qt_app()
    assert ctx.pdf is not None
    path = ctx.folder / "bao-cao.pdf"
    path.write_bytes(ctx.pdf)
    document = QPdfDocument()
    document.load(str(path))
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise StepFailed(f"Qt không mở được tệp PDF của báo cáo (trạng thái {document.status()})")
    image = document.render(0, QSize(400, 566))
    pages = document.pageCount()
    document.close()
    if image.isNull():
        raise StepFailed("Qt không vẽ được trang đầu của báo cáo")
    printers = len(QPrinterInfo.availablePrinters())
    return f"xem trước được {pages} trang; máy có {printers} máy in"


def step_guide(ctx: SelfTestContext) -> str:
    from app.guide import render_guide_pdf

    out = render_guide_pdf(ctx.folder / "huong-dan-su-dung.pdf")
    body = out.read_bytes()
    if not body.startswith(b"%PDF-"):
        raise StepFailed("tệp hướng dẫn tạo ra không phải là PDF")
    return f"{pdf_page_count(body)} trang"


STEPS: tuple[Step, ...] = (
    ("Nhập kế hoạch mẫu", step_import, ()),
    ("Ghi tiến độ nhiệm vụ", step_progress, ("Nhập kế hoạch mẫu",)),
    ("Ghi kết quả chỉ tiêu", step_result, ("Nhập kế hoạch mẫu",)),
    ("Lập báo cáo tháng", step_compile, ("Ghi tiến độ nhiệm vụ", "Ghi kết quả chỉ tiêu")),
    ("In báo cáo ra PDF", step_pdf, ("Lập báo cáo tháng",)),
    ("Xuất bảng Excel", step_xlsx, ("Lập báo cáo tháng",)),
    ("Đóng gói và kiểm tra gói báo cáo", step_bundle, ("Lập báo cáo tháng",)),
    ("Sao lưu dữ liệu", step_backup, ("Nhập kế hoạch mẫu",)),
    ("Mở cửa sổ chương trình", step_window, ("Nhập kế hoạch mẫu",)),
    ("Xem trước bản in", step_pdf_preview, ("In báo cáo ra PDF",)),
    ("In hướng dẫn sử dụng", step_guide, ()),
)


# --------------------------------------------------------------------------- running


@contextlib.contextmanager
def _isolated_data_dir(folder: Path) -> Iterator[None]:
    """Point KH57_DATA_DIR at the temporary folder so nothing reaches the real data."""
    old = os.environ.get("KH57_DATA_DIR")
    os.environ["KH57_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KH57_DATA_DIR", None)
        else:
            os.environ["KH57_DATA_DIR"] = old


def run_steps(
    steps: tuple[Step, ...] = STEPS,
    *,
    out: TextIO | None = None,
    folder: Path | None = None,
    period_key: str | None = None,
) -> list[StepResult]:
    """Run *steps* in order on a temporary database, printing a line for each."""
    stream = out if out is not None else sys.stdout
    today = date.today()
    key = period_key or f"{today.year:04d}-{today.month:02d}"
    results: list[StepResult] = []
    with contextlib.ExitStack() as stack:
        if folder is None:
            tmp = tempfile.TemporaryDirectory(prefix="kh57-selftest-", ignore_cleanup_errors=True)
            folder = Path(stack.enter_context(tmp))
        stack.enter_context(_isolated_data_dir(folder / "userdata"))
        ctx = SelfTestContext(folder=folder, period_key=key)
        passed: set[str] = set()
        try:
            for name, fn, needs in steps:
                started = time.perf_counter()
                missing = [n for n in needs if n not in passed]
                if missing:
                    ok, detail = False, f"không chạy được vì bước “{missing[0]}” không đạt"
                else:
                    try:
                        ok, detail = True, fn(ctx)
                    except Exception as exc:
                        ok, detail = False, _message(exc)
                result = StepResult(name, ok, detail, time.perf_counter() - started)
                if ok:
                    passed.add(name)
                results.append(result)
                stream.write(result.line() + "\n")
                stream.flush()
        finally:
            if ctx.db is not None:
                ctx.db.close()
    return results


def summary_line(results: list[StepResult]) -> str:
    good = sum(r.ok for r in results)
    if results and good == len(results):
        return f"Kết quả: cả {good} bước đều đạt — KH57 hoạt động bình thường trên máy này."
    return (
        f"Kết quả: {good}/{len(results)} bước đạt, {len(results) - good} bước không đạt — "
        "hãy chụp màn hình này gửi cho cán bộ kỹ thuật."
    )


def run_self_test(out: TextIO | None = None, *, folder: Path | None = None) -> int:
    """Print the header, one line per step and a summary; 0 when every step passed."""
    from app import version

    stream = out if out is not None else sys.stdout
    stream.write(
        f"Tự kiểm tra KH57 {version()} (trên dữ liệu tạm, không đụng đến dữ liệu của xã)\n"
    )
    started = time.perf_counter()
    results = run_steps(out=stream, folder=folder)
    stream.write(summary_line(results) + f" ({time.perf_counter() - started:.1f} giây)\n")
    stream.flush()
    return 0 if results and all(r.ok for r in results) else 1
