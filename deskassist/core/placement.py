"""Where the picker opens: next to the chat window's text caret, never over the line being answered.

Pure geometry (screen pixels, y down) so the rule is tested without Qt or a platform. What the platform
knows decides the rule: the caret (Windows tells us), else a position the agent dragged the picker to, else
the focused window (the input area of a chat client is its lower part), else the pointer.
"""

from __future__ import annotations

from dataclasses import dataclass

CARET_GAP = 6
POINTER_OFFSET = 12


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """One past the last column (x + width)."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def intersects(self, other: Rect) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))


def _inside(screen: Rect, x: int, y: int, width: int, height: int) -> Rect:
    """The rectangle moved (not resized beyond the screen) so that it lies on screen."""
    width, height = min(width, screen.width), min(height, screen.height)
    return Rect(_clamp(x, screen.x, screen.right - width), _clamp(y, screen.y, screen.bottom - height),
                width, height)


def below_or_above(anchor: Rect, width: int, height: int, screen: Rect, gap: int = CARET_GAP) -> Rect:
    """Under anchor when it fits on screen, else over it; the anchor itself is never covered.

    When neither side has room for the full height, the taller side is used and the picker shrinks to it.
    """
    room_below = screen.bottom - (anchor.bottom + gap)
    room_above = anchor.y - gap - screen.y
    x = _clamp(anchor.x, screen.x, screen.right - min(width, screen.width))
    if room_below >= height:
        return Rect(x, anchor.bottom + gap, min(width, screen.width), height)
    if room_above >= height:
        return Rect(x, anchor.y - gap - height, min(width, screen.width), height)
    if room_below >= room_above:
        return Rect(x, anchor.bottom + gap, min(width, screen.width), max(room_below, 1))
    return Rect(x, screen.y, min(width, screen.width), max(room_above, 1))


def beside_input_area(window: Rect, width: int, height: int, screen: Rect, min_height: int) -> Rect:
    """Where the caret is unknown: beside the window's lower part when the screen has room there, else inside
    its lower half (bottom-right, where chat clients keep the input box), shrunk so its middle stays clear."""
    lower_top = window.y + window.height // 2
    y = _clamp(window.bottom - height, screen.y, screen.bottom - min(height, screen.height))
    if screen.right - window.right >= width:
        return _inside(screen, window.right, y, width, height)
    if window.x - screen.x >= width:
        return _inside(screen, window.x - width, y, width, height)
    visible_bottom = min(window.bottom, screen.bottom)
    room = visible_bottom - lower_top
    fitted = max(min(height, room), min_height)
    top = max(lower_top, visible_bottom - fitted) if fitted <= room else visible_bottom - fitted
    return _inside(screen, window.right - width, top, width, fitted)


def near_pointer(pointer: tuple[int, int], width: int, height: int, screen: Rect) -> Rect:
    """The last resort: below-right of the pointer, flipped to stay on screen."""
    px, py = pointer
    x = px + POINTER_OFFSET if px + POINTER_OFFSET + width <= screen.right else px - POINTER_OFFSET - width
    y = py + POINTER_OFFSET if py + POINTER_OFFSET + height <= screen.bottom else py - POINTER_OFFSET - height
    return _inside(screen, x, y, width, height)


def place_picker(width: int, height: int, screen: Rect, *, caret: Rect | None = None,
                 window: Rect | None = None, remembered: tuple[int, int] | None = None,
                 pointer: tuple[int, int] = (0, 0), min_height: int = 240) -> Rect:
    """The picker's rectangle (its height may shrink, never below min_height unless the screen is smaller)."""
    if caret is not None and caret.width >= 0 and caret.height > 0:
        return below_or_above(caret, width, height, screen)
    if remembered is not None:
        return _inside(screen, remembered[0], remembered[1], width, height)
    if window is not None and window.width > 0 and window.height > 0:
        return beside_input_area(window, width, height, screen, min(min_height, height))
    return near_pointer(pointer, width, height, screen)
