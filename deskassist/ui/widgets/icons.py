"""The app's icons. Drawn as SVG in resources/icons (the source); the app loads PNGs rendered from them,
because Qt's SVG plugin alone costs ~6 MB of resident memory. After editing an SVG, run
`python -m deskassist.ui.widgets.icons` to render the PNGs again (a test checks they are in step).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

APP = "deskassist"
PAUSED = "deskassist-paused"
NAMES = (APP, PAUSED)
SIZES = (16, 22, 24, 32, 48, 64)


def _folder() -> Traversable:
    return resources.files("deskassist.resources").joinpath("icons")


@cache
def icon(name: str = APP) -> QIcon:
    """QIcon with the pre-rendered PNG sizes of resources/icons/<name>.svg."""
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(_folder().joinpath(f"{name}-{size}.png").read_bytes(), "PNG"):
            result.addPixmap(pixmap)
    return result


@cache
def badged(name: str = APP) -> QIcon:
    """The icon with a red dot in its top-right corner: something waits for the agent (a handover note)."""
    result = QIcon()
    for pixmap in (icon(name).pixmap(size, size) for size in SIZES):
        marked = QPixmap(pixmap)
        painter = QPainter(marked)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e53935"))
        dot = max(4, marked.width() * 2 // 5)
        painter.drawEllipse(marked.width() - dot, 0, dot, dot)
        painter.end()
        result.addPixmap(marked)
    return result


PIN_RED = "#e53935"


def paint_pin(painter: QPainter, size: int) -> None:
    """A red push pin leaning right, its needle to the bottom left, in a size×size square: drawn, not a
    📌 character (without an emoji font that is an empty box)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 64, size / 64)
    painter.translate(32, 32)
    painter.rotate(40)
    painter.translate(-32, -32)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#616161"))
    painter.drawRect(QRectF(30, 36, 4, 26))  # the needle
    painter.setBrush(QColor("#b71c1c"))
    painter.drawRoundedRect(QRectF(13, 30, 38, 9), 4, 4)  # the collar
    painter.setBrush(QColor(PIN_RED))
    painter.drawRect(QRectF(24, 14, 16, 17))  # the neck
    painter.drawRoundedRect(QRectF(18, 3, 28, 13), 6, 6)  # the head
    painter.setBrush(QColor(255, 255, 255, 110))
    painter.drawRoundedRect(QRectF(22, 6, 8, 5), 2, 2)  # a glint, so it reads as round at 16 px
    painter.restore()


@cache
def pin_icon() -> QIcon:
    """The pin that marks pinned memos and phrases on their pinned slot (tool tip and accessible name say so)."""
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_pin(painter, size)
        painter.end()
        result.addPixmap(pixmap)
    return result


def render_svg(name: str, size: int) -> QPixmap:
    """The SVG source drawn at one size (needs Qt's SVG image plugin)."""
    source = QPixmap()
    if not source.loadFromData(_folder().joinpath(f"{name}.svg").read_bytes(), "SVG"):
        raise RuntimeError(f"cannot read {name}.svg")
    return source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def render_pngs(folder: Path) -> list[Path]:
    """Write <name>-<size>.png for every icon and size into folder."""
    written = []
    for name in NAMES:
        for size in SIZES:
            path = folder / f"{name}-{size}.png"
            if not render_svg(name, size).save(str(path), "PNG"):
                raise RuntimeError(f"cannot write {path}")
            written.append(path)
    return written


if __name__ == "__main__":
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _app = QApplication(sys.argv[:1])
    for written in render_pngs(Path(str(_folder()))):
        print(written)
