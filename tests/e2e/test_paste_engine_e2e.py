"""The paste engine and hotkey bridge in a real process on a real X server (paste_driver.py), typing
into the stand-in chat client: the text lands, the clipboard comes back, keys and focus are respected."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from x_harness import ChatStandin, PasteDriver, XGrabber, XServer, wait_until
from Xlib import XK, X
from Xlib import display as xdisplay

GREETING = "亲，您好！我是客服小美，很高兴为您服务~"
LONG_ANSWER = "亲，本店下单后48小时内发货。\n\n默认中通快递，偏远地区可选EMS。\n一般3天左右送达，请您放心~"


@pytest.fixture
def start_driver(xserver: XServer, tmp_path: Path) -> Iterator[Callable[..., PasteDriver]]:
    drivers: list[PasteDriver] = []

    def start(hotkeys: dict[str, tuple[str, str]] | None = None,
              settings: dict[str, Any] | None = None) -> PasteDriver:
        driver = PasteDriver(xserver, tmp_path / f"driver{len(drivers)}",
                             hotkeys or {"slot1": ("Ctrl+Alt+1", GREETING)}, settings)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.stop()


def test_slot_hotkey_pastes_the_text_and_brings_every_clipboard_format_back(
        xserver: XServer, standin: ChatStandin, start_driver) -> None:
    standin.copy({"text/plain": "buyer order 1234", "text/html": "<b>buyer order 1234</b>"})
    driver = start_driver()
    standin.focus()
    since = standin.mark()
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(GREETING)
    assert standin.keys(since) == ["Ctrl+V"]
    assert standin.sent == []
    record = driver.wait_for("paste", "pasted")
    assert (record["phrase_id"], record["chunks"]) == (1, 1)
    driver.wait_for("paste", "clipboard_restored")
    assert xserver.clipboard() == "buyer order 1234"
    assert xserver.clipboard("text/html") == "<b>buyer order 1234</b>"


def test_the_pasted_text_is_marked_for_clipboard_history_tools(xserver: XServer, standin: ChatStandin,
                                                                start_driver) -> None:
    driver = start_driver(settings={"paste.restore_clipboard": False})
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(GREETING)
    driver.wait_for("paste", "pasted")
    assert xserver.clipboard("x-kde-passwordManagerHint") == "secret"
    assert xserver.clipboard() == GREETING  # restore off: the text stays


def test_auto_send_with_split_lines_sends_one_message_per_paragraph(xserver: XServer, standin: ChatStandin,
                                                                     start_driver) -> None:
    driver = start_driver({"slot2": ("Ctrl+Alt+2", LONG_ANSWER)},
                          {"paste.auto_send": True, "paste.split_lines": True, "paste.split_gap_ms": 60})
    xserver.key("Ctrl+Alt+2")
    assert standin.wait_sent(3) == ["亲，本店下单后48小时内发货。", "默认中通快递，偏远地区可选EMS。",
                                    "一般3天左右送达，请您放心~"]
    assert driver.wait_for("paste", "pasted")["chunks"] == 3
    standin.wait_text("")  # the last message went out too


def test_auto_send_without_split_sends_the_whole_reply_once(xserver: XServer, standin: ChatStandin,
                                                            start_driver) -> None:
    start_driver({"slot2": ("Ctrl+Alt+2", LONG_ANSWER)}, {"paste.auto_send": True})
    xserver.key("Ctrl+Alt+2")
    assert standin.wait_sent(1) == [LONG_ANSWER]


def test_a_hotkey_held_down_pastes_at_once_as_plain_ctrl_v_and_does_not_repeat(
        xserver: XServer, standin: ChatStandin, start_driver) -> None:
    driver = start_driver()
    xserver.xdotool_run("keydown", "ctrl+alt+1")
    try:
        standin.wait_text(GREETING)
        assert standin.keys() == ["Ctrl+V"]  # not Ctrl+Alt+V: the held modifiers were let go first
        time.sleep(1.2)  # longer than the auto-repeat delay
        assert standin.text == GREETING
    finally:
        xserver.xdotool_run("keyup", "ctrl+alt+1")
    time.sleep(0.2)
    assert standin.text == GREETING
    assert len(driver.find(logger="hotkey", event="fired")) == 1
    standin.clear()
    xserver.xdotool_run("keydown", "2")  # the hotkey's key repeats again as usual once released
    time.sleep(0.9)
    xserver.xdotool_run("keyup", "2")
    wait_until(lambda: standin.text.startswith("222"), 2, what="normal auto-repeat")


@pytest.fixture
def keys_like_a_second_keyboard(xserver: XServer) -> Iterator[None]:
    """V does not auto-repeat while the test runs. X repeats only the last key pressed on a device, so our
    XTest Ctrl+V would end the repeat of an Enter held on the same (XTest) device; V not repeating leaves
    Enter repeating, as a physical keyboard's Enter goes on repeating whatever XTest presses."""
    disp = xdisplay.Display(xserver.display)
    v = disp.keysym_to_keycode(XK.string_to_keysym("v"))
    disp.change_keyboard_control(key=v, auto_repeat_mode=X.AutoRepeatModeOff)
    disp.sync()
    yield
    disp.change_keyboard_control(key=v, auto_repeat_mode=X.AutoRepeatModeDefault)
    disp.close()


def test_a_paste_goes_out_while_enter_is_still_down_and_its_repeat_cannot_send(
        xserver: XServer, standin: ChatStandin, start_driver, keys_like_a_second_keyboard) -> None:
    """The picker's Enter is often still down when the paste goes out (a person holds a key ~100 ms). Once the
    chat window has the focus, Enter held past the repeat delay (660 ms here; 250 ms on a fast Windows setting)
    repeats into it, and Enter sends in Qianniu: the message would leave without the agent's say. The paste
    goes out at once and the held key's repeats are caught until it is up."""
    driver = start_driver(settings={"paste.modifier_release_timeout_ms": 10000})
    picker = ChatStandin(xserver, title="the picker", app_name="picker")  # Enter's press goes here, as in the app
    try:
        picker.focus()
        xserver.xdotool_run("keydown", "Return")
        try:
            driver.paste(GREETING, standin.window)
            standin.wait_text(GREETING, timeout=5)  # no waiting for Enter to go up
            time.sleep(1.2)  # Enter repeats meanwhile
            assert standin.sent == [] and standin.text == GREETING
        finally:
            xserver.xdotool_run("keyup", "Return")
        driver.wait_for("paste", "keys_unguarded")
        assert standin.keys() == ["Ctrl+V"]
        xserver.key("Return")  # once up, Enter is the agent's own again: it sends
        assert standin.wait_sent(1) == [GREETING]
    finally:
        picker.stop()


def test_enter_still_down_is_waited_for_before_an_auto_send(xserver: XServer, standin: ChatStandin,
                                                           start_driver) -> None:
    """With auto-send our own Enter follows the paste: not while the agent's Enter is still down."""
    driver = start_driver()
    picker = ChatStandin(xserver, title="the picker", app_name="picker")
    try:
        picker.focus()
        xserver.xdotool_run("keydown", "Return")
        try:
            driver.paste(GREETING, standin.window, send=True)
            time.sleep(0.3)
            assert driver.find(logger="paste", event="pasted") == []
        finally:
            xserver.xdotool_run("keyup", "Return")
        assert standin.wait_sent(1) == [GREETING]
    finally:
        picker.stop()


def test_focus_goes_back_to_the_captured_window_before_pasting(xserver: XServer, standin: ChatStandin,
                                                               start_driver) -> None:
    driver = start_driver()
    other = ChatStandin(xserver, title="another window", app_name="notes")
    try:
        other.focus()
        driver.paste(GREETING, standin.window)
        standin.wait_text(GREETING)
        assert other.text == ""
        wait_until(lambda: xserver.focused_window() == standin.window, 2, what="the stand-in to keep focus")
    finally:
        other.stop()


def test_per_application_paste_key(xserver: XServer, standin: ChatStandin, start_driver) -> None:
    start_driver(settings={"paste.key_overrides": {"ChatStandin": "Shift+Insert"}})
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(GREETING)
    assert standin.keys() == ["Shift+Ins"]


def test_a_vanished_target_leaves_the_text_on_the_clipboard_with_a_message(xserver: XServer, start_driver) -> None:
    driver = start_driver()
    gone = ChatStandin(xserver, title="closed chat")
    window = gone.window
    gone.stop()
    driver.paste(GREETING, window)
    assert driver.wait_for("paste", "failed")["reason"] in ("window_gone", "focus_timeout")
    assert driver.find(logger="paste", event="clipboard_restored") == []
    wait_until(lambda: xserver.clipboard() == GREETING, 3, what="the text on the clipboard")


def test_a_hotkey_held_by_another_program_is_reported_and_the_others_work(
        xserver: XServer, standin: ChatStandin, start_driver, grab_first) -> None:
    grab_first("Ctrl+Alt+2")
    driver = start_driver({"slot1": ("Ctrl+Alt+1", GREETING), "slot2": ("Ctrl+Alt+2", "second")})
    failed = driver.wait_for("hotkey", "failed")
    assert (failed["name"], failed["combo"], failed["reason"]) == ("slot2", "Ctrl+Alt+2", "taken")
    assert driver.wait_for("hotkey", "registered")["name"] == "slot1"
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(GREETING)


def test_paused_hotkeys_are_free_for_other_programs_and_come_back(xserver: XServer, standin: ChatStandin,
                                                                 start_driver) -> None:
    driver = start_driver()
    since = driver.mark()
    driver.send({"do": "pause", "paused": True})
    driver.wait_for("hotkey", "paused", since=since)
    other = XGrabber(xserver, "Ctrl+Alt+1")  # BadAccess if DeskAssist still held the key
    other.stop()
    xserver.key("Ctrl+Alt+1")
    time.sleep(0.3)
    assert GREETING not in standin.text  # the press went to the chat window, not to DeskAssist
    assert driver.find(since, logger="hotkey", event="fired") == []
    standin.clear()
    driver.send({"do": "pause", "paused": False})
    driver.wait_for("hotkey", "registered", since=since, name="slot1")
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(GREETING)


def test_two_quick_pastes_still_bring_back_the_original_clipboard(xserver: XServer, standin: ChatStandin,
                                                                  start_driver) -> None:
    xserver.set_clipboard("原来的剪贴板")
    driver = start_driver({"slot1": ("Ctrl+Alt+1", "第一句"), "slot2": ("Ctrl+Alt+2", "第二句")})
    xserver.key("Ctrl+Alt+1").wait(5)
    standin.wait_text("第一句")
    xserver.key("Ctrl+Alt+2").wait(5)  # right after the first paste
    standin.wait_text("第一句第二句")
    driver.wait_for("paste", "clipboard_restored")
    assert len(driver.find(logger="paste", event="pasted")) == 2
    assert xserver.clipboard() == "原来的剪贴板"
