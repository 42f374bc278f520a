"""Two processes on one data folder, for real: the tray app runs on Xvfb while `deskassist` commands change
the data; the app notices their commits (file watcher, no timer) and the next hotkey uses what they wrote."""

from __future__ import annotations

import subprocess
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
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
    xserver.xdotool_run("type", "xdyz")
    xserver.xdotool_run("key", "Return")
    standin.wait_text("感谢您的耐心等待，小美马上为您处理～")
    assert app.find(logger="app", event="external_change")  # noticed as another process's commit


def inotify_inodes(pid: int) -> set[int]:
    """The inodes a process watches with inotify, as /proc/PID/fdinfo lists them."""
    found = set()
    for info in Path(f"/proc/{pid}/fdinfo").iterdir():
        try:
            text = info.read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:  # a descriptor the app (a worker's read connection) closed meanwhile
            continue
        for line in text.splitlines():
            if line.startswith("inotify wd:"):
                found.add(int(line.split("ino:")[1].split()[0], 16))
    return found


def test_the_watch_never_opens_the_database_files(xserver: XServer, launch_app: Callable[..., AppProcess],
                                                  tmp_path: Path) -> None:
    """Closing any descriptor of the database drops the process's POSIX locks (SQLite's safety): the running
    app, traced by strace once started, notices three CLI commits through inotify watches on the folder, the
    database and its -wal, and opens none of the files itself (only SQLite does)."""
    folder, trace = tmp_path / "data", tmp_path / "trace"
    app = launch_app({"backup.auto": False}, data_dir=folder)
    app.wait_for("app", "ready", timeout=30)
    app.wait_for("app", "warmed_up", timeout=30)
    pid = app.proc.pid
    assert {(folder / name).stat().st_ino for name in ("", "deskassist.db", "deskassist.db-wal")} <= \
        inotify_inodes(pid)
    tracer = subprocess.Popen(["strace", "-f", "-p", str(pid), "-o", str(trace), "-e", "trace=open,openat"],
                              stderr=subprocess.PIPE, text=True)
    try:
        assert tracer.stderr is not None
        assert "attached" in tracer.stderr.readline()  # strace: Process PID attached: tracing from here on
        for number in range(3):
            since = app.mark()
            run_cli(folder, "phrases", "add", "--category", "售后", "--body", f"第{number}条")
            app.wait_for("app", "external_change", since=since, timeout=10)
    finally:
        tracer.terminate()  # detaches; the app goes on (launch_app stops it)
        tracer.wait(10)
    opened = [line for line in trace.read_text(encoding="utf-8").splitlines() if "deskassist.db" in line]
    # SQLite's own opens (the search index is rebuilt through a second connection after another process's
    # commit) are safe: SQLite keeps a file's descriptors open while any connection of the process holds a
    # lock. Its unix VFS opens every file with O_NOFOLLOW; Qt and Python file reads do not.
    assert [line for line in opened if "O_NOFOLLOW" not in line] == []
