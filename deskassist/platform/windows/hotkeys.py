"""Global hotkeys through RegisterHotKey: no keyboard hook, so nothing Windows can time out or drop.

Registered for a hidden native window of the GUI thread (qt/windows_hotkeys.HotkeyWindow): WM_HOTKEY is
posted to it and the native event filter there hands it to handle(). A window, not the bare thread
queue: a modal loop that is not Qt's (dragging a window's frame, a native dialog) dispatches window
messages, so Qt's window procedure still shows them to the filter, but drops thread messages. Windows
consumes the key, refuses a combination another program holds (reported at registration, no
probe-then-hook race) and gives the receiving process the right to take the foreground, so the picker
really gets the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from deskassist.core.keys import KeyCombo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.i18n import _
from deskassist.platform.windows.keys import hotkey_code

WM_HOTKEY = 0x0312
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
FIRST_ID = 0x0100
LAST_ID = 0xBFFF
"""Application hotkey ids must lie in 0x0000-0xBFFF."""


class HotkeyApi(Protocol):
    def register_hotkey(self, hwnd: int, hotkey_id: int, modifiers: int, vk: int) -> int: ...

    def unregister_hotkey(self, hwnd: int, hotkey_id: int) -> bool: ...


class Win32HotkeySource:
    """HotkeySource on RegisterHotKey. Call register/unregister on the thread whose queue gets WM_HOTKEY
    (the Qt GUI thread); presses are delivered from handle(), on that same thread."""

    def __init__(self, api: HotkeyApi, window: Callable[[], int] | None = None) -> None:
        """window: the HWND WM_HOTKEY goes to, asked for at the first registration (None: the thread queue)."""
        self._api = api
        self._window = window
        self._hwnd: int | None = None
        self._callback: Callable[[str], None] | None = None
        self._ids: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self._codes: dict[str, tuple[int, int]] = {}
        self._next_id = FIRST_ID

    def start(self, on_hotkey: Callable[[str], None]) -> None:
        self._callback = on_hotkey

    def register(self, name: str, combo: KeyCombo) -> None:
        code = hotkey_code(combo)
        self.unregister(name)
        if code in self._codes.values():
            raise HotkeyUnavailable(_("{combo} is already used by another DeskAssist hotkey").format(
                combo=str(combo)))
        hotkey_id = self._take_id()
        error = self._api.register_hotkey(self._target(), hotkey_id, *code)
        if error == ERROR_HOTKEY_ALREADY_REGISTERED:
            raise HotkeyUnavailable(_("{combo} is already taken by another program").format(
                combo=str(combo)), taken=True)
        if error:
            raise HotkeyUnavailable(_("{combo} cannot be used as a hotkey: {reason}").format(
                combo=str(combo), reason=_("Windows error {code}").format(code=error)))
        self._ids[name] = hotkey_id
        self._names[hotkey_id] = name
        self._codes[name] = code

    def set_window(self, window: Callable[[], int]) -> None:
        """The HWND provider WM_HOTKEY should go to; before the first registration."""
        self._window = window

    def _target(self) -> int:
        if self._hwnd is None:
            self._hwnd = self._window() if self._window is not None else 0
        return self._hwnd

    def _take_id(self) -> int:
        while self._next_id in self._names:
            self._next_id = FIRST_ID if self._next_id >= LAST_ID else self._next_id + 1
        hotkey_id = self._next_id
        self._next_id = FIRST_ID if self._next_id >= LAST_ID else self._next_id + 1
        return hotkey_id

    def handle(self, message: int, wparam: int) -> bool:
        """A message from the GUI thread's queue: True (consumed) when it is one of our WM_HOTKEYs."""
        if message != WM_HOTKEY or wparam not in self._names:
            return False
        if self._callback is not None:
            self._callback(self._names[wparam])
        return True

    def hotkey_id(self, name: str) -> int | None:
        """The id WM_HOTKEY carries in wParam for name (None when it is not registered)."""
        return self._ids.get(name)

    def registered(self) -> dict[str, tuple[int, int]]:
        """Name -> (modifier flags, virtual key) Windows holds for us now."""
        return dict(self._codes)

    def unregister(self, name: str) -> None:
        hotkey_id = self._ids.pop(name, None)
        self._codes.pop(name, None)
        if hotkey_id is not None:
            self._names.pop(hotkey_id, None)
            self._api.unregister_hotkey(self._target(), hotkey_id)

    def unregister_all(self) -> None:
        for name in list(self._ids):
            self.unregister(name)

    def stop(self) -> None:
        self.unregister_all()
        self._callback = None
