"""Issue 7, point 2, end to end: open the phrase manager's export dialog in the real app and cancel it, run
a CLI command on the same data folder, save a memo in the app, kill -9 the app: the memo is still there.

Before the fix the dialog's file model opened deskassist.db (and its -wal/-shm) to guess their type; closing
those descriptors dropped the app's SQLite locks, the CLI then believed itself the last user, checkpointed
and deleted the live -wal, and the memo went into a deleted file."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tray_host import TrayHost
from x_harness import AppProcess, ChatStandin, XServer, run_cli, wait_until

MEMO = "ask the warehouse about order 8812"


@pytest.fixture
def tray_host(xserver: XServer) -> Iterator[TrayHost]:
    host = TrayHost(xserver)
    yield host
    host.stop()


def visible_windows(xserver: XServer, title_pattern: str) -> list[str]:
    """Ids of visible windows whose title matches (xdotool exits 1 when there are none)."""
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title_pattern], env=xserver.env(),
                           capture_output=True, text=True, timeout=10)
    return found.stdout.split()


def menu_is_open(xserver: XServer, near: tuple[int, int]) -> bool:
    """A visible window taller than a tray icon with its corner at the click point: the tray menu."""
    out = xserver.xdotool_run("search", "--onlyvisible", "--name", "", "getwindowgeometry", "%@")
    for block in out.split("Window ")[1:]:
        lines = block.splitlines()
        pos = next(line for line in lines if "Position" in line).split(":")[1].split("(")[0].strip()
        size = next(line for line in lines if "Geometry" in line).split(":")[1].strip()
        x, y = (int(v) for v in pos.split(","))
        if int(size.split("x")[1]) > 100 and abs(x - near[0]) <= 40 and abs(y - near[1]) <= 40:
            return True
    return False


def open_phrase_manager(xserver: XServer, host: TrayHost, app: AppProcess) -> str:
    """Tray menu -> Phrase manager…, by mouse and keys as a user would; returns the window id."""
    since = app.mark()
    x, y = host.icon_point()
    xserver.xdotool_run("mousemove", str(x), str(y), "click", "3")
    wait_until(lambda: menu_is_open(xserver, (x, y)), 5, 0.02, what="the tray menu to open")
    xserver.xdotool_run("key", "Down", "Down", "Down", "Return")  # picker, side panel, phrase manager
    app.wait_for("ui", "tray_action", since=since, action="manager")
    return wait_until(lambda: visible_windows(xserver, "^Phrase manager"), 10, 0.05,
                      what="the phrase manager window")[0]


def test_cancelled_export_dialog_then_a_cli_command_loses_no_memo(
        xserver: XServer, tray_host: TrayHost, standin: ChatStandin, launch_app, tmp_path: Path) -> None:
    data_dir = tmp_path / "shop"
    app = launch_app(settings={"agent.name": "Xiaowang"}, data_dir=data_dir)
    app.wait_for("app", "ready", timeout=30)
    app.wait_for("notes", "notes_installed")

    manager = open_phrase_manager(xserver, tray_host, app)
    xserver.xdotool_run("windowfocus", "--sync", manager)
    xserver.xdotool_run("key", "alt+p", "sleep", "0.3", "key", "Up", "Up", "Return")  # Phrases > Export…
    wait_until(lambda: visible_windows(xserver, "^Export phrases"), 10, 0.05, what="the export dialog")
    xserver.xdotool_run("sleep", "1", "key", "Escape")  # the folder is listed by then; cancel
    wait_until(lambda: not visible_windows(xserver, "^Export phrases"), 10, 0.05, what="the dialog to close")

    assert run_cli(data_dir, "memos", "list").strip()  # the CLI beside the app, as agents do
    wal_after_cli = (data_dir / "deskassist.db-wal").exists()

    xserver.xdotool_run("windowfocus", "--sync", str(standin.window))  # back to the chat client
    since = app.mark()
    xserver.key("Ctrl+Alt+M").wait(10)
    app.wait_for("notes", "memo_box_active", since=since)
    xserver.xdotool_run("type", "--delay", "8", MEMO)
    xserver.key("Return")
    app.wait_for("notes", "memo_saved", since=since)

    app.proc.kill()  # kill -9: only what is really in the database files counts
    app.proc.wait(10)
    memos = json.loads(run_cli(data_dir, "memos", "list", "--json"))
    assert [m["text"] for m in memos] == [MEMO]
    assert wal_after_cli  # the live WAL was never checkpointed away under the running app
