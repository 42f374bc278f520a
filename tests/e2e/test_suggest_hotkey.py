"""The suggest hotkey end to end: the real tray app on Xvfb; xclip owns the PRIMARY selection with a buyer's
message (as when the agent highlights it in the chat window), Ctrl+Alt+Q opens the picker with the fitting
reply first, Enter pastes it into the stand-in chat client; the clipboard and PRIMARY are as before, the pick
is learned (read back through the CLI) and the buyer's message is in no log line."""

from __future__ import annotations

import json
from pathlib import Path

from x_harness import ChatStandin, XServer, run_cli

FREE_SHIPPING = "亲，本店全场满59元包邮，新疆、西藏等偏远地区需要补一点运费，具体金额下单时会自动计算～"
MESSAGE = "亲 这个包邮不呀"


def test_ctrl_alt_q_suggests_for_the_selected_message_and_enter_pastes_it(
        xserver: XServer, standin: ChatStandin, launch_app, tmp_path: Path) -> None:
    data_dir = tmp_path / "suggest-data"
    app = launch_app(data_dir=data_dir)
    app.wait_for("app", "ready", timeout=30)
    xserver.set_clipboard("订单号 20261128")
    xserver.set_clipboard(MESSAGE, selection="primary")
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+Q")  # the first time: the index is built now, then the picker opens
    app.wait_for("suggest", "warmed_up", since=since, timeout=15)
    suggested = app.wait_for("suggest", "suggested", since=since)
    assert (suggested["chars"], suggested["count"]) == (len(MESSAGE), 9)
    app.wait_for("picker", "shown", since=since)
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
    xserver.xdotool_run("key", "Return")
    standin.wait_text(FREE_SHIPPING)
    app.wait_for("paste", "clipboard_restored", since=since)
    assert xserver.clipboard() == "订单号 20261128"
    assert xserver.clipboard(selection="primary") == MESSAGE

    learned = app.wait_for("suggest", "learned", since=since)
    questions = json.loads(run_cli(data_dir, "phrases", "questions", str(learned["phrase_id"]), "--json"))
    assert {"text": MESSAGE, "source": "learned"} in [{k: q[k] for k in ("text", "source")} for q in questions]
    logged = app.tail(10_000) + (data_dir / "logs" / "deskassist.log").read_text(encoding="utf-8")
    assert "包邮不" not in logged


def test_with_nothing_selected_the_hotkey_opens_the_picker_as_usual(
        xserver: XServer, standin: ChatStandin, launch_app, tmp_path: Path) -> None:
    app = launch_app(data_dir=tmp_path / "plain-data")
    app.wait_for("app", "ready", timeout=30)
    xserver.set_clipboard("", selection="primary")
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+Q")
    assert app.wait_for("suggest", "suggested", since=since)["chars"] == 0
    shown = app.wait_for("picker", "shown", since=since)
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
    assert shown["results"] == 42  # the whole default pack, as Ctrl+Alt+Space shows it
    xserver.xdotool_run("key", "Escape")
    assert app.find(since, logger="suggest", event="learned") == []
    assert standin.text == ""


def test_where_there_is_no_selection_to_read_the_message_is_copied_and_the_clipboard_put_back(
        xserver: XServer, standin: ChatStandin, launch_app, tmp_path: Path) -> None:
    """The Windows way, run on X11 (suggest.selection=copy): Ctrl+C into the chat window, read, restore."""
    data_dir = tmp_path / "copy-data"
    app = launch_app({"suggest.selection": "copy"}, data_dir=data_dir)
    app.wait_for("app", "ready", timeout=30)
    xserver.set_clipboard("几天能到货")
    standin.focus()
    xserver.xdotool_run("key", "ctrl+v")  # the buyer's message, now in the chat window ...
    standin.wait_text("几天能到货")
    xserver.xdotool_run("key", "ctrl+a")  # ... and selected, as the agent would
    xserver.set_clipboard("订单号 20261128")
    since = app.mark()
    xserver.key("Ctrl+Alt+Q")
    app.wait_for("suggest", "clipboard_restored", since=since)
    suggested = app.wait_for("suggest", "suggested", since=since)
    assert suggested["chars"] == len("几天能到货") and suggested["count"] > 0
    app.wait_for("picker", "shown", since=since)
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
    assert xserver.clipboard() == "订单号 20261128"
    xserver.xdotool_run("key", "Return")
    standin.wait_text("正常情况下发货后3天左右到达，偏远地区大约需要5～7天，具体以物流实际为准，请您留意查收哦～")
    app.wait_for("paste", "clipboard_restored", since=since)
    assert xserver.clipboard() == "订单号 20261128"
