"""Data folder, single-instance lock and start at login on real Windows paths and registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deskassist import paths
from deskassist.platform.windows import RunKeyAutostart


def test_the_data_folder_is_under_localappdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    folder = paths.data_dir()
    assert folder == (Path(os.environ["LOCALAPPDATA"]) / "DeskAssist").resolve()
    assert folder.is_dir()


class _TestRunKey(RunKeyAutostart):
    VALUE = "DeskAssistCITest"


def test_the_run_key_is_written_and_removed() -> None:
    import winreg

    autostart = _TestRunKey()
    exe = r"C:\Users\agent\AppData\Local\Programs\DeskAssist\DeskAssist.exe"
    try:
        autostart.enable([exe])
        assert autostart.is_enabled()
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run") as key:
            assert winreg.QueryValueEx(key, "DeskAssistCITest")[0] == f'"{exe}"' or \
                winreg.QueryValueEx(key, "DeskAssistCITest")[0] == exe
    finally:
        autostart.disable()
    assert not autostart.is_enabled()
