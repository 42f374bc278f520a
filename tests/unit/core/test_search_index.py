"""The inverted index behind phrase search: same results as a plain scan, and no scan where it can answer.

A reference search below implements the documented matching and ranking by brute force over every phrase;
the index must give exactly its results (ids and order) for queries that exercise each way in: two-character
Chinese words, one character, partial pinyin syllables, initials, codes, ASCII words, several terms, grams
no phrase holds, and edits that leave stale grams behind; and, with a real database, writes by another
connection patched into the index one by one.
"""

from __future__ import annotations

import functools
import gc
import random
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from deskassist.core import search
from deskassist.core.models import Phrase, PhraseDraft
from deskassist.core.pinyin import pinyin_keys
from deskassist.core.search import PhraseIndex, SearchKeys, usage_key
from deskassist.services import phrases as phrases_service
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService, SharedPhraseIndex
from deskassist.services.session import Session
from deskassist.storage.phrases_repo import PhrasesRepo

WORDS = ["发货", "快递", "顺丰", "退货", "包邮", "亲", "您好", "尺码", "颜色", "偏大", "重新", "银行卡", "七天无理由",
         "iPhone", "15", "3天", "XL", "EMS", "好评", "漏发", "稀有词"]
KEYS = {w: pinyin_keys(w) for w in WORDS}
QUERIES = ["发货", "发", "货快", "发货快递", "稀有词", "七天无理由", "这句没有", "顺丰 包邮", "fahuo", "fa huo", "fah",
           "fa", "f", "huokuai", "xiyouci", "fhkd", "fh", "yhk", "qtwly", "iphone", "iphone15", "15", "xl", "ems",
           "3tian", "zzzz", "qqqxxx", "发货 fh", "kd12", "ab", "a7", "xl 发货", "S码", ""]


@functools.cache
def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


Entry = tuple[Phrase, SearchKeys]


def make_library(count: int, seed: int) -> list[Entry]:
    """Phrases with the search keys storage would hand the index."""
    rng = random.Random(seed)
    library = []
    for n in range(1, count + 1):
        title_words = rng.choices(WORDS[:-1], k=rng.randint(1, 3)) + (["稀有词"] if n % 97 == 0 else [])
        body_words = rng.choices(WORDS[:-1], k=rng.randint(3, 9)) + (["稀有词"] if n % 89 == 0 else [])
        library.append((Phrase(
            id=n, category_id=1, category="c", title="".join(title_words), body="".join(body_words),
            code=f"{rng.choice('abkx')}{rng.choice('bdl')}{n}" if n % 5 == 0 else None,
            uses=rng.randint(0, 9), pinned=n if n <= 3 else None, groups=("vip",) if n % 7 == 0 else (),
            last_used=f"2026-11-{rng.randint(1, 27):02d} 10:00:00" if n % 3 else None,
        ), SearchKeys(
            title_pinyin="".join(KEYS[w][0] for w in title_words),
            title_initials="".join(KEYS[w][1] for w in title_words),
            body_pinyin="".join(KEYS[w][0] for w in body_words),
            body_initials="".join(KEYS[w][1] for w in body_words),
        )))
    return library


def reference(library: Sequence[Entry], query: str, limit: int = 50, groups: Sequence[str] = ()) -> list[int]:
    """The documented search, by brute force: code tiers, then per form a title tier and an anywhere tier,
    each with the buyer's group first, all in usage order."""
    keys_of = {p.id: keys for p, keys in library}
    ordered = sorted((p for p, _keys in library), key=usage_key)
    wanted = set(groups)

    def in_groups(phrases: list[Phrase]) -> list[Phrase]:
        return [p for p in phrases if wanted & set(p.groups)]

    raw_terms = query.split()
    tiers: list[list[Phrase]] = []
    if not raw_terms:
        tiers = [in_groups(ordered), ordered]
    else:
        def classify(raw: str) -> tuple[str, bool]:
            normal = _normal(raw).strip()
            key = "".join(ch for ch in normal if ch.isalnum()) if normal.isascii() else ""
            return (normal, True) if not key else (key, False)

        terms = [t for t in map(classify, raw_terms) if t[0]]
        if not terms:
            return []
        code = _normal(query).strip()
        exact = [p for p in ordered if _normal(p.code or "").strip() == code]
        prefixed = [p for p in ordered if p not in exact and _normal(p.code or "").strip().startswith(code)]
        for codes in (exact, prefixed):
            tiers += [in_groups(codes), codes]
        forms = [terms]
        if len(terms) > 1 and len({is_text for _, is_text in terms}) == 1:
            forms.insert(0, [classify("".join(raw_terms))])

        def fields(p: Phrase, is_text: bool) -> tuple[str, str]:
            if is_text:
                return _normal(p.title), _normal(p.body)
            keys = keys_of[p.id]
            return (keys.title_pinyin.lower() + "\x02" + keys.title_initials.lower(),
                    keys.body_pinyin.lower() + "\x02" + keys.body_initials.lower())

        for form in forms:
            in_title = [p for p in ordered if all(n in fields(p, t)[0] for n, t in form)]
            anywhere = [p for p in ordered if all(n in "\x01".join(fields(p, t)) for n, t in form)]
            tiers += [in_groups(in_title), in_title, in_groups(anywhere), anywhere]
    found: list[int] = []
    for tier in tiers:
        for p in tier:
            if p.id not in found:
                found.append(p.id)
    return found[:limit]


def ids(found: list[Phrase]) -> list[int]:
    return [p.id for p in found]


@pytest.mark.parametrize("count", [300, 4500])  # 4,500: the common grams are left out of the index
def test_index_gives_exactly_the_results_of_a_plain_scan(count: int) -> None:
    library = make_library(count, seed=count)
    index = PhraseIndex(library)
    assert bool(index._common) == (count >= search._COMMON_MIN_PHRASES)  # both ways in are exercised
    for query in QUERIES:
        for groups in ((), ("vip",)):
            for limit in (5, 10_000):
                assert index.search(query, limit, groups) == reference(library, query, limit, groups), \
                    (query, groups, limit)


def test_grams_whose_rids_lie_far_apart_keep_them_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rids are stored as 2-byte steps unless one step is longer: with 1-byte steps (for the test) a 4,500-row
    library has grams of both kinds, and the results stay exact."""
    monkeypatch.setattr(search, "_STEP_TYPE", "B")
    library = make_library(4500, seed=45)
    index = PhraseIndex(library)
    wide = index._postings._wide
    assert 0 < sum(wide) < len(wide)
    for query in QUERIES:
        assert index.search(query, 10_000) == reference(library, query, 10_000), query


def test_edits_leave_stale_grams_that_never_match() -> None:
    library = make_library(400, seed=11)
    index = PhraseIndex(library)
    edited = library[10][0]
    edited.title, edited.body = "稀有词", "您好"
    library[10] = (edited, SearchKeys(*KEYS["稀有词"], *KEYS["您好"]))
    index.upsert(*library[10])
    removed, _keys = library.pop(20)
    index.remove(removed.id)
    added = make_library(402, seed=12)[-1]
    library.append(added)
    index.upsert(*added)
    for query in QUERIES:
        assert index.search(query, 10_000) == reference(library, query, 10_000), query


def test_a_gram_no_phrase_holds_answers_without_scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Zero-hit queries used to be the slowest (a full pass over every phrase); now the index answers."""
    index = PhraseIndex(make_library(5000, seed=5))

    def no_scan(*args: object) -> None:
        raise AssertionError("scanned every phrase")

    monkeypatch.setattr(search._Shelf, "scan", no_scan)
    for query in ("这句没有", "qqqxxx", "zzzz", "稀有词 zzzz"):
        assert index.search(query) == [], query
    assert len(index.search("稀有词", limit=10_000)) == len([n for n in range(1, 5001) if n % 97 == 0 or n % 89 == 0])
    assert index.search("xiyouci")  # a rare pinyin word: narrowed by its three-letter grams


def test_a_two_character_word_and_its_pinyin_are_found_through_the_index_in_a_small_library(
        monkeypatch: pytest.MonkeyPatch) -> None:
    library = make_library(300, seed=8)
    index = PhraseIndex(library)
    monkeypatch.setattr(search._Shelf, "scan", lambda *args: (_ for _ in ()).throw(AssertionError("scanned")))
    for query in ("漏发", "loufa", "yhk", "iphone15", "3tian"):
        assert index.search(query, 10_000) == reference(library, query, 10_000), query


def test_writes_by_another_process_keep_the_index_equal_to_a_fresh_build(
        data_dir: Path, empty_session: Session, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adds, edits, deletes, uses, category renames and moves, a category deleted, a write that touches no
    phrase and a batch too big to patch, each committed through another connection to the same file: after
    each, the patched index gives exactly what a fresh build and the brute-force reference give."""
    monkeypatch.setattr(phrases_service, "PATCH_MOST", 12)
    service = PhraseService(empty_session)
    library = make_library(300, seed=3)
    service.add_many([], [PhraseDraft(category=f"c{p.id % 40}", title=p.title, body=p.body, code=p.code,
                                      pinned=p.pinned, groups=p.groups) for p, _keys in library])
    rebuilds: list[int] = []

    def rebuild() -> None:  # what the app does on a worker thread, here at once
        rebuilds.append(1)
        assert service.adopt_index(service.index_builder()())

    service.rebuild_full_index_with(rebuild)
    assert service.adopt_index(service.index_builder()())
    index = empty_session.shared(SharedPhraseIndex).index
    other_session = open_session(data_dir, clock=clock)
    other = PhraseService(other_session)
    rng = random.Random(5)

    def some_id() -> int:
        return rng.choice([p.id for p in other.list()])

    steps: list[Callable[[], object]] = [
        lambda: other.add(PhraseDraft(category=rng.choice(["c1", "new"]), body="".join(rng.choices(WORDS, k=5)))),
        lambda: other.update(some_id(), body="".join(rng.choices(WORDS, k=4))),
        lambda: other.update(some_id(), title="".join(rng.choices(WORDS, k=2))),
        lambda: other.update(some_id(), code=f"kd{rng.randint(100, 999)}x"),
        lambda: other.update(some_id(), groups=rng.choice([(), ("vip",)])),
        lambda: other.update(some_id(), category=rng.choice(["c0", "c2", "moved"])),
        lambda: other.delete(some_id()),
        lambda: other.record_use(some_id()),
        lambda: other.rename_category(rng.choice(other.categories()).id, f"renamed{rng.randint(0, 10**6)}"),
        lambda: other_session.settings.set("shop.name", f"店{rng.randint(0, 99)}"),  # no phrase touched
    ]
    try:
        for step in range(40):
            clock.advance(minutes=1)
            steps[step % len(steps)]()
            assert empty_session.changes.check_external()
            _assert_same_as_fresh(service, empty_session)
        assert empty_session.shared(SharedPhraseIndex).index is index and not rebuilds  # patched, never rebuilt
        small = [c for c in other.categories() if len(other.list(c.name)) <= 12]
        other.delete_category(max(small, key=lambda c: len(other.list(c.name))).id)  # its phrases go too
        assert empty_session.changes.check_external()
        _assert_same_as_fresh(service, empty_session)
        other.add_many([], [PhraseDraft(category="import", body=f"导入的第{n}句发货") for n in range(20)])
        assert empty_session.changes.check_external()
        assert rebuilds == [1]
        _assert_same_as_fresh(service, empty_session)
    finally:
        other_session.close()


def _assert_same_as_fresh(service: PhraseService, session: Session) -> None:
    library = list(PhrasesRepo(session.db).iter_for_index())
    fresh = PhraseIndex(library)
    assert session.shared(SharedPhraseIndex).index.has_grams
    for query in QUERIES:
        for groups in ((), ("vip",)):
            found = service.search(query, 10_000, groups)
            assert ids(found) == fresh.search(query, 10_000, groups), (query, groups)
            assert ids(found) == reference(library, query, 10_000, groups), (query, groups)


def test_the_index_keeps_no_phrase_objects() -> None:
    """The index holds what matching and ranking need, not the phrases (~30 MB of them at 100,000): nothing
    reachable from it, after a build, upserts and a removal, is a Phrase."""
    library = make_library(300, seed=13)
    index = PhraseIndex(library)
    index.upsert(*make_library(301, seed=14)[-1])
    index.upsert(*library[5])
    index.remove(library[6][0].id)
    seen: set[int] = set()
    pending: list[object] = [index]
    while pending:
        found = pending.pop()
        if id(found) in seen or isinstance(found, type):
            continue
        seen.add(id(found))
        assert not isinstance(found, Phrase), found
        pending.extend(gc.get_referents(found))
    assert len(seen) > 1000  # the walk went through the shelves and rows
