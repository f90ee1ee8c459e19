"""Time compiling the commune report (issue 4, "Speed").

Run: .venv/bin/python bench/compile_report.py [RUNS]

* a monthly report (2025-09) of a generated 52-task, 27-indicator plan with
  monthly entries from January; aim under 0.2 s;
* the annual report (2025) of a generated 500-task, 50-indicator plan from
  twelve months of entries (every task and indicator, every month); aim under 1 s.

Each figure is the median of RUNS (default 3) compilations of a new report (the
report row is deleted between runs, so the narrative is drafted each time), on
a database file in a temporary folder. Also shown: reading the compiled report
back (``report_view``, what the screen, the PDF and the bundle use) and locking
it (the snapshot). Prints the figures and whether each aim is met.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import delete  # noqa: E402

from app.db import Database, open_database  # noqa: E402
from app.deadlines import parse_deadline  # noqa: E402
from app.models import (  # noqa: E402
    Indicator,
    IndicatorResult,
    IndicatorTarget,
    Plan,
    Report,
    Task,
    TaskGroup,
    TaskProgress,
)
from app.periods import month_period  # noqa: E402
from app.progress import parse_actual_value  # noqa: E402
from app.services.commune import ProfileData, save_profile  # noqa: E402
from app.services.reports import (  # noqa: E402
    compile_report,
    lock_report,
    report_view,
)

DEADLINES = (
    "Tháng 3/2025",
    "Tháng 9/2025",
    "Quý III/2025",
    "Trước ngày 15/10/2025",
    "Năm 2025",
    "Hằng tháng",
    "Hằng quý",
    "Hằng năm",
    "Thường xuyên",
    "Khi có yêu cầu",
    "Đã hoàn thành",
    "2025-2026",
)
WORDS = (
    "Triển khai ứng dụng nền tảng số trong quản lý, điều hành và cung cấp dịch vụ công "
    "trực tuyến toàn trình cho người dân, doanh nghiệp trên địa bàn xã"
)
LEADS = ("Phòng Văn hoá - Xã hội", "Phòng Kinh tế", "Văn phòng HĐND và UBND xã", "Công an xã")


def generate(db: Database, *, tasks: int, indicators: int, months: int) -> int:
    """A plan with *tasks* tasks and *indicators* indicators, and entries for the first
    *months* months of 2025 (every task and indicator each month)."""
    with db.begin() as s:
        plan = Plan(
            number="57/KH-UBND", title="Chuyển đổi số xã Thử Nghiệm 2025 - 2030", commune="X"
        )
        plan.start_year, plan.end_year = 2025, 2030
        s.add(plan)
        s.flush()
        groups = [
            TaskGroup(plan_id=plan.id, position=g, label=str(g + 1), title=f"Nhóm {g + 1}")
            for g in range(8)
        ]
        s.add_all(groups)
        s.flush()
        task_rows = []
        for k in range(tasks):
            g = groups[k * len(groups) // tasks]
            d = parse_deadline(DEADLINES[k % len(DEADLINES)], reference_year=2025)
            task_rows.append(
                Task(
                    plan_id=plan.id,
                    group_id=g.id,
                    position=k,
                    number=f"{g.label}.{k + 1}",
                    name=f"{WORDS} (nhiệm vụ {k + 1})",
                    lead_text=LEADS[k % len(LEADS)],
                    cooperating_text="Các thôn",
                    result_text="Kế hoạch, báo cáo",
                    deadline_text=d.text,
                    deadline_kind=d.kind,
                    deadline_start=d.start,
                    deadline_due=d.due,
                )
            )
        s.add_all(task_rows)
        ind_rows = []
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
            ind_rows.append(ind)
        s.add_all(ind_rows)
        s.flush()
        for m in range(1, months + 1):
            period = month_period(2025, m)
            for k, t in enumerate(task_rows):
                done = (k + m) % 4 == 0
                s.add(
                    TaskProgress(
                        task_id=t.id,
                        period_key=period.key,
                        period_end=period.end,
                        status_code="done" if done else "in_progress",
                        percent=100 if done else min(90, 7 * m),
                        result_text=f"Kết quả tháng {m}",
                        completed_on=period.end - timedelta(days=3) if done else None,
                    )
                )
            for k, ind in enumerate(ind_rows):
                text = f"{60 + m + k % 20},5"
                s.add(
                    IndicatorResult(
                        indicator_id=ind.id,
                        period_key=period.key,
                        period_end=period.end,
                        actual_text=text,
                        actual_value=parse_actual_value(text),
                        source="Báo cáo của đơn vị",
                    )
                )
        return plan.id


def _median(fn: Callable[[], Any], runs: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(
    folder: Path, name: str, *, tasks: int, indicators: int, months: int, key: str, runs: int
) -> dict[str, float]:
    db = open_database(folder / f"{name}.sqlite3")
    try:
        save_profile(db, ProfileData("Thử Nghiệm", "Hà Nội"))
        t0 = time.perf_counter()
        plan = generate(db, tasks=tasks, indicators=indicators, months=months)
        generated = time.perf_counter() - t0

        def drop() -> None:
            with db.begin() as s:
                s.execute(delete(Report).where(Report.plan_id == plan))

        compile_report(db, plan_id=plan, period_key=key)  # warm-up: imports, caches
        compiled = _median(lambda: compile_report(db, plan_id=plan, period_key=key), runs, drop)
        rid = compile_report(db, plan_id=plan, period_key=key).report_id
        viewed = _median(lambda: report_view(db, rid), runs)
        t0 = time.perf_counter()
        lock_report(db, rid)
        locked = time.perf_counter() - t0
        frozen = _median(lambda: report_view(db, rid), runs)
        view = report_view(db, rid)
        assert len(view.tasks) == tasks and len(view.indicators) == indicators
        assert view.period.key == key and date(2025, 1, 1) <= view.period.end
    finally:
        db.close()
    return {
        "generate": generated,
        "compile": compiled,
        "view": viewed,
        "lock": locked,
        "view_locked": frozen,
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cases = (
        ("monthly 2025-09, 52 tasks, 27 indicators", 52, 27, 9, "2025-09", 0.2),
        ("annual 2025, 500 tasks, 50 indicators, 12 months", 500, 50, 12, "2025", 1.0),
    )
    print(f"compile_report: median of {runs} runs (seconds)")
    with tempfile.TemporaryDirectory() as tmp:
        for n, (label, tasks, inds, months, key, aim) in enumerate(cases):
            f = measure(
                Path(tmp),
                f"case{n}",
                tasks=tasks,
                indicators=inds,
                months=months,
                key=key,
                runs=runs,
            )
            verdict = "met" if f["compile"] < aim else "MISSED"
            print(f"{label}:")
            print(f"  compile (new report)   {f['compile']:.3f}   aim < {aim:g}: {verdict}")
            print(f"  report_view (draft)    {f['view']:.3f}")
            print(f"  lock (snapshot)        {f['lock']:.3f}")
            print(f"  report_view (locked)   {f['view_locked']:.3f}")
            print(f"  (data generated in     {f['generate']:.2f})")


if __name__ == "__main__":
    main()
