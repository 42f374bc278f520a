"""Tray app start-up time and idle memory: `python -m benchmarks.startup [--runs 7] [--phrases 10000]`.

Runs the real app (`python -m deskassist`) under a private Xvfb (the e2e harness) with a system tray
(trayer; --no-tray measures the no-tray window instead), on a data folder that already exists (a first run's one-off seeding is not start-up). Start-up is t0 just before spawning the
process to the arrival of the "app"/"ready" JSON log line (tray shown, hotkeys grabbed, event loop
running). Memory is VmRSS after the app has idled for a moment. Budgets (issue 3): start-up median
<= 0.5 s, idle RSS <= 100 MB with 10,000 phrases.
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
RSS_BUDGET_MB = 100
IDLE_S = 2.0
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


def start_once(xserver: XServer, folder: Path, idle: float = 0.0) -> tuple[float, float | None, dict]:
    """(seconds to app/ready, idle RSS in MB or None, the ready record)."""
    t0 = time.monotonic()
    app = AppProcess(xserver, folder)
    try:
        ready = app.wait_for("app", "ready", timeout=30)
        elapsed = ready["_arrived"] - t0
        grabbed = app.wait_for("hotkey", "all_registered", timeout=30)
        ready["grabbed_s"] = grabbed["_arrived"] - t0
        app.wait_for("app", "warmed_up", timeout=30)
        app.wait_for("search", "index_built", timeout=120, adopted=True)  # idle: the search index is built
        memory = None
        if idle:
            time.sleep(idle)
            memory = rss_mb(app.proc.pid)
        return elapsed, memory, ready
    finally:
        app.stop()


def measure(xserver: XServer, folder: Path, runs: int, label: str) -> tuple[float, float]:
    start_once(xserver, folder)  # warm the disk cache and the .pyc files
    times = []
    grabs = []
    memories = []
    for _ in range(runs):
        elapsed, memory, ready = start_once(xserver, folder, idle=IDLE_S)
        times.append(elapsed)
        grabs.append(ready["grabbed_s"])
        memories.append(memory or 0.0)
    median = statistics.median(times)
    rss = statistics.median(memories)
    print(f"{label:>16}: start to app/ready median {median * 1000:6.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {runs} runs); "
          f"start to hotkeys grabbed median {statistics.median(grabs) * 1000:6.0f} ms; "
          f"idle RSS median {rss:5.1f} MB")
    return median, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--phrases", type=int, default=10_000)
    parser.add_argument("--no-tray", action="store_true", help="no tray host: the app shows its notice window")
    args = parser.parse_args(argv)

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
            measure(xserver, small, args.runs, "default pack")
            median, rss = measure(xserver, big, args.runs, f"{args.phrases} phrases")
    finally:
        if tray is not None:
            tray.stop()
        xserver.stop()
    ok_time = median <= STARTUP_BUDGET_S
    ok_rss = rss <= RSS_BUDGET_MB
    print(f"budget: start-up <= {STARTUP_BUDGET_S * 1000:.0f} ms: {'OK' if ok_time else 'OVER'}; "
          f"idle RSS <= {RSS_BUDGET_MB} MB: {'OK' if ok_rss else 'OVER'}")
    return 0 if ok_time and ok_rss else 1


if __name__ == "__main__":
    sys.exit(main())
