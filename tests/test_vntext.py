"""Vietnamese text helpers: folding, matching, sort order, tone placement, unit names."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

import pytest

from app.vntext import (
    clean_cell,
    fold,
    matches,
    nfc,
    normalise_tone_placement,
    sort_key,
    split_units,
    unit_key,
    unit_kind,
)

DATA = Path(__file__).parent / "data"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ------------------------------------------------------------------ nfc / clean_cell


def test_nfc_composes() -> None:
    assert nfc(nfd("Văn hoá")) == "Văn hoá"
    assert len(nfc(nfd("ệ"))) == 1


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(None, ""), ("  Phòng Văn hoá - Xã \nhội ", "Phòng Văn hoá - Xã hội"), (80, "80")],
)
def test_clean_cell(raw: object, clean: str) -> None:
    assert clean_cell(raw) == clean


# ------------------------------------------------------------------ fold / matches


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Văn hoá", "van hoa"),
        ("VĂN HÓA", "van hoa"),
        ("Đường   Đông\n Đô", "duong dong do"),
        ("  Phòng Văn hoá – Xã hội ", "phong van hoa - xa hoi"),
        ("Văn hoá — Xã hội", "van hoa - xa hoi"),
        ("Nghị quyết 57-NQ/TW", "nghi quyet 57-nq/tw"),
        ("Thuỷ lợi", "thuy loi"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def test_fold_ignores_tone_placement() -> None:
    assert fold("hoá") == fold("hóa") == fold(nfd("hòa")) == "hoa"


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("van hoa", "Văn hoá", True),
        ("van hoa", "Phòng Văn hóa - Xã hội", True),
        ("VĂN hóa xa", nfd("Phòng Văn hoá – Xã hội"), True),
        ("xa van", "Phòng Văn hoá – Xã hội", True),  # word order free
        ("hoa - xa", "Phòng Văn hoá – Xã hội", True),  # any dash
        ("kinh te", "Phòng Văn hoá – Xã hội", False),
        ("van  hoa  xa hoi", "Văn hoá", False),
        ("dang", "Đảng ủy xã", True),
        ("", "anything", True),
        ("chuyen doi so", "chuyển đổi số quốc gia", True),
    ],
)
def test_matches(query: str, text: str, expected: bool) -> None:
    assert matches(query, text) is expected


# ------------------------------------------------------------------ tone placement


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("hóa", "hoá"),
        ("hỏa", "hoả"),
        ("hõa", "hoã"),
        ("họa", "hoạ"),
        ("khỏe", "khoẻ"),
        ("xòe", "xoè"),
        ("thủy", "thuỷ"),
        ("Thúy", "Thuý"),
        ("tùy", "tuỳ"),
        ("HÒA", "HOÀ"),
        ("qúy", "quý"),
    ],
)
def test_tone_placement_pairs_compare_equal(old: str, new: str) -> None:
    assert normalise_tone_placement(old) == new
    assert normalise_tone_placement(new) == new
    assert normalise_tone_placement(nfd(old)) == new


@pytest.mark.parametrize(
    "word",
    [
        "hoàng",
        "toán",
        "quý",
        "quà",
        "của",
        "mía",
        "khuyến",
        "thuế",
        "ngoài",
        "xoáy",
        "Việt",
        "Đảng",
    ],
)
def test_tone_placement_leaves_unambiguous_syllables(word: str) -> None:
    assert normalise_tone_placement(word) == word


def test_tone_placement_keeps_everything_else() -> None:
    text = "Phòng Văn hóa – Xã hội, 57-NQ/TW; Khỏe 100%!"
    assert normalise_tone_placement(text) == "Phòng Văn hoá – Xã hội, 57-NQ/TW; Khoẻ 100%!"


# ------------------------------------------------------------------ sort order


def test_sort_letters_in_vietnamese_alphabet() -> None:
    words = ["Yên", "Xuân", "Ưng", "Uyên", "Ơn", "Ông", "Oanh", "Đông", "Dương", "Ân", "Ăn", "An"]
    words += ["Bình", "Ê-đê", "Em", "Giang", "Gia", "Châu", "Cao"]
    expected = ["An", "Ăn", "Ân", "Bình", "Cao", "Châu", "Dương", "Đông", "Em", "Ê-đê"]
    expected += ["Gia", "Giang", "Oanh", "Ông", "Ơn", "Uyên", "Ưng", "Xuân", "Yên"]
    shuffled = words[:]
    random.Random(57).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == expected


def test_sort_tones_are_secondary_in_dictionary_order() -> None:
    words = ["mạ", "má", "mã", "mả", "mà", "ma", "mac", "mác"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mac", "mác"]


def test_sort_is_case_insensitive() -> None:
    assert sorted(["bình", "An", "Bình", "an", "Ăn"], key=sort_key)[:2] == ["an", "An"]
    assert sort_key("An")[0] == sort_key("an")[0]
    assert sorted(["b", "A", "c"], key=sort_key) == ["A", "b", "c"]


def test_sort_decomposed_and_tone_placement() -> None:
    assert sort_key(nfd("Văn hoá")) == sort_key("Văn hoá")
    assert sort_key("Văn hóa") == sort_key("Văn hoá")
    mixed = [nfd("Đông"), "Dương", nfd("Ân"), "Ăn"]
    assert [nfc(w) for w in sorted(mixed, key=sort_key)] == ["Ăn", "Ân", "Dương", "Đông"]


def test_sort_shorter_word_and_digits_first() -> None:
    assert sorted(["Ban", "Ba Vì", "Ba", "1 Ba"], key=sort_key) == ["1 Ba", "Ba", "Ba Vì", "Ban"]


# ------------------------------------------------------------------ unit names

VHXH = [
    "Phòng Văn hoá – Xã hội",
    "Phòng Văn hóa - Xã hội",
    "phòng văn hoá - xã hội",
    "Phòng VH-XH",
    "Phòng VHXH",
    "Phòng Văn hoá - Xã \nhội",
    "Phòng Văn hoá — Xã hội",
    "PHÒNG VĂN HOÁ - XÃ HỘI",
    "P.VHXH",
    "Phòng Văn hoá – Xã hội (cơ quan thường trực)",
    nfd("Phòng Văn hoá – Xã hội"),
    nfd("Phòng Văn hóa - Xã hội"),
    nfd("Phòng VH-XH"),
]


@pytest.mark.parametrize("name", VHXH)
def test_unit_key_culture_office(name: str) -> None:
    assert unit_key(name) == unit_key("Phòng Văn hoá – Xã hội")


@pytest.mark.parametrize(
    "names",
    [
        [
            "Văn phòng HĐND&UBND",
            "Văn phòng HĐND và UBND xã",
            "Văn phòng HĐND-UBND",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã",
            "Văn phòng \nHĐND&UBND",
            "Văn phòng HĐND & UBND",
        ],
        [
            "Trung tâm phục vụ hành chính công",
            "Trung tâm Phục vụ hành chính công",
            "Trung tâm phục \nvụ hành chính \ncông",
            "Trung tâm PVHCC",
        ],
        [
            "Trung tâm Văn hoá, Thể thao và Truyền thông xã",
            "Trung tâm VH, TT&TT",
            "Trung tâm Văn hóa, Thể thao và Truyền thông",
        ],
        [
            "Uỷ ban Mặt trận Tổ quốc Việt Nam xã",
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
            "UBMTTQVN xã",
            "Ủy ban MTTQ Việt Nam",
        ],
        ["Công an xã", "Công an", "CA xã", "công an xã"],
        ["Trạm Y tế xã", "Trạm y tế", "TYT xã"],
        ["Phòng Kinh tế", "Phòng KT", "phòng kinh tế"],
        [
            "Các phòng, ban, ngành, các đơn vị liên quan",
            "Các phòng, ban, ngành, đơn vị có liên quan",
            "các phòng, ban, ngành, đơn vị liên quan",
        ],
    ],
)
def test_unit_key_same_unit(names: list[str]) -> None:
    assert len({unit_key(n) for n in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Phòng Văn hoá - Xã hội", "Phòng Kinh tế"),
        ("Phòng Văn hoá - Xã hội", "Trung tâm Văn hoá, Thể thao và Truyền thông xã"),
        ("Trung tâm phục vụ hành chính công", "Trung tâm cung ứng dịch vụ công"),
        ("Văn phòng HĐND&UBND", "Phòng VH-XH"),
        ("Công an xã", "Chi nhánh Ngân hàng"),
        ("27 xóm", "27 thôn"),
        ("Các phòng, ban liên quan", "Các phòng, ban, ngành, đơn vị liên quan"),
    ],
)
def test_unit_key_different_units(a: str, b: str) -> None:
    assert unit_key(a) != unit_key(b)


def test_unit_key_is_plain_ascii_and_not_empty() -> None:
    for name in VHXH:
        key = unit_key(name)
        assert key and key.isascii()


SPLITS: list[tuple[str, list[str]]] = [
    ("Phòng VH-XH; Công an xã", ["Phòng VH-XH", "Công an xã"]),
    ("Văn phòng HĐND và UBND, Phòng Kinh tế", ["Văn phòng HĐND và UBND", "Phòng Kinh tế"]),
    ("Các phòng, ban, ngành, đơn vị liên quan", ["Các phòng, ban, ngành, đơn vị liên quan"]),
    ("27 xóm", ["27 xóm"]),
    ("", []),
    ("  ", []),
    # cells of the seed appendices, as extracted (line breaks included)
    ("Văn phòng \nHĐND&UBND ", ["Văn phòng HĐND&UBND"]),
    ("Các phòng, ban, \nđơn vị liên quan", ["Các phòng, ban, đơn vị liên quan"]),
    (
        "Các phòng, ban, \nngành, đơn vị \ncó liên quan",
        ["Các phòng, ban, ngành, đơn vị có liên quan"],
    ),
    ("Trung tâm phục \nvụ hành chính \ncông", ["Trung tâm phục vụ hành chính công"]),
    ("Phòng Văn hoá - Xã \nhội", ["Phòng Văn hoá - Xã hội"]),
    (
        "Trung tâm Văn hoá, \nThể thao và Truyền \nthông xã",
        ["Trung tâm Văn hoá, Thể thao và Truyền thông xã"],
    ),
    (
        "Uỷ ban Mặt trận Tổ \nquốc Việt Nam xã, \ncác cơ quan, đơn vị, \ncác thôn",
        ["Uỷ ban Mặt trận Tổ quốc Việt Nam xã", "các cơ quan, đơn vị, các thôn"],
    ),
    (
        "Phòng Kinh tế; các \nphòng, ban, ngành, \ncác đơn vị liên quan",
        ["Phòng Kinh tế", "các phòng, ban, ngành, các đơn vị liên quan"],
    ),
    (
        "Công an xã; các \nphòng, ban, ngành, \ncác đơn vị liên quan",
        ["Công an xã", "các phòng, ban, ngành, các đơn vị liên quan"],
    ),
    (
        "Các cơ quan Đảng, \nMặt trận Tổ quốc \nViệt Nam và các tổ \nchức chính trị - xã \nhội xã và các đơn vị \nliên quan",
        [
            "Các cơ quan Đảng, Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội xã"
            " và các đơn vị liên quan"
        ],
    ),
    (
        "Các phòng, ban, \nngành, cơ quan, đơn \nvị, các thôn",
        ["Các phòng, ban, ngành, cơ quan, đơn vị, các thôn"],
    ),
    (
        "Các phòng, ban, \nngành xã và các đơn \nvị liên quan",
        ["Các phòng, ban, ngành xã và các đơn vị liên quan"],
    ),
    # other layouts seen in office workbooks
    ("Phòng VH-XH\nCông an xã", ["Phòng VH-XH", "Công an xã"]),
    ("- Phòng Kinh tế\n- Công an xã\n- Trạm Y tế", ["Phòng Kinh tế", "Công an xã", "Trạm Y tế"]),
    ("Phòng Kinh tế, phòng Văn hoá - Xã hội", ["Phòng Kinh tế", "phòng Văn hoá - Xã hội"]),
    ("Phòng Kinh tế và Phòng VH-XH", ["Phòng Kinh tế", "Phòng VH-XH"]),
    (
        "Phòng Văn hoá - Xã hội và các đơn vị liên quan",
        ["Phòng Văn hoá - Xã hội", "các đơn vị liên quan"],
    ),
    (
        "Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên",
        ["Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên"],
    ),
    ("Các phòng, ban liên quan, Công an xã", ["Các phòng, ban liên quan", "Công an xã"]),
    ("Văn\nPhòng HĐND và UBND", ["Văn Phòng HĐND và UBND"]),
    (nfd("Phòng VH-XH; Công an xã"), ["Phòng VH-XH", "Công an xã"]),
]


@pytest.mark.parametrize(("cell", "units"), SPLITS)
def test_split_units(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


def _sample_cells() -> list[str]:
    cells: list[str] = []
    for sample in sorted((DATA / "samples").glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        for row in data["tasks"] + data["indicators"]:
            cells.extend(c for c in (row["lead"], row["cooperating"]) if c)
    return cells


def test_sample_cells_give_known_units() -> None:
    keys = {unit_key(u) for cell in _sample_cells() for u in split_units(cell)}
    # Tam Chung writes "Phòng VH-XH", Thanh Miện "Phòng Văn hoá - Xã hội": one unit.
    assert unit_key("Phòng VH-XH") in keys
    assert keys >= {
        unit_key("Phòng Văn hoá - Xã hội"),
        unit_key("Văn phòng HĐND và UBND"),
        unit_key("Phòng Kinh tế"),
        unit_key("Công an xã"),
        unit_key("Chi nhánh Ngân hàng"),
        unit_key("Trung tâm Phục vụ hành chính công"),
        unit_key("Trung tâm Văn hoá, Thể thao và Truyền thông xã"),
        unit_key("Uỷ ban MTTQ Việt Nam xã"),
    }
    names = {unit_key(n) for n in ("Phòng VH-XH", "Phòng Văn hoá - Xã hội", "Văn phòng HĐND-UBND")}
    assert len(names) == 2


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Phòng Văn hoá - Xã hội", "phong"),
        ("Phòng VH-XH", "phong"),
        ("Văn phòng HĐND&UBND", "phong"),
        ("P.VHXH", "phong"),
        ("Trung tâm phục vụ hành chính công", "trung_tam"),
        ("Trung tâm Văn hoá, Thể thao và Truyền thông xã", "trung_tam"),
        ("Công an xã", "cong_an"),
        ("Trạm Y tế xã", "tram_y_te"),
        ("TYT xã", "tram_y_te"),
        ("27 xóm", "thon_xom"),
        ("các thôn", "thon_xom"),
        ("Thôn Đông", "thon_xom"),
        ("Ban quản lý bản", "thon_xom"),
        ("Bản Nà Khà", "thon_xom"),
        ("Tổ dân phố số 3", "thon_xom"),
        ("Uỷ ban Mặt trận Tổ quốc Việt Nam xã", "doan_the"),
        ("UBMTTQVN xã", "doan_the"),
        ("Hội Nông dân xã", "doan_the"),
        ("Hội Liên hiệp Phụ nữ", "doan_the"),
        ("Đoàn Thanh niên", "doan_the"),
        ("các đoàn thể chính trị - xã hội", "doan_the"),
        ("Chi nhánh Ngân hàng", "doanh_nghiep"),
        ("Các doanh nghiệp trên địa bàn", "doanh_nghiep"),
        ("Hợp tác xã nông nghiệp", "doanh_nghiep"),
        ("Bưu điện xã", "doanh_nghiep"),
        ("Viettel Thanh Hóa", "doanh_nghiep"),
        ("Ban Chỉ đạo", "other"),
        ("Hội đồng nhân dân xã", "other"),
        ("UBND xã", "other"),
        ("Các phòng, ban, ngành, các đơn vị liên quan", "other"),
        ("Các phòng, ban, ngành, cơ quan, đơn vị, các thôn", "other"),
        ("Phòng Thông tin", "phong"),
        ("", "other"),
    ],
)
def test_unit_kind(name: str, kind: str) -> None:
    assert unit_kind(name) == kind
    assert unit_kind(nfd(name)) == kind


def test_numbered_leaves_out_an_empty_number() -> None:
    from app.vntext import numbered

    assert numbered("1.10", "Tỷ lệ  hồ sơ") == "1.10. Tỷ lệ hồ sơ"
    assert numbered("  ", "Thử nghiệm nhiệm vụ mới") == "Thử nghiệm nhiệm vụ mới"
