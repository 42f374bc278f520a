"""Two processes on one data folder, for real: the tray app runs on Xvfb while `deskassist` commands change
the data; the app notices their commits (file watcher, no timer) and the next hotkey uses what they wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from x_harness import AppProcess, ChatStandin, XServer, run_cli

THANKS = "感谢您的耐心等待，{客服}马上为您处理～"


def test_a_phrase_and_a_name_set_with_the_cli_are_pasted_by_the_running_app(
        xserver: XServer, standin: ChatStandin, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = launch_app({"agent.name": "小王"}, data_dir=folder)
    app.wait_for("app", "ready", timeout=30)
    run_cli(folder, "phrases", "add", "--category", "售后", "--body", THANKS, "--code", "xdyz")
    run_cli(folder, "config", "set", "agent.name", "小美")
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+Space")
    app.wait_for("picker", "shown", since=since)
    xserver.xdotool_run("type", "xdyz")
    xserver.xdotool_run("key", "Return")
    standin.wait_text("感谢您的耐心等待，小美马上为您处理～")
    assert app.find(logger="app", event="external_change")  # noticed as another process's commit
