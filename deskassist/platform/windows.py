"""Windows backends: the `keyboard` package for hotkeys and key presses, user32 for focus and key state,
the HKCU Run key for start at login.

Importable anywhere: `keyboard`, `ctypes.windll` and `winreg` are only touched when a backend is built.
The `keyboard` hook cannot see other programs' hotkeys, so a combo is first probed with RegisterHotKey
(which fails when another program holds it) and released again at once.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from deskassist.core.keys import KeyCombo
from deskassist.core.ports import HotkeyUnavailable, WindowHandle
from deskassist.i18n import _

_KEYBOARD_NAMES = {"Ctrl": "ctrl", "Alt": "alt", "Shift": "shift", "Meta": "windows", "Space": "space",
                   "Enter": "enter", "Esc": "esc", "Tab": "tab", "Insert": "insert", "Delete": "delete",
                   "Home": "home", "End": "end", "PageUp": "page up", "PageDown": "page down", "Up": "up",
                   "Down": "down", "Left": "left", "Right": "right", "Backspace": "backspace", "+": "plus"}
_MOD_FLAGS = {"Alt": 0x0001, "Ctrl": 0x0002, "Shift": 0x0004, "Meta": 0x0008}
MOD_NOREPEAT = 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
_VK_NAMED = {"Space": 0x20, "Enter": 0x0D, "Esc": 0x1B, "Tab": 0x09, "Insert": 0x2D, "Delete": 0x2E,
             "Home": 0x24, "End": 0x23, "PageUp": 0x21, "PageDown": 0x22, "Up": 0x26, "Down": 0x28,
             "Left": 0x25, "Right": 0x27, "Backspace": 0x08, **{f"F{n}": 0x6F + n for n in range(1, 13)}}
_VK_PUNCTUATION = {";": 0xBA, "=": 0xBB, ",": 0xBC, "-": 0xBD, ".": 0xBE, "/": 0xBF, "`": 0xC0, "[": 0xDB,
                   "\\": 0xDC, "]": 0xDD, "'": 0xDE, "+": 0xBB}
_MOUSE_VKS = {0x01, 0x02, 0x04, 0x05, 0x06}
_SIDED_MODIFIER_VKS = (0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0x5B, 0x5C)  # L/R Shift, Ctrl, Alt; L/R Win
_MODIFIER_VKS = (0x10, 0x11, 0x12, *_SIDED_MODIFIER_VKS)
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def keyboard_combo(combo: KeyCombo) -> str:
    """KeyCombo(("Ctrl", "Alt"), "Space") -> "ctrl+alt+space", the `keyboard` package's spelling."""
    return "+".join(_KEYBOARD_NAMES.get(part, part.lower()) for part in (*combo.modifiers, combo.key))


def virtual_key(combo: KeyCombo) -> tuple[int, int]:
    """(modifier flags, virtual-key code) for RegisterHotKey."""
    flags = MOD_NOREPEAT
    for modifier in combo.modifiers:
        flags |= _MOD_FLAGS[modifier]
    key = combo.key
    if key in _VK_NAMED:
        return flags, _VK_NAMED[key]
    if len(key) == 1 and key.isascii() and key.isalnum():
        return flags, ord(key.upper())
    if key in _VK_PUNCTUATION:
        return flags, _VK_PUNCTUATION[key]
    raise HotkeyUnavailable(_("The key {key} is not on this keyboard").format(key=key))


def _load_keyboard() -> ModuleType:
    import keyboard  # noqa: PLC0415 - Windows only, loaded when a backend is built

    return keyboard


class RegisterHotKeyProbe:
    """Asks Windows whether a combo is free: RegisterHotKey then UnregisterHotKey at once."""

    def __call__(self, combo: KeyCombo) -> bool:
        import ctypes  # noqa: PLC0415

        flags, vk = virtual_key(combo)
        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        probe_id = 0xBFFF
        if user32.RegisterHotKey(None, probe_id, flags, vk):
            user32.UnregisterHotKey(None, probe_id)
            return True
        return ctypes.get_last_error() != ERROR_HOTKEY_ALREADY_REGISTERED  # type: ignore[attr-defined]


class KeyboardHotkeySource:
    """Global hotkeys through `keyboard.add_hotkey`; the callbacks run on keyboard's hook thread."""

    def __init__(self, keyboard: ModuleType | None = None,
                 is_free: Callable[[KeyCombo], bool] | None = None) -> None:
        self._kb = keyboard or _load_keyboard()
        self._is_free = is_free or RegisterHotKeyProbe()
        self._callback: Callable[[str], None] | None = None
        self._handles: dict[str, Any] = {}
        self._combos: dict[str, str] = {}
        self._lock = threading.Lock()

    def start(self, on_hotkey: Callable[[str], None]) -> None:
        self._callback = on_hotkey

    def register(self, name: str, combo: KeyCombo) -> None:
        text = keyboard_combo(combo)
        with self._lock:
            self._remove(name)
            if text in self._combos.values():
                raise HotkeyUnavailable(_("{combo} is already used by another DeskAssist hotkey").format(
                    combo=str(combo)))
            if not self._is_free(combo):
                raise HotkeyUnavailable(_("{combo} is already taken by another program").format(
                    combo=str(combo)), taken=True)
            try:
                handle = self._kb.add_hotkey(text, self._fire, args=(name,), suppress=True)
            except (ValueError, ImportError, OSError) as exc:
                raise HotkeyUnavailable(_("{combo} cannot be used as a hotkey: {reason}").format(
                    combo=str(combo), reason=exc)) from exc
            self._handles[name] = handle
            self._combos[name] = text

    def _fire(self, name: str) -> None:
        if self._callback is not None:
            self._callback(name)

    def _remove(self, name: str) -> None:
        handle = self._handles.pop(name, None)
        self._combos.pop(name, None)
        if handle is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._kb.remove_hotkey(handle)

    def unregister(self, name: str) -> None:
        with self._lock:
            self._remove(name)

    def unregister_all(self) -> None:
        with self._lock:
            for name in list(self._handles):
                self._remove(name)

    def stop(self) -> None:
        self.unregister_all()


class KeyboardKeySender:
    """Key presses through `keyboard.send` (SendInput underneath)."""

    def __init__(self, keyboard: ModuleType | None = None) -> None:
        self._kb = keyboard or _load_keyboard()

    def send(self, combo: KeyCombo) -> None:
        self._kb.send(keyboard_combo(combo))


class Win32Desktop:
    """Foreground window, giving it back (AttachThreadInput + SetForegroundWindow), key state."""

    def __init__(self) -> None:
        import ctypes  # noqa: PLC0415
        from ctypes import wintypes  # noqa: PLC0415

        self._ctypes = ctypes
        self._wintypes = wintypes
        self.user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self.kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        self.user32.GetForegroundWindow.restype = wintypes.HWND
        self.user32.GetWindowThreadProcessId.argtypes = (wintypes.HWND, ctypes.POINTER(wintypes.DWORD))
        self.user32.GetWindowThreadProcessId.restype = wintypes.DWORD
        self.kernel32.OpenProcess.restype = wintypes.HANDLE
        self.kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        self.kernel32.QueryFullProcessImageNameW.argtypes = (
            wintypes.HANDLE, wintypes.DWORD, wintypes.LPWSTR, ctypes.POINTER(wintypes.DWORD))
        self.kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
        self.user32.GetAsyncKeyState.restype = ctypes.c_short

    def focused(self) -> WindowHandle | None:
        hwnd = self.user32.GetForegroundWindow()
        return int(hwnd) if hwnd else None

    def activate(self, window: WindowHandle) -> bool:
        if not self.user32.IsWindow(window):
            return False
        if self.user32.IsIconic(window):
            self.user32.ShowWindow(window, 9)  # SW_RESTORE
        foreground = self.user32.GetForegroundWindow()
        ours = self.kernel32.GetCurrentThreadId()
        theirs = self.user32.GetWindowThreadProcessId(foreground, None) if foreground else 0
        attached = bool(theirs and theirs != ours and self.user32.AttachThreadInput(ours, theirs, True))
        try:
            self.user32.BringWindowToTop(window)
            ok = bool(self.user32.SetForegroundWindow(window))
        finally:
            if attached:
                self.user32.AttachThreadInput(ours, theirs, False)
        return ok

    def has_focus(self, window: WindowHandle) -> bool:
        return self.focused() == window

    def app_names(self, window: WindowHandle) -> Sequence[str]:
        ctypes, wintypes = self._ctypes, self._wintypes
        pid = wintypes.DWORD()
        self.user32.GetWindowThreadProcessId(window, ctypes.byref(pid))
        handle = self.kernel32.OpenProcess(0x1000, False, pid.value)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return []
        try:
            size = wintypes.DWORD(1024)
            buffer = ctypes.create_unicode_buffer(size.value)
            if not self.kernel32.QueryFullProcessImageNameW(handle, 0, buffer, ctypes.byref(size)):
                return []
        finally:
            self.kernel32.CloseHandle(handle)
        exe = Path(buffer.value).name
        return [exe, exe.removesuffix(".exe").removesuffix(".EXE")]

    def _down(self, keys: Iterable[int]) -> list[int]:
        return [vk for vk in keys if self.user32.GetAsyncKeyState(vk) & 0x8000]

    def keys_held(self) -> bool:
        return bool(self._down(vk for vk in range(0x08, 0xFF)
                               if vk not in _MOUSE_VKS and vk not in _MODIFIER_VKS))

    def modifiers_held(self) -> bool:
        return bool(self._down(_MODIFIER_VKS))

    def release_modifiers(self) -> None:
        for vk in self._down(_SIDED_MODIFIER_VKS):
            self.user32.keybd_event(vk, 0, 0x0002, 0)  # KEYEVENTF_KEYUP


class RunKeyAutostart:
    """HKCU\\...\\Run value "DeskAssist": Windows starts the command at login."""

    VALUE = "DeskAssist"

    def __init__(self, winreg: ModuleType | None = None) -> None:
        if winreg is None:
            import winreg as loaded  # noqa: PLC0415

            winreg = loaded
        self._reg = winreg

    def is_enabled(self) -> bool:
        try:
            with self._reg.OpenKey(self._reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                self._reg.QueryValueEx(key, self.VALUE)
            return True
        except OSError:
            return False

    def enable(self, command: Sequence[str]) -> None:
        with self._reg.CreateKey(self._reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            self._reg.SetValueEx(key, self.VALUE, 0, self._reg.REG_SZ, subprocess.list2cmdline(list(command)))

    def disable(self) -> None:
        try:
            with self._reg.OpenKey(self._reg.HKEY_CURRENT_USER, RUN_KEY, 0, self._reg.KEY_SET_VALUE) as key:
                self._reg.DeleteValue(key, self.VALUE)
        except FileNotFoundError:
            pass
