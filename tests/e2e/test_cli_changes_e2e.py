"""Two processes on one data folder, for real: the tray app runs on Xvfb while `deskassist` commands change
the data; the app notices their commits (file watcher, no timer) and the next hotkey uses what they wrote."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from x_harness import PYTHON, AppProcess, ChatStandin, JsonLineProcess, XServer, prepare_data_dir, run_cli

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


def test_the_watch_never_opens_the_database_files(xserver: XServer, tmp_path: Path) -> None:
    """Closing any descriptor of the database drops the process's POSIX locks (SQLite's safety): the running
    app, under strace, notices three CLI commits with inotify watches and opens none of the files itself."""
    folder, trace = tmp_path / "data", tmp_path / "trace"
    prepare_data_dir(folder, {"backup.auto": False})
    app = JsonLineProcess(["strace", "-f", "-tt", "-o", str(trace), "-e", "trace=openat,open,inotify_add_watch",
                           PYTHON, "-m", "deskassist", "--data-dir", str(folder)], xserver.env(), "stderr")
    try:
        app.wait_record(60, logger="app", event="ready")
        app.wait_record(60, logger="app", event="warmed_up")
        settled = datetime.now().strftime("%H:%M:%S.%f")
        for number in range(3):
            since = app.mark()
            run_cli(folder, "phrases", "add", "--category", "售后", "--body", f"第{number}条")
            app.wait_record(10, since=since, logger="app", event="external_change")
    finally:
        app.stop()
    lines = trace.read_text(encoding="utf-8").splitlines()
    later = [line for line in lines if line.split()[1] > settled and "deskassist.db" in line and "open" in line]
    assert later == []
    watched = {line.split('"')[1] for line in lines if "inotify_add_watch(" in line and str(folder) in line}
    assert watched == {str(folder), f"{folder}/deskassist.db-wal", f"{folder}/deskassist.db"}
