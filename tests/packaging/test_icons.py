"""The committed PNG icon sizes exist, have their size, and are not blank."""

from __future__ import annotations

import struct

import pytest
from packaging_support import load_script

icons = load_script("make_icons")


@pytest.mark.parametrize("size", icons.SIZES)
def test_png_icon_size_is_committed(size: int) -> None:
    path = icons.png_path(size)
    assert path.is_file(), f"{path} is missing: run `make icons`"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (size, size)


def test_png_icon_is_drawn(qapp) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(icons.png_path(64)))
    assert not image.isNull()
    centre = image.pixelColor(32, 32)
    corner = image.pixelColor(0, 0)
    assert centre.alpha() == 255 and corner.alpha() == 0  # drawn, with a transparent margin
