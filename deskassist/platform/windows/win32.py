"""The thin ctypes layer: exactly the Win32 calls the Windows backend makes, nothing decided here.

Every function is one call (or one fixed open/query/close) with argtypes and restype declared, so 64-bit
handles are never truncated to int32. Everything that decides something lives above this class and is
tested on Linux against a fake with the same methods (tests/unit/platform/fake_win32.py); this class
itself is tested against the real API on the Windows CI job (tests/windows/).

Importable anywhere (structures only); the DLLs are loaded when Win32Api() is built, on Windows.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from ctypes import wintypes
from typing import Any

WM_HOTKEY = 0x0312
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
ERROR_ACCESS_DENIED = 5
INPUT_KEYBOARD = 1
KEYEVENTF_EXTENDEDKEY = 0x0001
KEYEVENTF_KEYUP = 0x0002
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
TOKEN_QUERY = 0x0008
TOKEN_INTEGRITY_LEVEL_CLASS = 25  # TokenIntegrityLevel
SW_RESTORE = 9
ULONG_PTR = ctypes.c_size_t


class KEYBDINPUT(ctypes.Structure):
    _fields_ = (("wVk", wintypes.WORD), ("wScan", wintypes.WORD), ("dwFlags", wintypes.DWORD),
                ("time", wintypes.DWORD), ("dwExtraInfo", ULONG_PTR))


class MOUSEINPUT(ctypes.Structure):
    """Only here so INPUT has the size Windows expects (SendInput checks cbSize)."""

    _fields_ = (("dx", wintypes.LONG), ("dy", wintypes.LONG), ("mouseData", wintypes.DWORD),
                ("dwFlags", wintypes.DWORD), ("time", wintypes.DWORD), ("dwExtraInfo", ULONG_PTR))


class _INPUTUNION(ctypes.Union):
    _fields_ = (("ki", KEYBDINPUT), ("mi", MOUSEINPUT))


class INPUT(ctypes.Structure):
    _fields_ = (("type", wintypes.DWORD), ("u", _INPUTUNION))


class SID_AND_ATTRIBUTES(ctypes.Structure):
    _fields_ = (("Sid", ctypes.c_void_p), ("Attributes", wintypes.DWORD))


class TOKEN_MANDATORY_LABEL(ctypes.Structure):
    _fields_ = (("Label", SID_AND_ATTRIBUTES),)


KeyEvent = tuple[int, bool, bool]
"""(virtual-key code, key up, extended key) for send_keys."""


def _declare(dll: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    function = getattr(dll, name)
    function.restype = restype
    function.argtypes = argtypes
    return function


class GUITHREADINFO(ctypes.Structure):
    _fields_ = [("cbSize", wintypes.DWORD), ("flags", wintypes.DWORD), ("hwndActive", wintypes.HWND),
                ("hwndFocus", wintypes.HWND), ("hwndCapture", wintypes.HWND), ("hwndMenuOwner", wintypes.HWND),
                ("hwndMoveSize", wintypes.HWND), ("hwndCaret", wintypes.HWND), ("rcCaret", wintypes.RECT)]


class Win32Api:
    """user32/kernel32/advapi32 with declared signatures; methods return plain Python values."""

    def __init__(self) -> None:
        user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
        H, B, D, U = wintypes.HWND, wintypes.BOOL, wintypes.DWORD, wintypes.UINT
        self._register = _declare(user32, "RegisterHotKey", B, H, ctypes.c_int, U, U)
        self._unregister = _declare(user32, "UnregisterHotKey", B, H, ctypes.c_int)
        self._post = _declare(user32, "PostMessageW", B, H, U, wintypes.WPARAM, wintypes.LPARAM)
        self._foreground = _declare(user32, "GetForegroundWindow", H)
        self._set_foreground = _declare(user32, "SetForegroundWindow", B, H)
        self._to_top = _declare(user32, "BringWindowToTop", B, H)
        self._is_window = _declare(user32, "IsWindow", B, H)
        self._is_iconic = _declare(user32, "IsIconic", B, H)
        self._show = _declare(user32, "ShowWindow", B, H, ctypes.c_int)
        self._thread_pid = _declare(user32, "GetWindowThreadProcessId", D, H, ctypes.POINTER(D))
        self._attach = _declare(user32, "AttachThreadInput", B, D, D, B)
        self._key_state = _declare(user32, "GetAsyncKeyState", ctypes.c_short, ctypes.c_int)
        self._send_input = _declare(user32, "SendInput", U, U, ctypes.POINTER(INPUT), ctypes.c_int)
        self._clip_seq = _declare(user32, "GetClipboardSequenceNumber", D)
        self._clip_owner = _declare(user32, "GetClipboardOwner", H)
        self._gui_info = _declare(user32, "GetGUIThreadInfo", B, D, ctypes.POINTER(GUITHREADINFO))
        self._client_to_screen = _declare(user32, "ClientToScreen", B, H, ctypes.POINTER(wintypes.POINT))
        self._window_rect = _declare(user32, "GetWindowRect", B, H, ctypes.POINTER(wintypes.RECT))
        self._thread_id = _declare(kernel32, "GetCurrentThreadId", D)
        self._process_id = _declare(kernel32, "GetCurrentProcessId", D)
        self._current_process = _declare(kernel32, "GetCurrentProcess", wintypes.HANDLE)
        self._open_process = _declare(kernel32, "OpenProcess", wintypes.HANDLE, D, B, D)
        self._close = _declare(kernel32, "CloseHandle", B, wintypes.HANDLE)
        self._image_name = _declare(kernel32, "QueryFullProcessImageNameW", B, wintypes.HANDLE, D,
                                    wintypes.LPWSTR, ctypes.POINTER(D))
        self._open_token = _declare(advapi32, "OpenProcessToken", B, wintypes.HANDLE, D,
                                    ctypes.POINTER(wintypes.HANDLE))
        self._token_info = _declare(advapi32, "GetTokenInformation", B, wintypes.HANDLE, ctypes.c_int,
                                    ctypes.c_void_p, D, ctypes.POINTER(D))
        self._sub_count = _declare(advapi32, "GetSidSubAuthorityCount", ctypes.POINTER(ctypes.c_ubyte),
                                   ctypes.c_void_p)
        self._sub_authority = _declare(advapi32, "GetSidSubAuthority", ctypes.POINTER(D), ctypes.c_void_p, D)

    # -- hotkeys --------------------------------------------------------------------------------------

    def register_hotkey(self, hwnd: int, hotkey_id: int, modifiers: int, vk: int) -> int:
        """RegisterHotKey for window hwnd (0: this thread's queue); 0 on success, else GetLastError()."""
        if self._register(hwnd or None, hotkey_id, modifiers, vk):
            return 0
        return ctypes.get_last_error() or -1  # type: ignore[attr-defined]

    def unregister_hotkey(self, hwnd: int, hotkey_id: int) -> bool:
        return bool(self._unregister(hwnd or None, hotkey_id))

    def post_message(self, hwnd: int, message: int, wparam: int, lparam: int) -> bool:
        """PostMessageW (the Windows tests post a synthetic WM_HOTKEY with it)."""
        return bool(self._post(hwnd, message, wparam, lparam))

    @staticmethod
    def read_msg(address: int) -> tuple[int, int, int]:
        """(message, wParam, lParam) of the MSG at address (what a native event filter is handed)."""
        msg = wintypes.MSG.from_address(address)
        return msg.message, int(msg.wParam or 0), int(msg.lParam or 0)

    # -- windows and processes ------------------------------------------------------------------------

    def foreground_window(self) -> int:
        return self._foreground() or 0

    def set_foreground_window(self, hwnd: int) -> bool:
        return bool(self._set_foreground(hwnd))

    def bring_window_to_top(self, hwnd: int) -> bool:
        return bool(self._to_top(hwnd))

    def is_window(self, hwnd: int) -> bool:
        return bool(self._is_window(hwnd))

    def restore_if_minimized(self, hwnd: int) -> None:
        if self._is_iconic(hwnd):
            self._show(hwnd, SW_RESTORE)

    def window_thread_process(self, hwnd: int) -> tuple[int, int]:
        """(thread id, process id) that own hwnd; (0, 0) when it is gone."""
        pid = wintypes.DWORD()
        thread = self._thread_pid(hwnd, ctypes.byref(pid))
        return int(thread), int(pid.value)

    def caret_rect(self, thread: int) -> tuple[int, int, int, int] | None:
        """GetGUIThreadInfo's caret of thread, moved to screen pixels with ClientToScreen: (left, top, right,
        bottom); None when the thread shows no caret (many chat clients draw their own)."""
        info = GUITHREADINFO()
        info.cbSize = ctypes.sizeof(GUITHREADINFO)
        if not self._gui_info(thread, ctypes.byref(info)) or not info.hwndCaret:
            return None
        corner = wintypes.POINT(info.rcCaret.left, info.rcCaret.top)
        if not self._client_to_screen(info.hwndCaret, ctypes.byref(corner)):
            return None
        return (corner.x, corner.y, corner.x + info.rcCaret.right - info.rcCaret.left,
                corner.y + info.rcCaret.bottom - info.rcCaret.top)

    def window_rect(self, hwnd: int) -> tuple[int, int, int, int] | None:
        """GetWindowRect: (left, top, right, bottom) in screen pixels; None when the window is gone."""
        rect = wintypes.RECT()
        if not self._window_rect(hwnd, ctypes.byref(rect)):
            return None
        return rect.left, rect.top, rect.right, rect.bottom

    def attach_thread_input(self, attach: int, to: int, on: bool) -> bool:
        return bool(self._attach(attach, to, on))

    def current_thread_id(self) -> int:
        return int(self._thread_id())

    def current_process_id(self) -> int:
        return int(self._process_id())

    def process_image_path(self, pid: int) -> str | None:
        """Full path of the program pid runs; None when the process cannot be opened."""
        handle = self._open_process(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return None
        try:
            size = wintypes.DWORD(1024)
            buffer = ctypes.create_unicode_buffer(size.value)
            if not self._image_name(handle, 0, buffer, ctypes.byref(size)):
                return None
            return buffer.value
        finally:
            self._close(handle)

    def integrity_level(self, pid: int | None) -> int:
        """The mandatory integrity RID of pid's token (None: this process), e.g. 0x2000 medium, 0x3000 high.
        Raises PermissionError when Windows will not show the token (it hides elevated tokens from
        processes below them), OSError for any other failure."""
        process = self._current_process() if pid is None else self._open_process(
            PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not process:
            raise self._error()
        token = wintypes.HANDLE()
        try:
            if not self._open_token(process, TOKEN_QUERY, ctypes.byref(token)):
                raise self._error()
            try:
                needed = wintypes.DWORD()
                self._token_info(token, TOKEN_INTEGRITY_LEVEL_CLASS, None, 0, ctypes.byref(needed))
                buffer = ctypes.create_string_buffer(needed.value or 64)
                if not self._token_info(token, TOKEN_INTEGRITY_LEVEL_CLASS, buffer, len(buffer),
                                        ctypes.byref(needed)):
                    raise self._error()
                sid = TOKEN_MANDATORY_LABEL.from_buffer(buffer).Label.Sid
                count = self._sub_count(sid).contents.value
                return int(self._sub_authority(sid, count - 1).contents.value)
            finally:
                self._close(token)
        finally:
            if pid is not None:
                self._close(process)

    @staticmethod
    def _error() -> OSError:
        code = ctypes.get_last_error()  # type: ignore[attr-defined]
        if code == ERROR_ACCESS_DENIED:
            return PermissionError(code, "access denied")
        return OSError(code, "Win32 error")

    # -- keyboard -------------------------------------------------------------------------------------

    def key_down(self, vk: int) -> bool:
        """The key is physically down now (GetAsyncKeyState's high bit)."""
        return bool(self._key_state(vk) & 0x8000)

    def send_keys(self, events: Sequence[KeyEvent]) -> int:
        """One SendInput call for all events (nothing can slip between them); returns how many went in."""
        inputs = (INPUT * len(events))()
        for slot, (vk, up, extended) in zip(inputs, events, strict=True):
            slot.type = INPUT_KEYBOARD
            slot.u.ki.wVk = vk
            slot.u.ki.dwFlags = (KEYEVENTF_KEYUP if up else 0) | (KEYEVENTF_EXTENDEDKEY if extended else 0)
        return int(self._send_input(len(events), inputs, ctypes.sizeof(INPUT)))

    # -- clipboard ------------------------------------------------------------------------------------

    def clipboard_sequence_number(self) -> int:
        return int(self._clip_seq())

    def clipboard_owner_process(self) -> int:
        """Process id of the clipboard's owner window; 0 when it has none."""
        owner = self._clip_owner()
        return self.window_thread_process(owner)[1] if owner else 0
