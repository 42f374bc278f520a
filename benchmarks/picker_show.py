"""Picker hotkey -> picker on screen: `python -m benchmarks.picker_show [--runs 30]`.

Measured inside the app, on one monotonic clock: from the hotkey's KeyPress reaching the X hotkey thread
("hotkey"/"pressed", mono_ms) to the picker's first Expose handled, i.e. the X server has mapped the window
and its pixels were painted and sent ("picker"/"visible", mono_ms). Stages from the log lines' wall times:
pressed -> shown (the hop to the Qt thread, finding the target, Qt's show before mapping) and shown ->
visible (mapping, painting); the first show after start is given on its own (it creates the window).
For comparison with the older figure (issue 13: 23.1 ms), "spawn" is from spawning `xdotool key` to the
harness reading the "visible" line (xdotool itself takes some 16 ms of it).
The harness is the e2e one: a private Xvfb, the stand-in chat client focused, the real app. Goal (issue 13):
median <= 15 ms. Prints figures; never fails on a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from x_harness import AppProcess, ChatStandin, HarnessError, XServer, prepare_data_dir  # noqa: E402

GOAL_MS = 15.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(runs: int) -> dict[str, list[float]]:
    xserver = XServer()
    standin = None
    app = None
    try:
        standin = ChatStandin(xserver)
        folder = Path(tempfile.mkdtemp(prefix="picker-show-")) / "data"
        prepare_data_dir(folder, {"setup.done": True, "agent.name": "小美", "shop.name": "花花旗舰店"})
        app = AppProcess(xserver, folder)
        app.wait_for("app", "warmed_up", timeout=60)
        figures: dict[str, list[float]] = {"visible": [], "to_shown": [], "map_paint": [], "spawn": []}
        for _ in range(runs + 1):
            standin.focus()
            time.sleep(0.45)  # past Qt's 400 ms focus grace, as between two real replies
            since = app.mark()
            spawned = time.monotonic()
            xserver.xdotool_run("key", "ctrl+alt+space")
            visible = app.wait_for("picker", "visible", since=since, timeout=5)
            pressed = app.wait_for("hotkey", "pressed", since=since, name="picker")
            shown = app.wait_for("picker", "shown", since=since)
            figures["visible"].append(visible["mono_ms"] - pressed["mono_ms"])
            figures["to_shown"].append(shown["mono_ms"] - pressed["mono_ms"])
            figures["map_paint"].append(visible["mono_ms"] - shown["mono_ms"])
            figures["spawn"].append((visible["_arrived"] - spawned) * 1000)
            app.wait_for("picker", "active", since=since, timeout=5)
            xserver.xdotool_run("key", "Escape")
        return figures
    finally:
        if app is not None:
            app.stop()
        if standin is not None:
            standin.stop()
        xserver.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    try:
        figures = measure(args.runs)
    except HarnessError as exc:
        print(f"harness failed: {exc}", file=sys.stderr)
        return 1
    load = os.getloadavg()[0]
    print(f"picker hotkey -> visible, {args.runs} runs, load average {load:.2f} on {os.cpu_count()} cores")
    print("  first show after start: " + ", ".join(f"{name} {values[0]:.1f} ms" for name, values in figures.items()))
    figures = {name: values[1:] for name, values in figures.items()}
    for name, values in figures.items():
        print(f"  {name:10s} median {statistics.median(values):6.1f} ms  p90 {percentile(values, 0.9):6.1f} ms"
              f"  min {min(values):6.1f} ms")
    median = statistics.median(figures["visible"])
    print(f"goal: median <= {GOAL_MS} ms -> {'met' if median <= GOAL_MS else 'NOT met'} ({median:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
