"""The Windows backend's own logic, with a thin fake of the `keyboard` package (it cannot run on Linux)."""

from __future__ import annotations

from typing import Any

import pytest

from deskassist.core.keys import parse_combo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.platform import windows
from deskassist.platform.windows import (
    KeyboardHotkeySource,
    KeyboardKeySender,
    RunKeyAutostart,
    keyboard_combo,
    virtual_key,
)


class FakeKeyboard:
    """Just the calls DeskAssist makes: add_hotkey, remove_hotkey, send; names it does not know fail."""

    KNOWN = {"ctrl", "alt", "shift", "windows", "space", "enter", "esc", "insert", "page up", "plus", "f5", "v",
             *"0123456789abcdefghijklmnopqrstuvwxyz"}

    def __init__(self) -> None:
        self.hotkeys: dict[int, tuple[str, Any, tuple]] = {}
        self.sent: list[str] = []
        self._next = 1

    def add_hotkey(self, hotkey: str, callback: Any, args: tuple = (), suppress: bool = False) -> int:
        for part in hotkey.split("+"):
            if part not in self.KNOWN:
                raise ValueError(f"{part!r} is not mapped to any known key.")
        handle, self._next = self._next, self._next + 1
        self.hotkeys[handle] = (hotkey, callback, args)
        return handle

    def remove_hotkey(self, handle: int) -> None:
        del self.hotkeys[handle]

    def send(self, keys: str) -> None:
        self.sent.append(keys)

    def press(self, hotkey: str) -> None:
        for combo, callback, args in list(self.hotkeys.values()):
            if combo == hotkey:
                callback(*args)


@pytest.mark.parametrize(("combo", "expected"), [
    ("Ctrl+Alt+Space", "ctrl+alt+space"),
    ("Ctrl+Alt+1", "ctrl+alt+1"),
    ("Shift+Insert", "shift+insert"),
    ("Win+Alt+PageUp", "alt+windows+page up"),
    ("ctrl+alt+p", "ctrl+alt+p"),
    ("Ctrl+Enter", "ctrl+enter"),
])
def test_combo_translation(combo: str, expected: str) -> None:
    assert keyboard_combo(parse_combo(combo)) == expected


def test_virtual_keys_for_register_hotkey() -> None:
    assert virtual_key(parse_combo("Ctrl+Alt+Space")) == (0x4000 | 0x2 | 0x1, 0x20)
    assert virtual_key(parse_combo("Ctrl+Alt+1")) == (0x4003, ord("1"))
    assert virtual_key(parse_combo("Win+F5")) == (0x4008, 0x74)
    assert virtual_key(parse_combo("Ctrl+Alt+,")) == (0x4003, 0xBC)


def test_hotkeys_register_fire_and_unregister() -> None:
    kb = FakeKeyboard()
    source = KeyboardHotkeySource(kb, is_free=lambda combo: True)
    fired: list[str] = []
    source.start(fired.append)
    source.register("picker", parse_combo("Ctrl+Alt+Space"))
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    kb.press("ctrl+alt+space")
    kb.press("ctrl+alt+1")
    assert fired == ["picker", "slot1"]
    source.register("picker", parse_combo("Ctrl+Alt+P"))  # re-registering replaces the old combo
    kb.press("ctrl+alt+space")
    kb.press("ctrl+alt+p")
    assert fired == ["picker", "slot1", "picker"]
    source.unregister_all()
    assert kb.hotkeys == {}


def test_a_combo_held_by_another_program_is_reported_as_taken() -> None:
    kb = FakeKeyboard()
    source = KeyboardHotkeySource(kb, is_free=lambda combo: combo != parse_combo("Ctrl+Alt+2"))
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    with pytest.raises(HotkeyUnavailable, match="taken by another program") as caught:
        source.register("slot2", parse_combo("Ctrl+Alt+2"))
    assert caught.value.taken
    assert [combo for combo, _cb, _args in kb.hotkeys.values()] == ["ctrl+alt+1"]


def test_the_same_combo_twice_and_unknown_keys_are_refused() -> None:
    kb = FakeKeyboard()
    source = KeyboardHotkeySource(kb, is_free=lambda combo: True)
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    with pytest.raises(HotkeyUnavailable, match="another DeskAssist hotkey"):
        source.register("slot9", parse_combo("Ctrl+Alt+1"))
    with pytest.raises(HotkeyUnavailable, match="cannot be used as a hotkey") as caught:
        source.register("odd", parse_combo("Ctrl+Alt+F11"))
    assert not caught.value.taken


def test_key_sender_sends_the_keyboard_spelling() -> None:
    kb = FakeKeyboard()
    sender = KeyboardKeySender(kb)
    sender.send(parse_combo("Ctrl+V"))
    sender.send(parse_combo("Shift+Insert"))
    assert kb.sent == ["ctrl+v", "shift+insert"]


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
    assert reg.values[windows.RUN_KEY]["DeskAssist"] == (
        r'"C:\Program Files\DeskAssist\deskassist.exe" --data-dir "D:\客服 数据"')
    autostart.disable()
    autostart.disable()
    assert not autostart.is_enabled()

