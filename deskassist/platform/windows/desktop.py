"""The foreground window, giving it back, and typing into it: the Windows half of the paste engine.

What Windows needs that X11 does not (see how Espanso's and CopyQ's injectors do it):
- the target is recorded at the hotkey with its program and integrity level; keys sent into a program
  that runs elevated while we do not are silently dropped by Windows (UIPI), so such a paste is refused
  up front with a plain message and the text stays on the clipboard;
- focus goes back with AttachThreadInput + SetForegroundWindow and counts only when GetForegroundWindow
  says so; when Windows refuses, a harmless key tap (the menu-mask key) makes us the last input source
  and the call is tried once more;
- modifiers still held after the hotkey are released behind the menu-mask key, so a lone Alt or Win
  key-up does not open the target's menu bar or the Start menu;
- keys go out in one SendInput batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Protocol

from deskassist.core.keys import KeyCombo
from deskassist.core.placement import Rect
from deskassist.core.ports import WindowHandle
from deskassist.i18n import _
from deskassist.platform.windows.keys import (
    MODIFIER_VKS,
    MOUSE_VKS,
    SIDED_MODIFIER_VKS,
    KeyEvent,
    combo_events,
    mask_tap,
    release_events,
)

MEDIUM_INTEGRITY = 0x2000
HIGH_INTEGRITY = 0x3000
ELEVATED_UNKNOWN = 0x10000
"""Stands for "above us": Windows hid the target's token, which it does for elevated processes."""


class DesktopApi(Protocol):
    """The win32.Win32Api calls this module makes (a fake implements them on Linux)."""

    def foreground_window(self) -> int: ...
    def set_foreground_window(self, hwnd: int) -> bool: ...
    def bring_window_to_top(self, hwnd: int) -> bool: ...
    def is_window(self, hwnd: int) -> bool: ...
    def restore_if_minimized(self, hwnd: int) -> None: ...
    def window_thread_process(self, hwnd: int) -> tuple[int, int]: ...
    def attach_thread_input(self, attach: int, to: int, on: bool) -> bool: ...
    def caret_rect(self, thread: int) -> tuple[int, int, int, int] | None: ...
    def window_rect(self, hwnd: int) -> tuple[int, int, int, int] | None: ...
    def current_thread_id(self) -> int: ...
    def process_image_path(self, pid: int) -> str | None: ...
    def integrity_level(self, pid: int | None) -> int: ...
    def key_down(self, vk: int) -> bool: ...
    def send_keys(self, events: Sequence[KeyEvent]) -> int: ...


@dataclass(frozen=True)
class Target:
    """The window the agent was typing in when the hotkey fired."""

    window: WindowHandle
    pid: int
    program: str
    """Executable name, e.g. AliWorkbench.exe ("" when the process could not be opened)."""
    integrity: int | None
    """Mandatory integrity level; ELEVATED_UNKNOWN when Windows hid it; None when unknown for another reason."""


class Win32Desktop:
    """ActiveWindow, ModifierState, KeySender and the elevated-target check, over a Win32Api."""

    def __init__(self, api: DesktopApi) -> None:
        self._api = api
        self._targets: dict[WindowHandle, Target] = {}
        self._own_integrity: int | None = None

    # -- ActiveWindow ---------------------------------------------------------------------------------

    def focused(self) -> WindowHandle | None:
        """The foreground window, its program and integrity recorded now (called at the hotkey)."""
        hwnd = self._api.foreground_window()
        if not hwnd:
            return None
        self._targets = {hwnd: self._describe(hwnd)}
        return hwnd

    def target(self, window: WindowHandle) -> Target:
        """What was recorded for window at the hotkey (looked up now if it was not)."""
        return self._targets.get(window) or self._describe(window)

    def _describe(self, hwnd: WindowHandle) -> Target:
        _thread, pid = self._api.window_thread_process(hwnd)
        path = self._api.process_image_path(pid) if pid else None
        integrity: int | None
        try:
            integrity = self._api.integrity_level(pid) if pid else None
        except PermissionError:
            integrity = ELEVATED_UNKNOWN
        except OSError:
            integrity = None
        return Target(hwnd, pid, PureWindowsPath(path).name if path else "", integrity)

    def activate(self, window: WindowHandle) -> bool:
        """Bring window to the front; False when it is gone. has_focus() confirms it before any key."""
        api = self._api
        if not api.is_window(window):
            return False
        api.restore_if_minimized(window)
        if self._raise(window):
            return True
        api.send_keys(mask_tap())  # now we sent the last input: Windows lets us set the foreground
        self._raise(window)
        return True

    def _raise(self, window: WindowHandle) -> bool:
        api = self._api
        ours = api.current_thread_id()
        foreground = api.foreground_window()
        theirs = api.window_thread_process(foreground)[0] if foreground else 0
        attached = bool(theirs and theirs != ours and api.attach_thread_input(ours, theirs, True))
        try:
            api.bring_window_to_top(window)
            api.set_foreground_window(window)
        finally:
            if attached:
                api.attach_thread_input(ours, theirs, False)
        return api.foreground_window() == window

    def has_focus(self, window: WindowHandle) -> bool:
        return self._api.foreground_window() == window

    def caret(self, window: WindowHandle) -> Rect | None:
        """The text caret of window's thread on screen (the picker opens next to it); None when that thread
        shows none or its window is another one (a caret left in a background window must not count)."""
        thread = self._api.window_thread_process(window)[0]
        edges = self._api.caret_rect(thread) if thread else None
        if edges is None:
            return None
        left, top, right, bottom = edges
        return Rect(left, top, max(right - left, 1), bottom - top) if bottom > top else None

    def window_rect(self, window: WindowHandle) -> Rect | None:
        """Where window is on screen (the picker keeps away from its middle when the caret is unknown)."""
        edges = self._api.window_rect(window)
        if edges is None:
            return None
        left, top, right, bottom = edges
        return Rect(left, top, right - left, bottom - top) if right > left and bottom > top else None

    def app_names(self, window: WindowHandle) -> Sequence[str]:
        program = self.target(window).program
        if not program:
            return []
        stem = program[:-4] if program.lower().endswith(".exe") else program
        return [program, stem]

    # -- the elevated target --------------------------------------------------------------------------

    def own_integrity(self) -> int | None:
        if self._own_integrity is None:
            try:
                self._own_integrity = self._api.integrity_level(None)
            except OSError:
                return None
        return self._own_integrity

    def paste_refusal(self, window: WindowHandle) -> str | None:
        """Why keys cannot reach window (translated), or None. Windows drops input sent into a process of
        a higher integrity level without an error, so this is decided before anything is sent."""
        target = self.target(window)
        ours = self.own_integrity()
        if target.integrity is None or ours is None or target.integrity <= ours:
            return None
        program = target.program or _("the chat window")
        return _("{program} runs as administrator and DeskAssist does not, so Windows does not let DeskAssist "
                 "type into it. The reply is on the clipboard: press Ctrl+V. To paste directly, start "
                 "DeskAssist as administrator too, or {program} without it.").format(program=program)

    # -- ModifierState --------------------------------------------------------------------------------

    def keys_held(self) -> bool:
        return any(self._api.key_down(vk) for vk in range(0x08, 0xFF) if vk not in MOUSE_VKS and vk not in MODIFIER_VKS)

    def modifiers_held(self) -> bool:
        return any(self._api.key_down(vk) for vk in MODIFIER_VKS)

    def release_modifiers(self) -> None:
        held = [vk for vk in SIDED_MODIFIER_VKS if self._api.key_down(vk)]
        events = release_events(held)
        if events:
            self._api.send_keys(events)

    # -- KeySender ------------------------------------------------------------------------------------

    def send(self, combo: KeyCombo) -> None:
        events = combo_events(combo)
        if self._api.send_keys(events) != len(events):
            raise OSError("SendInput was blocked")
