"""WM_HOTKEY out of Qt's event loop: a native event filter on the GUI thread hands it to the hotkey source.

Qt shows the installed filters every message as "windows_generic_MSG": its event dispatcher before it
dispatches a message from the GUI thread's queue, and its window procedure when someone else's modal loop
dispatches it. The hotkeys are registered for HotkeyWindow, a hidden native window, so both paths see them.
Here in the Qt runtime, not in the platform backend: the backend stays free of Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication
from PySide6.QtGui import QWindow

from deskassist.platform.windows.hotkeys import Win32HotkeySource

EVENT_TYPE = b"windows_generic_MSG"


class HotkeyMessageFilter(QAbstractNativeEventFilter):
    """Consumes our WM_HOTKEY messages; every other message goes on to Qt untouched."""

    def __init__(self, source: Win32HotkeySource, read_msg: Callable[[int], tuple[int, int, int]]) -> None:
        super().__init__()
        self._source = source
        self._read_msg = read_msg

    def nativeEventFilter(self, eventType: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> tuple[bool, int]:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind != EVENT_TYPE or not message:
            return False, 0
        code, wparam, _lparam = self._read_msg(int(message))
        return self._source.handle(code, wparam), 0


class HotkeyWindow:
    """A hidden native window that only receives WM_HOTKEY; created when its handle is first asked for
    (the QGuiApplication exists by then) and kept for the life of the process."""

    def __init__(self) -> None:
        self._window: QWindow | None = None

    def hwnd(self) -> int:
        if self._window is None:
            self._window = QWindow()
            self._window.setTitle("DeskAssist hotkeys")
        return int(self._window.winId())


def install_hotkey_messages(source: Win32HotkeySource,
                            read_msg: Callable[[int], tuple[int, int, int]]) -> HotkeyMessageFilter:
    """Route WM_HOTKEY to source: its keys go to a hidden window, a filter on the application takes them.
    Call before the first registration; keep the returned filter (remove it with remove_hotkey_messages)."""
    window = HotkeyWindow()
    source.set_window(window.hwnd)
    event_filter = HotkeyMessageFilter(source, read_msg)
    event_filter.window = window  # type: ignore[attr-defined]  # lives as long as the filter
    app = QCoreApplication.instance()
    if app is not None:
        app.installNativeEventFilter(event_filter)
    return event_filter


def remove_hotkey_messages(event_filter: HotkeyMessageFilter) -> None:
    app = QCoreApplication.instance()
    if app is not None:
        app.removeNativeEventFilter(event_filter)
