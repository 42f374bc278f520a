"""The one window registry: every window the tray opens (phrase manager, settings, the notes windows) is built
once per kind, brought forward when asked again, and focus goes back to the chat window the same way for all.

Before, the app and the notes feature each kept a registry and a copy of the focus-back code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from deskassist import log
from deskassist.core.ports import WindowHandle

_log = log.get("app")


class WindowRegistry:
    """key -> the one window of that kind; reads like a mapping (`registry["memos"]`, `"memos" in registry`)."""

    def __init__(self, desktop_windows: Any = None) -> None:
        self._desktop_windows = desktop_windows  # the platform's window port (activate), None in some tests
        self._windows: dict[str, QWidget] = {}

    # -- mapping view ----------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> QWidget:
        return self._windows[key]

    def __contains__(self, key: object) -> bool:
        return key in self._windows

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._windows))

    def get(self, key: str) -> QWidget | None:
        return self._windows.get(key)

    def values(self) -> list[QWidget]:
        return list(self._windows.values())

    def visible(self, key: str) -> QWidget | None:
        """The window of that kind if it is on screen now (views refresh only what the agent sees)."""
        window = self._windows.get(key)
        return window if window is not None and window.isVisible() else None

    # -- showing ---------------------------------------------------------------------------------------
    def show(self, key: str, build: Callable[[], QWidget], *, keep_on_close: bool = False,
             refresh: bool = False, fresh: bool = False) -> QWidget:
        """Show the window of that kind, building it on first use; raise it if it is already open.

        keep_on_close: closing only hides it (kept for next time); refresh: an existing window reloads its data
        before showing; fresh: a hidden one is replaced by a new build (a dialog that starts empty each time).
        ImportError from build propagates: the caller says the window is not available.
        """
        window = self._windows.get(key)
        if window is not None and fresh and not window.isVisible():
            window = None
        if window is None:
            window = build()
            if keep_on_close:
                window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            window_id = id(window)
            window.destroyed.connect(lambda *_a, k=key, i=window_id: self._forget(k, i))
            self._windows[key] = window
        elif refresh and hasattr(window, "refresh"):
            window.refresh()
        window.show()
        window.raise_()
        window.activateWindow()
        log.event(log.get("ui"), "window_shown", window=key)
        return window

    def _forget(self, key: str, window_id: int) -> None:
        """A destroyed window leaves the registry, unless a newer one of its kind took its place already."""
        if id(self._windows.get(key)) == window_id:
            del self._windows[key]

    def forget_hidden(self, keys: Iterable[str]) -> None:
        """Drop those kinds that are not on screen (after a language change they are rebuilt when next opened)."""
        for key in keys:
            window = self._windows.get(key)
            if window is not None and not window.isVisible():
                del self._windows[key]
                window.deleteLater()

    def close(self, keys: Iterable[str]) -> None:
        for key in keys:
            window = self._windows.get(key)
            if window is not None:
                window.close()

    # -- focus -----------------------------------------------------------------------------------------
    def focus_back(self, target: WindowHandle | None) -> None:
        """Give the focus back to the window that had it (the chat box), if it is still there."""
        if target is None or self._desktop_windows is None:
            return
        try:
            self._desktop_windows.activate(target)
        except Exception:  # noqa: BLE001 - the window may be gone; nothing to give back
            log.event(_log, "focus_back_failed")
