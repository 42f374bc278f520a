"""The wired tray app on the Windows backend over the fake Win32 layer: the root routes WM_HOTKEY from its
native event filter to the hotkey bridge, and a slot hotkey pressed in Qianniu pastes into its chat box."""

from __future__ import annotations

import pytest
from fake_win32 import ChatBox, FakeWin32, FakeWinreg
from PySide6.QtGui import QGuiApplication

from deskassist.platform.factory import PlatformBackends
from deskassist.platform.windows import (
    RunKeyAutostart,
    Win32Desktop,
    Win32HotkeySource,
    WindowsClipboardFacts,
)
from deskassist.platform.windows.keys import MOD_ALT, MOD_CONTROL

QIANNIU = 10


@pytest.fixture
def api() -> FakeWin32:
    fake = FakeWin32()
    fake.add_window(QIANNIU, r"C:\Program Files (x86)\AliWorkbench\AliWorkbench.exe")
    fake.foreground = QIANNIU
    return fake


@pytest.fixture
def backends(api: FakeWin32) -> PlatformBackends:
    desktop = Win32Desktop(api)
    hotkeys = Win32HotkeySource(api)
    return PlatformBackends("windows", hotkeys, desktop, desktop, desktop,
                            RunKeyAutostart(FakeWinreg()),  # type: ignore[arg-type]
                            close=hotkeys.stop, guard=desktop,
                            clipboard=WindowsClipboardFacts(api.clipboard_sequence_number),
                            read_native_message=api.read_msg)


def test_a_slot_hotkey_in_qianniu_goes_through_the_native_filter_and_pastes(qtbot, api, make_desk) -> None:
    desk = make_desk()
    assert (0x4003, ord("1")) in api.hotkeys.values()  # registered for the hidden hotkey window
    assert all(call.startswith("RegisterHotKey(") and not call.startswith("RegisterHotKey(0,")
               for call in api.calls if "RegisterHotKey" in call)
    box = ChatBox(api, api.windows[QIANNIU], lambda: QGuiApplication.clipboard().text())
    QGuiApplication.clipboard().setText("我自己的剪贴板")
    api.press_hotkey(MOD_CONTROL | MOD_ALT, ord("1"))
    event_filter = desk._hotkey_messages
    assert event_filter.nativeEventFilter(b"windows_generic_MSG", len(api.queue)) == (True, 0)
    qtbot.waitUntil(lambda: len(box.texts) == 1, timeout=5000)
    assert "欢迎光临" in box.texts[0]
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "我自己的剪贴板", timeout=5000)
    desk.shutdown()
    assert api.hotkeys == {}


def test_the_picker_opens_under_qianniu_s_caret_not_over_the_conversation(qtbot, api, make_desk) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    api.windows[QIANNIU].rect = (area.x(), area.y(), area.x() + area.width(), area.y() + area.height())
    api.windows[QIANNIU].caret = (60, 120, 61, 138)  # the reply box's caret, client coordinates
    desk = make_desk()
    desk.paste_flow.show_picker()
    picker = desk.picker
    qtbot.waitUntil(picker.isVisible)
    caret_bottom = area.y() + 138
    assert picker.geometry().top() > caret_bottom
    assert picker.geometry().left() == area.x() + 60
    picker.dismiss()
    desk.shutdown()
