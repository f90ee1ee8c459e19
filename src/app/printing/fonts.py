"""Fonts for printed documents: Times New Roman on Windows, else Liberation Serif.

Nghị định 30/2020 asks for Times New Roman (Unicode). On Windows the system
copy is used when all four faces exist in ``%WINDIR%\\Fonts``; elsewhere the
metric-compatible Liberation Serif bundled in ``resources/fonts`` (SIL Open
Font Licence, licence file beside the fonts). ReportLab embeds TrueType fonts
as subsets, so every PDF carries the glyphs it uses.
"""

from __future__ import annotations

import os
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.errors import ExportError

#: Name of the registered family; ``<b>``/``<i>`` in paragraphs map to its faces.
FAMILY = "KH57Serif"

_WINDOWS_FILES = ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")
_BUNDLED_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)


@dataclass(frozen=True)
class FontFaces:
    """Registered ReportLab font names of the four faces of the family."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    source: str  # "Times New Roman" or "Liberation Serif"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/`` (PyInstaller bundle or source tree)."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        root = Path(base) / "resources"
    else:
        root = Path(__file__).resolve().parents[3] / "resources"
    return root.joinpath(*parts)


def windows_font_files(fonts_dir: Path | None = None) -> list[Path] | None:
    """Times New Roman (regular, bold, italic, bold italic) in the Windows fonts folder.

    None unless all four files exist. *fonts_dir* defaults to ``%WINDIR%\\Fonts``.
    """
    if fonts_dir is None:
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        fonts_dir = Path(windir) / "Fonts"
    files = [fonts_dir / name for name in _WINDOWS_FILES]
    return files if all(f.is_file() for f in files) else None


def font_files(*, on_windows: bool | None = None) -> tuple[list[Path], str]:
    """The four font files to use (regular, bold, italic, bold italic) and their family."""
    if on_windows is None:
        on_windows = os.name == "nt"
    win = windows_font_files() if on_windows else None
    if win is not None:
        return win, "Times New Roman"
    return [resource_path("fonts", name) for name in _BUNDLED_FILES], "Liberation Serif"


_lock = threading.Lock()
_faces: FontFaces | None = None
_cmaps: list[frozenset[int]] = []


def register_fonts() -> FontFaces:
    """Register the family once (thread-safe) and return its face names."""
    global _faces, _cmaps
    with _lock:
        if _faces is not None:
            return _faces
        files, source = font_files()
        names = (FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Italic", f"{FAMILY}-BoldItalic")
        cmaps: list[frozenset[int]] = []
        for name, path in zip(names, files, strict=True):
            try:
                font = TTFont(name, str(path))
            except (OSError, TTFError) as exc:
                raise ExportError(
                    f"Không đọc được phông chữ {path.name}; hãy cài lại chương trình."
                ) from exc
            pdfmetrics.registerFont(font)
            cmaps.append(frozenset(font.face.charToGlyph))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )
        # Paragraph markup resolves <b>/<i> through the mapping table.
        addMapping(FAMILY, 0, 0, names[0])
        addMapping(FAMILY, 1, 0, names[1])
        addMapping(FAMILY, 0, 1, names[2])
        addMapping(FAMILY, 1, 1, names[3])
        _cmaps = cmaps
        _faces = FontFaces(names[0], names[1], names[2], names[3], source)
        return _faces


def _ignorable(ch: str) -> bool:
    # Line breaks, tabs and other controls never reach the page as glyphs.
    return unicodedata.category(ch) in ("Cc", "Cf") or ch in "\u2028\u2029"


def missing_glyphs(text: str | Iterable[str]) -> set[str]:
    """Characters of *text* (NFC) that some face of the chosen font lacks."""
    register_fonts()
    chunks = [text] if isinstance(text, str) else list(text)
    chars: set[str] = set()
    for chunk in chunks:
        chars.update(unicodedata.normalize("NFC", chunk))
    return {
        ch for ch in chars if not _ignorable(ch) and any(ord(ch) not in cmap for cmap in _cmaps)
    }
