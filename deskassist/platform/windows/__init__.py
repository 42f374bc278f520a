"""The Windows backend: RegisterHotKey hotkeys, SendInput keys, foreground and integrity checks, clipboard
facts, the Run key. win32.py is the only module that touches ctypes; the rest is tested on Linux."""

from __future__ import annotations

from deskassist.platform.windows.autostart import RUN_KEY, RunKeyAutostart
from deskassist.platform.windows.clipboard import WindowsClipboardFacts
from deskassist.platform.windows.desktop import Target, Win32Desktop
from deskassist.platform.windows.hotkeys import Win32HotkeySource

__all__ = ["RUN_KEY", "RunKeyAutostart", "Target", "Win32Desktop", "Win32HotkeySource", "WindowsClipboardFacts"]
