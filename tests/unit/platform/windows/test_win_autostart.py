"""Start at login through the HKCU Run key, with an in-memory winreg (the registry cannot run on Linux)."""

from __future__ import annotations

from fake_win32 import FakeWinreg

from deskassist.platform.windows import RUN_KEY, RunKeyAutostart


def test_run_key_autostart_quotes_the_command_and_can_be_undone() -> None:
    reg = FakeWinreg()
    autostart = RunKeyAutostart(reg)  # type: ignore[arg-type]
    assert not autostart.is_enabled()
    autostart.enable([r"C:\Program Files\DeskAssist\deskassist.exe", "--data-dir", r"D:\客服 数据"])
    assert autostart.is_enabled()
    assert reg.values[RUN_KEY]["DeskAssist"] == (
        r'"C:\Program Files\DeskAssist\deskassist.exe" --data-dir "D:\客服 数据"')
    autostart.disable()
    autostart.disable()
    assert not autostart.is_enabled()

