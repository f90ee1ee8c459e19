"""A sheet of 100,000 rows (issue 3, bad input): read completely, memory bounded.

The workbooks are written with openpyxl's write-only mode (streaming), with
short cells so generation stays quick. Memory is the growth of the process's
peak resident set (``ru_maxrss``) across the read: a correctness bound (the
reader streams the sheet in read-only mode and keeps only the cell texts),
generous on purpose, not a timing.
"""

from __future__ import annotations

import re
import resource
import sys
from pathlib import Path

import openpyxl
import pytest

from app.errors import ImportFormatError
from app.importing import read_plan_file

ROWS = 100_000
MAX_GROWTH_MB = 600

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="ru_maxrss is POSIX only")


def _peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _task_workbook(path: Path, rows: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Nhiệm vụ")
    ws.append(["PHỤ LỤC II"])
    ws.append(["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"])
    for k in range(rows):
        ws.append([f"{k // 100 + 1}.{k % 100 + 1}", f"NV {k + 1}", "Công an xã", "Năm 2026"])
    wb.save(path)


def _text_workbook(path: Path, rows: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Ghi chép")
    for k in range(rows):
        ws.append([f"Ghi chú số {k + 1}"])
    wb.save(path)


def _one_sentence(message: str) -> None:
    assert message.endswith(".")
    assert "\n" not in message and "Traceback" not in message
    # one sentence: no full stop inside, except in the quoted file name
    assert not re.search(r"\.\s", re.sub(r"“[^”]*”", "“”", message[:-1]))
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", message)


def test_sheet_of_100000_tasks_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "lon.xlsx"
    _task_workbook(path, ROWS)
    before = _peak_rss_mb()
    parsed = read_plan_file(path)
    growth = _peak_rss_mb() - before
    assert len(parsed.tasks) == ROWS
    first, last = parsed.tasks[0], parsed.tasks[-1]
    assert (first.number, first.name, first.lead, first.deadline) == (
        "1.1",
        "NV 1",
        "Công an xã",
        "Năm 2026",
    )
    assert (last.number, last.name, last.source_row) == ("1000.100", f"NV {ROWS}", ROWS + 2)
    assert growth < MAX_GROWTH_MB, f"peak memory grew by {growth:.0f} MB"


def test_sheet_of_100000_rows_without_a_table_gives_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chep.xlsx"
    _text_workbook(path, ROWS)
    before = _peak_rss_mb()
    with pytest.raises(ImportFormatError) as info:
        read_plan_file(path)
    growth = _peak_rss_mb() - before
    message = info.value.message
    _one_sentence(message)
    assert "ghi-chep.xlsx" in message
    assert "Không tìm thấy bảng" in message
    assert growth < MAX_GROWTH_MB, f"peak memory grew by {growth:.0f} MB"
