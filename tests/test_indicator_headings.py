"""Heading rows ("1" over "1.1", "1.2" …) are printed as headings and never counted."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber

from app.db import Database
from app.services.documents import report_pdf
from app.services.plan_import import import_plan_file
from app.services.progress_entry import heading_flags, indicator_results, measured_indicators
from app.services.reports import compile_report, report_view
from app.targets import is_heading_indicator

SAMPLES = Path(__file__).parent / "data" / "samples"


def test_the_rule() -> None:
    assert is_heading_indicator("1", False, "", "1.1")
    assert not is_heading_indicator("1", False, "%", "1.1")  # a unit: measured itself
    assert not is_heading_indicator("6", True, "", "6.1")  # a target of its own
    assert not is_heading_indicator("1", False, "", "2")  # no sub-indicator follows
    assert not is_heading_indicator("1", False, "", "10")  # "10" is not under "1"
    assert not is_heading_indicator("", False, "", "1")


def test_thanh_mien_counts_29_indicators_under_two_headings(db: Database) -> None:
    plan_id = import_plan_file(db, SAMPLES / "thanh-mien.xlsx", commune="Thanh Miện").plan_id
    rows = indicator_results(db, plan_id, "2025-09")
    headings = [r.code for r, h in zip(rows, heading_flags(rows), strict=True) if h]
    assert headings == ["1", "11"] and len(rows) == 31
    assert len(measured_indicators(rows)) == 29
    report_id = compile_report(db, plan_id=plan_id, period_key="2025-09").report_id
    assert report_view(db, report_id).counts["indicators"] == 29
    with pdfplumber.open(io.BytesIO(report_pdf(db, report_id))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Tổng số chỉ tiêu: 29;" in text


def test_tam_chung_has_no_headings(db: Database) -> None:
    plan_id = import_plan_file(db, SAMPLES / "tam-chung.xlsx", commune="Tam Chung").plan_id
    rows = indicator_results(db, plan_id, "2025-09")
    assert len(rows) == 21 and not any(heading_flags(rows))
