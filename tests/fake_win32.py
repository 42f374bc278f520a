"""A fake of win32.Win32Api, the thin ctypes layer: a few windows and processes, a hotkey table that
other programs hold keys in, a key state, and Windows' rules that matter to the backend (SetForegroundWindow
is refused without the right to take the foreground; input into a higher integrity level is dropped)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from deskassist.platform.windows.win32 import ERROR_HOTKEY_ALREADY_REGISTERED, WM_HOTKEY

OUR_PID, OUR_THREAD = 100, 1000
MEDIUM, HIGH = 0x2000, 0x3000


@dataclass
class FakeWindow:
    hwnd: int
    pid: int
    thread: int
    path: str
    integrity: int | None = MEDIUM
    hidden_token: bool = False
    """Windows refuses to show this process's token to us (what it does for elevated processes)."""
    minimized: bool = False
    rect: tuple[int, int, int, int] | None = None
    """GetWindowRect: (left, top, right, bottom)."""
    caret: tuple[int, int, int, int] | None = None
    """The caret its thread shows, client coordinates (left, top, right, bottom); None: no system caret."""
    typed: list[tuple[int, bool, bool]] = field(default_factory=list)


class FakeWin32:
    def __init__(self) -> None:
        self.windows: dict[int, FakeWindow] = {}
        self.foreground = 0
        self.taken_by_others: set[tuple[int, int]] = set()
        self.hotkeys: dict[int, tuple[int, int]] = {}
        self.queue: list[tuple[int, int, int]] = []
        self.down: set[int] = set()
        self.sent: list[tuple[int, bool, bool]] = []
        self.calls: list[str] = []
        self.own_integrity = MEDIUM
        self.may_take_foreground = False
        """Windows' foreground lock: only a process that got the last input (or is attached) may take it."""
        self.attached: set[tuple[int, int]] = set()
        self.sequence = 1
        self.on_typed: dict[int, Callable[[int, bool], None]] = {}

    def add_window(self, hwnd: int, path: str, *, pid: int | None = None, **kw: object) -> FakeWindow:
        window = FakeWindow(hwnd, pid or hwnd + 1, hwnd + 2, path, **kw)  # type: ignore[arg-type]
        self.windows[hwnd] = window
        return window

    # hotkeys
    def register_hotkey(self, hwnd: int, hotkey_id: int, modifiers: int, vk: int) -> int:
        self.calls.append(f"RegisterHotKey({hwnd}, {hotkey_id:#x}, {modifiers:#x}, {vk:#x})")
        if (modifiers & ~0x4000, vk) in self.taken_by_others or (modifiers, vk) in self.hotkeys.values():
            return ERROR_HOTKEY_ALREADY_REGISTERED
        self.hotkeys[hotkey_id] = (modifiers, vk)
        return 0

    def unregister_hotkey(self, hwnd: int, hotkey_id: int) -> bool:
        self.calls.append(f"UnregisterHotKey({hwnd}, {hotkey_id:#x})")
        return self.hotkeys.pop(hotkey_id, None) is not None

    def read_msg(self, address: int) -> tuple[int, int, int]:
        """What Win32Api.read_msg reads from a MSG: here the queue entry at that index + 1."""
        return self.queue[address - 1]

    def press_hotkey(self, modifiers: int, vk: int) -> None:
        """The user presses a combination: Windows posts WM_HOTKEY to our queue if we hold it."""
        for hotkey_id, code in self.hotkeys.items():
            if code[0] & ~0x4000 == modifiers and code[1] == vk:
                self.queue.append((WM_HOTKEY, hotkey_id, 0))
                self.may_take_foreground = True

    # windows and processes
    def foreground_window(self) -> int:
        return self.foreground

    def set_foreground_window(self, hwnd: int) -> bool:
        self.calls.append(f"SetForegroundWindow({hwnd})")
        fg_thread = self.windows[self.foreground].thread if self.foreground in self.windows else 0
        if self.may_take_foreground or (OUR_THREAD, fg_thread) in self.attached:
            self.foreground = hwnd
            return True
        return False

    def bring_window_to_top(self, hwnd: int) -> bool:
        return hwnd in self.windows

    def is_window(self, hwnd: int) -> bool:
        return hwnd in self.windows

    def restore_if_minimized(self, hwnd: int) -> None:
        if self.windows[hwnd].minimized:
            self.calls.append(f"ShowWindow({hwnd}, SW_RESTORE)")
            self.windows[hwnd].minimized = False

    def window_thread_process(self, hwnd: int) -> tuple[int, int]:
        window = self.windows.get(hwnd)
        return (window.thread, window.pid) if window else (0, 0)

    def caret_rect(self, thread: int) -> tuple[int, int, int, int] | None:
        """GetGUIThreadInfo + ClientToScreen: the caret moved by its window's top-left corner."""
        self.calls.append(f"GetGUIThreadInfo({thread})")
        for window in self.windows.values():
            if window.thread == thread and window.caret is not None:
                dx, dy = window.rect[:2] if window.rect else (0, 0)
                left, top, right, bottom = window.caret
                return left + dx, top + dy, right + dx, bottom + dy
        return None

    def window_rect(self, hwnd: int) -> tuple[int, int, int, int] | None:
        window = self.windows.get(hwnd)
        return window.rect if window is not None else None

    def attach_thread_input(self, attach: int, to: int, on: bool) -> bool:
        self.calls.append(f"AttachThreadInput({attach}, {to}, {on})")
        (self.attached.add if on else self.attached.discard)((attach, to))
        return True

    def current_thread_id(self) -> int:
        return OUR_THREAD

    def current_process_id(self) -> int:
        return OUR_PID

    def _process(self, pid: int) -> FakeWindow | None:
        return next((w for w in self.windows.values() if w.pid == pid), None)

    def process_image_path(self, pid: int) -> str | None:
        window = self._process(pid)
        return window.path if window else None

    def integrity_level(self, pid: int | None) -> int:
        if pid is None:
            return self.own_integrity
        window = self._process(pid)
        if window is None:
            raise OSError(87, "no such process")
        if window.hidden_token:
            raise PermissionError(5, "access denied")
        if window.integrity is None:
            raise OSError(31, "failed")
        return window.integrity

    # keyboard
    def key_down(self, vk: int) -> bool:
        return vk in self.down

    def send_keys(self, events: Sequence[tuple[int, bool, bool]]) -> int:
        self.sent.extend(events)
        self.may_take_foreground = True  # we sent the last input
        for vk, up, _extended in events:
            (self.down.discard if up else self.down.add)(vk)
        target = self.windows.get(self.foreground)
        if target is not None and (target.integrity or 0) <= self.own_integrity and not target.hidden_token:
            target.typed.extend(events)  # UIPI drops input into a higher integrity level, without an error
            for vk, up, _extended in events:
                if target.hwnd in self.on_typed:
                    self.on_typed[target.hwnd](vk, up)
        return len(events)

    # clipboard
    def clipboard_sequence_number(self) -> int:
        return self.sequence


class ChatBox:
    """A chat window's input box in the fake: on Ctrl+V it reads the clipboard as a chat client does."""

    def __init__(self, api: FakeWin32, window: FakeWindow, read: Callable[[], str]) -> None:
        self.texts: list[str] = []
        self._read = read
        self._ctrl = False
        api.on_typed[window.hwnd] = self._key

    def _key(self, vk: int, up: bool) -> None:
        if vk in (0xA2, 0xA3, 0x11):
            self._ctrl = not up
        elif vk == ord("V") and not up and self._ctrl:
            self.texts.append(self._read())


class FakeWinreg:
    """An in-memory HKCU with the winreg calls RunKeyAutostart makes."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_SET_VALUE = 2
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[str, dict[str, str]] = {}

    class _Key:
        def __init__(self, store: dict[str, str]) -> None:
            self.store = store

        def __enter__(self) -> FakeWinreg._Key:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def OpenKey(self, root: str, path: str, reserved: int = 0, access: int = 0) -> _Key:
        if path not in self.values:
            raise FileNotFoundError(path)
        return self._Key(self.values[path])

    def CreateKey(self, root: str, path: str) -> _Key:
        return self._Key(self.values.setdefault(path, {}))

    def QueryValueEx(self, key: _Key, name: str) -> tuple[str, int]:
        if name not in key.store:
            raise FileNotFoundError(name)
        return key.store[name], self.REG_SZ

    def SetValueEx(self, key: _Key, name: str, reserved: int, kind: int, value: str) -> None:
        key.store[name] = value

    def DeleteValue(self, key: _Key, name: str) -> None:
        if name not in key.store:
            raise FileNotFoundError(name)
        del key.store[name]
