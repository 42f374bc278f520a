"""The tray app started on a damaged database says so in a window and leaves the file's bytes alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from x_harness import AppProcess, HarnessError, XServer, wait_until


def test_damaged_database_is_reported_in_a_window_and_left_unchanged(
        xserver: XServer, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    database = folder / "deskassist.db"
    damaged = b"SQLite format 3\x00" + bytes(range(256)) * 64
    database.write_bytes(damaged)

    app = launch_app(data_dir=folder, first_run=True)  # nothing may be written to the damaged folder
    failed = app.wait_for("app", "open_failed", timeout=20)
    assert failed["kind"] == "DatabaseDamagedError"  # the precise diagnosis
    def message_windows() -> list[str]:
        try:
            return xserver.xdotool_run("search", "--onlyvisible", "--name", "^DeskAssist$").split()
        except HarnessError:  # xdotool exits 1 while nothing matches
            return []

    assert wait_until(message_windows, timeout=10, what="the message window")
    assert app.find(logger="app", event="ready") == []  # nothing started on top of the damaged file
    app.stop()
    assert database.read_bytes() == damaged
