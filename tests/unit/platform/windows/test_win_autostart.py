"""Start at login through the HKCU Run key, with an in-memory winreg (the registry cannot run on Linux)."""

from __future__ import annotations

from deskassist.platform.windows import RUN_KEY, RunKeyAutostart


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

    def OpenKey(self, root: str, path: str, reserved: int = 0, access: int = 0) -> _Key:  # noqa: N802
        if path not in self.values:
            raise FileNotFoundError(path)
        return self._Key(self.values[path])

    def CreateKey(self, root: str, path: str) -> _Key:  # noqa: N802
        return self._Key(self.values.setdefault(path, {}))

    def QueryValueEx(self, key: _Key, name: str) -> tuple[str, int]:  # noqa: N802
        if name not in key.store:
            raise FileNotFoundError(name)
        return key.store[name], self.REG_SZ

    def SetValueEx(self, key: _Key, name: str, reserved: int, kind: int, value: str) -> None:  # noqa: N802
        key.store[name] = value

    def DeleteValue(self, key: _Key, name: str) -> None:  # noqa: N802
        if name not in key.store:
            raise FileNotFoundError(name)
        del key.store[name]


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

