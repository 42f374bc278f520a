"""What one phrase edited by another process costs the app's search index:
`python -m benchmarks.external_change [--sizes 10000,100000] [--rounds 7] [--json]`.

A real data folder holds the library (phrases from benchmarks.search, written with their search keys), the
"app" session adopts the full index, and a second connection to the same file (as the CLI would be) edits one
phrase, or writes a setting that touches no phrase, per round; at the end it edits as many phrases at once as
the app patches in on its main thread (PATCH_MOST), the longest pause an external change can cause there. Timed on the app's side (wall and CPU of its
thread): noticing the commit (`PRAGMA data_version`) and bringing the index up to date. Before issue 13's
incremental update every such commit dropped the index and built it again in full on a worker thread: that
build, timed here the same way once per size, is the "before" figure.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.search import make_phrases
from deskassist.core.models import PhraseDraft
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PATCH_MOST, PhraseService, SharedPhraseIndex
from deskassist.storage.phrases_repo import PhrasesRepo


def fill(folder: Path, size: int) -> None:
    """size phrases in 17 categories, written directly with their precomputed search keys (no pypinyin)."""
    session = open_session(folder, seed=False)
    repo = PhrasesRepo(session.db)
    with repo.atomic():
        categories = [repo.insert_category(f"分类{n}").id for n in range(17)]
        for phrase, keys in make_phrases(size):
            repo.insert_phrase({
                "category_id": categories[phrase.id % 17], "title": phrase.title, "body": phrase.body,
                "code": phrase.code, "pinned": phrase.pinned, "uses": phrase.uses, "last_used": phrase.last_used,
                "created": "2026-11-01 09:00:00", "updated": "2026-11-01 09:00:00", "groups": phrase.groups,
                **keys._asdict()})
    session.close()


def timed(action) -> tuple[float, float]:  # noqa: ANN001 - any callable
    """(wall ms, CPU ms of this thread) of action()."""
    t0, c0 = time.perf_counter(), time.thread_time()
    action()
    return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000


def run(size: int, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="deskassist-external-") as tmp:
        folder = Path(tmp)
        fill(folder, size)
        app = open_session(folder)
        service = PhraseService(app)
        build = service.index_builder()
        built = []
        full_wall, full_cpu = timed(lambda: built.append(build()))
        assert service.adopt_index(built.pop())
        index = app.shared(SharedPhraseIndex).index
        other = open_session(folder)
        writer = PhraseService(other)
        rng = random.Random(size)
        edits, quiet = [], []
        for n in range(rounds):
            target = rng.randint(1, size)
            writer.update(target, body=f"亲，第{n}次修改：{rng.randint(0, 10**6)}号订单已经发货")
            edits.append(timed(lambda: app.changes.check_external()))
            assert [p.id for p in service.search(f"第{n}次修改", limit=5)] == [target]
            other.settings.set("shop.name", f"店铺{n}")
            quiet.append(timed(lambda: app.changes.check_external()))
        writer.add(PhraseDraft(category="分类1", body="新加的一句"))  # and an add, for good measure
        assert app.changes.check_external() and service.search("新加的一句")
        with writer.batch():  # the most the app patches in on its main thread before building anew instead
            for target in rng.sample(range(1, size + 1), PATCH_MOST):
                writer.update(target, body=f"亲，批量修改{target}号")
        most = timed(lambda: app.changes.check_external())
        assert len(service.search("批量修改", limit=1000)) == PATCH_MOST
        assert app.shared(SharedPhraseIndex).index is index  # never built again
        other.close()
        app.close()
    return {
        "phrases": size,
        "before_full_rebuild_ms": round(full_wall, 1), "before_full_rebuild_cpu_ms": round(full_cpu, 1),
        "edit_ms": round(statistics.median(w for w, _ in edits), 3),
        "edit_cpu_ms": round(statistics.median(c for _, c in edits), 3),
        "edit_max_ms": round(max(w for w, _ in edits), 3),
        "no_phrase_commit_ms": round(statistics.median(w for w, _ in quiet), 3),
        "no_phrase_commit_cpu_ms": round(statistics.median(c for _, c in quiet), 3),
        "patch_most": PATCH_MOST, "patch_most_ms": round(most[0], 1), "patch_most_cpu_ms": round(most[1], 1),
        "rounds": rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated phrase counts")
    parser.add_argument("--rounds", type=int, default=7, help="external edits (and quiet commits) per size")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    args = parser.parse_args()
    if not args.json:
        print(f"{'phrases':>8} | {'before: full rebuild':>26} | {'after: one external edit (median)':>34} | "
              f"{'commit touching no phrase':>26} | {'the most patched at once':>24}")
        print(f"{'':>8} | {'wall ms':>12} {'CPU ms':>13} | {'wall ms':>11} {'CPU ms':>10} {'max ms':>11} | "
              f"{'wall ms':>12} {'CPU ms':>13} | {'phrases':>7} {'wall ms':>7} {'CPU ms':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        result = run(size, args.rounds)
        if args.json:
            print(json.dumps(result), flush=True)
            continue
        print(f"{size:>8} | {result['before_full_rebuild_ms']:>12} {result['before_full_rebuild_cpu_ms']:>13} | "
              f"{result['edit_ms']:>11} {result['edit_cpu_ms']:>10} {result['edit_max_ms']:>11} | "
              f"{result['no_phrase_commit_ms']:>12} {result['no_phrase_commit_cpu_ms']:>13} | "
              f"{result['patch_most']:>7} {result['patch_most_ms']:>7} {result['patch_most_cpu_ms']:>8}", flush=True)


if __name__ == "__main__":
    main()
