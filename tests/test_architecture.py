"""The domain never imports Qt (STYLE.md 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import app


def test_no_module_outside_ui_imports_pyside6() -> None:
    names = [
        m.name
        for m in pkgutil.walk_packages(app.__path__, "app.")
        if not m.name.startswith(("app.ui", "app.migrations", "app.__main__"))
    ]
    assert "app.db" in names and "app.cli" in names
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_imports_stay_light() -> None:
    """ReportLab and openpyxl are not loaded to open the window."""
    code = (
        "import sys\n"
        "import app.cli, app.ui.launch, app.ui.main_window\n"
        "heavy = [m for m in ('reportlab', 'openpyxl', 'docx') if m in sys.modules]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
