"""Customer lookup at 100,000 customers (target <= 5 ms) and memo search at 100,000 memos (target <= 20 ms).

    python -m benchmarks.customers [--customers N] [--memos N] [--keep DIR]

Builds a throw-away data folder through the repositories' bulk paths (pinyin keys computed once per distinct
name part), then times the service calls the picker and the memo window make; prints p50/p95 in ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from benchmarks.bulk import add_memos
from deskassist.core.pinyin import pinyin_keys
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService
from deskassist.storage.customers_repo import CustomersRepo

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = ["小美", "晓明", "佳佳", "子涵", "欣怡", "浩然", "一诺", "梓萱", "宇轩", "诗涵", "雨桐", "俊杰", "思远",
         "可可", "甜甜", "乐乐", "大宝", "阿花", "明明", "星星"]
ASCII = ["tb", "lily", "sunny", "amy", "cat", "momo", "kiki", "leo", "jd", "pdd"]
TAGS = ["尺码偏大", "尺码偏小", "价格敏感", "犹豫", "投诉过", "回头客", "爱砍价", "学生", "宝妈", "送礼"]
WORDS = ["发货", "尺码", "退货", "换货", "快递", "物流", "优惠券", "包邮", "颜色", "质量", "库存", "活动", "催付",
         "地址", "赠品", "好评", "售后", "补发", "缺货", "上新", "客户", "问题", "明天", "回复", "确认", "订单"]
PLATFORMS = ["taobao", "tmall", "pinduoduo", "jd", "douyin", "wechat", "other"]
GROUPS = ["inquiry", "buyer", "vip"]


def timed(call: Callable[[], object], runs: list[float]) -> object:
    start = time.perf_counter()
    result = call()
    runs.append((time.perf_counter() - start) * 1000)
    return result


def report(name: str, runs: list[float], target: float) -> None:
    ordered = sorted(runs)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    verdict = "ok" if p95 <= target else "OVER TARGET"
    print(f"{name:<34} n={len(runs):<4} p50={p50:6.2f} ms  p95={p95:6.2f} ms  max={ordered[-1]:6.2f} ms  "
          f"(target {target:.0f} ms: {verdict})")


def build_customers(service: CustomerService, count: int, rng: random.Random) -> None:
    keys = {part: pinyin_keys(part) for part in SURNAMES + GIVEN}
    rows, tags = [], []
    now = "2026-11-22 10:00:00"
    for i in range(count):
        if i % 4 == 0:
            nick = f"{rng.choice(ASCII)}_{i}"
            key = full = initials = nick.casefold()
        else:
            surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
            nick = f"{surname}{given}{i}"
            full = keys[surname][0] + keys[given][0] + str(i)
            initials = keys[surname][1] + keys[given][1] + str(i)
            key = nick.casefold()
        rows.append({"nick": nick, "nick_key": key, "nick_pinyin": full, "nick_initials": initials,
                     "platform": rng.choice(PLATFORMS), "group_key": rng.choice(GROUPS), "note": "",
                     "phone": "", "lost_reason": "", "lost_note": "", "lost_at": None, "agent_id": None,
                     "created": now, "updated": now})
        tags.append(tuple(rng.sample(TAGS, rng.randint(0, 2))))
    CustomersRepo(service.db).bulk_insert(rows, tags)


def build_memos(service: MemoService, count: int, rng: random.Random) -> None:
    rows = []
    for _ in range(count):
        text = "，".join(rng.choice(WORDS) + rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        rows.append((text, tuple(rng.sample(WORDS[:8], rng.randint(0, 1)))))
    add_memos(service.session, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--memos", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="Use this folder (kept) instead of a temp one.")
    args = parser.parse_args()
    rng = random.Random(20261122)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="deskassist-bench-"))
    session = open_session(folder, seed=False)
    customers, memos = CustomerService(session), MemoService(session)
    start = time.perf_counter()
    if customers.repo.count() < args.customers:
        build_customers(customers, args.customers, rng)
    if memos.repo.count() < args.memos:
        build_memos(memos, args.memos, rng)
    session.db.execute("ANALYZE")
    print(f"data: {customers.repo.count()} customers, {memos.repo.count()} memos "
          f"(built in {time.perf_counter() - start:.1f} s) in {folder}")

    queries = {
        "lookup nick prefix (Chinese)": [rng.choice(SURNAMES) + rng.choice(GIVEN)[:1] for _ in range(200)],
        "lookup nick prefix (ASCII)": [rng.choice(ASCII)[:3] for _ in range(200)],
        "lookup pinyin initials": [pinyin_keys(rng.choice(SURNAMES))[1] + pinyin_keys(rng.choice(GIVEN))[1]
                                   for _ in range(200)],
        "lookup full pinyin prefix": [pinyin_keys(rng.choice(SURNAMES))[0] + "x" for _ in range(200)],
        "lookup tag (#tag)": ["#" + rng.choice(TAGS)[:2] for _ in range(200)],
        "lookup no match": ["zzq" + str(i) for i in range(200)],
        "lookup nick inside (Chinese)": [rng.choice(GIVEN) for _ in range(200)],
        "lookup nick inside (pinyin)": [pinyin_keys(rng.choice(GIVEN))[0] for _ in range(200)],
        "lookup nick inside (initials)": [pinyin_keys(rng.choice(GIVEN))[1] for _ in range(200)],
        "lookup inside, no match": ["不在" + str(i) for i in range(200)],
        "resolve @nick (exact)": ["@" + c.nick for c in customers.list(limit=200, offset=5000)],
    }
    runs: list[float] = []
    tracemalloc.start()
    timed(customers.warm_up, runs)  # the nick index: built by the first lookup of a process
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"nick index first build: {runs[0]:.0f} ms, {size / 2**20:.1f} MiB")
    for name, qs in queries.items():
        runs = []
        call = customers.resolve if name.startswith("resolve") else customers.lookup
        for q in qs:
            found = timed(lambda q=q, call=call: call(q), runs)
            if "no match" not in name and "inside, no" not in name and not found:
                raise SystemExit(f"{name}: nothing found for {q!r}")
        report(name, runs, 5)
    runs = []
    for _ in range(100):
        timed(lambda: customers.card(customers.resolve("@" + rng.choice(SURNAMES))), runs)
    report("current-buyer card (@ + card)", runs, 5)

    memo_queries = {
        "memo search 2-char word": [rng.choice(WORDS[:24]) for _ in range(100)],
        "memo search 1-char": [rng.choice("发退换货问") for _ in range(100)],
        "memo search two words": [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(100)],
        "memo search rare (no match)": ["不存在的词" for _ in range(100)],
        "memo search #tag": ["#" + rng.choice(WORDS[:8]) for _ in range(100)],
    }
    memos.search("预热")  # load the in-memory index once, as the app does on start
    for name, qs in memo_queries.items():
        runs = []
        for q in qs:
            timed(lambda q=q: memos.search(q), runs)
        report(name, runs, 20)
    runs = []
    fresh = open_session(folder, seed=False)  # a new connection: a new, empty index
    timed(lambda: MemoService(fresh).search("预热"), runs)
    fresh.close()
    print(f"memo search index first load: {runs[0]:.0f} ms (once per agent and process)")
    runs = []
    for _ in range(50):
        timed(lambda: memos.list(limit=200), runs)
    report("memo list (first 200)", runs, 20)
    session.close()


if __name__ == "__main__":
    main()
