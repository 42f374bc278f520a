"""Search speed over synthetic but realistic phrase libraries: `python -m benchmarks.search`.

Phrases are composed from a vocabulary of customer-service words whose pinyin keys are computed once
(pypinyin is slow: ~0.15 ms per phrase), so building 100,000 phrases takes seconds, not minutes. With ~140
words every word occurs in about one phrase in seven: common queries have many hits, while codes and
no-hit queries show the worst case (a full pass). A fixed mix of queries (Chinese words, full pinyin with
and without spaces, a partial syllable, initials, codes, ASCII words, multi-term, no hit, empty) runs
against each size, half of the runs for a buyer in the "vip" group (one phrase in eleven is marked for it).
Printed per size: build time, the index's memory (growth of the process's resident memory while building
it), p50/p95/max, upsert time, and p95 per kind of query; `--json` prints one JSON object per size instead.
The index answers with phrase ids; `--read` also writes the library to a SQLite file and times a search as
PhraseService does it, the index's ids then their phrases read from the database (p50/p95 "with read").
Budget (issue 13): p95 <= 5 ms at 100,000 phrases and <= 50 ms at 1,000,000, no-hit queries included.
A 1,000,000-phrase run takes a few minutes (making the phrases and building the index) and ~2 GB.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from deskassist.core.models import Phrase
from deskassist.core.pinyin import pinyin_keys
from deskassist.core.search import PhraseIndex, SearchKeys
from deskassist.storage.database import open_database
from deskassist.storage.phrases_repo import PhrasesRepo

WORDS = (  # noqa: SIM905 (one word list, easier to edit as text)
    "亲 您好 欢迎光临 请问 有什么 可以 帮您 的 吗 咱们 店铺 今天 活动 满减 优惠券 包邮 发货 快递 顺丰 中通 圆通 "
    "韵达 申通 邮政 偏远地区 物流 到货 签收 付款 拍下 下单 订单 地址 电话 核对 尺码 颜色 红色 白色 黑色 灰色 "
    "偏大 偏小 正常 建议 推荐 款式 质量 正品 保证 实物 图片 色差 退货 换货 退款 七天无理由 运费 我们 承担 "
    "售后 客服 稍等 马上 查询 非常 抱歉 不好意思 给您 带来 不便 补发 漏发 错发 赠品 小礼物 好评 五星 感谢 "
    "支持 收藏 关注 新品 上架 库存 现货 预售 预计 天内 小时 工作日 周末 节假日 价格 不议价 最低价 会员 积分 "
    "重新 银行卡 支付宝 微信 发票 开具 尺寸 面料 纯棉 洗涤 说明 使用 安装 教程 视频 链接 客户 满意 为止 "
    "如有 问题 随时 联系 我们会 第一时间 处理 回复 请您 耐心 等待 谢谢 再见 祝您 生活愉快 购物愉快"
).split()
ASCII = ("iPhone", "VIP", "S码", "M码", "L码", "XL", "24小时", "48小时", "3天", "EMS", "App", "OK")


def _keyed_vocabulary() -> list[tuple[str, str, str]]:
    return [(w, *pinyin_keys(w)) for w in (*WORDS, *ASCII)]


def make_phrases(count: int, seed: int = 7) -> list[tuple[Phrase, SearchKeys]]:
    """count phrases: a 3-6 word title, a 10-30 word body, a code on one in three, usage figures."""
    rng = random.Random(seed)
    vocabulary = _keyed_vocabulary()
    phrases = []
    for n in range(1, count + 1):
        title_words = rng.choices(vocabulary, k=rng.randint(2, 4))
        body_words = rng.choices(vocabulary, k=rng.randint(10, 30))
        phrases.append((Phrase(
            id=n, category_id=1 + n % 17, category=f"分类{n % 17}",
            title="".join(w for w, _, _ in title_words), body="".join(w for w, _, _ in body_words),
            code=f"{rng.choice('abcdefghjklmnpqrstwxyz')}{rng.choice('abcdefghjklmnpqrstwxyz')}{n}"
            if n % 3 == 0 else None,
            pinned=n if n <= 9 else None, uses=int(rng.expovariate(0.1)),
            last_used=f"2026-11-{rng.randint(1, 22):02d} {rng.randint(8, 23):02d}:{rng.randint(0, 59):02d}:00"
            if rng.random() < 0.7 else None,
            groups=("vip",) if n % 11 == 0 else (),
        ), SearchKeys(
            title_pinyin="".join(p for _, p, _ in title_words), title_initials="".join(i for _, _, i in title_words),
            body_pinyin="".join(p for _, p, _ in body_words), body_initials="".join(i for _, _, i in body_words),
        )))
    return phrases


QUERIES: dict[str, tuple[str, ...]] = {
    "chinese": ("发货", "快递", "退货", "尺码", "颜色", "优惠", "好评", "色差", "顺丰", "七天无理由", "偏远", "漏发"),
    "pinyin": ("fahuo", "fa huo", "fah", "kuaidi", "tuihuo", "chongxin", "yinhangka", "baoyou", "shunfeng",
               "qing nin"),
    "initials": ("fh", "kd", "th", "cm", "yhk", "by", "qtwly"),
    "code": ("ab3", "kd12", "xy300", "hq99"),
    "ascii": ("iphone", "vip", "ems", "xl", "24"),
    "mixed": ("发货 fh", "包邮 快递", "顺丰 sf"),
    "no hit": ("zzzz", "这句没有", "qqqxxx"),
    "empty": ("",),
}
KINDS = tuple(QUERIES)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _rss_mb() -> float:
    """Resident memory of this process (Linux), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def _with_read(index: PhraseIndex, phrases: list[tuple[Phrase, SearchKeys]], rounds: int) -> list[float]:
    """ms per search as the service does it (the index's ids, then one read of their phrases), the library
    in a SQLite file of the app's schema."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "deskassist.db")
        repo = PhrasesRepo(db)
        with repo.atomic():
            for n in range(17):
                repo.insert_category(f"分类{n}", category_id=n + 1)
            for phrase, keys in phrases:
                repo.insert_phrase({
                    "category_id": phrase.category_id, "title": phrase.title, "body": phrase.body,
                    "code": phrase.code, "pinned": phrase.pinned, "uses": phrase.uses,
                    "last_used": phrase.last_used, "groups": phrase.groups, "created": "2026-11-01 10:00:00",
                    "updated": "2026-11-01 10:00:00", **keys._asdict()}, phrase_id=phrase.id)
        timings = []
        try:
            for round_number in range(rounds):
                for queries in QUERIES.values():
                    for query in queries:
                        groups = ("vip",) if round_number % 2 else ()
                        t0 = time.perf_counter()
                        repo.phrases_by_ids(index.search(query, limit=50, groups=groups))
                        timings.append((time.perf_counter() - t0) * 1000)
        finally:
            db.close()
    return timings


def run(sizes: tuple[int, ...], rounds: int, as_json: bool = False, read: bool = False) -> None:
    header = (f"{'phrases':>8} {'build ms':>9} {'index MB':>8} {'queries':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
              f"{'upsert ms':>9} | p95 ms by kind: " + " ".join(f"{k:>8}" for k in KINDS))
    if not as_json:
        print(header)
        print("-" * len(header))
    for size in sizes:
        phrases = make_phrases(size)
        gc.collect()
        rss_before = _rss_mb()
        started = time.perf_counter()
        index = PhraseIndex(phrases)
        build_ms = (time.perf_counter() - started) * 1000
        gc.collect()
        index_mb = _rss_mb() - rss_before  # what the index adds to the phrases (freed memory may be reused)
        timings: list[float] = []
        cpu: list[float] = []
        by_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for round_number in range(rounds):
            for kind, queries in QUERIES.items():
                for query in queries:
                    groups = ("vip",) if round_number % 2 else ()  # half the runs for a VIP buyer
                    t0, c0 = time.perf_counter(), time.thread_time()
                    index.search(query, limit=50, groups=groups)
                    elapsed = (time.perf_counter() - t0) * 1000
                    cpu.append((time.thread_time() - c0) * 1000)  # on a shared machine: no waiting for a core
                    timings.append(elapsed)
                    by_kind[kind].append(elapsed)
        upserts = []
        for phrase, keys in phrases[size // 2:size // 2 + 20]:  # a paste: uses + 1, used now -> moves up
            phrase.uses += 1
            phrase.last_used = "2026-11-22 23:59:00"
            t0 = time.perf_counter()
            index.upsert(phrase, keys)
            upserts.append((time.perf_counter() - t0) * 1000)
        with_read = _with_read(index, phrases, rounds) if read else []
        read_figures = {"with_read_p50_ms": round(statistics.median(with_read), 3),
                        "with_read_p95_ms": round(_percentile(with_read, 0.95), 3)} if with_read else {}
        if as_json:
            print(json.dumps({
                "phrases": size, "build_ms": round(build_ms, 1), "index_mb": round(index_mb, 1),
                "queries": len(timings), "p50_ms": round(statistics.median(timings), 3),
                "p95_ms": round(_percentile(timings, 0.95), 3), "max_ms": round(max(timings), 3),
                "cpu_p50_ms": round(statistics.median(cpu), 3), "cpu_p95_ms": round(_percentile(cpu, 0.95), 3),
                "upsert_ms": round(statistics.median(upserts), 3),
                "p95_ms_by_kind": {kind: round(_percentile(v, 0.95), 3) for kind, v in by_kind.items()},
                **read_figures,
            }, ensure_ascii=False), flush=True)
            del index, phrases
            continue
        print(f"{size:>8} {build_ms:>9.1f} {index_mb:>8.1f} {len(timings):>8} {statistics.median(timings):>7.3f} "
              f"{_percentile(timings, 0.95):>7.3f} {max(timings):>7.3f} {statistics.median(upserts):>9.3f} | "
              f"{'':>16}" + " ".join(f"{_percentile(v, 0.95):>8.3f}" for v in by_kind.values()), flush=True)
        if read_figures:
            print(f"{'':>8} with the phrases read from SQLite: p50 {read_figures['with_read_p50_ms']:.3f} ms, "
                  f"p95 {read_figures['with_read_p95_ms']:.3f} ms", flush=True)
        del index, phrases
    if not as_json:
        print("\nbudget (issue 13): p95 <= 5 ms at 100,000 phrases and <= 50 ms at 1,000,000; limit 50 results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated phrase counts")
    parser.add_argument("--rounds", type=int, default=6, help="times the query mix runs per size")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    parser.add_argument("--read", action="store_true", help="also time searches that read their phrases from SQLite")
    args = parser.parse_args()
    run(tuple(int(s) for s in args.sizes.split(",")), args.rounds, args.json, args.read)


if __name__ == "__main__":
    main()
