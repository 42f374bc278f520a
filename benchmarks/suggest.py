"""Suggested replies, measured: `python -m benchmarks.suggest [--failures]`.

benchmarks/data/buyer_messages.tsv holds buyer messages labelled with the default phrase (by code) that
answers them; a message with two questions lists both codes and either counts. The "heldout" part was
written before the matcher was tuned and is never tuned on (--failures lists misses of the "tune" part
only). Printed: top-1 / top-3 accuracy of core.suggest over the default pack with its example questions,
the same for a plain character-bigram BM25 over the phrases' own text (title and body, no questions, no
folding) for comparison, and the latency of one suggestion (wall clock, and CPU time of the thread, which a
busy shared machine disturbs less) at 1,000 and 10,000 phrases (the default pack
plus synthetic phrases, each with three synthetic example questions of 2-5 words drawn from ~180 shop and
buyer words, so that every word is in hundreds of texts).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from deskassist.core.suggest import QUESTION, Example, SuggestIndex, phrase_examples

DATA = Path(__file__).parent / "data" / "buyer_messages.tsv"
PACK = Path(__file__).parents[1] / "resources" / "default_phrases.json"
Ranker = Callable[[str], list[int]]


def load_messages() -> dict[str, list[tuple[str, set[str]]]]:
    parts: dict[str, list[tuple[str, set[str]]]] = {"heldout": [], "tune": []}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "part\t")):
            continue
        part, expected, message = line.split("\t")
        parts[part].append((message, set(expected.split(","))))
    return parts


def load_pack() -> list[dict]:
    phrases = json.loads(PACK.read_text(encoding="utf-8"))["phrases"]
    for number, phrase in enumerate(phrases, start=1):
        phrase["id"] = number
    return phrases


def pack_examples(phrases: list[dict]) -> list[Example]:
    examples: list[Example] = []
    for p in phrases:
        examples.extend(phrase_examples(p["id"], p["title"], p["category"], p["body"]))
        examples.extend(Example(p["id"], q, QUESTION) for q in p.get("questions", ()))
    return examples


class BigramBM25:
    """The baseline: BM25 (k1 1.2, b 0.75) over character bigrams of title + body, nothing else."""

    def __init__(self, phrases: list[dict]) -> None:
        self.ids = [p["id"] for p in phrases]
        self.docs = [Counter(self._grams(p["title"] + " " + p["body"])) for p in phrases]
        self.avg = sum(sum(d.values()) for d in self.docs) / len(self.docs)
        df = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    @staticmethod
    def _grams(text: str) -> list[str]:
        text = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())
        return [text[i:i + 2] for i in range(len(text) - 1)] or list(text)

    def rank(self, message: str) -> list[int]:
        grams = set(self._grams(message))
        scored = []
        for pid, doc in zip(self.ids, self.docs, strict=True):
            length = sum(doc.values())
            score = sum(self.idf[t] * doc[t] * 2.2 / (doc[t] + 1.2 * (0.25 + 0.75 * length / self.avg))
                        for t in grams if t in doc)
            if score > 0:
                scored.append((score, pid))
        return [pid for _, pid in sorted(scored, key=lambda s: (-s[0], s[1]))]


def accuracy(rank: Ranker, messages: list[tuple[str, set[str]]], code_of: dict[int, str],
             failures: list[str] | None = None) -> tuple[float, float]:
    top1 = top3 = 0
    for message, expected in messages:
        codes = [code_of[pid] for pid in rank(message)[:3]]
        top1 += bool(codes[:1] and codes[0] in expected)
        top3 += bool(expected & set(codes))
        if failures is not None and not (codes[:1] and codes[0] in expected):
            failures.append(f"  {message!r}: expected {','.join(sorted(expected))}, got {codes}")
    return 100 * top1 / len(messages), 100 * top3 / len(messages)


BUYER_BITS = ("亲", "请问", "这个", "那款", "能不能", "可以", "吗", "不", "呀", "啥时候", "多少", "怎么", "有没有",
              "还", "我", "要", "几天", "颜色", "尺码", "m码", "xl", "包邮", "发货", "快递", "退", "换", "便宜",
              "质量", "图片", "赠品", "地址", "付款", "活动", "好评", "收到", "物流", "客服", "在", "？", "!")


def synthetic_library(count: int, pack: list[dict], seed: int = 11) -> list[Example]:
    """The pack plus synthetic phrases (benchmarks.search's generator) with three questions each."""
    from benchmarks.search import WORDS, make_phrases

    rng = random.Random(seed)
    bits = (*BUYER_BITS, *WORDS)
    examples = pack_examples(pack)
    offset = len(pack)
    for phrase in make_phrases(max(count - len(pack), 0), seed=seed):
        pid = phrase.id + offset
        examples.extend(phrase_examples(pid, phrase.title, phrase.category, phrase.body))
        for _ in range(3):
            examples.append(Example(pid, "".join(rng.choices(bits, k=rng.randint(2, 5))), QUESTION))
    return examples


def latency(count: int, pack: list[dict], queries: list[str]) -> SuggestIndex:
    started = time.perf_counter()
    index = SuggestIndex(synthetic_library(count, pack))
    built = time.perf_counter() - started
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(3):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            index.suggest(query, limit=10)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    wall.sort()
    cpu.sort()

    def p95(values: list[float]) -> float:
        return values[int(len(values) * 0.95)]

    print(f"{count:>6} phrases ({len(index):>6} texts): build {built:.2f} s; suggest wall p50 "
          f"{statistics.median(wall):.2f} ms, p95 {p95(wall):.2f} ms, max {wall[-1]:.2f} ms; CPU p50 "
          f"{statistics.median(cpu):.2f} ms, p95 {p95(cpu):.2f} ms")
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list the misses of the tune part")
    parser.add_argument("--no-latency", action="store_true")
    parser.add_argument("--tune-only", action="store_true", help="only the tune part (while tuning)")
    args = parser.parse_args()
    parts = load_messages()
    pack = load_pack()
    code_of = {p["id"]: p["code"] for p in pack}
    index = SuggestIndex(pack_examples(pack))
    baseline = BigramBM25(pack)

    def matcher(message: str) -> list[int]:
        return [s.phrase_id for s in index.suggest(message, limit=3)]

    print(f"default pack: {len(pack)} phrases, {sum(len(p.get('questions', ())) for p in pack)} example questions")
    for name in ("tune",) if args.tune_only else ("heldout", "tune"):
        messages = parts[name]
        failures: list[str] | None = [] if args.failures and name == "tune" else None
        top1, top3 = accuracy(matcher, messages, code_of, failures)
        base1, base3 = accuracy(baseline.rank, messages, code_of)
        print(f"{name:>8} ({len(messages)} messages): suggest top-1 {top1:.1f} %, top-3 {top3:.1f} %   |   "
              f"bigram BM25 over phrase text top-1 {base1:.1f} %, top-3 {base3:.1f} %")
        for failure in failures or ():
            print(failure)
    if not args.no_latency:
        queries = [m for part in parts.values() for m, _ in part]
        for count in (1_000, 10_000):
            big = latency(count, pack, queries)

        def big_matcher(message: str) -> list[int]:
            return [s.phrase_id for s in big.suggest(message, limit=3)]

        code_of.update({n: "synthetic" for n in range(len(pack) + 1, 10_001)})
        top1, top3 = accuracy(big_matcher, parts["heldout"], code_of)
        print(f"heldout among 10,000 phrases (the pack inside the synthetic library): top-1 {top1:.1f} %, "
              f"top-3 {top3:.1f} %")


if __name__ == "__main__":
    main()
