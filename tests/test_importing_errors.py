"""Bad input: one Vietnamese sentence, never a crash; plus the small helpers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.errors import ImportFormatError
from app.importing import read_plan_file
from app.importing.headers import classify, fold
from app.importing.numfmt import display_text
from test_importing_support import SAMPLES


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ImportFormatError) as info:
        read_plan_file(path)
    message = info.value.message
    assert message.endswith(".")
    assert "\n" not in message and "Traceback" not in message
    for w in words:
        assert w in message
    return message


def test_wrong_extension(tmp_path: Path) -> None:
    (tmp_path / "ke-hoach.pdf").write_bytes(b"%PDF-1.4")
    _refused(tmp_path / "ke-hoach.pdf", "Chỉ nhập được", ".xlsx", ".docx")


@pytest.mark.parametrize(("name", "new"), [("cu.xls", ".xlsx"), ("cu.doc", ".docx")])
def test_old_formats(tmp_path: Path, name: str, new: str) -> None:
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    _refused(tmp_path / name, "cũ", new)


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "khong-co.xlsx", "Không tìm thấy tệp")


def test_zero_bytes(tmp_path: Path) -> None:
    (tmp_path / "rong.xlsx").write_bytes(b"")
    _refused(tmp_path / "rong.xlsx", "rỗng")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_not_a_zip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"hong{suffix}"
    path.write_bytes(b"this is not an office file at all" * 10)
    _refused(path, "bị hỏng")


def test_truncated_workbook(tmp_path: Path) -> None:
    data = (SAMPLES / "tam-chung.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "bị hỏng")


def test_zip_without_workbook_parts(tmp_path: Path) -> None:
    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    _refused(path, "bị hỏng")


def test_docx_that_is_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "doi-duoi.docx"
    path.write_bytes((SAMPLES / "tam-chung.xlsx").read_bytes())
    _refused(path, "Word")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_password_protected(tmp_path: Path, suffix: str) -> None:
    # Office encrypts a protected package into an OLE compound file
    path = tmp_path / f"mat-khau{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _refused(path, "mật khẩu")


def test_empty_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.create_sheet("Trống 2")
    wb.save(tmp_path / "e.xlsx")
    _refused(tmp_path / "e.xlsx", "không có dữ liệu")


def test_workbook_without_a_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Danh sách liên hệ"
    ws["A2"] = "Gọi anh Minh"
    wb.save(tmp_path / "n.xlsx")
    _refused(tmp_path / "n.xlsx", "Không tìm thấy bảng")


_ENTITIES = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)


@pytest.mark.parametrize("padding", [0, 6000])
def test_xml_bomb_is_refused(tmp_path: Path, padding: int) -> None:
    """Entity declarations are refused: by the pre-scan, or by defusedxml behind it."""
    src = SAMPLES / "tam-chung.xlsx"
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                decl_end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                comment = b"<!--" + b"x" * padding + b"-->" if padding else b""
                data = data[:decl_end] + comment + _ENTITIES + data[decl_end:]
                data = data.replace(b"<t>PH\xe1\xbb\xa4 L\xe1\xbb\xa4C 1</t>", b"<t>&lol2;</t>")
            zout.writestr(info, data)
    message = _refused(path)
    if not padding:
        assert "không an toàn" in message


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    src = SAMPLES / "tam-chung.xlsx"
    path = tmp_path / "zbomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/media/padding.bin", b"\0" * 12_000_000)
    _refused(path, "bất thường")


def test_openpyxl_uses_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


# -- helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.6, "0%", "60%"),
        (0.605, "0%", "61%"),
        (0.125, "0.0%", "12.5%"),
        (1, "General", "1"),
        (2025, "General", "2025"),
        (1.1, "0.00", "1.10"),
        (0.1 + 0.2, "General", "0.3"),
        (1234567, "#,##0", "1,234,567"),
        (5, '0" người"', "5 người"),
        (-5, "0;(0)", "(5)"),
        ("≥ 80", "General", "≥ 80"),
        (None, "0%", ""),
    ],
)
def test_display_text(value: object, fmt: str, shown: str) -> None:
    assert display_text(value, fmt) == shown


def test_display_dates() -> None:
    from datetime import datetime

    assert display_text(datetime(2025, 9, 5), "dd/mm/yyyy") == "05/09/2025"
    assert display_text(datetime(2025, 9, 5), "mm/yyyy") == "09/2025"
    assert display_text(datetime(2025, 9, 5), "General") == "05/09/2025"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("TT", "number"),
        ("STT", "number"),
        ("Tên nhiệm vụ", "task_name"),
        ("Nội dung công việc", "task_name"),
        ("Nhiệm vụ", "task_name"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan chủ trì", "lead"),
        ("Phòng ban tham mưu/thực hiện", "lead"),
        ("Cơ quan chủ trì theo dõi, đánh giá", "lead"),
        ("Đơn vị phối hợp", "cooperating"),
        ("Cơ quan phối hợp", "cooperating"),
        ("Phòng ban, bộ phận phối hợp", "cooperating"),
        ("Kết quả", "result"),
        ("Sản phẩm", "result"),
        ("Kết quả, sản phẩm", "result"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời gian thực hiện", "deadline"),
        ("Thời hạn", "deadline"),
        ("Tên chỉ tiêu", "ind_name"),
        ("Nội dung chỉ tiêu", "ind_name"),
        ("Chỉ tiêu", "ind_name_weak"),
        ("Chỉ tiêu đến năm 2030", "ind_name_weak"),
        ("Đơn vị tính", "unit"),
        ("Đơn vị", "unit"),
        ("Đơn vị tính/đo lường", "unit"),
        ("ĐVT", "unit"),
        ("Đến hết năm 2025", "year"),
        ("Đến năm 2030", "year"),
        ("Năm 2030", "year"),
        ("2030", "year"),
        ("Mục tiêu", "target"),
        ("Ghi chú", "note"),
        ("Cột 3", None),
    ],
)
def test_header_words(text: str, role: str | None) -> None:
    assert classify(text) == role
    assert classify(text.upper()) == role


def test_fold() -> None:
    assert fold("Đơn vị  chủ trì/ phối hợp") == "don vi chu tri phoi hop"
    assert fold("Văn hoá") == fold("Văn hóa") == "van hoa"
