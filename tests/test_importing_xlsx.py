"""Reading appendix workbooks: the two samples exactly, and generated variants."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.importing import (
    ColumnMapping,
    HeaderNotRecognised,
    ParsedPlan,
    read_plan_file,
)
from test_importing_support import (
    SAMPLES,
    content,
    load_sample,
    write_unknown_header_workbook,
    write_workbook,
)

SAMPLE_NAMES = ("tam-chung", "thanh-mien")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_reads_exactly_as_json(name: str) -> None:
    plan = read_plan_file(SAMPLES / f"{name}.xlsx")
    # "(Kèm theo Kế hoạch số      /KH-UBND … của UBND xã Tam Chung)": commune, no number yet
    assert plan.header is not None
    assert (plan.header.number, plan.header.commune) == (None, load_sample(name)["commune"])
    assert content(plan.as_dict()) == content(load_sample(name))
    assert plan.warnings == ()


def test_sample_details() -> None:
    plan = read_plan_file(SAMPLES / "thanh-mien.xlsx")
    codes = [i.code for i in plan.indicators]
    assert "1.10" in codes and "1.1" in codes  # 1.10 is not 1.1
    first = plan.indicators[0]
    assert first.source_sheet == "Phụ lục I - Chỉ tiêu" and first.source_row == 6
    assert plan.tasks[0].source_row == 7 and plan.tasks[0].group == "1"
    tc = read_plan_file(SAMPLES / "tam-chung.xlsx")
    assert tc.indicators[0].targets == {"2025": "60%"}  # 0.6 with a 0% format


def _same(plan: ParsedPlan, expected: dict[str, Any]) -> None:
    got = content(plan.as_dict())
    for key in expected:
        assert got[key] == expected[key], key


VARIANTS: dict[str, dict[str, Any]] = {
    "plain": {},
    "columns reordered": {
        "indicator_order": ("name", "lead", "targets", "number", "cooperating", "unit"),
        "task_order": ("deadline", "result", "number", "cooperating", "lead", "name"),
    },
    "two-row header": {"two_row": True, "year_caption": "Năm {year}"},
    "two-row header, bare years": {
        "two_row": True,
        "target_caption": "Kết quả",
        "year_caption": "{year}",
    },
    "numbers as numbers": {"numbers_as_numbers": True},
    "sheet order swapped": {"tasks_first": True},
    "one sheet holding both tables": {"one_sheet": True},
    "no title rows": {"title_rows": 0, "notes_below": False},
    "many title rows, notes and blank rows": {"title_rows": 6, "blank_every": 3},
    "groups not merged": {"merge_groups": False},
    "lead merged down": {"merge_same_lead": True},
    "everything": {
        "two_row": True,
        "numbers_as_numbers": True,
        "tasks_first": True,
        "blank_every": 4,
        "merge_same_lead": True,
        "indicator_order": ("number", "name", "targets", "unit", "lead", "cooperating"),
    },
}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_generated_variants_read_back(tmp_path: Path, name: str, variant: str) -> None:
    data = load_sample(name)
    path = write_workbook(data, tmp_path / "plan.xlsx", **VARIANTS[variant])
    plan = read_plan_file(path)
    _same(plan, content(data))


@pytest.mark.parametrize(
    "headers",
    [
        {
            "number": "Số TT",
            "name": "Nội dung công việc",
            "lead": "Cơ quan chủ trì",
            "cooperating": "Cơ quan phối hợp",
            "result": "Sản phẩm",
            "deadline": "Thời gian thực hiện",
        },
        {
            "number": "TT",
            "name": "Tên nhiệm vụ",
            "lead": "Đơn vị chủ trì",
            "cooperating": "Đơn vị phối hợp",
            "result": "Kết quả",
            "deadline": "Thời gian hoàn thành",
        },
        {
            "number": "stt",
            "name": "NHIỆM VỤ",
            "lead": "PHÒNG BAN THAM MƯU/THỰC HIỆN",
            "cooperating": "Phòng ban, bộ phận phối hợp",
            "result": "Kết quả, sản phẩm",
            "deadline": "Thời hạn",
        },
    ],
)
def test_task_header_synonyms(tmp_path: Path, headers: dict[str, str]) -> None:
    data = load_sample("tam-chung")
    path = write_workbook(data, tmp_path / "t.xlsx", task_headers=headers)
    assert content(read_plan_file(path).as_dict())["tasks"] == data["tasks"]


@pytest.mark.parametrize(
    ("name", "unit", "lead"),
    [
        ("Chỉ tiêu", "Đơn vị", "Cơ quan chủ trì theo dõi, đánh giá"),
        ("Nội dung chỉ tiêu", "Đơn vị tính/đo lường", "Đơn vị chủ trì"),
        ("Tên chỉ tiêu", "ĐVT", "Phòng ban tham mưu/thực hiện"),
    ],
)
def test_indicator_header_synonyms(tmp_path: Path, name: str, unit: str, lead: str) -> None:
    data = load_sample("thanh-mien")
    headers = {"number": "TT", "name": name, "unit": unit, "lead": lead, "cooperating": "Phối hợp"}
    path = write_workbook(data, tmp_path / "i.xlsx", indicator_headers=headers)
    assert content(read_plan_file(path).as_dict())["indicators"] == data["indicators"]


def test_several_milestone_years_two_row_header(tmp_path: Path) -> None:
    data = load_sample("thanh-mien")
    for k, ind in enumerate(data["indicators"]):
        ind["targets"] = {"2025": f"≥ {k}", "2030": ind["targets"]["2030"], "2035": "X"}
    path = write_workbook(
        data, tmp_path / "y.xlsx", two_row=True, year_caption="Đến hết năm {year}"
    )
    plan = read_plan_file(path)
    _same(plan, content(data))
    assert list(plan.indicators[3].targets) == ["2025", "2030", "2035"]


def test_target_year_from_title_rows(tmp_path: Path) -> None:
    """Tam Chung: a "Chỉ tiêu" column whose year is only in the title above."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["CÁC CHỈ TIÊU PHẤN ĐẤU HOÀN THÀNH NĂM 2026"])
    ws.append(["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Chỉ tiêu"])
    ws.append([1, "Tỉ lệ người dân có chữ ký số", "%", 0.355])
    ws["D3"].number_format = "0.0%"
    ws.append(["1.10", "Tỉ lệ hồ sơ số hoá", "%", 1])
    ws["D4"].number_format = "0%"
    ws.append([2, "Số doanh nghiệp số", "doanh nghiệp", 1234])
    ws["D5"].number_format = "#,##0"
    wb.save(tmp_path / "a.xlsx")
    plan = read_plan_file(tmp_path / "a.xlsx")
    assert [i.targets for i in plan.indicators] == [
        {"2026": "35.5%"},
        {"2026": "100%"},
        {"2026": "1,234"},
    ]
    assert plan.indicators[1].code == "1.10"


def test_warnings_duplicate_empty_name_and_stray_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"])
    ws.append(["1", "Việc thứ nhất", "Phòng VH-XH", "", "Tháng 9/2025"])
    ws.append(["", "một dòng ghi chú lạc giữa bảng", "", "", ""])
    ws.append(["2", "", "Phòng Kinh tế", "", "Năm 2026"])
    ws.append(["1", "Việc trùng số", "", "", "Hàng năm"])
    ws.append(["", "Việc không số", "Công an xã", "", "Thường xuyên"])
    ws.append([])
    ws.append(["Ghi chú: bảng này được cập nhật hằng quý."])
    wb.save(tmp_path / "w.xlsx")
    plan = read_plan_file(tmp_path / "w.xlsx")
    assert [t.number for t in plan.tasks] == ["1", "2", "1", ""]
    by_row: dict[int | None, list[str]] = {}
    for w in plan.warnings:
        by_row.setdefault(w.row, []).append(w.message)
    assert any("bỏ qua" in m for m in by_row[3])
    assert any("không có tên" in m for m in by_row[4])
    assert any("trùng" in m and "dòng 2" in m for m in by_row[5])
    assert any("chưa có đơn vị chủ trì" in m for m in by_row[5])
    assert any("không có số thứ tự" in m for m in by_row[6])
    assert 8 not in by_row  # the note under the table is ignored silently
    assert all(w.sheet == ws.title for w in plan.warnings)


def test_line_breaks_and_spaces_in_cells_are_joined(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["STT", "Nhiệm vụ", "Đơn vị\nchủ trì", "Thời gian\nhoàn thành"])
    ws.append([1, "Số hoá\nhồ sơ   hộ tịch\r\n", " Phòng  VH-XH ", "Quý II/năm\n2025"])
    wb.save(tmp_path / "b.xlsx")
    task = read_plan_file(tmp_path / "b.xlsx").tasks[0]
    assert (task.name, task.lead, task.deadline) == (
        "Số hoá hồ sơ hộ tịch",
        "Phòng VH-XH",
        "Quý II/năm 2025",
    )


def test_decomposed_unicode_becomes_nfc(tmp_path: Path) -> None:
    import unicodedata

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            unicodedata.normalize("NFD", t)
            for t in ("TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn")
        ]
    )
    ws.append(["1", unicodedata.normalize("NFD", "Phòng Văn hoá – Xã hội"), "x", "2025"])
    wb.save(tmp_path / "d.xlsx")
    task = read_plan_file(tmp_path / "d.xlsx").tasks[0]
    assert task.name == unicodedata.normalize("NFC", "Phòng Văn hoá – Xã hội")


# -- unknown headers and column mappings ------------------------------------------


def test_unknown_header_raises_with_preview_and_signature(tmp_path: Path) -> None:
    data = load_sample("tam-chung")
    path = write_unknown_header_workbook(data, tmp_path / "u.xlsx")
    with pytest.raises(HeaderNotRecognised) as info:
        read_plan_file(path)
    err = info.value
    assert "tiêu đề cột" in err.message
    (table,) = err.tables
    assert table.preview[table.header_row][:2] == ("Cột 1", "Cột 2")
    assert len(table.preview) >= table.header_row + 2
    assert len(table.signature) >= 16

    # the same header elsewhere gives the same signature (stable key)
    again = write_unknown_header_workbook(data, tmp_path / "u2.xlsx")
    with pytest.raises(HeaderNotRecognised) as info2:
        read_plan_file(again)
    assert info2.value.tables[0].signature == table.signature

    mapping = ColumnMapping(
        kind="tasks",
        columns={"number": 0, "name": 1, "lead": 2, "cooperating": 3, "result": 4, "deadline": 5},
        header_row=table.header_row,
    )
    plan = read_plan_file(path, mappings={table.signature: mapping})
    assert content(plan.as_dict())["tasks"] == data["tasks"]


def test_mapping_found_when_header_moves_down(tmp_path: Path) -> None:
    data = load_sample("tam-chung")
    path = write_unknown_header_workbook(data, tmp_path / "u.xlsx")
    with pytest.raises(HeaderNotRecognised) as info:
        read_plan_file(path)
    sig = info.value.tables[0].signature
    mapping = ColumnMapping(
        kind="tasks",
        columns={"number": 0, "name": 1, "lead": 2, "deadline": 5},
        header_row=info.value.tables[0].header_row,
    )
    moved = write_workbook(
        {**data, "indicators": []},
        tmp_path / "moved.xlsx",
        title_rows=6,
        task_headers={
            f: f"Cột {k}"
            for k, f in enumerate(
                ("number", "name", "lead", "cooperating", "result", "deadline"), start=1
            )
        },
    )
    plan = read_plan_file(moved, mappings={sig: mapping})
    assert [t.deadline for t in plan.tasks] == [t["deadline"] for t in data["tasks"]]
    assert all(t.result == "" for t in plan.tasks)


def test_mapping_for_indicator_targets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["A", "B", "C", "D", "E"])
    ws.append(["1", "Tỷ lệ dịch vụ công trực tuyến", "%", "≥ 80", "Phòng VH-XH"])
    ws.append(["2", "Tỷ lệ hồ sơ số hoá", "%", 0.9, "Phòng VH-XH"])
    ws["D3"].number_format = "0%"
    ws.append(["3", "Tỷ lệ chữ ký số", "%", "X", ""])
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(HeaderNotRecognised) as info:
        read_plan_file(tmp_path / "m.xlsx")
    table = info.value.tables[0]
    assert table.header_row == 0
    mapping = ColumnMapping(
        kind="indicators",
        columns={"number": 0, "name": 1, "unit": 2, "target:2030": 3, "lead": 4},
        header_row=0,
    )
    plan = read_plan_file(tmp_path / "m.xlsx", mappings={table.signature: mapping})
    assert [i.targets for i in plan.indicators] == [
        {"2030": "≥ 80"},
        {"2030": "90%"},
        {"2030": "X"},
    ]


def test_mapping_with_other_signature_is_ignored(tmp_path: Path) -> None:
    data = load_sample("tam-chung")
    path = write_unknown_header_workbook(data, tmp_path / "u.xlsx")
    mapping = ColumnMapping(kind="tasks", columns={"name": 1}, header_row=4)
    with pytest.raises(HeaderNotRecognised):
        read_plan_file(path, mappings={"0" * 20: mapping})


# -- size --------------------------------------------------------------------------


def test_five_thousand_tasks(tmp_path: Path) -> None:
    data = load_sample("thanh-mien")
    base = data["tasks"]
    tasks = []
    for k in range(5000):
        t = copy.deepcopy(base[k % len(base)])
        t["number"] = f"{k // 100 + 1}.{k % 100 + 1}"
        t["group"] = None
        tasks.append(t)
    big = {**data, "indicators": [], "tasks": tasks, "task_groups": []}
    path = write_workbook(big, tmp_path / "big.xlsx")
    plan = read_plan_file(path)
    assert len(plan.tasks) == 5000
    assert plan.tasks[-1].number == "50.100"
