"""Slot hotkey -> text, DeskAssist beside AutoKey and a floor, in ONE interleaved run:
`python -m benchmarks.side_by_side [--runs 15] [--picker-runs 8] [--no-autokey]`.

Each tool gets its own private Xvfb with its own stand-in chat client (tests/e2e/chat_standin.py):
  DeskAssist  the real app (`python -m deskassist`), phrase pinned to slot 1 (Ctrl+Alt+1)
  AutoKey     Debian's autokey-gtk, the same text on Ctrl+Alt+1, clipboard mode with Ctrl+V
  floor       benchmarks/xtest_floor.py: grab, own CLIPBOARD, XTest Ctrl+V, nothing else
Measurements alternate between the tools (A, B, C, A, B, C ...) so that the machine's load hits all
of them alike. Two cases, also alternating: "empty" (nobody owns the clipboard) and "chat owns" (the
stand-in copied an order number just before the hotkey, so a backup has to come from the chat client).
Time: from spawning `xdotool key ctrl+alt+1` to the complete Chinese text in the stand-in, polled every 2 ms;
also printed to the stand-in's own timestamp of the text (its wall clock, the same machine's): the poll adds
0-2 ms in steps, so a median of polled figures can jump by 2 ms between runs.
Then DeskAssist's picker: Return in the picker (query typed) -> the text in the stand-in (with --baseline, the
baseline's too, alternating).
`--xtest` presses Ctrl+Alt+1 (and the picker's Return) with XTest from this process (released once the text is in) and takes the end
from the stand-in's own timestamp of the text: no xdotool to spawn and no polling step, so the spread
is a fraction of a millisecond instead of several (for comparing revisions; not the issue's measure).
`--baseline REV` adds DeskAssist as it was at git revision REV (exported to a temporary folder), interleaved
with the others: a before/after comparison that the machine's load hits alike.
`--qt-floor plain|tracked` adds benchmarks/qt_floor.py: the floor with the text set and served by Qt's
clipboard (tracked: as DeskAssist puts it on, a Python QMimeData subclass with the history hint), to tell what
Qt's clipboard costs from what DeskAssist's own steps cost.
DeskAssist's stage timings come from the "stages" field of its "paste"/"pasted" log events (ms only).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from Xlib import XK, X
from Xlib import display as xdisplay
from Xlib.ext import xtest
from Xlib.protocol import request

from benchmarks.hotkey_paste import (
    PICK_QUERY,
    PICK_TEMPLATE,
    PICK_TEXT,
    SLOT_TEMPLATE,
    SLOT_TEXT,
    autokey_config,
    percentile,
    poll,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from x_harness import (  # noqa: E402
    PYTHON,
    AppProcess,
    ChatStandin,
    HarnessError,
    JsonLineProcess,
    XServer,
    prepare_data_dir,
    run_cli,
)

ORDER_NUMBER = "订单号 3829104756221"
CASES = ("empty", "chat owns")


def clear_clipboard(disp: xdisplay.Display) -> None:
    """Nobody owns CLIPBOARD afterwards (any client may set the owner to None)."""
    request.SetSelectionOwner(display=disp.display, window=X.NONE,
                              selection=disp.intern_atom("CLIPBOARD"), time=X.CurrentTime)
    disp.sync()


class Tool:
    """One tool on its own X server with its own stand-in."""

    name = ""

    def __init__(self) -> None:
        self.xserver = XServer()
        self.standin = ChatStandin(self.xserver)
        self.disp = xdisplay.Display(self.xserver.display)

    stamped_ms: float | None = None
    """The last xdotool measurement taken to the stand-in's own time of the text instead of the poll that saw
    it (the poll adds 0-2 ms, in steps: a median can jump by 2 ms between runs)."""

    def press(self, keys: str) -> float:
        t0 = time.perf_counter()
        self._wall_t0 = time.time()
        subprocess.Popen(["xdotool", "key", keys], env=self.xserver.env())
        return t0

    def poll_text(self, keys: str, text: str) -> float | None:
        """xdotool presses keys; ms until a poll sees the text (stamped_ms: until the stand-in had it)."""
        since = self.standin.mark()
        t0 = self.press(keys)
        ms = poll(lambda: self.standin.text == text, t0)
        records = self.standin.find(since, event="text", text=text)
        self.stamped_ms = (records[0]["t"] - self._wall_t0) * 1000 if ms is not None and records else None
        return ms

    def prepare(self, case: str) -> None:
        self.standin.clear()
        if not self.standin.has_focus:
            self.standin.focus()
        if case == "empty":
            clear_clipboard(self.disp)
        else:
            self.standin.copy({"text/plain": ORDER_NUMBER})  # the agent copied an order number just before
        time.sleep(0.1)

    def slot_once(self, case: str, use_xtest: bool = False) -> float:
        self.prepare(case)
        mark = self.before()
        ms = self.slot_by_xtest() if use_xtest else self.poll_text("ctrl+alt+1", SLOT_TEXT)
        if ms is None:
            raise HarnessError(f"{self.name}: the text did not arrive (stand-in has {self.standin.text!r})")
        self.after(mark)
        return ms

    def slot_by_xtest(self) -> float | None:
        return self.keys_by_xtest(("Control_L", "Alt_L", "1"), SLOT_TEXT)

    def keys_by_xtest(self, keys: tuple[str, ...], text: str) -> float | None:
        """The keys held down through XTest until the text is in; ms from the press leaving this process
        to the stand-in's own time of the text (both wall clocks of this machine)."""
        codes = [self.disp.keysym_to_keycode(XK.string_to_keysym(name)) for name in keys]
        since = self.standin.mark()
        for code in codes:
            xtest.fake_input(self.disp, X.KeyPress, code)
        t0 = time.time()
        self.disp.flush()
        arrived = poll(lambda: self.standin.text == text, time.perf_counter())
        for code in reversed(codes):
            xtest.fake_input(self.disp, X.KeyRelease, code)
        self.disp.sync()
        if arrived is None:
            return None
        record = self.standin.find(since, event="text", text=text)[0]
        return (record["t"] - t0) * 1000

    def before(self) -> int:
        return 0

    def after(self, mark: int) -> None:
        time.sleep(0.3)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.standin.stop()
        self.disp.close()
        self.xserver.stop()


class DeskAssist(Tool):
    name = "DeskAssist"

    def __init__(self, folder: Path, checkout: Path = ROOT, name: str = "DeskAssist") -> None:
        """checkout: the source tree whose deskassist runs (a baseline revision exported elsewhere)."""
        super().__init__()
        self.name = name
        prepare_data_dir(folder, {"agent.name": "小美", "shop.name": "花花旗舰店"})
        run_cli(folder, "phrases", "edit", "1", "--body", SLOT_TEMPLATE)
        run_cli(folder, "phrases", "add", "-c", "售后", "-t", "退款到账时间", "-b", PICK_TEMPLATE)
        self.app = AppProcess(self.xserver, folder, cwd=checkout,
                              env=self.xserver.env(PYTHONPATH=str(checkout)))
        self.app.wait_for("app", "ready", timeout=60)
        time.sleep(1.0)

    def before(self) -> int:
        return self.app.mark()

    def after(self, mark: int) -> None:
        self.app.wait_for("paste", "clipboard_restored", since=mark, timeout=5)
        time.sleep(0.05)

    def enter_once(self, use_xtest: bool = False) -> float:
        self.standin.clear()
        self.standin.focus()
        clear_clipboard(self.disp)
        time.sleep(0.1)
        since = self.app.mark()
        self.press("ctrl+alt+space")
        self.app.wait_for("picker", "active", since=since, timeout=5)
        self.xserver.xdotool_run("type", PICK_QUERY)
        time.sleep(0.3)  # let the list settle on the query
        ms = self.keys_by_xtest(("Return",), PICK_TEXT) if use_xtest else self.poll_text("Return", PICK_TEXT)
        if ms is None:
            raise HarnessError(f"Enter in the picker: nothing arrived ({self.standin.text!r})\n" + self.app.tail())
        self.app.wait_for("paste", "clipboard_restored", since=since, timeout=5)
        return ms

    def stages(self, since: int = 0, with_hop: bool = True) -> list[dict]:
        """Each paste's stages; "hop" (the press from the hotkey thread to the main thread, before the stages
        start) where the revision logs it."""
        hops = [r["hop_ms"] for r in self.app.find(since, logger="hotkey", event="pressed") if "hop_ms" in r]
        pasted = [r["stages"] for r in self.app.find(since, logger="paste", event="pasted") if "stages" in r]
        if with_hop and len(hops) == len(pasted):
            return [{"hop": hop, **stages} for hop, stages in zip(hops, pasted, strict=True)]
        return pasted

    def stop(self) -> None:
        self.app.stop()
        super().stop()


class Floor(Tool):
    name = "floor"
    script = "xtest_floor.py"
    extra: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self.proc = JsonLineProcess([PYTHON, str(ROOT / "benchmarks" / self.script), SLOT_TEXT, *self.extra],
                                    self.xserver.env(), "stdout")
        self.proc.wait_record(15, event="ready")

    def after(self, mark: int) -> None:
        time.sleep(0.05)

    def stop(self) -> None:
        self.proc.stop()
        super().stop()


class QtFloor(Floor):
    """The same floor with the clipboard set and served by Qt (benchmarks/qt_floor.py)."""

    name = "Qt floor"
    script = "qt_floor.py"

    def __init__(self, tracked: bool) -> None:
        self.extra = ["--tracked"] if tracked else []
        super().__init__()


class AutoKey(Tool):
    name = "AutoKey"

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = home
        self.log_path = home / "autokey.log"
        env = self.xserver.env(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
                               XDG_RUNTIME_DIR=str(home / "run"), NO_AT_BRIDGE="1")
        for name in ("QT_QPA_PLATFORM", "PYTHONPATH", "VIRTUAL_ENV"):
            env.pop(name, None)
        self.env = env
        (home / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
        first = self._start()  # the first run writes AutoKey's default configuration
        ready = self._wait_log(first, "Entering main()")
        self._end(first)
        if not ready:
            raise HarnessError("autokey-gtk did not start: " + self._log_tail())
        autokey_config(home, SLOT_TEXT)
        self.proc = self._start()
        if not self._wait_log(self.proc, "Grabbing hotkey: ['<alt>', '<ctrl>'] '1'"):
            self._end(self.proc)
            raise HarnessError("autokey-gtk did not grab Ctrl+Alt+1: " + self._log_tail())
        time.sleep(1.0)

    def _log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-400:]

    def _start(self) -> subprocess.Popen:
        with open(self.log_path, "a") as log_file:
            return subprocess.Popen(["dbus-run-session", "--", "/usr/bin/python3", "/usr/bin/autokey-gtk", "-l"],
                                    env=self.env, stdout=log_file, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def _wait_log(self, proc: subprocess.Popen, needle: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if needle in self.log_path.read_text(errors="replace"):
                return True
            time.sleep(0.1)
        return False

    def _end(self, proc: subprocess.Popen) -> None:
        """End the dbus session and AutoKey in it (their own process group, started above)."""
        for sig in (15, 9):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(5)
                break
            except subprocess.TimeoutExpired:
                continue
        (self.home / "run" / "autokey" / "autokey.pid").unlink(missing_ok=True)

    def stop(self) -> None:
        self._end(self.proc)
        super().stop()


def summary(name: str, figures: list[float]) -> str:
    if not figures:
        return f"{name:<12} (none)"
    return (f"{name:<12} median {statistics.median(figures):6.1f} ms  p90 {percentile(figures, 0.9):6.1f} ms  "
            f"min {min(figures):6.1f}  n={len(figures)}")


def stage_lines(records: list[dict]) -> list[str]:
    """Median milliseconds of each DeskAssist stage (from the hotkey reaching the app)."""
    keys: dict[str, list[float]] = {}
    for record in records:
        for key, value in record.items():
            keys.setdefault(key, []).append(float(value))
    return [f"  {key:<22} {statistics.median(values):6.2f} ms" for key, values in keys.items()]


def export_revision(revision: str, folder: Path) -> Path:
    """The source tree of revision, written to folder (git archive: the checkout itself is not touched)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measurements per tool and case")
    parser.add_argument("--picker-runs", type=int, default=8)
    parser.add_argument("--no-autokey", action="store_true")
    parser.add_argument("--xtest", action="store_true", help="press with XTest, end at the stand-in's timestamp")
    parser.add_argument("--baseline", metavar="REV", help="also run DeskAssist at this git revision, interleaved")
    parser.add_argument("--qt-floor", choices=("plain", "tracked"),
                        help="also run the floor with Qt's clipboard (benchmarks/qt_floor.py; tracked: the text as "
                             "DeskAssist puts it on)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="deskassist-side-"))
    tools: list[Tool] = []
    figures: dict[tuple[str, str], list[float]] = {}
    enter: dict[str, list[float]] = {}
    stamped: dict[tuple[str, str], list[float]] = {}
    stages: dict[tuple[str, str], list[dict]] = {}
    load = os.getloadavg()
    try:
        ours = DeskAssist(work / "data")
        tools.append(ours)
        if args.baseline:
            checkout = export_revision(args.baseline, work / "baseline")
            tools.append(DeskAssist(work / "baseline-data", checkout, f"DeskAssist@{args.baseline}"))
        if not args.no_autokey:
            if shutil.which("autokey-gtk") and shutil.which("dbus-run-session"):
                tools.append(AutoKey(work / "autokey-home"))
            else:
                print("AutoKey: not measured: autokey-gtk or dbus-run-session is not installed")
        tools.append(Floor())
        if args.qt_floor:
            tools.append(QtFloor(args.qt_floor == "tracked"))
        for _ in range(args.runs):
            for case in CASES:
                for tool in tools:
                    mark = tool.before()
                    figures.setdefault((tool.name, case), []).append(tool.slot_once(case, args.xtest))
                    if tool.stamped_ms is not None and not args.xtest:
                        stamped.setdefault((tool.name, case), []).append(tool.stamped_ms)
                    if isinstance(tool, DeskAssist):
                        stages.setdefault((tool.name, case), []).extend(tool.stages(mark))
        for _ in range(args.picker_runs):
            for tool in tools:
                if isinstance(tool, DeskAssist):
                    mark = tool.app.mark()
                    enter.setdefault(tool.name, []).append(tool.enter_once(args.xtest))
                    if tool.stamped_ms is not None and not args.xtest:
                        stamped.setdefault((tool.name, "picker"), []).append(tool.stamped_ms)
                    stages.setdefault((tool.name, "picker"), []).extend(tool.stages(mark, with_hop=False))
    finally:
        for tool in tools:
            tool.stop()
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    how = "XTest press -> the stand-in's time of the text" if args.xtest else "xdotool spawned -> text polled"
    print(f"slot hotkey -> text ({how}), interleaved, {args.runs} runs per tool and case; "
          f"load average {load[0]:.2f} before, {load_after[0]:.2f} after; {os.cpu_count()} cores")
    medians: dict[tuple[str, str], float] = {}
    for case in CASES:
        print(f"case: {case}")
        for tool in tools:
            values = figures.get((tool.name, case), [])
            print("  " + summary(tool.name, values))
            if values:
                medians[(tool.name, case)] = statistics.median(values)
        mine = medians.get(("DeskAssist", case))
        theirs = medians.get(("AutoKey", case))
        floor = medians.get(("floor", case))
        if mine is not None and theirs:
            print(f"  ratio DeskAssist/AutoKey: {mine / theirs:.3f}  (goal <= 0.95)")
        if mine is not None and floor is not None:
            print(f"  DeskAssist - floor: {mine - floor:+.1f} ms  (goal <= +1.5 ms)")
        if stamped.get(("DeskAssist", case)):
            print("  to the stand-in's own time of the text instead of the poll:")
            for tool in tools:
                if stamped.get((tool.name, case)):
                    print("    " + summary(tool.name, stamped[(tool.name, case)]))
            exact = {name: statistics.median(values) for (name, kind), values in stamped.items() if kind == case}
            if "AutoKey" in exact:
                print(f"    ratio DeskAssist/AutoKey: {exact['DeskAssist'] / exact['AutoKey']:.3f}")
            if "floor" in exact:
                print(f"    DeskAssist - floor: {exact['DeskAssist'] - exact['floor']:+.1f} ms")
        qt_floor = medians.get(("Qt floor", case))
        if floor is not None and qt_floor is not None:
            print(f"  Qt floor - floor: {qt_floor - floor:+.1f} ms (what Qt's clipboard costs); "
                  f"DeskAssist - Qt floor: {(mine or 0.0) - qt_floor:+.1f} ms")
        if args.baseline:
            before = medians.get((f"DeskAssist@{args.baseline}", case))
            if mine is not None and before is not None and floor is not None:
                pairs = zip(figures[("DeskAssist", case)], figures[(f"DeskAssist@{args.baseline}", case)],
                            strict=True)
                paired = statistics.median(now - then for now, then in pairs)
                print(f"  DeskAssist@{args.baseline} - floor: {before - floor:+.1f} ms; "
                      f"DeskAssist - DeskAssist@{args.baseline}: {mine - before:+.2f} ms "
                      f"(median of the paired runs: {paired:+.2f} ms)")
        for tool in tools:
            if stages.get((tool.name, case)):
                print(f"  {tool.name} stages (median ms; hop: from the hotkey thread to the main thread, "
                      "the others from the main thread's start):")
                print("\n".join(stage_lines(stages[(tool.name, case)])))
    how = "XTest Return held until the text is in" if args.xtest else "xdotool key Return"
    for name, values in enter.items():
        print(summary(f"picker Enter -> text, {name} ({how})", values) + "  (goal median <= 10 ms)")
        if stamped.get((name, "picker")):
            print("  to the stand-in's own time of the text: " + summary(name, stamped[(name, "picker")]))
    if args.baseline and len(enter) == 2:
        mine_enter, before_enter = enter.values()
        print(f"  DeskAssist - DeskAssist@{args.baseline}: median of the paired runs "
              f"{statistics.median(a - b for a, b in zip(mine_enter, before_enter, strict=True)):+.2f} ms")
    for name in enter:
        if stages.get((name, "picker")):
            print(f"  {name} stages (median ms after the picker's choice reached the paste flow):")
            print("\n".join(stage_lines(stages[(name, "picker")])))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
