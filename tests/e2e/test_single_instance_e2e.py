"""Issue 7, point 10: one running app per data folder, for real. Three launches at the same moment leave
exactly one running (the others hand over and exit); after a kill -9 the stale lock and socket are taken
over by the next launch, which a later launch then reaches.

The launches are held at a gate until all have loaded (launch_gate.py) so that they really race; before the
lock file this left two instances running in about one round of five (6 of 30, benchmarks/
single_instance_race.py). tests/widget/app/test_single_instance.py reproduces the cause every time."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

from launch_gate import launch_gated, release_together
from x_harness import AppProcess, XServer, run_cli, wait_until

LAUNCHES = 3


def settled(app: AppProcess) -> bool:
    """Either running with its tray ready, or gone."""
    return app.proc.poll() is not None or bool(app.find(logger="app", event="ready"))


def test_simultaneous_launches_leave_exactly_one_running(xserver: XServer,
                                                         launch_app: Callable[..., AppProcess],
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    run_cli(folder, "config", "set", "agent.name", "Xiaowang")  # the database exists: only the start races
    apps = launch_gated(xserver, folder, tmp_path / "gate", LAUNCHES)
    try:
        release_together(tmp_path / "gate", apps)
        wait_until(lambda: all(settled(app) for app in apps), 60, 0.05, what="every launch to settle",
                   details=lambda: "\n".join(app.tail(8) for app in apps))
        running = [app for app in apps if app.proc.poll() is None]
        assert len(running) == 1, "\n".join(app.tail(8) for app in apps)
        for app in apps:
            if app is not running[0]:
                assert app.proc.returncode == 0, app.tail()
                assert app.find(logger="app", event="already_running"), app.tail()
        first = running[0]
        wait_until(lambda: len(first.find(logger="app", event="second_launch")) == LAUNCHES - 1, 10, 0.05,
                   what="the running app to hear from every other launch", details=first.tail)

        first.proc.send_signal(signal.SIGKILL)  # leaves its lock file and its socket behind
        first.proc.wait(10)
        assert (folder / "deskassist.lock").exists()

        after_crash = launch_app(data_dir=folder)
        after_crash.wait_for("app", "ready", timeout=30)
        since = after_crash.mark()
        late = launch_app(data_dir=folder)
        wait_until(lambda: late.proc.poll() is not None, 30, 0.05, what="the late launch to hand over",
                   details=late.tail)
        assert late.proc.returncode == 0
        after_crash.wait_for("app", "second_launch", since=since, command="show")
        assert after_crash.proc.poll() is None
    finally:
        for app in apps:
            app.stop()
