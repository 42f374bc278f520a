"""Keys typed right after the picker hotkey belong to the picker, not to the chat window (the real app under
Xvfb). The hotkey, the query and nothing in between: no waiting for the picker's "active" event."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from x_harness import AppProcess, ChatStandin, HarnessError, XServer, prepare_data_dir, run_cli, wait_until

REFUND_TEMPLATE = "您好，我是{店铺}的客服{客服}～退款会在1-3个工作日内原路退回，请您留意~"
REFUND_TEXT = "您好，我是花花旗舰店的客服小美～退款会在1-3个工作日内原路退回，请您留意~"
ATTEMPTS = 6


def prepared(folder: Path) -> Path:
    run_cli(folder, "phrases", "add", "-c", "售后", "-t", "退款到账时间", "-b", REFUND_TEMPLATE)
    prepare_data_dir(folder, {"setup.done": True, "agent.name": "小美", "shop.name": "花花旗舰店"})
    return folder


@pytest.fixture
def app(launch_app: Callable[..., AppProcess], tmp_path: Path) -> AppProcess:
    started = launch_app(data_dir=prepared(tmp_path / "data"))
    started.wait_for("app", "warmed_up", timeout=20)
    return started


def typed_into_chat(standin: ChatStandin, since: int) -> list[str]:
    return [r["text"] for r in standin.find(since, event="text") if r["text"]]


def type_ahead_and_paste(xserver: XServer, standin: ChatStandin, app: AppProcess) -> None:
    """The hotkey and the query in one xdotool run, Return after it: the phrase and nothing else arrives."""
    for attempt in range(ATTEMPTS):
        standin.clear()
        standin.focus()
        chat_since, since = standin.mark(), app.mark()
        # one xdotool run: the hotkey, then the query a few ms a key (a fast typist's first letters come
        # within some 30 ms), long before the picker can have the keyboard
        xserver.xdotool_run("key", "--delay", "2", "ctrl+alt+space", "type", "--delay", "4", "tkdz")  # 退款到账
        app.wait_for("picker", "shown", since=since)
        xserver.xdotool_run("key", "Return")
        wait_until(lambda: standin.text or standin.sent, 10, what="the chat window to get something",
                   details=app.tail)
        with contextlib.suppress(HarnessError):  # what did arrive is what the assertion shows
            wait_until(lambda: standin.text == REFUND_TEXT or standin.sent, 5)
        assert (typed_into_chat(standin, chat_since), standin.sent) == ([REFUND_TEXT], []), f"attempt {attempt}"
        assert app.find(since, logger="picker", event="chosen"), f"attempt {attempt}"
        app.wait_for("paste", "clipboard_restored", since=since)


def test_letters_typed_at_once_after_the_hotkey_reach_the_picker_in_order(
        xserver: XServer, standin: ChatStandin, app: AppProcess) -> None:
    type_ahead_and_paste(xserver, standin, app)


def test_the_same_under_a_window_manager(wm_xserver: XServer, tmp_path: Path) -> None:
    standin = ChatStandin(wm_xserver)
    app = AppProcess(wm_xserver, prepared(tmp_path / "data"))
    try:
        app.wait_for("app", "warmed_up", timeout=20)
        type_ahead_and_paste(wm_xserver, standin, app)
    finally:
        app.stop()
        standin.stop()


def test_keys_typed_while_ctrl_alt_are_still_held_are_what_the_picker_makes_of_them_and_nothing_sticks(
        xserver: XServer, standin: ChatStandin, app: AppProcess) -> None:
    """Ctrl+Alt+T is no "t" in an active picker either: those keys are neither typed into the query nor into
    the chat window, the letters after them are, and the keyboard is the chat window's again afterwards."""
    since, chat_since = app.mark(), standin.mark()
    # key, not type: xdotool's type under held modifiers presses other keys (it fired Ctrl+Alt+P here)
    xserver.xdotool_run("keydown", "ctrl+alt", "key", "space", "key", "t", "key", "k", "keyup", "ctrl+alt",
                        "type", "tkdz")
    app.wait_for("picker", "active", since=since)
    xserver.xdotool_run("key", "Return")
    standin.wait_text(REFUND_TEXT)
    assert typed_into_chat(standin, chat_since) == [REFUND_TEXT]
    wait_until(lambda: xserver.focused_window() == standin.window, 5, what="the chat window to have the focus")
    xserver.xdotool_run("type", "ok")  # the keyboard is not left grabbed
    standin.wait_text(REFUND_TEXT + "ok")
