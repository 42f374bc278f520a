"""Chooses the platform backends: Windows (RegisterHotKey, SendInput, user32) or Linux/X11 (python-xlib).

Wayland without an X server (XWayland) cannot grab global keys or press keys into other windows, so
that case, and no display at all, ends with a clear message instead of a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.ports import (
    ActiveWindow,
    Autostart,
    ClipboardFacts,
    ClipboardWatch,
    HeldKeyGuard,
    HotkeySource,
    KeySender,
    ModifierState,
    PasteGuard,
)
from deskassist.i18n import _

if TYPE_CHECKING:
    from deskassist.platform.x11_grab import HeldHotkeys


@dataclass
class PlatformBackends:
    """Everything platform-specific the app needs, built once by create_backends()."""

    name: str
    hotkeys: HotkeySource
    keys: KeySender
    windows: ActiveWindow
    modifiers: ModifierState
    autostart: Autostart
    close: Callable[[], None] = field(default=lambda: None)
    notes: list[str] = field(default_factory=list)
    """Translated remarks worth showing once (e.g. running under XWayland)."""
    guard: PasteGuard | None = None
    """Windows: refuses keys into an elevated target while we are not."""
    clipboard: ClipboardFacts | None = None
    """Windows: formats worth saving, set retries, the sequence-number check before a restore."""
    clipboard_watch: ClipboardWatch | None = None
    """Tells the paste engine whether its copy of the clipboard is still current (X11: XFixes; Windows: the
    clipboard sequence number)."""
    held_key_guard: HeldKeyGuard | None = None
    """X11: lets a paste go out while the picker's Enter is still down, its repeats caught (none on Windows:
    there the paste waits until the key is up)."""
    read_native_message: Callable[[int], tuple[int, int, int]] | None = None
    """Windows: reads (message, wParam, lParam) of the MSG a native event filter is handed; with it the app
    routes WM_HOTKEY to `hotkeys` (qt/windows_hotkeys.py)."""
    release_unclaimed_hotkeys: Callable[[], None] = field(default=lambda: None)
    """X11: called once the app has registered its hotkeys; ungrabs those the early start took that it did
    not register (early_start.py)."""


def detect(platform: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Which backend fits: "windows" or "x11"; raises UserError (translated) when none can work."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform == "win32":
        return "windows"
    if platform.startswith("linux") or platform.startswith("freebsd"):
        if environ.get("DISPLAY"):
            return "x11"
        if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
            raise UserError(_("DeskAssist needs X11 for global hotkeys and pasting, and this Wayland session "
                              "has no X server (XWayland). Log in with an \"X11\" / \"Xorg\" session and "
                              "start DeskAssist again."))
        raise UserError(_("No graphical display found (DISPLAY is not set). Start DeskAssist from your "
                          "desktop session, or use the command line: deskassist --help"))
    raise UserError(_("This system ({platform}) is not supported yet; DeskAssist runs on Windows and "
                      "Linux with X11.").format(platform=platform))


def check_display() -> None:
    """On X11, connect to DISPLAY once before Qt does: Qt aborts the process (exit 134, its own English lines)
    when the X server named there is not running. UserError (translated) instead."""
    if detect() != "x11":
        return
    from deskassist.platform.x11_grab import open_display  # the X11 backend loads it right after anyway

    try:
        open_display(os.environ.get("DISPLAY")).close()
    except Exception as exc:  # Xlib raises several kinds when the display is unusable
        raise UserError(_("Cannot open the X display {display}: {reason}").format(
            display=os.environ.get("DISPLAY", ""), reason=" ".join(str(exc).split()))) from exc


def create_backends(held_hotkeys: HeldHotkeys | None = None) -> PlatformBackends:
    """The backends for this machine; UserError with a clear message when there can be none.

    held_hotkeys: the X connection with the hotkeys the early start grabbed; the hotkey backend adopts it.
    """
    kind = detect()
    if kind == "windows":
        return _windows_backends()
    from deskassist.platform import x11

    try:
        desktop = x11.X11Desktop()
    except UserError:
        raise
    except Exception as exc:  # Xlib raises several kinds when the display is unusable
        raise UserError(_("Cannot open the X display {display}: {reason}").format(
            display=os.environ.get("DISPLAY", ""), reason=exc)) from exc
    hotkeys = x11.X11HotkeySource(adopt=held_hotkeys)
    desktop.ignored_keycodes = hotkeys.grabbed_keycodes
    desktop.press_keymap = hotkeys.press_keymap
    notes = []
    if os.environ.get("WAYLAND_DISPLAY") or os.environ.get("XDG_SESSION_TYPE") == "wayland":
        notes.append(_("This is a Wayland session: hotkeys and pasting work only in programs that run "
                       "under XWayland. An X11 session works everywhere."))
        log.event(log.get("hotkey"), "xwayland")

    def close() -> None:
        hotkeys.stop()
        desktop.close()

    return PlatformBackends("x11", hotkeys, desktop, desktop, desktop, x11.XdgAutostart(), close=close,
                            notes=notes, release_unclaimed_hotkeys=hotkeys.release_unclaimed,
                            clipboard_watch=desktop, held_key_guard=desktop)


def _windows_backends() -> PlatformBackends:
    """RegisterHotKey (the app routes WM_HOTKEY through qt/windows_hotkeys.py), SendInput, the Run key."""
    from deskassist.platform.windows import (
        RunKeyAutostart,
        Win32Desktop,
        Win32HotkeySource,
        WindowsClipboardFacts,
    )
    from deskassist.platform.windows.win32 import Win32Api

    api = Win32Api()
    desktop = Win32Desktop(api)
    hotkeys = Win32HotkeySource(api)
    facts = WindowsClipboardFacts(api.clipboard_sequence_number)
    return PlatformBackends("windows", hotkeys, desktop, desktop, desktop, RunKeyAutostart(), close=hotkeys.stop,
                            guard=desktop, clipboard=facts, clipboard_watch=facts, read_native_message=api.read_msg)
