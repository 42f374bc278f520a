"""WM_HOTKEY from the GUI thread's queue to the hotkey bridge: the native event filter consumes our hotkey
messages and leaves everything else to Qt (the MSG reader is the fake layer's; the filter and bridge are real)."""

from __future__ import annotations

from fake_win32 import FakeWin32

from deskassist.platform.windows import Win32HotkeySource
from deskassist.platform.windows.keys import MOD_ALT, MOD_CONTROL
from deskassist.qt.hotkey_bridge import HotkeyBridge
from deskassist.qt.windows_hotkeys import HotkeyMessageFilter, HotkeyWindow

WM_KEYDOWN = 0x0100


def test_the_filter_turns_our_wm_hotkey_into_the_bridges_signal_and_passes_the_rest(qtbot) -> None:
    api = FakeWin32()
    source = Win32HotkeySource(api)
    bridge = HotkeyBridge(source)
    assert bridge.register("picker", "Ctrl+Alt+Space")
    assert bridge.register("slot1", "Ctrl+Alt+1")
    messages: dict[int, tuple[int, int, int]] = {}
    event_filter = HotkeyMessageFilter(source, messages.__getitem__)
    api.press_hotkey(MOD_CONTROL | MOD_ALT, ord("1"))
    messages[0x1000] = api.queue.pop()
    messages[0x2000] = (WM_KEYDOWN, ord("1"), 0)
    with qtbot.waitSignal(bridge.triggered, timeout=2000) as fired:
        assert event_filter.nativeEventFilter(b"windows_generic_MSG", 0x1000) == (True, 0)
    assert fired.args == ["slot1"]
    assert event_filter.nativeEventFilter(b"windows_generic_MSG", 0x2000) == (False, 0)
    assert event_filter.nativeEventFilter(b"xcb_generic_event_t", 0x1000) == (False, 0)


def test_a_taken_key_is_reported_by_the_bridge_at_registration(qtbot) -> None:
    api = FakeWin32()
    api.taken_by_others.add((MOD_CONTROL | MOD_ALT, ord("2")))
    bridge = HotkeyBridge(Win32HotkeySource(api))
    with qtbot.waitSignal(bridge.failed, timeout=2000) as failed:
        assert not bridge.register("slot2", "Ctrl+Alt+2")
    assert failed.args[:2] == ["slot2", "Ctrl+Alt+2"] and "another program" in failed.args[2]
    assert bridge.active() == set()


def test_the_hidden_hotkey_window_has_one_native_handle(qtbot) -> None:
    window = HotkeyWindow()
    handle = window.hwnd()
    assert handle and window.hwnd() == handle
