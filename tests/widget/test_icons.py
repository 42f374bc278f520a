"""The tray and window icons load, and the PNGs the app uses are the SVG sources rendered."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from deskassist.ui import icons


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
        assert png.convertToFormat(QImage.Format.Format_ARGB32) == drawn, f"{name}-{size}.png is stale: " \
            "run python -m deskassist.ui.icons"
