"""Start at login on Windows: the HKCU Run key names the command (pythonw.exe -m deskassist, or the bundled
DeskAssist.exe); per user, no administrator rights. The Inno Setup installer writes the same value."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from types import ModuleType

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class RunKeyAutostart:
    """HKCU\\...\\Run value "DeskAssist": Windows starts the command at login."""

    VALUE = "DeskAssist"

    def __init__(self, winreg: ModuleType | None = None) -> None:
        if winreg is None:
            import winreg as loaded

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
