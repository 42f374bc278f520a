"""RegisterHotKey hotkeys through the fake Win32 layer: what is registered, what a taken key reports,
how a WM_HOTKEY from the queue becomes a press."""

from __future__ import annotations

import pytest
from fake_win32 import FakeWin32

from deskassist.core.keys import parse_combo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.platform.windows import Win32HotkeySource
from deskassist.platform.windows.keys import MOD_ALT, MOD_CONTROL, MOD_NOREPEAT, MOD_WIN, hotkey_code
from deskassist.platform.windows.win32 import WM_HOTKEY


def deliver(api: FakeWin32, source: Win32HotkeySource) -> list[bool]:
    """Run the GUI thread's queue through the source, as the native event filter does."""
    handled = [source.handle(message, wparam) for message, wparam, _l in api.queue]
    api.queue.clear()
    return handled


@pytest.mark.parametrize(("combo", "code"), [
    ("Ctrl+Alt+Space", (MOD_NOREPEAT | MOD_CONTROL | MOD_ALT, 0x20)),
    ("Ctrl+Alt+1", (0x4003, ord("1"))),
    ("Win+F5", (MOD_NOREPEAT | MOD_WIN, 0x74)),
    ("Ctrl+Alt+,", (0x4003, 0xBC)),
    ("Ctrl+Alt+Q", (0x4003, ord("Q"))),
])
def test_combos_become_register_hotkey_codes_with_norepeat(combo: str, code: tuple[int, int]) -> None:
    assert hotkey_code(parse_combo(combo)) == code


def test_the_default_hotkeys_are_registered_and_a_press_reaches_the_callback() -> None:
    api = FakeWin32()
    source = Win32HotkeySource(api)
    fired: list[str] = []
    source.start(fired.append)
    for name, combo in [("picker", "Ctrl+Alt+Space"), ("panel", "Ctrl+Alt+P"), ("slot1", "Ctrl+Alt+1")]:
        source.register(name, parse_combo(combo))
    assert sorted(api.hotkeys.values()) == [(0x4003, 0x20), (0x4003, ord("1")), (0x4003, ord("P"))]
    api.press_hotkey(MOD_CONTROL | MOD_ALT, ord("1"))
    api.press_hotkey(MOD_CONTROL | MOD_ALT, 0x20)
    api.queue.append((0x0100, 0x41, 0))  # WM_KEYDOWN: not ours, left to Qt
    assert deliver(api, source) == [True, True, False]
    assert fired == ["slot1", "picker"]


def test_a_key_another_program_holds_is_reported_at_registration_and_the_others_stay() -> None:
    api = FakeWin32()
    api.taken_by_others.add((MOD_CONTROL | MOD_ALT, ord("2")))
    source = Win32HotkeySource(api)
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    with pytest.raises(HotkeyUnavailable, match="taken by another program") as caught:
        source.register("slot2", parse_combo("Ctrl+Alt+2"))
    assert caught.value.taken
    assert list(source.registered()) == ["slot1"]
    assert list(api.hotkeys.values()) == [(0x4003, ord("1"))]


def test_re_registering_a_name_replaces_its_key_and_unregister_all_releases_everything() -> None:
    api = FakeWin32()
    source = Win32HotkeySource(api)
    fired: list[str] = []
    source.start(fired.append)
    source.register("picker", parse_combo("Ctrl+Alt+Space"))
    source.register("picker", parse_combo("Ctrl+Alt+K"))
    assert list(api.hotkeys.values()) == [(0x4003, ord("K"))]
    api.press_hotkey(MOD_CONTROL | MOD_ALT, 0x20)
    api.press_hotkey(MOD_CONTROL | MOD_ALT, ord("K"))
    deliver(api, source)
    assert fired == ["picker"]
    source.stop()
    assert api.hotkeys == {}


def test_the_same_key_twice_is_refused_before_windows_is_asked() -> None:
    api = FakeWin32()
    source = Win32HotkeySource(api)
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    calls = len(api.calls)
    with pytest.raises(HotkeyUnavailable, match="another DeskAssist hotkey") as caught:
        source.register("slot9", parse_combo("Ctrl+Alt+1"))
    assert not caught.value.taken and len(api.calls) == calls


def test_a_stale_wm_hotkey_for_a_released_key_is_ignored() -> None:
    api = FakeWin32()
    source = Win32HotkeySource(api)
    fired: list[str] = []
    source.start(fired.append)
    source.register("memo", parse_combo("Ctrl+Alt+M"))
    api.press_hotkey(MOD_CONTROL | MOD_ALT, ord("M"))
    source.unregister("memo")  # the message was already queued
    assert deliver(api, source) == [False]
    assert fired == []
    assert source.handle(WM_HOTKEY, 0xFFFF) is False


def test_keys_are_registered_for_the_hidden_window_asked_for_once() -> None:
    api = FakeWin32()
    asked: list[int] = []
    source = Win32HotkeySource(api, lambda: asked.append(1) or 0x5150)
    source.register("picker", parse_combo("Ctrl+Alt+Space"))
    source.register("panel", parse_combo("Ctrl+Alt+P"))
    source.unregister("panel")
    assert asked == [1]
    assert [call.split(",")[0] for call in api.calls] == ["RegisterHotKey(20816", "RegisterHotKey(20816",
                                                          "UnregisterHotKey(20816"]
