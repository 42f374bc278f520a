"""RegisterHotKey for real: register, a taken combination, a posted WM_HOTKEY through Qt's event loop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from deskassist.core.keys import parse_combo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.platform.windows import Win32HotkeySource
from deskassist.platform.windows.keys import hotkey_code
from deskassist.platform.windows.win32 import ERROR_HOTKEY_ALREADY_REGISTERED, WM_HOTKEY, Win32Api
from deskassist.qt.windows_hotkeys import HotkeyMessageFilter, HotkeyWindow

RARE = parse_combo("Ctrl+Alt+Shift+F11")  # no program on a CI machine holds this


@pytest.fixture
def api() -> Win32Api:
    return Win32Api()


def test_register_and_unregister_for_real(api: Win32Api) -> None:
    flags, vk = hotkey_code(RARE)
    assert api.register_hotkey(0, 0x0BAD, flags, vk) == 0
    try:
        assert api.register_hotkey(0, 0x0BAE, flags, vk) == ERROR_HOTKEY_ALREADY_REGISTERED
    finally:
        assert api.unregister_hotkey(0, 0x0BAD)
    assert not api.unregister_hotkey(0, 0x0BAD)


def test_a_taken_combination_is_reported_at_registration(api: Win32Api) -> None:
    flags, vk = hotkey_code(RARE)
    assert api.register_hotkey(0, 0x0BAF, flags, vk) == 0  # "another program" holds it
    try:
        source = Win32HotkeySource(api)
        with pytest.raises(HotkeyUnavailable) as caught:
            source.register("picker", RARE)
        assert caught.value.taken
    finally:
        api.unregister_hotkey(0, 0x0BAF)


def test_a_posted_wm_hotkey_reaches_the_callback_through_the_native_event_filter(qapp, qtbot, api: Win32Api) -> None:
    window = HotkeyWindow()
    source = Win32HotkeySource(api, window.hwnd)
    fired: list[str] = []
    source.start(fired.append)
    source.register("slot1", RARE)
    event_filter = HotkeyMessageFilter(source, api.read_msg)
    QCoreApplication.instance().installNativeEventFilter(event_filter)
    try:
        hotkey_id = source.hotkey_id("slot1")
        assert hotkey_id is not None
        assert api.post_message(window.hwnd(), WM_HOTKEY, hotkey_id, 0)
        qtbot.waitUntil(lambda: fired == ["slot1"], timeout=5000)
    finally:
        QCoreApplication.instance().removeNativeEventFilter(event_filter)
        source.stop()
