"""Import/export speed bench (issue 3): the samples and a generated 5,000-task plan.

Run: .venv/bin/python bench/import_export.py [--tasks N] [--indicators N] [--runs N] [--json]

Generates, with openpyxl in a temporary folder, a workbook laid out as offices
do (title rows, a two-row header with "Mục tiêu" over the year columns, merged
group rows) holding N tasks (default 5,000) and 100 indicators (the sample plans
have 21 and 31), then times with the real services, median of ``--runs``
(default 3):

* import of each sample workbook (``tests/data/samples``) into a fresh database;
* reading the generated workbook alone (``read_plan_file``, no database);
* import of the generated workbook into a fresh database (new rows: bulk inserts);
* re-import of the same workbook into the plan it made (every row matched and
  updated in place, nothing changed);
* export of that plan back to a workbook (``app.services.plan_export``).

Each import runs on a fresh copy of one migrated database, so the figures
include the backup taken before an import but not the migration. The first
export of a process also loads ReportLab and openpyxl; it is timed apart.
Aims (issue 3): a sample under 0.3 s, 5,000 tasks under 5 s. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "samples"
AIM_SAMPLE_S = 0.3
AIM_LARGE_S = 5.0

UNITS = (
    "Phòng Văn hoá - Xã hội",
    "Văn phòng HĐND&UBND",
    "Phòng Kinh tế",
    "Trung tâm phục vụ hành chính công",
    "Công an xã",
    "Trạm Y tế xã",
)
DEADLINES = ("Tháng 8/2025", "Quý IV/2025", "Năm 2026", "Hàng năm", "2025 - 2030", "Thường xuyên")


def make_workbook(path: Path, *, tasks: int, indicators: int) -> None:
    """A plan workbook with *indicators* indicators and *tasks* tasks in groups of 100."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Phụ lục I - Chỉ tiêu"
    ws.append(["PHỤ LỤC I"])
    ws.append(["CÁC CHỈ TIÊU PHẤN ĐẤU GIAI ĐOẠN 2025 - 2030"])
    ws.append(["(Kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 02 năm 2025 của UBND xã Thử)"])
    ws.append([])
    ws.append(["TT", "Tên chỉ tiêu", "Đơn vị tính", "Mục tiêu", None, "Đơn vị chủ trì"])
    ws.append([None, None, None, "Đến hết năm 2025", "Đến năm 2030", None])
    for col in "ABCF":
        ws.merge_cells(f"{col}5:{col}6")
    ws.merge_cells("D5:E5")
    for k in range(indicators):
        if k % 20 == 0:
            row = ws.max_row + 1
            ws.append([_roman(k // 20 + 1), f"NHÓM CHỈ TIÊU SỐ {k // 20 + 1}"])
            ws.merge_cells(f"B{row}:F{row}")
        ws.append(
            [
                str(k + 1),
                f"Tỷ lệ hồ sơ thủ tục hành chính loại {k + 1} được số hoá và xử lý trực tuyến",
                "%",
                f"≥ {50 + k % 40}",
                "100%" if k % 3 else f"≥ {80 + k % 15}",
                UNITS[k % len(UNITS)],
            ]
        )
    wt = wb.create_sheet("Phụ lục II - Nhiệm vụ")
    wt.append(["PHỤ LỤC II"])
    wt.append(["NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN GIAI ĐOẠN 2025 - 2030"])
    wt.append([])
    wt.append(
        [
            "STT",
            "Nội dung công việc",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Kết quả, sản phẩm",
            "Thời gian hoàn thành",
        ]
    )
    group = 0
    for k in range(tasks):
        if k % 100 == 0:
            group += 1
            row = wt.max_row + 1
            wt.append(
                [str(group), f"Nhóm nhiệm vụ {group}: phát triển hạ tầng số và chuyển đổi số"]
            )
            wt.merge_cells(f"B{row}:F{row}")
        wt.append(
            [
                f"{group}.{k % 100 + 1}",
                f"Triển khai nhiệm vụ chuyển đổi số số {k + 1}: tuyên truyền, hướng dẫn người dân "
                "sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt",
                UNITS[k % len(UNITS)],
                f"{UNITS[(k + 1) % len(UNITS)]}, các thôn",
                "Báo cáo kết quả thực hiện",
                DEADLINES[k % len(DEADLINES)],
            ]
        )
    wb.save(path)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _median(fn: Callable[[int], float], runs: int) -> tuple[float, list[float]]:
    times = [fn(k) for k in range(runs)]
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5_000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args()

    from app.db import open_database
    from app.importing import read_plan_file
    from app.services.plan_export import export_plan
    from app.services.plan_import import import_plan_file

    work = Path(tempfile.mkdtemp(prefix="kh57-bench-io-"))
    figures: dict[str, Any] = {}
    try:
        template = work / "template.sqlite3"
        open_database(template).close()
        counter = iter(range(1_000_000))

        def fresh_db() -> Any:
            path = work / f"db{next(counter)}" / "kh57.sqlite3"
            path.parent.mkdir()
            shutil.copyfile(template, path)
            return open_database(path)

        def time_import(source: Path, commune: str) -> Callable[[int], float]:
            def run(_k: int) -> float:
                db = fresh_db()
                try:
                    started = time.perf_counter()
                    import_plan_file(db, source, commune=commune)
                    return time.perf_counter() - started
                finally:
                    db.close()

            return run

        def time_reimport(source: Path, commune: str) -> Callable[[int], float]:
            def run(_k: int) -> float:
                db = fresh_db()
                try:
                    import_plan_file(db, source, commune=commune)
                    started = time.perf_counter()
                    import_plan_file(db, source, commune=commune)
                    return time.perf_counter() - started
                finally:
                    db.close()

            return run

        for name, commune in (("tam-chung", "Tam Chung"), ("thanh-mien", "Thanh Miện")):
            # warm-up: the first import of a process loads openpyxl and the reader
            time_import(SAMPLES / f"{name}.xlsx", commune)(0)
            median, runs = _median(time_import(SAMPLES / f"{name}.xlsx", commune), args.runs)
            figures[f"import {name}.xlsx"] = {"median_s": median, "runs_s": runs}

        big = work / "large.xlsx"
        started = time.perf_counter()
        make_workbook(big, tasks=args.tasks, indicators=args.indicators)
        figures["generate workbook"] = {
            "seconds": time.perf_counter() - started,
            "tasks": args.tasks,
            "indicators": args.indicators,
            "bytes": big.stat().st_size,
        }

        def time_read(_k: int) -> float:
            started = time.perf_counter()
            read_plan_file(big)
            return time.perf_counter() - started

        median, runs = _median(time_read, args.runs)
        figures[f"read only {args.tasks} tasks (no database)"] = {
            "median_s": median,
            "runs_s": runs,
        }
        median, runs = _median(time_import(big, "Thử"), args.runs)
        figures[f"import {args.tasks} tasks"] = {"median_s": median, "runs_s": runs}
        median, runs = _median(time_reimport(big, "Thử"), args.runs)
        figures[f"re-import same {args.tasks} tasks (update)"] = {
            "median_s": median,
            "runs_s": runs,
        }

        db = fresh_db()
        try:
            plan_id = import_plan_file(db, big, commune="Thử").plan_id

            def run_export(k: int) -> float:
                started = time.perf_counter()
                result = export_plan(db, plan_id, work / f"export{k}.xlsx")
                elapsed = time.perf_counter() - started
                assert result.tasks == args.tasks
                return elapsed

            first = run_export(99)
            figures["export first call (loads ReportLab)"] = {"seconds": first}
            median, runs = _median(run_export, args.runs)
            figures[f"export {args.tasks} tasks"] = {"median_s": median, "runs_s": runs}
            out = work / "export0.xlsx"
            figures[f"export {args.tasks} tasks"]["bytes"] = out.stat().st_size
            median, runs = _median(time_import(out, "Thử"), args.runs)
            figures[f"re-import exported {args.tasks} tasks"] = {"median_s": median, "runs_s": runs}
        finally:
            db.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print(
        f"Import/export bench, median of {args.runs} (aims: sample < {AIM_SAMPLE_S} s, "
        f"{args.tasks} tasks < {AIM_LARGE_S} s)"
    )
    for key, value in figures.items():
        if "median_s" in value:
            runs_text = ", ".join(f"{t:.3f}" for t in value["runs_s"])
            print(f"  {key:40} {value['median_s']:7.3f} s   (runs: {runs_text})")
        else:
            extra = "  ".join(f"{k}={v:,}" for k, v in value.items() if k != "seconds")
            print(f"  {key:40} {value['seconds']:7.3f} s   {extra}")


if __name__ == "__main__":
    main()
