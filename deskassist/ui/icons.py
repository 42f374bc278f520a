"""The app's icons, drawn as SVG in resources/icons and loaded through Qt's SVG image plugin."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap

APP = "deskassist"
PAUSED = "deskassist-paused"


@cache
def icon(name: str = APP) -> QIcon:
    """QIcon for resources/icons/<name>.svg, rendered at the usual tray and window sizes."""
    data = resources.files("deskassist.resources").joinpath("icons", f"{name}.svg").read_bytes()
    result = QIcon()
    pixmap = QPixmap()
    if pixmap.loadFromData(data, "SVG"):
        for size in (16, 22, 24, 32, 48, 64):
            result.addPixmap(pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
    return result
