"""The installer files agree with the program (the build itself is installer/build.sh)."""

from __future__ import annotations

import ast
import re
import struct
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "kh57.spec"
ISS = ROOT / "installer" / "kh57.iss"
GUIDE = ROOT / "docs" / "huong-dan-su-dung.md"


def _spec_list(name: str) -> list[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = node.value
            assert isinstance(value, ast.List)
            return [
                e.value
                for e in value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    raise AssertionError(f"{name} not in the spec")


def test_every_screen_module_is_a_hidden_import() -> None:
    from app.ui.main_window import SCREENS

    modules = {target.partition(":")[0] for _title, target in SCREENS}
    pages = set(_spec_list("UI_PAGES"))
    assert modules <= pages, modules - pages
    hidden = _spec_list("HIDDEN")
    assert not (modules - set(hidden) - pages)


def test_hidden_imports_cover_alembic_sqlite_and_qt_pdf() -> None:
    hidden = set(_spec_list("HIDDEN"))
    for name in (
        "alembic",
        "sqlalchemy.dialects.sqlite",
        "logging.config",
        "PySide6.QtPdf",
        "PySide6.QtPdfWidgets",
        "PySide6.QtPrintSupport",
    ):
        assert name in hidden
    excluded = set(_spec_list("EXCLUDES"))
    assert {
        "PySide6.QtWebEngineCore",
        "PySide6.QtQml",
        "PySide6.QtQuick",
        "PySide6.Qt3DCore",
    } <= excluded
    assert not excluded & hidden


def test_spec_data_files_exist() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '"resources"' in text and '"app/migrations"' in text and 'copy_metadata("kh57")' in text
    for path in (
        ROOT / "installer" / "kh57_launcher.py",
        ROOT / "resources" / "fonts" / "LiberationSerif-Regular.ttf",
        ROOT / "resources" / "schemas" / "report-data.v1.json",
        ROOT / "resources" / "samples" / "tam-chung.xlsx",
        ROOT / "src" / "app" / "migrations" / "env.py",
        GUIDE,
    ):
        assert path.is_file(), path
    assert list((ROOT / "src" / "app" / "migrations" / "versions").glob("0001_*.py"))


def test_bundled_sample_is_the_test_sample() -> None:
    bundled = ROOT / "resources" / "samples" / "tam-chung.xlsx"
    assert (
        bundled.read_bytes()
        == (ROOT / "tests" / "data" / "samples" / "tam-chung.xlsx").read_bytes()
    )


def test_inno_setup_script_is_per_user_and_versioned() -> None:
    iss = ISS.read_text(encoding="utf-8")
    assert "#ifndef AppVersion" in iss and "AppVersion={#AppVersion}" in iss
    assert "OutputBaseFilename=KH57-Setup-{#AppVersion}" in iss
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert "DefaultDirName={userpf}\\{#AppName}" in iss
    assert "{autodesktop}" in iss and "{autoprograms}" in iss
    # the association is per user and runs the import flag the program accepts
    assert all(
        line.startswith("Root: HKCU") for line in iss.splitlines() if line.startswith("Root:")
    )
    assert '--import-bundle ""%1""' in iss
    # uninstall never removes the user's data (%LOCALAPPDATA%\KH57)
    assert "{localappdata}" not in iss.lower()
    deletes = [line for line in iss.splitlines() if line.startswith("Type: filesandordirs")]
    assert deletes and all("{app}" in line for line in deletes)


def test_cli_accepts_the_association_flag_and_self_test() -> None:
    from app.cli import _build_parser

    args = _build_parser().parse_args(["--import-bundle", "C:\\gói.kh57"])
    assert args.import_bundle == "C:\\gói.kh57"
    assert _build_parser().parse_args(["self-test"]).command == "self-test"


def test_build_scripts_take_the_version_from_pyproject() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", version)
    ps1 = (ROOT / "installer" / "build.ps1").read_text(encoding="utf-8")
    assert "pyproject.toml" in ps1 and "/DAppVersion=$Version" in ps1
    sh = (ROOT / "installer" / "build.sh").read_text(encoding="utf-8")
    assert "pyproject.toml" in sh and "self-test" in sh and "du -sh" in sh


def test_guide_pictures_are_the_ones_the_screenshot_script_makes() -> None:
    referenced = re.findall(r"!\[[^\]]*\]\(img/guide/([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert referenced
    script = (ROOT / "scripts" / "screenshots.py").read_text(encoding="utf-8")
    made = set(re.findall(r'"(\d\d-[a-z-]+\.png)"', script))
    assert set(referenced) <= made, set(referenced) - made


ICO = ROOT / "installer" / "kh57.ico"
ICON_SIZES = (16, 24, 32, 48, 64, 256)


def _ico_directory(data: bytes) -> list[tuple[int, int, int, bytes]]:
    """(width, height, bit count, image bytes) of every image in an .ico file."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1) and count > 0
    out = []
    for i in range(count):
        w, h, _colors, _res, _planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * i
        )
        assert offset + size <= len(data)
        out.append((w or 256, h or 256, bits, data[offset : offset + size]))
    return out


def test_ico_holds_every_windows_size_at_32_bits() -> None:
    images = _ico_directory(ICO.read_bytes())
    assert sorted(w for w, _h, _b, _d in images) == list(ICON_SIZES)
    for w, h, bits, payload in images:
        assert w == h and bits == 32
        if w == 256:
            assert payload.startswith(b"\x89PNG\r\n\x1a\n")
        else:  # a BITMAPINFOHEADER of twice the height (image + AND mask)
            assert struct.unpack_from("<Iii", payload, 0) == (40, w, 2 * w)


def test_window_icon_loads_with_every_size(qapp: object) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage, QImageReader

    from app.ui.launch import app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(s, s) for s in (*ICON_SIZES, 128)} <= sizes
    master = QImage(str(ROOT / "resources" / "icons" / "kh57.png"))
    assert (master.width(), master.height()) == (256, 256) and master.hasAlphaChannel()
    # a real picture: transparent corners, a red tile, a light sheet
    assert master.pixelColor(0, 0).alpha() == 0
    tile = master.pixelColor(20, 128)
    assert tile.red() > 150 and tile.green() < 80 and tile.blue() < 80
    sheet = master.pixelColor(70, 75)
    assert min(sheet.red(), sheet.green(), sheet.blue()) > 200
    assert not icon.pixmap(QSize(32, 32)).isNull()
    # the .ico (what Windows shows) is the same drawing as the PNGs, not upside down
    reader = QImageReader(str(ICO))
    assert reader.imageCount() == len(ICON_SIZES)
    for i in range(reader.imageCount()):
        assert reader.jumpToImage(i)
        premultiplied = QImage.Format.Format_ARGB32_Premultiplied
        image = reader.read().convertToFormat(premultiplied)
        size = image.width()
        name = "kh57.png" if size == 256 else f"kh57-{size}.png"
        png = QImage(str(ROOT / "resources" / "icons" / name)).convertToFormat(premultiplied)
        assert png.size() == image.size()
        # equal but for rounding at the anti-aliased edges (alpha is exact)
        for y in range(size):
            for x in range(size):
                a, b = image.pixelColor(x, y), png.pixelColor(x, y)
                assert a.alpha() == b.alpha(), (size, x, y)
                assert abs(a.red() - b.red()) + abs(a.green() - b.green()) <= 6, (size, x, y)


def test_spec_and_iss_use_the_icon_files() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert 'ICON = ROOT / "installer" / "kh57.ico"' in spec
    assert spec.count("icon=str(ICON)") == 2  # kh57.exe and kh57-cli.exe
    assert '(str(ROOT / "resources"), "resources")' in spec  # resources/icons goes along
    iss = ISS.read_text(encoding="utf-8")
    icon = re.search(r'^#define AppIcon "([^"]+)"$', iss, re.M)
    assert icon is not None and (ISS.parent / icon.group(1)).is_file()
    assert "SetupIconFile={#AppIcon}" in iss
    # found by compiling it (installer/check-iss.sh): ultra64 x 4 threads runs out of memory
    # inside the 32-bit compiler
    assert re.search(r"^LZMAUseSeparateProcess=yes$", iss, re.M)
    assert "UninstallDisplayIcon={app}\\{#AppIcon}" in iss
    assert 'Source: "{#AppIcon}"; DestDir: "{app}"' in iss
    assert (
        'DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\\{#AppIcon}"",0"'
        in iss
    )
    for name in ("make_icon.py", "check-iss.sh", "README.md"):
        assert (ROOT / "installer" / name).is_file(), name


def test_check_iss_compiles_with_defines_and_stays_out_of_ci() -> None:
    script = (ROOT / "installer" / "check-iss.sh").read_text(encoding="utf-8")
    assert "ISCC.exe" in script and "wine" in script
    for define in ("/DAppVersion=", "/DSourceDir=", "/DOutputDir=", "/DAppExe="):
        assert define in script, define
    ci = ROOT / ".ci" / "run"
    if ci.is_file():
        assert "check-iss" not in ci.read_text(encoding="utf-8")


def test_the_window_gets_the_icon(qapp: Any, db_path: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QIcon

    from app.ui.launch import launch

    qapp.setWindowIcon(QIcon())
    assert launch(db_path=db_path, screenshot=str(tmp_path / "window.png")) == 0
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert (256, 256) in {(s.width(), s.height()) for s in icon.availableSizes()}
