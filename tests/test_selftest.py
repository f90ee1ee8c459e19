"""``kh57 self-test`` and the user guide PDF."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import selftest
from app.selftest import SelfTestContext, StepFailed, pdf_page_count, run_steps, summary_line

ROOT = Path(__file__).resolve().parents[1]


def _ok(_ctx: SelfTestContext) -> str:
    return "xong"


def _bad(_ctx: SelfTestContext) -> str:
    raise StepFailed("hỏng rồi")


def _missing(_ctx: SelfTestContext) -> str:
    import app.services.khong_co_mo_dun_nay  # type: ignore[import-not-found]  # noqa: F401

    return "không tới được đây"


def test_each_step_prints_one_line_and_failures_propagate(tmp_path: Path) -> None:
    out = io.StringIO()
    steps = (
        ("Một", _ok, ()),
        ("Hai", _bad, ()),
        ("Ba", _ok, ("Hai",)),
        ("Bốn", _missing, ("Một",)),
    )
    results = run_steps(steps, out=out, folder=tmp_path)
    assert out.getvalue().splitlines() == [
        "✓ Một: xong",
        "✗ Hai: hỏng rồi",
        "✗ Ba: không chạy được vì bước “Hai” không đạt",
        "✗ Bốn: bản cài đặt này chưa có mô-đun app.services.khong_co_mo_dun_nay "
        "(chức năng chưa hoàn thiện hoặc bị thiếu khi đóng gói)",
    ]
    assert [r.ok for r in results] == [True, False, False, False]
    assert "1/4 bước đạt" in summary_line(results)
    assert "đều đạt" in summary_line(results[:1])


def test_unexpected_errors_are_reported_not_raised(tmp_path: Path) -> None:
    def boom(_ctx: SelfTestContext) -> str:
        raise KeyError("x")

    out = io.StringIO()
    [result] = run_steps((("Nổ", boom, ()),), out=out, folder=tmp_path)
    assert not result.ok and "KeyError" in result.detail


def test_pdf_page_count() -> None:
    body = b"%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >>\n2 0 obj << /Type /Page >>\n3 0 obj <</Type/Page/Parent 1 0 R>>"
    assert pdf_page_count(body) == 2


def test_full_self_test_runs_on_temporary_data(tmp_path: Path) -> None:
    """The real steps, in process; the officer's data folder is never touched."""
    user_data = Path(os.environ["KH57_DATA_DIR"])
    before = sorted(user_data.rglob("*"))
    out = io.StringIO()
    code = selftest.run_self_test(out, folder=tmp_path)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Tự kiểm tra KH57")
    steps = lines[1:-1]
    assert len(steps) == len(selftest.STEPS)
    assert all(line[:2] in ("✓ ", "✗ ") for line in steps)
    # The steps the core program already has must pass.
    for name in (
        "Nhập kế hoạch mẫu",
        "Ghi tiến độ nhiệm vụ",
        "Ghi kết quả chỉ tiêu",
        "Lập báo cáo tháng",
        "Sao lưu dữ liệu",
        "In hướng dẫn sử dụng",
    ):
        assert any(line.startswith(f"✓ {name}:") for line in steps), (name, lines)
    assert lines[1].startswith("✓ Nhập kế hoạch mẫu: 6 nhiệm vụ, 21 chỉ tiêu")
    assert code == (0 if all(line.startswith("✓") for line in steps) else 1)
    assert lines[-1].startswith("Kết quả:")
    assert sorted(user_data.rglob("*")) == before
    assert os.environ["KH57_DATA_DIR"] == str(user_data)


def test_cli_self_test_prints_utf8_lines_and_exit_status(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run(
        [sys.executable, "-m", "app", "self-test"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )
    text = proc.stdout.decode("utf-8")  # UTF-8 even when the console asks for ASCII
    lines = text.splitlines()
    assert "✓ Nhập kế hoạch mẫu" in text, proc.stderr.decode("utf-8", "replace")
    step_lines = [line for line in lines if line[:2] in ("✓ ", "✗ ")]
    assert len(step_lines) == len(selftest.STEPS)
    assert proc.returncode == (0 if all(line.startswith("✓") for line in step_lines) else 1)


# --------------------------------------------------------------------------- guide


def test_markdown_blocks_and_inline_marks() -> None:
    from app.guide import inline_markup, parse_markdown

    blocks = parse_markdown(
        "# Tiêu đề\n\nĐoạn một\ntiếp dòng.\n\n## Mục\n- gạch **đậm**\n  nối\n1. bước `Lưu`\n"
        "> ghi chú\n\n![Ảnh](img/a.png)\n"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("title", "Tiêu đề"),
        ("para", "Đoạn một tiếp dòng."),
        ("h1", "Mục"),
        ("bullet", "gạch **đậm** nối"),
        ("number", "bước `Lưu`"),
        ("note", "ghi chú"),
        ("image", "Ảnh"),
    ]
    assert blocks[-1].mark == "img/a.png"
    assert inline_markup("a < b & **c** *d* `e` [f](http://x)") == (
        "a &lt; b &amp; <b>c</b> <i>d</i> <b>e</b> f"
    )


def test_guide_pdf_has_the_vietnamese_text(tmp_path: Path) -> None:
    import pdfplumber

    from app.guide import guide_path, render_guide_pdf

    assert guide_path() == ROOT / "docs" / "huong-dan-su-dung.md"
    out = render_guide_pdf(tmp_path / "hd.pdf")
    assert out.read_bytes().startswith(b"%PDF-")
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 3
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for words in ("Hướng dẫn sử dụng KH57", "Cài đặt chương trình", "Khôi phục", "Thông tin xã"):
        assert words in text


def test_guide_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    from app.errors import ExportError
    from app.guide import render_guide_pdf

    with pytest.raises(ExportError, match="hướng dẫn"):
        render_guide_pdf(tmp_path / "x.pdf", source=tmp_path / "khong-co.md")
