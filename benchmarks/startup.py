"""Tray app start-up time and idle memory: `python -m benchmarks.startup [--runs 7] [--phrases 10000]
[--against DIR]`.

Runs the real app (`python -m deskassist`) under a private Xvfb (the e2e harness) with a system tray
(trayer; --no-tray measures the no-tray window instead), on a data folder that already exists (a first run's
one-off seeding is not start-up). Times run from t0, just before spawning the process, to the arrival of JSON
log lines on its stderr:
- start -> hotkeys grabbed: "hotkey"/"early_grabbed", which the early start logs after XSync (every grab is in
  force on the X server then, or refused), when it grabbed at least what the app registers at start; else
  "hotkey"/"all_registered" (the app's own registration, after Qt and the UI are loaded);
- start -> ready: "app"/"ready" (tray shown, hotkeys grabbed, event loop running).
Memory is VmRSS after the app has idled for a moment; the first start in each library (the warm-up start) makes
the day's backup and its idle RSS is printed too. Budgets: hotkeys grabbed <= 120 ms (issue 13), start-up
median <= 0.5 s and idle RSS <= 100 MB with 10,000 phrases (issue 3).
--against DIR starts the app of another checkout (e.g. /work/main) too, interleaved run by run with this one,
on the same libraries: the ratio is what to quote on a shared machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from tray_host import TrayHost  # noqa: E402
from x_harness import AppProcess, XServer  # noqa: E402

from deskassist.core.models import PhraseDraft  # noqa: E402

STARTUP_BUDGET_S = 0.5
GRAB_BUDGET_S = 0.12
RSS_BUDGET_MB = 100
IDLE_S = 2.0
FIRST_IDLE_S = 3.0
"""The first start in a folder makes the day's backup after the index: idle is measured once it is made."""
WORD_TEXT = ("亲 您好 欢迎光临 请问 有什么 可以 帮您 咱们 店铺 今天 活动 满减 优惠券 包邮 发货 快递 顺丰 中通 "
         "物流 到货 签收 付款 下单 订单 地址 电话 核对 尺码 颜色 偏大 偏小 建议 推荐 质量 正品 实物 色差 "
         "退货 换货 退款 七天无理由 运费 售后 稍等 马上 查询 非常 抱歉 补发 赠品 好评 感谢 支持 收藏")
WORDS = WORD_TEXT.split()


def make_library(folder: Path, count: int) -> float:
    """A data folder holding the default pack plus synthetic phrases, up to `count`; returns seconds taken."""
    from deskassist.services.data_folder import open_session
    from deskassist.services.phrases import PhraseService

    started = time.perf_counter()
    session = open_session(folder)
    service = PhraseService(session)
    rng = random.Random(20261122)
    categories = [c.name for c in service.categories()]
    missing = count - service.count()
    with service.batch():
        for n in range(max(0, missing)):
            body = "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 24))) + "～"
            service.add(PhraseDraft(category=rng.choice(categories), body=body, title=f"示例{n}",
                                    code=f"b{n}"))
    total = service.count()
    session.close()
    assert total >= count, total
    return time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def start_once(xserver: XServer, folder: Path, idle: float = 0.0,
               checkout: Path | None = None) -> tuple[float, float | None, dict]:
    """(seconds to app/ready, idle RSS in MB or None, the ready record with grabbed_s and early)."""
    env = xserver.env(PYTHONPATH=str(checkout)) if checkout else None
    t0 = time.monotonic()
    app = AppProcess(xserver, folder, env=env, cwd=checkout or ROOT)
    try:
        ready = app.wait_for("app", "ready", timeout=30)
        elapsed = ready["_arrived"] - t0
        registered = app.wait_for("hotkey", "all_registered", timeout=30)
        early = app.find(logger="hotkey", event="early_grabbed")
        ready["early"] = bool(early) and early[0]["count"] >= registered["count"] > 0
        ready["grabbed_s"] = (early[0] if ready["early"] else registered)["_arrived"] - t0
        app.wait_for("app", "warmed_up", timeout=30)
        app.wait_for("search", "index_built", timeout=120, adopted=True)  # idle: the search index is built
        memory = None
        if idle:
            time.sleep(idle)
            memory = rss_mb(app.proc.pid)
        return elapsed, memory, ready
    finally:
        app.stop()


def measure(xserver: XServer, folder: Path, runs: int, label: str,
            checkouts: dict[str, Path | None]) -> dict[str, tuple[float, float, float]]:
    """Each checkout started runs times, interleaved; name -> (median grabbed s, median ready s, median RSS)."""
    first_name = next(iter(checkouts))
    for name, checkout in checkouts.items():  # warm the disk cache and the .pyc files
        _elapsed, first_rss, _ready = start_once(xserver, folder, idle=FIRST_IDLE_S if name == first_name else 0.0,
                                                 checkout=checkout)
        if first_rss is not None:
            print(f"{label:>24}: the first start of the day ({first_name}; it makes the daily backup): idle RSS "
                  f"{first_rss:5.1f} MB")
    found: dict[str, list[tuple[float, float, float, bool]]] = {name: [] for name in checkouts}
    for _ in range(runs):
        for name, checkout in checkouts.items():
            elapsed, memory, ready = start_once(xserver, folder, idle=IDLE_S, checkout=checkout)
            found[name].append((ready["grabbed_s"], elapsed, memory or 0.0, ready["early"]))
    medians = {}
    for name, rows in found.items():
        grabs, times, memories = ([row[i] for row in rows] for i in range(3))
        medians[name] = (statistics.median(grabs), statistics.median(times), statistics.median(memories))
        early = sum(row[3] for row in rows)
        print(f"{label + (' ' + name if len(checkouts) > 1 else ''):>24}: start to hotkeys grabbed median "
              f"{medians[name][0] * 1000:5.0f} ms (min {min(grabs) * 1000:.0f}, max {max(grabs) * 1000:.0f}; "
              f"early grab in {early} of {runs}); start to app/ready median {medians[name][1] * 1000:5.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); idle RSS median "
              f"{medians[name][2]:5.1f} MB")
    if len(checkouts) > 1:
        (name_a, (grab_a, ready_a, rss_a)), (name_b, (grab_b, ready_b, rss_b)) = list(medians.items())[:2]
        print(f"{'':>24}  ratio {name_a}/{name_b}: grabbed {grab_a / grab_b:.2f}, ready {ready_a / ready_b:.2f}, "
              f"RSS {rss_a / rss_b:.2f}")
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--phrases", type=int, default=10_000)
    parser.add_argument("--no-tray", action="store_true", help="no tray host: the app shows its notice window")
    parser.add_argument("--against", type=Path, help="another checkout to start interleaved with this one")
    args = parser.parse_args(argv)
    checkouts: dict[str, Path | None] = {"this": None}
    if args.against:
        checkouts["against"] = args.against.resolve()

    xserver = XServer()
    tray = None if args.no_tray else TrayHost(xserver)
    try:
        with tempfile.TemporaryDirectory(prefix="deskassist-bench-") as tmp:
            small = Path(tmp) / "default-pack"
            big = Path(tmp) / "big"
            make_library(small, 0)
            built = make_library(big, args.phrases)
            print(f"library of {args.phrases} phrases built in {built:.1f} s; "
                  f"{'no tray (notice window)' if args.no_tray else 'tray host: trayer'}")
            print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
            measure(xserver, small, args.runs, "default pack", checkouts)
            grabbed, median, rss = measure(xserver, big, args.runs, f"{args.phrases} phrases", checkouts)["this"]
            print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    finally:
        if tray is not None:
            tray.stop()
        xserver.stop()
    ok_grab = grabbed <= GRAB_BUDGET_S
    ok_time = median <= STARTUP_BUDGET_S
    ok_rss = rss <= RSS_BUDGET_MB
    print(f"budget: hotkeys grabbed <= {GRAB_BUDGET_S * 1000:.0f} ms: {'OK' if ok_grab else 'OVER'}; "
          f"start-up <= {STARTUP_BUDGET_S * 1000:.0f} ms: {'OK' if ok_time else 'OVER'}; "
          f"idle RSS <= {RSS_BUDGET_MB} MB: {'OK' if ok_rss else 'OVER'}")
    return 0 if ok_grab and ok_time and ok_rss else 1


if __name__ == "__main__":
    sys.exit(main())
