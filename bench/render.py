"""Time plan and report PDFs: both samples and a synthetic 500-task plan.

Run: .venv/bin/python bench/render.py [RUNS]. Prints, per document, the first
call in this process (fonts registered, modules imported) and the median of
RUNS further calls, in milliseconds, with the page count. The report is the
monthly report of 2025-09 with some progress recorded. When LibreOffice
(``soffice``) is on PATH, also times it converting the Thanh Miện plan .docx to
PDF (what an office does today). No asserts.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from app.db import Database, open_database  # noqa: E402
from app.models import Indicator, IndicatorTarget, Plan, Task, TaskGroup  # noqa: E402
from app.services import documents as D  # noqa: E402
from app.services.plan_import import import_plan_file  # noqa: E402
from app.services.progress_entry import (  # noqa: E402
    ProgressInput,
    ResultInput,
    indicator_results,
    record_progress,
    record_result,
    task_statuses,
)
from app.services.reports import compile_report  # noqa: E402

PERIOD = "2025-09"
SAMPLES = ROOT / "tests" / "data" / "samples"


def synthetic_plan(db: Database, tasks: int = 500, indicators: int = 50) -> int:
    words = (
        "Triển khai ứng dụng nền tảng số trong quản lý, điều hành và cung cấp dịch vụ công "
        "trực tuyến toàn trình cho người dân, doanh nghiệp trên địa bàn xã"
    )
    with db.begin() as s:
        plan = Plan(title="Chuyển đổi số xã Thử Nghiệm giai đoạn 2025 - 2030", commune="Thử Nghiệm")
        plan.start_year, plan.end_year = 2025, 2030
        s.add(plan)
        s.flush()
        groups = [
            TaskGroup(plan_id=plan.id, position=g, label=str(g + 1), title=f"Nhóm nhiệm vụ {g + 1}")
            for g in range(10)
        ]
        s.add_all(groups)
        s.flush()
        for k in range(tasks):
            g = groups[k * len(groups) // tasks]
            s.add(
                Task(
                    plan_id=plan.id,
                    group_id=g.id,
                    position=k,
                    number=f"{g.label}.{k % 50 + 1}",
                    name=f"{words} (nhiệm vụ số {k + 1})",
                    lead_text="Phòng Văn hoá - Xã hội",
                    cooperating_text="Văn phòng HĐND và UBND xã, các thôn",
                    result_text="Kế hoạch, báo cáo",
                    deadline_text="Tháng 12/2025" if k % 3 else "Hằng tháng",
                    deadline_kind="once" if k % 3 else "monthly",
                    deadline_due=date(2025, 12, 31) if k % 3 else None,
                )
            )
        for k in range(indicators):
            ind = Indicator(
                plan_id=plan.id,
                position=k,
                code=str(k + 1),
                name=f"Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến (chỉ tiêu {k + 1})",
                unit_of_measure="%",
            )
            ind.targets = [
                IndicatorTarget(year=2025, text="≥ 80", op=">=", value=80.0),
                IndicatorTarget(year=2030, text="100", op="=", value=100.0),
            ]
            s.add(ind)
        return plan.id


def record_some_progress(db: Database, plan_id: int) -> None:
    for k, t in enumerate(task_statuses(db, plan_id, PERIOD)[::3]):
        status = ("done", "in_progress", "not_started")[k % 3]
        data = ProgressInput(
            status=status,
            percent=50 if status == "in_progress" else None,
            result_text="Đã triển khai" if status != "not_started" else "",
            completed_on=date(2025, 9, 1) if status == "done" else None,
            reason="Chưa có kinh phí" if status == "not_started" else "",
        )
        record_progress(db, task_id=t.task_id, period_key=PERIOD, data=data)
    for k, i in enumerate(indicator_results(db, plan_id, PERIOD)[::2]):
        text = ("85,5", "92", "70")[k % 3]
        record_result(db, indicator_id=i.indicator_id, period_key=PERIOD, data=ResultInput(text))


def timed(fn: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    data = fn()
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(times), D.pdf_page_count(data)


def libreoffice(runs: int) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice: not installed (soffice not on PATH); skipped")
        return
    src = ROOT / "tests" / "data" / "import" / "thanh-mien-plan.docx"
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(max(1, runs)):
            t0 = time.perf_counter()
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", out, str(src)],
                check=True,
                capture_output=True,
            )
            times.append((time.perf_counter() - t0) * 1000)
    print(
        f"{'LibreOffice docx→pdf (Thanh Miện plan)':44} median {statistics.median(times):8.0f} ms"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        plans = {
            "Tam Chung": import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung"),
            "Thanh Miện": import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện"),
        }
        ids = {name: r.plan_id for name, r in plans.items()}
        ids["synthetic 500 tasks"] = synthetic_plan(db)
        print(f"{'document':44} {'first':>8}    {'median':>8}  pages")
        for name, plan_id in ids.items():
            record_some_progress(db, plan_id)
            summary = compile_report(db, plan_id=plan_id, period_key=PERIOD)
            n = f"{summary.counts['tasks']} tasks, {summary.counts['indicators']} indicators"
            for kind, fn in (
                ("plan", lambda p=plan_id: D.plan_pdf(db, p)),
                ("report", lambda r=summary.report_id: D.report_pdf(db, r)),
            ):
                first, median, pages = timed(fn, runs)
                label = f"{kind} {name} ({n})"
                print(f"{label:44} {first:8.0f} ms {median:8.0f} ms  {pages:5d}")
        db.close()
    libreoffice(min(runs, 3))


if __name__ == "__main__":
    main()
