"""The first start of the real app under Xvfb: the setup window comes up by itself, with the app's name in its
title; typing a name and pressing Enter saves it (read back through the CLI); the next start does not ask."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from x_harness import AppProcess, XServer, run_cli, wait_until


def titled(xserver: XServer, pattern: str) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", pattern], env=xserver.env(),
                           capture_output=True, text=True, timeout=10)
    return found.stdout.split()


def test_the_first_start_asks_once_and_saves_the_answers(xserver: XServer, launch_app: Callable[..., AppProcess],
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = launch_app(data_dir=folder, first_run=True)
    app.wait_for("app", "ready", timeout=20)
    app.wait_for("app", "setup_offered", shown=True)
    windows = wait_until(lambda: titled(xserver, "^First-run setup"), 10, 0.05, what="the setup window")
    name = xserver.xdotool_run("getwindowname", windows[0]).strip()
    assert name.startswith("First-run setup") and "DeskAssist" in name  # the app's name in every title
    xserver.xdotool_run("windowfocus", "--sync", windows[0])  # no window manager here
    since = app.mark()
    xserver.xdotool_run("type", "--delay", "20", "Xiaomei")  # the name field has the focus
    xserver.xdotool_run("key", "Tab", "type", "--delay", "20", "8021")
    xserver.xdotool_run("key", "Return")
    app.wait_for("setup", "setup_completed", since=since)
    wait_until(lambda: not titled(xserver, "^First-run setup"), 10, 0.05, what="the setup window to close")
    assert run_cli(folder, "config", "get", "agent.name").strip() == "Xiaomei"
    assert run_cli(folder, "config", "get", "agent.id").strip() == "8021"
    assert run_cli(folder, "config", "get", "setup.done").strip() == "true"
    app.stop()

    again = launch_app(data_dir=folder, first_run=True)
    again.wait_for("app", "setup_offered", shown=False, timeout=20)
    assert titled(xserver, "^First-run setup") == []
