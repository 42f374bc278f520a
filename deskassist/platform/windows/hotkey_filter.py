"""WM_HOTKEY out of Qt's event loop: a native event filter on the GUI thread hands it to the hotkey source.

Qt's Windows event dispatcher shows every message it takes from the GUI thread's queue to the installed
filters as "windows_generic_MSG", thread messages (hwnd NULL, as RegisterHotKey(NULL, ...) posts them)
included. Only QtCore is imported: the backend stays free of widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray

from deskassist.platform.windows.hotkeys import Win32HotkeySource

EVENT_TYPE = b"windows_generic_MSG"


class HotkeyMessageFilter(QAbstractNativeEventFilter):
    """Consumes our WM_HOTKEY messages; every other message goes on to Qt untouched."""

    def __init__(self, source: Win32HotkeySource, read_msg: Callable[[int], tuple[int, int, int]]) -> None:
        super().__init__()
        self._source = source
        self._read_msg = read_msg

    def nativeEventFilter(self, eventType: QByteArray | bytes, message: int) -> tuple[bool, int]:
        if bytes(eventType) != EVENT_TYPE or not message:
            return False, 0
        code, wparam, _lparam = self._read_msg(int(message))
        return self._source.handle(code, wparam), 0
