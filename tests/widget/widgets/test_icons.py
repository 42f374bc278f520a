"""The tray and window icons load, and the PNGs the app uses are the SVG sources rendered."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from deskassist.ui.widgets import icons

# Qt's rasteriser rounds anti-aliased edges differently between patch releases (seen: 8 pixels off by one
# at 48 px); a stale PNG differs by far more than this.
ROUNDING_TOLERANCE = 2


def _largest_channel_difference(a: QImage, b: QImage) -> int:
    largest = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixel(x, y), b.pixel(x, y)
            largest = max(largest, *(abs(((p >> s) & 255) - ((q >> s) & 255)) for s in (0, 8, 16, 24)))
    return largest


def test_icons_have_every_size(qtbot) -> None:
    for name in icons.NAMES:
        icon = icons.icon(name)
        assert not icon.isNull()
        assert sorted(s.width() for s in icon.availableSizes()) == list(icons.SIZES)


@pytest.mark.parametrize("name", icons.NAMES)
def test_pngs_are_in_step_with_the_svg_sources(qtbot, name: str) -> None:
    for size in icons.SIZES:
        png = QImage()
        assert png.loadFromData(icons._folder().joinpath(f"{name}-{size}.png").read_bytes(), "PNG")
        drawn = icons.render_svg(name, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        shipped = png.convertToFormat(QImage.Format.Format_ARGB32)
        assert shipped.size() == drawn.size()
        assert _largest_channel_difference(shipped, drawn) <= ROUNDING_TOLERANCE, (
            f"{name}-{size}.png is stale: run python -m deskassist.ui.widgets.icons"
        )


def test_pin_icon_is_drawn_red_head_and_grey_needle_at_every_size(qtbot) -> None:
    """📌 is an empty box without an emoji font; the pin is drawn with QPainter instead."""
    pin = icons.pin_icon()
    assert sorted(s.width() for s in pin.availableSizes()) == list(icons.SIZES)
    for size in icons.SIZES:
        image = pin.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        colours = [image.pixelColor(x, y) for y in range(size) for x in range(size)]
        opaque = [c for c in colours if c.alpha() == 255]
        assert image.pixelColor(0, 0).alpha() == 0  # a transparent background, not a filled box
        assert sum(1 for c in opaque if c.red() > 180 and c.green() < 90) >= size * size // 12  # the red head
        assert any(abs(c.red() - c.green()) < 8 and 60 < c.red() < 140 and c.alpha() >= 160
                   for c in colours)  # the grey needle (anti-aliased: one pixel wide at 16 px)
