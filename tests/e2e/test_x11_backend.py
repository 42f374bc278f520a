"""The X11 backends against a real X server: grabs (and BadAccess), XTest keys, focus, key state."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from x_harness import ChatStandin, XGrabber, XServer, wait_until

from deskassist.core.keys import parse_combo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.platform.x11 import X11Desktop, X11HotkeySource
from deskassist.platform.x11_grab import grab_hotkeys


@pytest.fixture
def desktop(xserver: XServer) -> Iterator[X11Desktop]:
    connection = X11Desktop(xserver.display)
    yield connection
    connection.close()


@pytest.fixture
def hotkeys(xserver: XServer) -> Iterator[tuple[X11HotkeySource, list[tuple[str, str]]]]:
    source = X11HotkeySource(xserver.display)
    fired: list[tuple[str, str]] = []
    source.start(lambda name: fired.append((name, threading.current_thread().name)))
    yield source, fired
    source.stop()


def test_grabbed_hotkey_fires_also_with_numlock_on(xserver: XServer, hotkeys) -> None:
    source, fired = hotkeys
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    xserver.xdotool_run("key", "ctrl+alt+1")
    wait_until(lambda: len(fired) == 1, 5, what="the hotkey")
    xserver.xdotool_run("key", "Num_Lock")
    try:
        xserver.xdotool_run("key", "ctrl+alt+1")
        wait_until(lambda: len(fired) == 2, 5, what="the hotkey with NumLock on")
    finally:
        xserver.xdotool_run("key", "Num_Lock")
    xserver.xdotool_run("key", "ctrl+1")  # other modifiers: not ours
    time.sleep(0.2)
    assert fired == [("slot1", "x11-hotkeys")] * 2


def test_a_key_grabbed_by_another_client_is_reported_and_the_rest_work(xserver: XServer, hotkeys) -> None:
    source, fired = hotkeys
    grabber = XGrabber(xserver, "Ctrl+Alt+2")
    try:
        with pytest.raises(HotkeyUnavailable, match="Ctrl\\+Alt\\+2 is already taken by another program") as caught:
            source.register("slot2", parse_combo("Ctrl+Alt+2"))
        assert caught.value.taken
        source.register("slot3", parse_combo("Ctrl+Alt+3"))
        xserver.xdotool_run("key", "ctrl+alt+3")
        wait_until(lambda: fired, 5, what="the other hotkey")
        assert [name for name, _thread in fired] == ["slot3"]
    finally:
        grabber.stop()
    source.register("slot2", parse_combo("Ctrl+Alt+2"))  # free again once the other program is gone
    xserver.xdotool_run("key", "ctrl+alt+2")
    wait_until(lambda: len(fired) == 2, 5, what="the freed hotkey")


def test_unregister_releases_the_key_for_other_programs(xserver: XServer, hotkeys) -> None:
    source, _fired = hotkeys
    source.register("panel", parse_combo("Ctrl+Alt+P"))
    source.unregister("panel")
    grabber = XGrabber(xserver, "Ctrl+Alt+P")  # would fail with BadAccess if we still held it
    grabber.stop()


def test_sent_keys_type_into_the_focused_window(xserver: XServer, desktop: X11Desktop,
                                                standin: ChatStandin) -> None:
    for key in "HI5":
        desktop.send(parse_combo(key))
    standin.wait_text("hi5")
    desktop.send(parse_combo("Enter"))
    assert standin.wait_sent(1) == ["hi5"]
    xserver.set_clipboard("剪贴板")
    desktop.send(parse_combo("Shift+Insert"))
    standin.wait_text("剪贴板")


def test_focus_is_read_and_given_back(xserver: XServer, desktop: X11Desktop, standin: ChatStandin) -> None:
    assert desktop.focused() == standin.window
    assert "chatstandin" in desktop.app_names(standin.window)
    other = ChatStandin(xserver, title="other chat", app_name="otherchat")
    try:
        other.focus()
        assert desktop.focused() == other.window
        assert not desktop.has_focus(standin.window)
        assert desktop.activate(standin.window)
        wait_until(lambda: desktop.has_focus(standin.window), 2, what="focus back on the stand-in")
        desktop.send(parse_combo("X"))
        standin.wait_text("x")
        assert other.text == ""
    finally:
        other.stop()


def requests_sent(desktop: X11Desktop, work: Callable[[], object]) -> int:
    """How many requests work() sent to the X server on the desktop's connection."""
    before = desktop.disp.display.request_serial
    work()
    return desktop.disp.display.request_serial - before


def test_a_repeat_paste_into_the_same_window_asks_x_once_and_another_window_is_read_afresh(
        xserver: XServer, desktop: X11Desktop, standin: ChatStandin) -> None:
    """The focused window's facts (its top-level window, its program names) are kept while the input focus stays
    in it: the next slot paste into the same chat sends one request. When focus moves they are read again;
    focus given back without a window manager is known at once (the picker's paste checks it without a request)."""
    assert desktop.focused() == standin.window
    assert "chatstandin" in desktop.app_names(standin.window)
    assert requests_sent(desktop, lambda: (desktop.focused(), desktop.app_names(standin.window))) == 1
    other = ChatStandin(xserver, title="other chat", app_name="otherchat")
    try:
        other.focus()
        assert requests_sent(desktop, lambda: desktop.has_focus(standin.window)) == 2  # focus, other's parent
        assert desktop.focused() == other.window
        names = desktop.app_names(other.window)
        assert "otherchat" in names and "chatstandin" not in names
        assert desktop.activate(standin.window)  # no window manager: the focus is set here and known at once
        assert requests_sent(desktop, lambda: desktop.has_focus(standin.window)) == 0  # the paste's own check
        assert requests_sent(desktop, lambda: desktop.has_focus(standin.window)) == 1  # any later one asks X
        assert xserver.focused_window() == standin.window
        assert "chatstandin" in desktop.app_names(standin.window)
    finally:
        other.stop()


def test_the_clipboard_watch_sees_every_copy_also_from_the_same_owner(xserver: XServer, desktop: X11Desktop,
                                                                      standin: ChatStandin) -> None:
    mark = desktop.mark()
    assert not desktop.changed_since(mark)
    standin.copy({"text/plain": "订单号 2026112800123"})
    assert desktop.changed_since(mark)
    mark = desktop.mark()
    assert not desktop.changed_since(mark)
    standin.copy({"text/plain": "订单号 2026112800456"})  # the same program copies again
    assert desktop.changed_since(mark)


def test_a_copy_made_before_the_hotkey_is_seen_through_the_focus_read_made_after_it(
        xserver: XServer, desktop: X11Desktop, standin: ChatStandin) -> None:
    """The focus read a hotkey makes anyway is a round trip: every clipboard change made before the key came
    with it, so the engine's staleness check asks the X server nothing more."""
    mark = desktop.mark()
    hotkey = time.monotonic()
    desktop.focused()
    seen: list[bool] = []
    assert requests_sent(desktop, lambda: seen.append(desktop.changed_since(mark, after=hotkey))) == 0
    standin.copy({"text/plain": "订单号 2026112800123"})
    hotkey = time.monotonic()
    desktop.focused()
    assert requests_sent(desktop, lambda: seen.append(desktop.changed_since(mark, after=hotkey))) == 0
    assert seen == [False, True]
    assert desktop.changed_since(mark, after=time.monotonic())  # no round trip since: it asks (and sees it)


def test_activating_a_closed_window_fails(xserver: XServer, desktop: X11Desktop) -> None:
    gone = ChatStandin(xserver, title="closing")
    window = gone.window
    gone.stop()
    wait_until(lambda: not desktop.activate(window), 5, what="activate() to fail on a closed window")


def test_held_keys_and_modifiers_are_seen_until_released(xserver: XServer, desktop: X11Desktop) -> None:
    assert not desktop.keys_held() and not desktop.modifiers_held()
    xserver.xdotool_run("keydown", "ctrl+alt+1")
    try:
        assert desktop.keys_held() and desktop.modifiers_held()
        xserver.xdotool_run("keyup", "1")
        assert not desktop.keys_held() and desktop.modifiers_held()
    finally:
        xserver.xdotool_run("keyup", "ctrl+alt+1")
    assert not desktop.keys_held() and not desktop.modifiers_held()


def test_modifiers_still_down_can_be_released(xserver: XServer, desktop: X11Desktop,
                                              standin: ChatStandin) -> None:
    xserver.xdotool_run("keydown", "ctrl+alt")
    desktop.release_modifiers()
    assert not desktop.modifiers_held()
    desktop.send(parse_combo("K"))
    standin.wait_text("k")  # a plain k, not Ctrl+Alt+K
    assert standin.keys() == []


def _context_switches(thread: threading.Thread) -> int:
    """How often the thread has gone to sleep and been woken up (Linux counts it per thread)."""
    status = open(f"/proc/self/task/{thread.native_id}/status").read()  # noqa: SIM115 - read at once
    return sum(int(line.split()[1]) for line in status.splitlines() if "ctxt_switches:" in line)


def test_the_hotkey_thread_does_not_wake_up_while_nothing_happens(xserver: XServer, hotkeys) -> None:
    """It used to wake once a second (a select timeout): a laptop's CPU never rested. Now it sleeps until
    a key, a command or stop() comes, and stop() still ends it."""
    source, fired = hotkeys
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    thread = source._thread
    assert thread is not None
    time.sleep(0.5)  # it finishes handling the register command
    before = _context_switches(thread)
    time.sleep(2.5)
    assert _context_switches(thread) == before
    xserver.xdotool_run("key", "ctrl+alt+1")
    wait_until(lambda: fired, 5, what="the hotkey after a long idle")
    source.stop()
    assert not thread.is_alive()


def test_the_focused_window_s_place_is_read_where_x_puts_it(xserver: XServer, desktop: X11Desktop,
                                                            standin: ChatStandin) -> None:
    """The picker keeps off the middle of this rectangle (X11 tells no caret)."""
    out = xserver.xdotool_run("getwindowgeometry", str(standin.window))
    position = out.split("Position:")[1].split()[0]
    size = out.split("Geometry:")[1].split()[0]
    x, y = (int(v) for v in position.split(","))
    width, height = (int(v) for v in size.split("x"))
    rect = desktop.window_rect(standin.window)
    assert rect is not None and (rect.x, rect.y, rect.width, rect.height) == (x, y, width, height)
    assert desktop.caret(standin.window) is None
    assert desktop.window_rect(0x7ffffff) is None  # a window that does not exist


def test_an_adopted_connection_keeps_its_grabs_and_delivers_a_press_made_before_it_was_read(
        xserver: XServer, caplog: pytest.LogCaptureFixture) -> None:
    """The early start's connection handed to the hotkey backend: nothing is lost, ungrabbed or grabbed twice."""
    from Xlib import display as xdisplay

    held = grab_hotkeys(xdisplay.Display(xserver.display),
                        {"slot1": parse_combo("Ctrl+Alt+1"), "panel": parse_combo("Ctrl+Alt+P")})
    assert set(held.grabs) == {"slot1", "panel"}
    xserver.xdotool_run("key", "ctrl+alt+1")  # nobody reads the connection yet
    source = X11HotkeySource(xserver.display, adopt=held)
    fired: list[str] = []
    source.start(fired.append)
    try:
        wait_until(lambda: fired == ["slot1"], 5, what="the press made before the backend ran")
        source.register("slot1", parse_combo("Ctrl+Alt+1"))  # what the app wants: kept as it is
        with caplog.at_level(logging.INFO, logger="deskassist.hotkey"):
            source.release_unclaimed()  # the panel hotkey was not registered: let go
        settled = [r for r in caplog.records if r.getMessage() == "early_grabs_settled"]
        assert [r.fields for r in settled] == [{"kept": 1, "released": ["panel"]}]
        XGrabber(xserver, "Ctrl+Alt+P").stop()  # free for other programs now
        xserver.xdotool_run("key", "ctrl+alt+1")
        wait_until(lambda: fired == ["slot1"] * 2, 5, what="the kept hotkey")
        source.unregister_all()  # paused (a key field in Settings has the focus): the adopted grab goes too
        XGrabber(xserver, "Ctrl+Alt+1").stop()
    finally:
        source.stop()


def test_an_early_grab_leaves_out_a_combo_another_program_holds(xserver: XServer) -> None:
    from Xlib import display as xdisplay

    grabber = XGrabber(xserver, "Ctrl+Alt+2")
    disp = xdisplay.Display(xserver.display)
    try:
        held = grab_hotkeys(disp, {"slot2": parse_combo("Ctrl+Alt+2"), "slot3": parse_combo("Ctrl+Alt+3")})
        assert set(held.grabs) == {"slot3"}  # the app registers slot2 again and reports it as taken
    finally:
        grabber.stop()
    try:
        XGrabber(xserver, "Ctrl+Alt+2").stop()  # none of its lock variants stayed with us
    finally:
        disp.close()


def test_the_paste_connection_sets_up_only_the_extensions_it_uses(desktop: X11Desktop) -> None:
    """python-xlib would import and query every extension it knows (RANDR, XInputExtension, Composite ...):
    round trips at start-up and modules held in memory for nothing."""
    assert sorted(desktop.disp.extensions) == ["XFIXES", "XTEST"]
    assert desktop.disp.query_extension("RANDR") is not None  # the server has more; they were left out


def test_the_hotkey_thread_s_keymap_read_at_a_press_spares_the_paste_its_own_once(
        xserver: XServer, desktop: X11Desktop, hotkeys) -> None:
    """The paste that follows a press finds the keys down at it read by the hotkey thread: no round trip of
    its own just before the paste key. Used once, and only while fresh; a hotkey that holds the keyboard for
    its window (the picker) leaves none."""
    source, fired = hotkeys
    source.hold_keyboard_for({"picker"}, lambda window: None)
    desktop.press_keymap = source.press_keymap
    source.press_keymap.fresh_s = 30.0  # this test's thread is no paste step: give it time to ask
    source.register("slot1", parse_combo("Ctrl+Alt+1"))
    source.register("picker", parse_combo("Ctrl+Alt+2"))
    own_reads: list[int] = []
    query_keymap = desktop.disp.query_keymap
    desktop.disp.query_keymap = lambda: own_reads.append(1) or query_keymap()  # type: ignore[method-assign]
    xserver.xdotool_run("keydown", "ctrl+alt+1")
    try:
        wait_until(lambda: len(fired) == 1, 5, what="the hotkey")
        xserver.xdotool_run("keyup", "1")
        assert desktop.modifiers_held() and own_reads == []  # read at the press, by the hotkey thread
        assert desktop.modifiers_held() and own_reads == [1]  # the next read is its own
        source.press_keymap.fresh_s = 0.0
        xserver.xdotool_run("key", "1")  # Ctrl+Alt still down: the hotkey again
        wait_until(lambda: len(fired) == 2, 5, what="the hotkey again")
        assert desktop.modifiers_held() and own_reads == [1, 1]  # a read no longer fresh is not used
        source.press_keymap.fresh_s = 30.0
        xserver.xdotool_run("key", "2")
        wait_until(lambda: len(fired) == 3, 5, what="the picker's hotkey")
        source.release_keyboard()
        assert desktop.modifiers_held() and own_reads == [1, 1, 1]
    finally:
        xserver.xdotool_run("keyup", "ctrl+alt+1")
    assert not desktop.modifiers_held()


def test_a_key_event_packed_once_is_the_very_request_xtest_fake_input_sends(desktop: X11Desktop) -> None:
    """The paste's key events are packed at their first use and sent again as bytes: the same bytes as
    python-xlib's own fake_input (a key typed that way is tested above)."""
    from Xlib import X
    from Xlib.ext import xtest

    protocol = desktop.disp.display
    sent: list[bytes] = []
    send_request = protocol.send_request
    protocol.send_request = lambda request, wait: sent.append(bytes(request._binary))  # type: ignore[method-assign]
    try:
        for event_type in (X.KeyPress, X.KeyRelease):
            xtest.fake_input(desktop.disp, event_type, 38)
            desktop._fake_key(event_type, 38)  # packed now
            desktop._fake_key(event_type, 38)  # the packed bytes
    finally:
        protocol.send_request = send_request  # type: ignore[method-assign]
    assert sent[0:3] == [sent[0]] * 3 and sent[3:6] == [sent[3]] * 3 and sent[0] != sent[3]
