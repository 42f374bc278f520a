"""The memo hotkey end to end: the real tray app on Xvfb, xdotool presses Ctrl+Alt+M over the stand-in chat
client, types a memo and Enter; the memo is in the agent's memo book (read back through the CLI), the chat
client got none of the keys and has the focus back, and no log line carries the memo's text."""

from __future__ import annotations

import json
from pathlib import Path

from x_harness import ChatStandin, XServer, run_cli, wait_until

MEMO = "call back about the size #size"


def test_ctrl_alt_m_captures_a_memo_over_the_chat_client(xserver: XServer, standin: ChatStandin, launch_app,
                                                         tmp_path: Path) -> None:
    data_dir = tmp_path / "memo-data"
    app = launch_app(settings={"agent.name": "Xiaowang"}, data_dir=data_dir)
    app.wait_for("app", "ready", timeout=30)
    app.wait_for("notes", "notes_installed")
    standin.focus()
    chat_window = xserver.focused_window()
    since = app.mark()
    xserver.key("Ctrl+Alt+M").wait(10)  # Ctrl and Alt are up again before typing starts, as with a person
    app.wait_for("notes", "memo_box_opened", since=since)
    app.wait_for("notes", "memo_box_active", since=since)
    xserver.xdotool_run("type", "--delay", "8", MEMO)
    xserver.key("Return")
    saved = app.wait_for("notes", "memo_saved", since=since)
    assert saved["tags"] == 1

    memos = json.loads(run_cli(data_dir, "memos", "list", "--json"))
    assert [(m["id"], m["text"], m["tags"], m["agent"]) for m in memos] == [
        (saved["memo_id"], MEMO, ["size"], "Xiaowang")]
    wait_until(lambda: xserver.focused_window() == chat_window, 5, what="the focus back in the chat client")
    assert standin.text == ""  # the typing went to the memo box, not to the buyer

    logged = app.tail(10_000) + (data_dir / "logs" / "deskassist.log").read_text(encoding="utf-8")
    assert "call back" not in logged
