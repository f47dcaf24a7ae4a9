"""Render the app icon's PNG sizes from assets/icons/mockint.svg with Qt's SVG renderer.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Writes assets/icons/hicolor/NxN/apps/APP_ID.png for every size in SIZES (the freedesktop icon
theme layout, so ``make install-desktop`` copies the tree as it is; it installs the SVG itself as
the scalable size). The PNGs are committed; run this again when the SVG or APP_ID changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SOURCE = ICONS / "mockint.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
sys.path.insert(0, str(ROOT))

from mockint.about import APP_ID  # noqa: E402


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int, renderer) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise RuntimeError(f"could not encode the {size}px icon as PNG")
    buf.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QImage/QPainter need it)
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"error: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(size, renderer))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
