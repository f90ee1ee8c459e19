"""The standard indicator catalogue and matching printed indicator names to it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.catalogue import (
    CatalogueEntry,
    _build_index,
    load_catalogue,
    match_code,
    match_indicator,
    name_tokens,
    parse_catalogue,
)
from app.paths import resource_dir

SAMPLES = Path(__file__).parent / "data" / "samples"

#: Every indicator of the two sample workbooks and the code it must link to, checked by
#: hand against the catalogue's names (None: not a standard indicator, or a group row).
SAMPLE_LINKS: dict[str, dict[str, str | None]] = {
    "tam-chung": {
        "1": "CS-24",  # Tỉ lệ phủ sóng 5G trên địa bàn
        "2": "CS-25",  # … truy cập băng rộng cố định với tốc độ trên 01 Gb/s
        "3": "CS-26",  # cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số căn bản
        "4": "CS-27",  # cán bộ, công chức, viên chức làm chủ kỹ năng số …
        "5": "CS-22",  # dân số trưởng thành tiếp cận dịch vụ số trong y tế, giáo dục …
        "6": "CS-28",  # kết quả khoa học và công nghệ được ứng dụng thực tiễn …
        "7": "CS-29",  # doanh nghiệp có hoạt động đổi mới quy trình, mô hình kinh doanh
        "8": "CS-09",  # TTHC tiếp nhận, giải quyết phi địa giới hành chính …
        "9": "CS-10",  # giao dịch hành chính thuộc diện "phi tiếp xúc"
        "10": "CS-05",  # hồ sơ, kết quả giải quyết TTHC được số hóa
        "11": "CS-01",  # dịch vụ công trực tuyến toàn trình …
        "12": "CS-04",  # hồ sơ TTHC xử lý trực tuyến
        "13": "CS-13",  # xử lý văn bản, hồ sơ công việc toàn trình trên môi trường điện tử
        "14": "CS-14",  # nhiệm vụ được theo dõi, quản lý, giám sát … trên môi trường điện tử
        "15": "CS-15",  # cơ quan nhà nước chỉ đạo, điều hành, quản trị nội bộ …
        "16": "CS-17",  # giao dịch không dùng tiền mặt
        "17": "CS-18",  # dân số từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng …
        "18": "CS-19",  # tài khoản định danh điện tử (VNeID)
        "19": "CS-20",  # người dân có chữ ký số
        "20": "CS-21",  # người dân có Sổ sức khỏe điện tử
        "21": "CS-16",  # đảng ủy, chính quyền xã, phường sử dụng phần mềm quản trị điều hành
    },
    "thanh-mien": {
        "1": None,  # "Chỉ tiêu về thực hiện thủ tục hành chính …": a group row
        "1.1": "CS-03",  # sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp
        "1.2": "CS-01",  # cung cấp dịch vụ công trực tuyến toàn trình …
        "1.3": "CS-05",  # số hoá hồ sơ, kết quả giải quyết TTHC
        "1.4": "CS-06",  # cấp kết quả giải quyết TTHC điện tử
        "1.5": "CS-07",  # khai thác, sử dụng lại thông tin, dữ liệu đã được số hoá …
        "1.6": "CS-08",  # thanh toán trực tuyến trong giải quyết TTHC, dịch vụ công
        "1.7": "CS-09",  # TTHC tiếp nhận, giải quyết phi địa giới hành chính …
        "1.8": "CS-11",  # cắt giảm hoặc tự động hoá TTHC về cấp phép
        "1.9": "CS-12",  # cắt giảm TTHC nội bộ … trong thực hiện cấp phép
        "1.10": "CS-13",
        "1.11": "CS-14",
        "1.12": "CS-15",
        "2": "CS-17",  # giao dịch không dùng tiền mặt
        "3": "CS-29",  # doanh nghiệp có hoạt động đổi mới sáng tạo
        "4": "CS-30",  # chi ngân sách hàng năm cho KHCN, ĐMST, CĐS
        "5": None,  # sáng kiến kinh nghiệm của các trường THCS
        "6": None,  # "Hạ tầng số": a group row with a qualitative target
        "6.1": "CS-25",  # … truy nhập băng rộng cố định với tốc độ trên 1Gb/s
        "6.2": "CS-24",  # Phủ sóng 5G cho người dân
        "7": None,  # quản lý nhà nước trên môi trường số, kết nối … (no standard equivalent)
        "8": "CS-18",
        "9": "CS-20",  # dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân
        "10": "CS-21",  # hồ sơ sức khoẻ điện tử
        "11": None,  # "Các chỉ tiêu về giáo dục và đào tạo": a group row
        "11.1": None,  # education indicators: not in the catalogue
        "11.2": None,  # "ký số" in school records is not citizens' digital signatures
        "11.3": None,
        "11.4": None,
        "11.5": None,
        "12.6": None,
    },
}


def sample_indicators(sample: str) -> list[tuple[str, str]]:
    data = json.loads((SAMPLES / f"{sample}.json").read_text(encoding="utf-8"))
    return [(i["code"], i["name"]) for i in data["indicators"]]


def test_catalogue_loads_with_stable_unique_codes() -> None:
    cat = load_catalogue()
    codes = cat.codes()
    assert codes == [f"CS-{k:02d}" for k in range(1, len(codes) + 1)]
    assert 24 <= len(codes) <= 40
    # anchors: published codes never move
    assert "toàn trình" in cat.get("CS-01").name  # type: ignore[union-attr]
    assert "một phần" in cat.get("CS-02").name  # type: ignore[union-attr]
    assert "VNeID" in cat.get("CS-19").name  # type: ignore[union-attr]
    assert "5G" in cat.get("CS-24").name  # type: ignore[union-attr]
    assert cat.get("CS-99") is None and cat.get(None) is None
    assert all(e.unit and e.name == e.name.strip() for e in cat.entries)
    assert resource_dir().joinpath("catalogue", "indicators.json").is_file()


def test_every_name_and_alias_matches_its_own_entry() -> None:
    for entry in load_catalogue().entries:
        for name in entry.names:
            assert match_code(name) == entry.code, (entry.code, name)


@pytest.mark.parametrize("sample", sorted(SAMPLE_LINKS))
def test_sample_indicator_names_link_as_checked_by_hand(sample: str) -> None:
    expected = SAMPLE_LINKS[sample]
    found = {code: match_code(name) for code, name in sample_indicators(sample)}
    assert found == expected


def test_without_its_exact_alias_a_sample_name_never_links_to_another_entry() -> None:
    """The matcher itself, not the alias list: drop the alias equal to the name."""
    cat = load_catalogue()
    misses = []
    for sample, expected in SAMPLE_LINKS.items():
        for code, name in sample_indicators(sample):
            key = name_tokens(name)
            entries = []
            for e in cat.entries:
                names = [n for n in e.names if name_tokens(n) != key]
                entries.append(CatalogueEntry(e.code, names[0], e.unit, tuple(names[1:])))
            got = match_code(name, _build_index(entries))
            assert got in (expected[code], None), (sample, code, name, got)
            if got != expected[code]:
                misses.append(code)
    assert len(misses) <= 3, misses


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Tỷ lệ DVCTT một phần", "CS-02"),
        ("Tỷ lệ dịch vụ công trực tuyến một phần trên tổng số TTHC", "CS-02"),
        ("Tỷ lệ TTHC cung cấp DVCTT toàn trình", "CS-01"),
        ("Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "CS-01"),
        ("Tỷ lệ hồ sơ TTHC được xử lý trực tuyến", "CS-04"),
        ("Tỷ lệ hồ sơ được giải quyết trực tuyến", "CS-04"),
        ("TỈ LỆ PHỦ SÓNG 5G TRÊN ĐỊA BÀN XÃ", "CS-24"),
        ("Tỷ lệ phủ sóng mạng 5G", "CS-24"),
        ("Tỷ lệ người dân có tài khoản định danh điện tử mức độ 2", "CS-19"),
        ("Tỷ lệ người dân có chữ ký số cá nhân", "CS-20"),
        ("Tỷ lệ người dân có hồ sơ sức khỏe điện tử", "CS-21"),
        ("Tỷ lệ người dân có sổ sức khoẻ điện tử trên VNeID", "CS-21"),
        ("Tỷ lệ giao dịch thanh toán không dùng tiền mặt trên địa bàn", "CS-17"),
        ("Tỷ lệ cán bộ, công chức xã được bồi dưỡng, tập huấn kỹ năng số", "CS-26"),
        ("Tỷ lệ người dân được tập huấn kỹ năng số", "CS-23"),
        ("Tỷ lệ hồ sơ thủ tục hành chính được số hoá", "CS-05"),
        ("Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC", "CS-08"),
        ("Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo trên địa bàn", "CS-29"),
        ("Tỷ lệ người sử dụng băng rộng cố định tốc độ trên 1Gb/s", "CS-25"),
        ("Tỷ lệ dân số trưởng thành có tài khoản ngân hàng", "CS-18"),
        ("Tỷ lệ người dân có tài khoản ngân hàng", "CS-18"),
        ("Tỷ lệ văn bản được xử lý trên môi trường điện tử", "CS-13"),
        ("Tỷ lệ cơ quan thực hiện chỉ đạo, điều hành trên môi trường điện tử", "CS-15"),
    ],
)
def test_variant_wordings_link(name: str, code: str) -> None:
    entry = match_indicator(name)
    assert entry is not None and entry.code == code


@pytest.mark.parametrize(
    "name",
    [
        "Tỷ lệ dịch vụ công trực tuyến",  # toàn trình or một phần? not decided for the officer
        "Tỷ lệ hộ gia đình có kết nối Internet cáp quang",
        "Tỷ lệ trường học có kết nối Internet",
        "Tỷ lệ thôn có loa truyền thanh thông minh",
        "Số lượng doanh nghiệp công nghệ số",
        "Tỷ lệ doanh nghiệp sử dụng hoá đơn điện tử",
        "Tỷ lệ cán bộ có chữ ký số",  # officials, not citizens (CS-20)
        "Tỷ lệ cơ quan có chữ ký số",
        "Tỷ lệ hộ gia đình có địa chỉ số",
        "Các chỉ tiêu về chuyển đổi số",
        "",
        "  ",
    ],
)
def test_unrelated_or_ambiguous_names_do_not_link(name: str) -> None:
    assert match_indicator(name) is None


def test_toan_trinh_and_mot_phan_are_never_confused() -> None:
    base = "Tỷ lệ dịch vụ công trực tuyến {} trên tổng số thủ tục hành chính có đủ điều kiện"
    assert match_code(base.format("toàn trình")) == "CS-01"
    assert match_code(base.format("một phần")) == "CS-02"
    # even when only the "toàn trình" entry exists, "một phần" is not linked to it
    only = [e for e in load_catalogue().entries if e.code != "CS-02"]
    assert match_code(base.format("một phần"), _build_index(only)) is None
    assert match_code("Tỷ lệ DVCTT một phần", _build_index(only)) is None


def test_names_are_compared_folded() -> None:
    assert name_tokens("Tỉ lệ Sổ SỨC KHỎE điện tử") == name_tokens("tỷ lệ sổ sức khoẻ điện tử")
    assert name_tokens("trên 01 Gb/s") == name_tokens("trên 1Gb/s")
    assert "thu tuc hanh chinh" in " ".join(name_tokens("Tỷ lệ TTHC"))


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({}, "indicators"),
        ({"indicators": [{"code": "X1", "name": "a", "unit": "%"}]}, "bad code"),
        (
            {
                "indicators": [
                    {"code": "CS-01", "name": "a", "unit": "%"},
                    {"code": "CS-01", "name": "b", "unit": "%"},
                ]
            },
            "duplicate",
        ),
        ({"indicators": [{"code": "CS-01", "name": " ", "unit": "%"}]}, "name"),
        ({"indicators": [{"code": "CS-01", "name": "a", "unit": "%", "aliases": "b"}]}, "aliases"),
    ],
)
def test_malformed_catalogue_is_refused(raw: object, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_catalogue(raw)
