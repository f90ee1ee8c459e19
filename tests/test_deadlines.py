"""Deadline phrases from the seed plans and samples → kind, start, due."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from app.deadlines import KINDS, Deadline, parse_deadline

DATA = Path(__file__).parent / "data"

D = date


# Every deadline cell of the seed appendices, written as extracted from the
# PDFs (line breaks included), plus the reporting duties of the seed prose.
SEED_PHRASES: list[tuple[str, str, date | None, date | None]] = [
    # 000 (Tam Chung), Phụ lục II
    ("Tháng 7/2025", "once", D(2025, 7, 1), D(2025, 7, 31)),
    ("Tháng 9/2025", "once", D(2025, 9, 1), D(2025, 9, 30)),
    ("Đã hoàn \nthành", "done", None, None),
    ("Tháng \n12/2025 \n", "once", D(2025, 12, 1), D(2025, 12, 31)),
    ("Thường \nxuyên", "continuous", None, None),
    # 004 (Thanh Miện), Phụ lục 02
    (" Tháng \n8/2025", "once", D(2025, 8, 1), D(2025, 8, 31)),
    ("Hàng tháng", "monthly", None, None),
    ("2025", "once", D(2025, 1, 1), D(2025, 12, 31)),
    ("Hàng năm", "yearly", None, None),
    (" Hàng năm ", "yearly", None, None),
    ("2025-2026", "once", D(2025, 1, 1), D(2026, 12, 31)),
    ("Tháng \n7/2025", "once", D(2025, 7, 1), D(2025, 7, 31)),
    # reporting duties in the prose of the seeds
    ("trước ngày 15 hàng tháng", "monthly", None, None),
    ("trước ngày 05/6 \nhằng năm", "yearly", None, None),
    ("trước ngày 01/12 hàng năm", "yearly", None, None),
    ("Định kỳ hàng năm trước ngày 15/12", "yearly", None, None),
    ("hàng tháng, quý, năm và đột xuất", "monthly", None, None),
    ("theo định kỳ (quý, 6 \ntháng) hoặc đột xuất", "quarterly", None, None),
    ("trước ngày 10/15 hằng tháng", "monthly", None, None),
    ("giai đoạn 2021-2025", "once", D(2021, 1, 1), D(2025, 12, 31)),
    ("giai đoạn 2021- 2025", "once", D(2021, 1, 1), D(2025, 12, 31)),
    ("giai đoạn 2022-\n2026", "once", D(2022, 1, 1), D(2026, 12, 31)),
    ("đến năm 2030", "once", None, D(2030, 12, 31)),
    ("Đến năm 2025", "once", None, D(2025, 12, 31)),
    ("từ ngày 01/7/2025", "continuous", D(2025, 7, 1), None),
]

BRIEF_PHRASES: list[tuple[str, str, date | None, date | None]] = [
    ("Quý II/năm 2025", "once", D(2025, 4, 1), D(2025, 6, 30)),
    ("Quý 3/2026", "once", D(2026, 7, 1), D(2026, 9, 30)),
    ("quý I năm 2026", "once", D(2026, 1, 1), D(2026, 3, 31)),
    ("QUÝ IV - 2025", "once", D(2025, 10, 1), D(2025, 12, 31)),
    ("Quý 04/2025", "once", D(2025, 10, 1), D(2025, 12, 31)),
    ("Q3/2025", "once", D(2025, 7, 1), D(2025, 9, 30)),
    ("tháng 11 năm 2025", "once", D(2025, 11, 1), D(2025, 11, 30)),
    ("Tháng 9 năm 2025", "once", D(2025, 9, 1), D(2025, 9, 30)),
    ("Tháng 02/2024", "once", D(2024, 2, 1), D(2024, 2, 29)),
    ("Tháng 2/2025", "once", D(2025, 2, 1), D(2025, 2, 28)),
    ("Tháng 2/2100", "unknown", None, None),
    ("T9/2025", "once", D(2025, 9, 1), D(2025, 9, 30)),
    ("Năm 2026", "once", D(2026, 1, 1), D(2026, 12, 31)),
    ("NĂM 2026", "once", D(2026, 1, 1), D(2026, 12, 31)),
    ("Trong năm 2025", "once", D(2025, 1, 1), D(2025, 12, 31)),
    ("Năm 2025 (dự kiến)", "once", D(2025, 1, 1), D(2025, 12, 31)),
    ("Năm 2025-2026", "once", D(2025, 1, 1), D(2026, 12, 31)),
    ("Giai đoạn 2025 - 2030", "once", D(2025, 1, 1), D(2030, 12, 31)),
    ("Giai đoạn 2025 – 2030", "once", D(2025, 1, 1), D(2030, 12, 31)),
    ("Từ 2025 - 2030", "once", D(2025, 1, 1), D(2030, 12, 31)),
    ("Đến năm 2030", "once", None, D(2030, 12, 31)),
    ("Đến hết tháng 9/2025", "once", None, D(2025, 9, 30)),
    ("Trước ngày 15/10/2025", "once", None, D(2025, 10, 15)),
    ("Trước 15/10/2025", "once", None, D(2025, 10, 15)),
    ("Trước tháng 10/2025", "once", None, D(2025, 9, 30)),
    ("Trước năm 2030", "once", None, D(2029, 12, 31)),
    ("Chậm nhất ngày 30/9/2025", "once", None, D(2025, 9, 30)),
    ("Ngày 01/7/2025", "once", D(2025, 7, 1), D(2025, 7, 1)),
    ("ngày 15 tháng 10 năm 2025", "once", D(2025, 10, 15), D(2025, 10, 15)),
    ("01/7/2025-30/9/2025", "once", D(2025, 7, 1), D(2025, 9, 30)),
    ("Từ ngày 01/7 đến ngày 30/9/2025", "once", D(2025, 7, 1), D(2025, 9, 30)),
    ("6 tháng đầu năm 2026", "once", D(2026, 1, 1), D(2026, 6, 30)),
    ("06 tháng cuối năm 2025", "once", D(2025, 7, 1), D(2025, 12, 31)),
    ("Cuối năm 2025", "once", None, D(2025, 12, 31)),
    ("Cuối tháng 2/2024", "once", None, D(2024, 2, 29)),
    ("Đầu năm 2026", "once", D(2026, 1, 1), None),
    ("Tháng 7-9/2025", "once", D(2025, 7, 1), D(2025, 9, 30)),
    ("Tháng 7, 8/2025", "once", D(2025, 7, 1), D(2025, 8, 31)),
    ("Quý II-III/2025", "once", D(2025, 4, 1), D(2025, 9, 30)),
    ("Quý I, II/2026", "once", D(2026, 1, 1), D(2026, 6, 30)),
    ("quý I và quý II năm 2026", "once", D(2026, 1, 1), D(2026, 6, 30)),
    ("Từ tháng 7/2025 đến tháng 12/2025", "once", D(2025, 7, 1), D(2025, 12, 31)),
    ("Tháng 12/2025 - tháng 2/2026", "once", D(2025, 12, 1), D(2026, 2, 28)),
    ("Hoàn thành trong tháng 9/2025", "once", D(2025, 9, 1), D(2025, 9, 30)),
    # recurring
    ("Hằng tháng", "monthly", None, None),
    ("Hàng quý", "quarterly", None, None),
    ("Định kỳ hằng quý", "quarterly", None, None),
    ("HẰNG NĂM", "yearly", None, None),
    ("2025 và những năm tiếp theo", "yearly", D(2025, 1, 1), None),
    ("Năm 2025 và các năm tiếp theo", "yearly", D(2025, 1, 1), None),
    ("Hằng năm, từ năm 2026", "yearly", D(2026, 1, 1), None),
    ("Hằng năm giai đoạn 2025-2030", "yearly", D(2025, 1, 1), D(2030, 12, 31)),
    ("Hàng năm (2025-2030)", "yearly", D(2025, 1, 1), D(2030, 12, 31)),
    ("Hằng năm đến năm 2030", "yearly", None, D(2030, 12, 31)),
    ("Hằng quý năm 2026", "quarterly", D(2026, 1, 1), D(2026, 12, 31)),
    ("Hằng tháng từ tháng 7/2025", "monthly", D(2025, 7, 1), None),
    ("Hàng năm (báo cáo trước 15/12)", "yearly", None, None),
    # continuous
    ("Thường xuyên", "continuous", None, None),
    ("Liên tục", "continuous", None, None),
    ("Thường xuyên, liên tục", "continuous", None, None),
    ("Hằng tuần", "continuous", None, None),
    ("Thường xuyên từ năm 2025", "continuous", D(2025, 1, 1), None),
    ("Từ năm 2025", "continuous", D(2025, 1, 1), None),
    ("Từ tháng 7/2025 trở đi", "continuous", D(2025, 7, 1), None),
    # conditional
    ("Sau khi tỉnh triển khai", "conditional", None, None),
    ("Khi có đề nghị", "conditional", None, None),
    ("Theo yêu cầu", "conditional", None, None),
    ("Đột xuất", "conditional", None, None),
    ("Năm 2026 (sau khi tỉnh triển khai)", "conditional", None, None),
    # done
    ("Đã hoàn thành", "done", None, None),
    ("đã hoàn thành", "done", None, None),
    ("Hoàn thành", "done", None, None),
    ("Đã hoàn thành tháng 6/2025", "done", D(2025, 6, 1), D(2025, 6, 30)),
    # not readable: never a guess
    ("", "unknown", None, None),
    ("-", "unknown", None, None),
    ("abc", "unknown", None, None),
    ("Tháng 9/2025 tùy tình hình", "unknown", None, None),
    ("Ngày 31/02/2025", "unknown", None, None),
    ("Quý 5/2025", "unknown", None, None),
    ("Tháng 13/2025", "unknown", None, None),
    ("Tháng 2/2026 - tháng 12/2025", "unknown", None, None),
    ("6 tháng một lần", "unknown", None, None),
    ("Năm học 2025-2026", "unknown", None, None),
    # a year-less phrase without reference year: known kind, no dates
    ("Tháng 9", "once", None, None),
    ("Quý III", "once", None, None),
]


@pytest.mark.parametrize(("text", "kind", "start", "due"), SEED_PHRASES + BRIEF_PHRASES)
def test_parse_deadline(text: str, kind: str, start: date | None, due: date | None) -> None:
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.start, parsed.due) == (kind, start, due)


def test_contract_quarter_two() -> None:
    assert parse_deadline("Quý II/năm 2025").to_json() == {
        "text": "Quý II/năm 2025",
        "kind": "once",
        "due": "2025-06-30",
        "start": "2025-04-01",
    }


def test_to_json_nulls_and_key_order() -> None:
    data = parse_deadline("Thường xuyên").to_json()
    assert list(data) == ["text", "kind", "due", "start"]
    assert data == {"text": "Thường xuyên", "kind": "continuous", "due": None, "start": None}
    json.dumps(data, ensure_ascii=False)


def test_text_is_nfc_with_spaces_collapsed() -> None:
    decomposed = unicodedata.normalize("NFD", "Tháng \n12/2025")
    parsed = parse_deadline(decomposed)
    assert parsed.text == "Tháng 12/2025"
    assert parsed.due == D(2025, 12, 31)


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_decomposed_unicode_reads_the_same(form: Literal["NFC", "NFD"]) -> None:
    text = unicodedata.normalize(form, "Quý II/năm 2025 và các năm tiếp theo")
    assert parse_deadline(text).kind == "yearly"
    assert parse_deadline(unicodedata.normalize(form, "Đã hoàn thành")).kind == "done"


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("Tháng 9", D(2025, 9, 1), D(2025, 9, 30)),
        ("Quý III", D(2025, 7, 1), D(2025, 9, 30)),
        ("Trước ngày 15/10", None, D(2025, 10, 15)),
        ("Cuối năm", None, D(2025, 12, 31)),
        ("6 tháng đầu năm", D(2025, 1, 1), D(2025, 6, 30)),
        ("Ngày 01/7", D(2025, 7, 1), D(2025, 7, 1)),
        ("Năm 2024", D(2024, 1, 1), D(2024, 12, 31)),  # a stated year wins
    ],
)
def test_reference_year_completes_yearless_phrases(
    text: str, start: date | None, due: date | None
) -> None:
    parsed = parse_deadline(text, reference_year=2025)
    assert (parsed.kind, parsed.start, parsed.due) == ("once", start, due)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("trước ngày 15 hằng tháng", "monthly"),
        ("Hằng năm", "yearly"),
        ("Thường xuyên", "continuous"),
    ],
)
def test_recurring_never_borrows_reference_year(text: str, kind: str) -> None:
    parsed = parse_deadline(text, reference_year=2025)
    assert (parsed.kind, parsed.start, parsed.due) == (kind, None, None)


def _sample_deadlines() -> list[str]:
    texts: list[str] = []
    for sample in sorted((DATA / "samples").glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        texts.extend(task["deadline"] for task in data["tasks"])
    return texts


EXPECTED_SAMPLE: dict[str, tuple[str, date | None, date | None]] = {
    "Tháng 7/2025": ("once", D(2025, 7, 1), D(2025, 7, 31)),
    "Tháng 8/2025": ("once", D(2025, 8, 1), D(2025, 8, 31)),
    "Tháng 9/2025": ("once", D(2025, 9, 1), D(2025, 9, 30)),
    "Tháng 12/2025": ("once", D(2025, 12, 1), D(2025, 12, 31)),
    "Đã hoàn thành": ("done", None, None),
    "Thường xuyên": ("continuous", None, None),
    "Hàng tháng": ("monthly", None, None),
    "Hàng năm": ("yearly", None, None),
    "2025": ("once", D(2025, 1, 1), D(2025, 12, 31)),
    "2025-2026": ("once", D(2025, 1, 1), D(2026, 12, 31)),
}


@pytest.mark.parametrize("text", sorted(set(_sample_deadlines())))
def test_every_sample_deadline(text: str) -> None:
    parsed = parse_deadline(text)
    assert (parsed.kind, parsed.start, parsed.due) == EXPECTED_SAMPLE[text]
    assert parsed.text == text


def test_samples_have_deadlines() -> None:
    assert len(_sample_deadlines()) == 37


def test_kinds_constant_matches_contract() -> None:
    assert set(KINDS) == {
        "once",
        "monthly",
        "quarterly",
        "yearly",
        "continuous",
        "conditional",
        "done",
        "unknown",
    }


def test_deadline_is_frozen() -> None:
    parsed = parse_deadline("Năm 2026")
    assert isinstance(parsed, Deadline)
    with pytest.raises(FrozenInstanceError):
        parsed.kind = "done"  # type: ignore[misc]
