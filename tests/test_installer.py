"""The installer files agree with the program (the build itself is installer/build.sh)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

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
