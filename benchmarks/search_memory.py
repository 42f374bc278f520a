"""What the phrase search index itself keeps in memory: `python -m benchmarks.search_memory`.

The phrases of benchmarks.search are handed to the index one at a time and let go, as the app's build from
SQLite does, so what stays allocated after the build (tracemalloc, after a collection) is what the index
holds: its rows, shelves, codes, groups and inverted index. Printed per size, in MB (2**20 bytes).
"""

from __future__ import annotations

import argparse
import gc
import json
import tracemalloc
from collections.abc import Iterator

from benchmarks.search import make_phrases
from deskassist.core.models import Phrase
from deskassist.core.search import PhraseIndex, SearchKeys


def _handed_over(phrases: list[tuple[Phrase, SearchKeys]]) -> Iterator[tuple[Phrase, SearchKeys]]:
    """The phrases one at a time, each dropped from the list as it goes (usage order is restored by the index)."""
    phrases.reverse()
    while phrases:
        yield phrases.pop()


def index_mb(size: int, grams: bool) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = PhraseIndex(_handed_over(make_phrases(size)), grams=grams)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        del index
    finally:
        tracemalloc.stop()
    return held / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated phrase counts")
    args = parser.parse_args()
    make_phrases(1)  # pypinyin's dictionaries are loaded once, before anything is counted
    for size in (int(s) for s in args.sizes.split(",")):
        print(json.dumps({"phrases": size, "index_mb": round(index_mb(size, grams=True), 2),
                          "quick_index_mb": round(index_mb(size, grams=False), 2)}), flush=True)


if __name__ == "__main__":
    main()
