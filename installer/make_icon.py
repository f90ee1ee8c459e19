"""Draws the KH57 icon with Qt (no extra dependency) and writes the committed files.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icon.py

Writes ``resources/icons/kh57.png`` (256 px, the window icon's master),
``resources/icons/kh57-{16,24,32,48,64,128}.png`` (drawn at each size, not
scaled down, so the small ones stay sharp) and ``installer/kh57.ico`` (16, 24,
32, 48, 64 as 32-bit bitmaps and 256 as PNG, the layout Windows Explorer, the
PyInstaller exe and Inno Setup all read).

The picture: a red tile (the colour of Vietnamese administrative forms), a
white plan sheet with a folded corner, text lines and a red "57", and a gold
seal with a check mark: the plan followed and reported. Below 32 px the text
and the lines are left out; only the sheet and the seal remain.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
ICO = ROOT / "installer" / "kh57.ico"
FONT = ROOT / "resources" / "fonts" / "LiberationSerif-Bold.ttf"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 256)

RED_TOP = QColor("#d7261e")
RED_BOTTOM = QColor("#9e1111")
RED_TEXT = QColor("#c0161a")
GOLD = QColor("#f6c12f")
GOLD_DARK = QColor("#b8860b")
PAPER = QColor("#fffdf7")
FOLD = QColor("#e8dcc2")
LINE = QColor("#9a8f80")


def draw(size: int, family: str) -> QImage:
    """The icon drawn at ``size`` px; coordinates are on a 256 grid."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(size / 256, size / 256)
    detailed = size >= 32

    # the tile
    tile = QLinearGradient(0, 8, 0, 248)
    tile.setColorAt(0, RED_TOP)
    tile.setColorAt(1, RED_BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(tile))
    margin = 8 if size >= 48 else 4
    p.drawRoundedRect(QRectF(margin, margin, 256 - 2 * margin, 256 - 2 * margin), 44, 44)

    # the sheet, with a soft shadow and a folded corner
    left, top, right, bottom, fold = 56.0, 30.0, 188.0, 222.0, 40.0
    if not detailed:
        left, top, right, bottom, fold = 48.0, 26.0, 196.0, 226.0, 52.0
    sheet = QPolygonF(
        [
            QPointF(left, top),
            QPointF(right - fold, top),
            QPointF(right, top + fold),
            QPointF(right, bottom),
            QPointF(left, bottom),
        ]
    )
    p.setBrush(QColor(0, 0, 0, 60))
    p.drawPolygon(sheet.translated(6, 7))
    p.setBrush(PAPER)
    p.drawPolygon(sheet)
    p.setBrush(FOLD)
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(right - fold, top),
                QPointF(right - fold, top + fold),
                QPointF(right, top + fold),
            ]
        )
    )

    if detailed:
        # the heading line (red, centred) and the text lines
        pen = QPen(RED_TEXT, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(78, 56), QPointF(128, 56))
        pen = QPen(LINE, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        for y, end in ((88, 166), (110, 166), (132, 140)):
            p.drawLine(QPointF(78, y), QPointF(end, y))
        # "57"
        font = QFont(family)
        font.setPixelSize(78)
        font.setBold(True)
        p.setFont(font)
        p.setPen(RED_TEXT)
        p.drawText(
            QRectF(66, 138, 84, 82),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            "57",
        )

    # the gold seal with a check mark
    cx, cy, r = (196.0, 194.0, 44.0) if detailed else (176.0, 176.0, 66.0)
    p.setPen(QPen(GOLD_DARK, 6 if detailed else 10))
    p.setBrush(GOLD)
    p.drawEllipse(QPointF(cx, cy), r, r)
    check = QPainterPath(QPointF(cx - r * 0.48, cy + r * 0.02))
    check.lineTo(QPointF(cx - r * 0.12, cy + r * 0.38))
    check.lineTo(QPointF(cx + r * 0.50, cy - r * 0.34))
    p.setBrush(Qt.BrushStyle.NoBrush)
    width = r * (0.26 if detailed else 0.32)
    p.setPen(
        QPen(
            RED_BOTTOM,
            width,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    p.drawPath(check)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buf.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """A 32-bit BGRA bitmap as stored in an .ico: bottom-up rows, then the AND mask."""
    size = image.width()
    img = image.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory (little endian)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        line = img.constScanLine(y)
        rows.append(bytes(line)[: size * 4])
    mask_row = ((size + 31) // 32) * 4  # all zero: the alpha channel decides
    return header + b"".join(rows) + bytes(mask_row * size)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = [(s, png_bytes(images[s]) if s >= 256 else dib_bytes(images[s])) for s in ICO_SIZES]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for s, data in entries:
        dim = 0 if s >= 256 else s  # 0 means 256
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _s, data in entries)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(str(FONT))
    if font_id < 0:
        raise SystemExit(f"cannot load {FONT}")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    images = {s: draw(s, family) for s in PNG_SIZES}
    ICONS.mkdir(parents=True, exist_ok=True)
    for s, image in images.items():
        target = ICONS / ("kh57.png" if s == 256 else f"kh57-{s}.png")
        target.write_bytes(png_bytes(image))
        print(f"{target.relative_to(ROOT)}  {target.stat().st_size} bytes")
    ICO.write_bytes(ico_bytes(images))
    print(
        f"{ICO.relative_to(ROOT)}  {ICO.stat().st_size} bytes ({', '.join(map(str, ICO_SIZES))} px)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
