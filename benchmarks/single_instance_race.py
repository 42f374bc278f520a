"""Launches at the same moment: `python -m benchmarks.single_instance_race [--trials 30] [--launches 3]`.

Each trial starts that many real apps on one data folder under a private Xvfb, holds them at a gate
(tests/e2e/launch_gate.py) until all are loaded, releases them together and counts how many are still
running once every launch has shown its tray or exited: how many trials ended with exactly one instance
(the rule) and how many with more. Before the lock file (issue 7, point 10) 6 of 30 trials with 3 launches
and 3 of 10 with 6 left two running.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from launch_gate import launch_gated, release_together  # noqa: E402
from x_harness import AppProcess, HarnessError, XServer, run_cli, wait_until  # noqa: E402


def trial(xserver: XServer, base: Path, launches: int) -> tuple[int, int]:
    """(running, not settled) after N launches released together on a fresh data folder."""
    folder = base / "shop"
    folder.mkdir(parents=True)
    run_cli(folder, "config", "set", "agent.name", "Xiaowang")
    apps = launch_gated(xserver, folder, base / "gate", launches)
    try:
        release_together(base / "gate", apps)

        def settled(app: AppProcess) -> bool:
            return app.proc.poll() is not None or bool(app.find(logger="app", event="ready"))

        with contextlib.suppress(HarnessError):  # a launch that hangs is counted below, not raised
            wait_until(lambda: all(settled(app) for app in apps), 30, 0.05)
        return (sum(app.proc.poll() is None for app in apps), sum(not settled(app) for app in apps))
    finally:
        for app in apps:
            app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--launches", type=int, default=3)
    args = parser.parse_args()
    outcomes: collections.Counter[tuple[int, int]] = collections.Counter()
    xserver = XServer()
    try:
        with tempfile.TemporaryDirectory(prefix="deskassist-race-") as temp:
            for number in range(args.trials):
                outcomes[trial(xserver, Path(temp) / str(number), args.launches)] += 1
    finally:
        xserver.stop()
    one = sum(count for (running, stuck), count in outcomes.items() if running == 1 and not stuck)
    print(f"{args.trials} trials x {args.launches} simultaneous launches: exactly one running in {one}, "
          f"otherwise {args.trials - one}")
    for (running, stuck), count in sorted(outcomes.items()):
        print(f"  {running} running, {stuck} neither ready nor gone: {count} trials")


if __name__ == "__main__":
    main()
