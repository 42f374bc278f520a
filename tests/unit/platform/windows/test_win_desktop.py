"""Giving the focus back, the elevated-target decision, the menu mask and SendInput batches, through
the fake Win32 layer (it models Windows' foreground lock and its silent drop of input into elevated
programs)."""

from __future__ import annotations

import pytest
from fake_win32 import HIGH, MEDIUM, OUR_THREAD, FakeWin32

from deskassist.core.keys import parse_combo
from deskassist.platform.windows import Win32Desktop
from deskassist.platform.windows.desktop import ELEVATED_UNKNOWN
from deskassist.platform.windows.keys import VK_LCONTROL, VK_LMENU, VK_LSHIFT, VK_LWIN, VK_MENU_MASK

QIANNIU = r"C:\Program Files (x86)\AliWorkbench\AliWorkbench.exe"
V, INSERT = ord("V"), 0x2D


def desk() -> tuple[FakeWin32, Win32Desktop]:
    api = FakeWin32()
    api.add_window(10, QIANNIU)
    api.add_window(20, r"C:\Program Files\DeskAssist\DeskAssist.exe")
    api.foreground = 10
    return api, Win32Desktop(api)


def test_the_target_is_recorded_with_its_program_and_integrity_at_the_hotkey() -> None:
    api, desktop = desk()
    assert desktop.focused() == 10
    api.windows[10].path = r"C:\elsewhere\other.exe"  # what changes later does not matter
    target = desktop.target(10)
    assert (target.program, target.integrity) == ("AliWorkbench.exe", MEDIUM)
    assert list(desktop.app_names(10)) == ["AliWorkbench.exe", "AliWorkbench"]


def test_an_elevated_target_is_refused_when_we_are_not_and_says_so() -> None:
    api, desktop = desk()
    api.windows[10].integrity = HIGH
    desktop.focused()
    refusal = desktop.paste_refusal(10)
    assert refusal is not None and "AliWorkbench.exe runs as administrator" in refusal
    assert "Ctrl+V" in refusal


def test_a_target_whose_token_windows_hides_counts_as_elevated() -> None:
    api, desktop = desk()
    api.windows[10].hidden_token = True
    desktop.focused()
    assert desktop.target(10).integrity == ELEVATED_UNKNOWN
    assert desktop.paste_refusal(10) is not None


@pytest.mark.parametrize(("ours", "theirs"), [(MEDIUM, MEDIUM), (HIGH, HIGH), (HIGH, MEDIUM)])
def test_same_or_lower_integrity_is_pasted_into(ours: int, theirs: int) -> None:
    api, desktop = desk()
    api.own_integrity = ours
    api.windows[10].integrity = theirs
    desktop.focused()
    assert desktop.paste_refusal(10) is None


def test_an_unknown_integrity_does_not_block_the_paste() -> None:
    api, desktop = desk()
    api.windows[10].integrity = None
    desktop.focused()
    assert desktop.paste_refusal(10) is None


def test_focus_goes_back_through_attach_thread_input_and_is_confirmed() -> None:
    api, desktop = desk()
    desktop.focused()
    api.foreground = 20  # the picker was in front
    assert desktop.activate(10)
    assert desktop.has_focus(10)
    assert api.calls[-3:] == [f"AttachThreadInput({OUR_THREAD}, 22, True)", "SetForegroundWindow(10)",
                              f"AttachThreadInput({OUR_THREAD}, 22, False)"]
    assert api.attached == set()
    assert api.sent == []  # no key was needed


def test_when_windows_refuses_the_foreground_a_mask_key_tap_earns_it() -> None:
    api, desktop = desk()
    api.add_window(30, r"C:\Windows\explorer.exe")
    api.windows[30].thread = OUR_THREAD  # nothing to attach to: the foreground lock applies
    api.foreground = 30
    assert desktop.activate(10)
    assert api.sent == [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False)]
    assert desktop.has_focus(10)


def test_a_closed_or_minimized_target() -> None:
    api, desktop = desk()
    assert not desktop.activate(99)
    api.windows[10].minimized = True
    api.foreground = 20
    desktop.activate(10)
    assert "ShowWindow(10, SW_RESTORE)" in api.calls


def test_held_ctrl_alt_are_released_behind_the_menu_mask_key() -> None:
    """Ctrl+Alt+1 fired; the agent still holds Ctrl and Alt. A bare Alt key-up would put the target's menu
    bar in menu mode (the next keys then go to the menu, not the chat box): the mask key goes first."""
    api, desktop = desk()
    api.down = {VK_LCONTROL, VK_LMENU, 0x11, 0x12}
    assert desktop.modifiers_held() and not desktop.keys_held()
    desktop.release_modifiers()
    assert api.sent == [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False),
                        (VK_LCONTROL, True, False), (VK_LMENU, True, False)]


def test_a_held_win_key_is_masked_too_and_shift_alone_is_not() -> None:
    api, desktop = desk()
    api.down = {VK_LWIN}
    desktop.release_modifiers()
    assert api.sent[:2] == [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False)]
    api.sent.clear()
    api.down = {VK_LSHIFT}
    desktop.release_modifiers()
    assert api.sent == [(VK_LSHIFT, True, False)]


def test_the_paste_key_goes_out_in_one_batch_with_extended_flags() -> None:
    api, desktop = desk()
    desktop.send(parse_combo("Ctrl+V"))
    desktop.send(parse_combo("Shift+Insert"))
    assert api.sent == [(VK_LCONTROL, False, False), (V, False, False), (V, True, False), (VK_LCONTROL, True, False),
                        (VK_LSHIFT, False, False), (INSERT, False, True), (INSERT, True, True),
                        (VK_LSHIFT, True, False)]
    assert api.windows[10].typed == api.sent


def test_the_whole_hotkey_paste_sequence_reaches_the_target() -> None:
    """Hotkey in Qianniu -> picker in front -> release, focus back, confirm, Ctrl+V: in that order."""
    api, desktop = desk()
    target = desktop.focused()
    assert target == 10 and desktop.paste_refusal(10) is None
    api.foreground = 20
    api.down = {VK_LCONTROL, VK_LMENU}
    desktop.release_modifiers()
    assert desktop.activate(10) and desktop.has_focus(10)
    desktop.send(parse_combo("Ctrl+V"))
    assert api.windows[10].typed == [(VK_LCONTROL, False, False), (V, False, False), (V, True, False),
                                     (VK_LCONTROL, True, False)]
    assert not desktop.modifiers_held()


def test_the_caret_of_the_target_thread_is_read_in_screen_pixels() -> None:
    api, desktop = desk()
    api.windows[10].rect = (200, 100, 1200, 800)
    api.windows[10].caret = (40, 600, 41, 618)  # in the input box, client coordinates
    caret = desktop.caret(10)
    assert caret is not None and (caret.x, caret.y, caret.height) == (240, 700, 18)
    assert f"GetGUIThreadInfo({api.windows[10].thread})" in api.calls
    window = desktop.window_rect(10)
    assert window is not None and (window.x, window.y, window.width, window.height) == (200, 100, 1000, 700)


def test_a_chat_client_without_a_system_caret_gives_none_and_the_window_still_counts() -> None:
    api, desktop = desk()
    api.windows[10].rect = (0, 0, 1366, 728)
    api.windows[20].caret = (5, 5, 6, 20)  # another program's caret must not be taken for the target's
    assert desktop.caret(10) is None
    assert desktop.window_rect(10) is not None
    assert desktop.window_rect(99) is None
