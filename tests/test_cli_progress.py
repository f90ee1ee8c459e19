"""`kh57 progress` and `kh57 value` through the real entry point (issue 4 contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).parent / "data" / "samples"


def _kh57(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _imported(db_path: Path) -> int:
    r = _kh57(db_path, "import", str(SAMPLES / "thanh-mien.xlsx"), "--commune", "Thanh Miện")
    assert r.returncode == 0, r.stderr
    return int(json.loads(r.stdout)["plan_id"])


def _one_sentence(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("."), r.stderr
    return lines[0]


def test_progress_and_value_are_stored_and_reported(db_path: Path) -> None:
    plan = str(_imported(db_path))
    r = _kh57(
        db_path,
        "progress",
        plan,
        "--period",
        "2025-09",
        "--task",
        "1.1",
        "--status",
        "Hoàn thành",
        "--result",
        "Đã quán triệt tại 12 thôn",
        "--completed",
        "20/08/2025",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out == {
        "task": "1.1",
        "period": "2025-09",
        "status": "Hoàn thành",
        "status_code": "done",
        "official_status": "Hoàn thành đúng hạn",
        "percent": 100,
        "result": "Đã quán triệt tại 12 thôn",
        "completed_on": "2025-08-20",
        "reason": "",
    }
    r = _kh57(
        db_path,
        "progress",
        plan,
        "--period",
        "2025-Q3",
        "--task",
        "1.3",
        "--status",
        "dang thuc hien",
        "--percent",
        "40",
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["period"], out["status"], out["percent"]) == ("2025-Q3", "Đang thực hiện", 40)

    for typed, stored, number in (("50,5", "50,5", 50.5), ("85.25", "85,25", 85.25)):
        r = _kh57(
            db_path,
            "value",
            plan,
            "--period",
            "2025-09",
            "--indicator",
            "1.1",
            "--value",
            typed,
            "--source",
            "Cổng dịch vụ công",
        )
        assert r.returncode == 0, r.stderr
        out = json.loads(r.stdout)
        assert (out["indicator"], out["period"], out["value"], out["number"]) == (
            "1.1",
            "2025-09",
            stored,
            number,
        )
        assert out["source"] == "Cổng dịch vụ công" and out["attainment"] in ("Đạt", "Chưa đạt")
    r = _kh57(db_path, "value", plan, "--period", "2025", "--indicator", "7", "--value", "Đạt")
    assert r.returncode == 0, r.stderr
    assert (json.loads(r.stdout)["value"], json.loads(r.stdout)["number"]) == ("Đạt", None)

    # the entries are what the report shows
    from app.db import open_database
    from app.services.reports import compile_report, report_view

    db = open_database(db_path)
    try:
        view = report_view(
            db, compile_report(db, plan_id=int(plan), period_key="2025-09").report_id
        )
    finally:
        db.close()
    task = next(t for t in view.tasks if t.number == "1.1")
    assert (task.official_text, task.result_text) == (
        "Hoàn thành đúng hạn",
        "Đã quán triệt tại 12 thôn",
    )
    ind = next(i for i in view.indicators if i.code == "1.1")
    assert (ind.actual_text, ind.source) == ("85,25", "Cổng dịch vụ công")


def test_unknown_task_indicator_or_bad_input_is_one_vietnamese_sentence(db_path: Path) -> None:
    plan = str(_imported(db_path))
    base = ("--period", "2025-09")
    msg = _one_sentence(
        _kh57(db_path, "progress", plan, *base, "--task", "9.9", "--status", "Hoàn thành")
    )
    assert msg.startswith("Kế hoạch không có nhiệm vụ số “9.9”")
    msg = _one_sentence(_kh57(db_path, "value", plan, *base, "--indicator", "ZZ", "--value", "1"))
    assert msg.startswith("Kế hoạch không có chỉ tiêu mã “ZZ”")
    msg = _one_sentence(
        _kh57(db_path, "progress", "999", *base, "--task", "1.1", "--status", "Hoàn thành")
    )
    assert msg.startswith("Không có kế hoạch mã 999")
    msg = _one_sentence(
        _kh57(db_path, "progress", plan, *base, "--task", "1.1", "--status", "Xong")
    )
    assert msg.startswith("Trạng thái “Xong” không hợp lệ")
    msg = _one_sentence(
        _kh57(
            db_path,
            "progress",
            plan,
            "--period",
            "2025-13",
            "--task",
            "1.1",
            "--status",
            "Hoàn thành",
        )
    )
    assert "không hợp lệ" in msg
    late = ("--completed", "20/10/2025")
    msg = _one_sentence(
        _kh57(db_path, "progress", plan, *base, "--task", "1.1", "--status", "Hoàn thành", *late)
    )
    assert msg.startswith("Ngày hoàn thành 20/10/2025 sau ngày chốt số liệu 14/09/2025")
    bad = ("--completed", "31/02/2025")
    msg = _one_sentence(
        _kh57(db_path, "progress", plan, *base, "--task", "1.1", "--status", "Hoàn thành", *bad)
    )
    assert msg.startswith("Ngày “31/02/2025” không hợp lệ")
    msg = _one_sentence(
        _kh57(
            db_path,
            "progress",
            plan,
            *base,
            "--task",
            "1.1",
            "--status",
            "Đang thực hiện",
            "--percent",
            "140",
        )
    )
    assert msg.startswith("Tỷ lệ hoàn thành phải nằm trong khoảng")
