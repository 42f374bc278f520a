"""Other processes' commits: `python -m benchmarks.change_watch [--seconds 20] [--commits 10]`.

Issue 11, point 1: the running app must notice a `deskassist ...` command's commit without waking up when idle.
For each way of noticing (the file watcher alone, data.check_interval_ms=0; a timer of 1000 / 250 ms) the real
app runs on a private Xvfb and prints:
  wakeups/s   context switches of all its threads per second while idle (after start-up settled), from
              /proc/PID/task/*/status: the cost of the way of noticing, plus what else the app does when idle
  notice_ms   median / max time from a commit by another connection (this script's own session, as the CLI
              would make it) to the app's "external_change" log line (its "t" field)
Run it from a checkout: the app is that checkout's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from x_harness import AppProcess, XServer, prepare_data_dir  # noqa: E402

from deskassist.services.data_folder import open_session  # noqa: E402
from deskassist.services.memos import MemoService  # noqa: E402


def switches(pid: int) -> int:
    """Voluntary and involuntary context switches of every thread of pid so far."""
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        try:
            text = status.read_text(encoding="ascii")
        except OSError:
            continue  # the thread ended meanwhile
        for line in text.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def run_mode(xserver: XServer, folder: Path, interval_ms: int, seconds: float, commits: int) -> dict[str, float]:
    prepare_data_dir(folder, {"data.check_interval_ms": interval_ms, "backup.auto": False,
                              "setup.done": True})  # idle means no window open (setup has a blinking cursor)
    app = AppProcess(xserver, folder)
    try:
        app.wait_for("app", "ready", timeout=60)
        app.wait_for("app", "warmed_up", timeout=60)
        time.sleep(5)  # start-up work (suggest index, erase, integrity check) settles
        before, started = switches(app.proc.pid), time.monotonic()
        time.sleep(seconds)
        idle = (switches(app.proc.pid) - before) / (time.monotonic() - started)
        delays = []
        elsewhere = open_session(folder)
        try:
            for number in range(commits):
                since = app.mark()
                MemoService(elsewhere).add(f"benchmark {number}")
                committed = time.time()
                noticed = app.wait_for("app", "external_change", since=since, timeout=10)
                delays.append((float(noticed["t"]) - committed) * 1000)
                time.sleep(0.3)
        finally:
            elsewhere.close()
        return {"wakeups/s": idle, "notice_ms_p50": statistics.median(delays), "notice_ms_max": max(delays)}
    finally:
        app.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--commits", type=int, default=10)
    args = parser.parse_args()
    xserver = XServer()
    try:
        with tempfile.TemporaryDirectory() as temp:
            print(f"{'way of noticing':<28}{'wakeups/s':>10}{'notice p50 ms':>15}{'max ms':>9}")
            for name, interval in (("file watcher (0)", 0), ("timer 1000 ms", 1000), ("timer 250 ms", 250)):
                figures = run_mode(xserver, Path(temp) / f"data-{interval}", interval, args.seconds, args.commits)
                print(f"{name:<28}{figures['wakeups/s']:>10.1f}{figures['notice_ms_p50']:>15.1f}"
                      f"{figures['notice_ms_max']:>9.1f}", flush=True)
    finally:
        xserver.stop()


if __name__ == "__main__":
    main()
