"""`kh57 report` and `kh57 print-plan` through the real entry point (DESIGN §3 contract)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
from openpyxl import load_workbook

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


def test_report_writes_pdf_and_xlsx_and_prints_json(db_path: Path, tmp_path: Path) -> None:
    plan_id = _imported(db_path)
    pdf, xlsx = tmp_path / "out" / "bao cáo.pdf", tmp_path / "out" / "bao cáo.xlsx"
    r = _kh57(
        db_path,
        "report",
        str(plan_id),
        "--period",
        "2025-09",
        "--pdf",
        str(pdf),
        "--xlsx",
        str(xlsx),
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["period"], out["pdf"], out["xlsx"]) == ("2025-09", str(pdf), str(xlsx))
    assert set(out["sections"]) == {"results", "shortcomings", "next_tasks", "proposals"}
    assert len(out["tasks"]) == 31 and len(out["indicators"]) == 31
    assert set(out["tasks"][0]) >= {"number", "name", "lead", "deadline", "due", "status", "result"}
    assert set(out["indicators"][0]) >= {"code", "name", "unit", "target", "actual", "attainment"}
    assert {t["status"] for t in out["tasks"]} <= {
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Đang thực hiện quá hạn",
        "Chưa thực hiện",
        "Chưa thực hiện (quá hạn)",
        "Tạm dừng",
        "Không thực hiện",
        "Chưa đến điều kiện thực hiện",
    }
    assert all(i["attainment"] in ("Đạt", "Chưa đạt", None) for i in out["indicators"])
    assert isinstance(out["units"], list) and out["units"]
    assert set(out["units"][0]) == {"unit", "state", "received_on"}
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        assert "Số: /BC-UBND" in " ".join((doc.pages[0].extract_text() or "").split())
    assert len(load_workbook(xlsx).sheetnames) == 2
    assert not list(pdf.parent.glob(".kh57-*"))  # no temporary file left behind
    again = _kh57(db_path, "report", str(plan_id), "--period", "2025-09", "--pdf", str(pdf))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["report_id"] == out["report_id"]
    assert json.loads(again.stdout)["xlsx"] is None


def test_report_kind_and_json_only(db_path: Path) -> None:
    plan_id = _imported(db_path)
    r = _kh57(db_path, "report", str(plan_id), "--period", "2025-09", "--kind", "quarter")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["period"] == "2025-Q3" and out["pdf"] is None
    late = {t["number"]: t["status"] for t in out["tasks"]}
    assert late["1.1"] in ("Chưa thực hiện (quá hạn)", "Chưa thực hiện")
    year = json.loads(
        _kh57(db_path, "report", str(plan_id), "--period", "2025-09", "--kind", "year").stdout
    )
    assert year["period"] == "2025"


def test_print_plan_writes_pdf_and_counts_pages(db_path: Path, tmp_path: Path) -> None:
    plan_id = _imported(db_path)
    pdf = tmp_path / "ke-hoach.pdf"
    r = _kh57(db_path, "print-plan", str(plan_id), "--pdf", str(pdf))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        assert out == {"plan_id": plan_id, "pdf": str(pdf), "pages": len(doc.pages)}
        assert out["pages"] > 2


def test_errors_are_one_vietnamese_sentence_exit_1(db_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    r = _kh57(db_path, "print-plan", "42", "--pdf", str(pdf))
    assert r.returncode == 1 and r.stdout == ""
    assert "Kế hoạch này không còn" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    plan_id = _imported(db_path)
    r = _kh57(db_path, "report", str(plan_id), "--period", "2025-13", "--pdf", str(pdf))
    assert r.returncode == 1 and "không hợp lệ" in r.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = _kh57(db_path, "print-plan", str(plan_id), "--pdf", str(blocker / "p.pdf"))
    assert r.returncode == 1 and "Không ghi được tệp" in r.stderr
    assert not pdf.exists()


def test_usage_errors_exit_2(db_path: Path) -> None:
    assert _kh57(db_path, "report", "1").returncode == 2
    assert _kh57(db_path, "print-plan", "1").returncode == 2
