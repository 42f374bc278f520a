"""Focus under a real window manager (openbox): _NET_ACTIVE_WINDOW is read and used to give focus back,
and a paste still lands in the window that had the focus when the hotkey fired."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from x_harness import ChatStandin, PasteDriver, XServer, wait_until

from deskassist.core.keys import parse_combo
from deskassist.platform.x11 import X11Desktop

TEXT = "亲，已为您备注优先发货~"


@pytest.fixture
def wm_desktop(wm_xserver: XServer) -> Iterator[X11Desktop]:
    desktop = X11Desktop(wm_xserver.display)
    yield desktop
    desktop.close()


def test_active_window_is_read_and_set_through_the_window_manager(wm_xserver: XServer,
                                                                   wm_desktop: X11Desktop) -> None:
    first = ChatStandin(wm_xserver, title="first chat")
    second = ChatStandin(wm_xserver, title="second chat", app_name="secondchat")
    try:
        second.focus()
        wait_until(lambda: wm_desktop.focused() == second.window, 5, what="the second window active")
        assert wm_desktop.activate(first.window)
        wait_until(lambda: wm_desktop.has_focus(first.window), 5, what="the first window active again")
        assert "chatstandin" in wm_desktop.app_names(wm_desktop.focused())
        second.focus()
        wait_until(lambda: wm_desktop.focused() == second.window, 5, what="the second window active again")
        before = wm_desktop.disp.display.request_serial
        assert wm_desktop.activate(first.window)  # read as focused before: the manager is not looked up again
        assert wm_desktop.disp.display.request_serial - before == 2  # the _NET_ACTIVE_WINDOW message, a sync
        wait_until(lambda: wm_desktop.has_focus(first.window), 5, what="the first window active once more")
        wm_desktop.send(parse_combo("Q"))
        first.wait_text("q")
        assert second.text == ""
    finally:
        first.stop()
        second.stop()


def test_paste_gives_focus_back_through_the_window_manager(wm_xserver: XServer, tmp_path: Path) -> None:
    target = ChatStandin(wm_xserver, title="buyer chat")
    other = ChatStandin(wm_xserver, title="order list", app_name="orders")
    driver = PasteDriver(wm_xserver, tmp_path / "driver", {"slot1": ("Ctrl+Alt+1", TEXT)})
    try:
        other.focus()
        driver.paste(TEXT, target.window)
        target.wait_text(TEXT)
        assert other.text == ""
        driver.wait_for("paste", "pasted")
    finally:
        driver.stop()
        target.stop()
        other.stop()
