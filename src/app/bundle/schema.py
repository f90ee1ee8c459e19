"""data.json and manifest.json against their JSON Schemas, and the cross-field rules."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from app.bundle.common import _SCHEMA_FILES
from app.errors import BundleError
from app.paths import resource_dir


def schema_dir() -> Path:
    """Folder holding the JSON Schemas (``resources/schemas``)."""
    folder = resource_dir() / "schemas"
    if not (folder / _SCHEMA_FILES["data"]).is_file():
        raise BundleError(
            "Không tìm thấy tệp mẫu dữ liệu (JSON Schema) của chương trình, hãy cài đặt lại KH57."
        )
    return folder


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads((schema_dir() / _SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _schema_problem(kind: str, instance: object) -> str | None:
    """Where *instance* breaks the schema (a JSON path), or None when it is valid."""
    error = best_match(_validator(kind).iter_errors(instance))
    if error is None:
        return None
    return f"sai ở mục {error.json_path}"[:200]


def _semantic_problem(data: Mapping[str, Any]) -> str | None:
    """Cross-field rules the schema cannot say; None when all hold."""
    period, plan, summary = data["period"], data["plan"], data["summary"]
    if date.fromisoformat(period["start"]) > date.fromisoformat(period["end"]):
        return "ngày bắt đầu kỳ báo cáo sau ngày kết thúc"
    if period["kind"] != "adhoc" and int(period["key"][:4]) != period["year"]:
        return "năm của kỳ báo cáo không khớp mã kỳ"
    if plan["start_year"] > plan["end_year"]:
        return "năm bắt đầu kế hoạch sau năm kết thúc"
    expected = summarize(data["tasks"], data["indicators"])
    for key, value in expected.items():
        if summary[key] != value:
            return f"số liệu tổng hợp {key} không khớp danh sách"
    if summary["tasks_overdue"] > summary["tasks_total"]:
        return "số nhiệm vụ quá hạn lớn hơn tổng số nhiệm vụ"
    return None


def summarize(
    tasks: Sequence[Mapping[str, Any]], indicators: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """The ``summary`` counts implied by the lists (all but ``tasks_overdue``)."""
    counts = {"tasks_total": len(tasks)}
    for status in ("not_started", "in_progress", "done", "paused", "cancelled"):
        counts[f"tasks_{status}"] = sum(1 for t in tasks if t["status_code"] == status)
    counts["indicators_total"] = len(indicators)
    for key, word in (("met", "Đạt"), ("not_met", "Chưa đạt"), ("not_assessed", "—")):
        counts[f"indicators_{key}"] = sum(1 for i in indicators if i["attainment"] == word)
    return counts


def validate_report_data(data: Mapping[str, Any]) -> None:
    """Raise BundleError when *data* is not a valid data.json (version 1)."""
    problem = _schema_problem("data", data) or _semantic_problem(data)
    if problem:
        raise BundleError(
            f"Dữ liệu báo cáo chưa đúng mẫu để đóng gói ({problem}), "
            "hãy kiểm tra lại báo cáo rồi đóng gói lại."
        )
