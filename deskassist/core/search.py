"""Phrase search over an in-memory index: Chinese substrings, full pinyin, initials, codes, ASCII words.

One function serves the picker and the CLI. Ranking: exact code first, then title matches before body
matches, then phrases marked for the current buyer's group, pinned, frequently and recently used ones.

How a query matches (plain substring tests, so two-character Chinese words are found, unlike trigram FTS):
- A term with Chinese (any non-ASCII) characters is looked for in the title and body text (NFKC, lower case).
- An ASCII term (its letters and digits; other characters are ignored) is looked for in the stored pinyin
  keys, which also hold the text's ASCII words, and in the initials: "fahuo", "fah", "fh", "iphone".
- The whole query is also compared with the short codes: an exact code ranks first, a code prefix next.
- Several space-separated terms must all match. When all terms are of one kind the joined form is tried as
  well ("fa huo" -> "fahuo"), and phrases matching it rank before those matching only term by term.
- A phrase counts as a title match when every term is found in its title.

The index keeps what matching and ranking need, not the phrases: it answers with phrase ids in rank order and
the service reads those phrases from the database (Phrase objects would cost ~30 MB at 100,000 phrases:
`python -m benchmarks.search_memory`).

Speed (figures: `python -m benchmarks.search`): the index keeps its phrases in usage order (pinned slot,
more uses, more recent use, lower id) in parallel lists of pre-normalised strings, one such "shelf" for all
phrases and one per customer group, plus an inverted index: for each pair of characters of the text and
each run of three letters of the pinyin keys, the phrases holding it (one flat array for them all: memory
is a budget too, see `python -m benchmarks.startup`). A query first looks up
its rarest gram: a gram no phrase holds means no match at all (no scan); a rare one gives few candidates,
checked with the same substring tests and sorted by usage. Only when every gram is common (so matches are
dense) does a tier scan a shelf lazily in usage order (map/compress at C speed), stopping as soon as
`limit` phrases are found. A change moves one phrase (bisect + list insert) and adds only its new grams;
grams it no longer holds stay behind and fail the substring test. No pypinyin here.
"""

from __future__ import annotations

import heapq
import operator
import sys
import unicodedata
from array import array
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import accumulate, chain, compress, groupby, repeat, tee
from typing import Any, NamedTuple

from deskassist.core.models import Phrase

_PROBE_MIN_PHRASES = 4096  # below this a plain scan is already fast
class SearchKeys(NamedTuple):
    """A phrase's pinyin keys, computed when it is written (core.pinyin) and stored beside it; kept here
    and in storage, not in the Phrase, so a phrase from search() is the same as one from get()."""

    title_pinyin: str = ""
    title_initials: str = ""
    body_pinyin: str = ""
    body_initials: str = ""


_KEYS_SEP = "\x02"  # between full pinyin and initials: a query never spans the two
_KEY_GRAM = 3  # letters per gram of the pinyin keys (pairs of letters are too common to narrow anything)
_NARROW_MIN = 256  # candidates from the index checked one by one, at least this many ...
_NARROW_SHARE = 32  # ... or this share of the library; beyond it matches are dense and a lazy scan stops early
_COMMON_MIN_PHRASES = 4096  # in smaller libraries every gram is indexed
_SAMPLE_ROWS = 2048  # rows sampled to find the common grams ...
_COMMON_SHARE = 20  # ... those held by more than this share of them (a margin over _NARROW_SHARE: samples vary)
_contains = operator.contains


def _normalise(text: str) -> str:
    """What both the index and a query are compared in: NFKC (full-width -> ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _normalised_copy(text: str) -> str:
    """_normalise(text), sharing the original string when nothing changed (most titles): less memory."""
    normalised = _normalise(text)
    return text if normalised == text else normalised


_ID_BITS = 40  # the low bits of a usage key are the phrase id: a shelf needs no list of ids beside its keys
_ID_MASK = (1 << _ID_BITS) - 1


def usage_key(phrase: Phrase) -> int:
    """One integer ordering phrases for the picker: pinned (by slot) first, then more uses, then more
    recent use (an ISO-like stamp, digits compared), then lower id. Unique because the id is in it."""
    pinned = phrase.pinned if phrase.pinned and 0 < phrase.pinned < 15 else 15
    uses = min(max(phrase.uses, 0), (1 << 32) - 1)
    digits = "".join(filter(str.isdecimal, phrase.last_used or ""))[:14]
    recency = min(int(digits.ljust(14, "0")) if digits else 0, (1 << 48) - 1)  # YYYYMMDDhhmmss
    phrase_id = min(max(phrase.id, 0), _ID_MASK)
    key = pinned
    key = (key << 32) | ((1 << 32) - 1 - uses)
    key = (key << 48) | ((1 << 48) - 1 - recency)
    return (key << _ID_BITS) | phrase_id


def _phrase_id(key: int) -> int:
    return key & _ID_MASK


class _Term:
    """One query term, classified once: text terms look in the text, ASCII terms in the pinyin keys."""

    __slots__ = ("needle", "is_text")

    def __init__(self, raw: str) -> None:
        normal = _normalise(raw).strip()
        key = "".join(ch for ch in normal if ch.isalnum()) if normal.isascii() else ""
        self.is_text = not key
        self.needle = normal if self.is_text else key


_Row = tuple[int, str, str, str, str]  # usage key (its low bits the phrase id), title, body, title keys, body keys


class _Shelf:
    """Phrases in usage order as parallel lists (their usage keys, pre-normalised strings), the unit a query
    scans. The index keeps one shelf for all phrases and one per customer group (same strings, shared)."""

    __slots__ = ("order", "titles", "bodies", "title_keys", "body_keys", "_lists")

    def __init__(self, rows: list[_Row]) -> None:
        self.order: list[int] = [r[0] for r in rows]
        self.titles: list[str] = [r[1] for r in rows]
        self.bodies: list[str] = [r[2] for r in rows]
        self.title_keys: list[str] = [r[3] for r in rows]
        self.body_keys: list[str] = [r[4] for r in rows]
        # one list per _Row field, kept in step: its columns differ in type
        self._lists: tuple[list[Any], ...] = (self.order, self.titles, self.bodies, self.title_keys,
                                              self.body_keys)

    def __len__(self) -> int:
        return len(self.order)

    def insert(self, row: _Row) -> None:
        at = bisect_left(self.order, row[0])
        for values, value in zip(self._lists, row, strict=True):
            values.insert(at, value)

    def delete(self, key: int) -> None:
        at = bisect_left(self.order, key)
        if at < len(self.order) and self.order[at] == key:
            for values in self._lists:
                del values[at]

    def _fields(self, term: _Term, where: str) -> tuple[list[str], ...]:
        """The per-slot strings a term is looked for in: where is "title", "body" or "any"."""
        titles, bodies = (self.titles, self.bodies) if term.is_text else (self.title_keys, self.body_keys)
        return {"title": (titles,), "body": (bodies,), "any": (titles, bodies)}[where]

    def scan(self, terms: list[_Term], where: str) -> Iterator[int]:
        """Lazily, in usage order, the usage keys of the phrases where every term occurs in the given field(s)."""
        first, *rest = sorted(terms, key=lambda t: -len(t.needle))  # the longest is usually the rarest
        slots = self._containing(self._fields(first, where), first.needle)
        for term in rest:
            slots = _also_containing(slots, self._fields(term, where), term.needle)
        return map(self.order.__getitem__, slots)

    def _containing(self, fields: tuple[list[str], ...], needle: str) -> Iterator[int]:
        """Slots whose fields contain needle. A one-character test runs at memchr speed, several times
        faster than a substring search, so on a big shelf a character that few phrases hold (a digit, a
        rare letter or hanzi) is tested first and the whole needle only where it occurs."""
        probe = self._rare_character(fields[-1], needle)
        if probe is None:
            return compress(range(len(self.order)), _flags(fields, needle))
        candidates, again = tee(compress(range(len(self.order)), _flags(fields, probe)))
        if len(fields) == 1:
            return compress(candidates, map(_contains, map(fields[0].__getitem__, again), repeat(needle)))
        firsts, seconds = tee(again)
        found = map(operator.or_, map(_contains, map(fields[0].__getitem__, firsts), repeat(needle)),
                    map(_contains, map(fields[1].__getitem__, seconds), repeat(needle)))
        return compress(candidates, found)

    def _rare_character(self, haystacks: list[str], needle: str) -> str | None:
        """The needle's character found in the fewest of ~256 sampled phrases, if under a quarter of them."""
        if len(haystacks) < _PROBE_MIN_PHRASES or len(needle) < 2:
            return None
        sample = haystacks[::len(haystacks) // 256]
        share, character = min((sum(map(_contains, sample, repeat(c))), c) for c in set(needle))
        return character if share < len(sample) // 4 else None


_STEP_TYPE = "H"  # rids apart by at most 65,535 are kept as 2-byte steps


class _Postings:
    """gram -> the rids (row numbers) holding it. What a build files sits in two flat arrays, each gram's rids
    side by side, found by bisecting the sorted grams: an array and a dict entry per gram would cost more than
    the rids themselves. A gram's rids ascend, so most are kept as 2-byte steps from the one before (summed
    back at C speed); a gram with a longer step keeps its rids as they are. Grams a later upsert adds go to
    small arrays beside them."""

    __slots__ = ("_grams", "_at", "_counts", "_wide", "_steps", "_rids", "_added")

    def __init__(self, rows: list[_Row], common: frozenset[str]) -> None:
        """Two passes over the rows, counting then placing each gram's rids: filing them in an array per gram
        would leave the build's memory in holes among what stays, which the system would never get back."""
        counts: Counter[str] = Counter()
        for row in rows:
            counts.update(_row_grams(row) - common)
        grams = sorted(counts, key=lambda gram: (len(gram), gram))  # numbered by length, then in order
        self._counts = array("I", map(counts.__getitem__, grams))  # per gram: how many rids ...
        del counts
        number = {gram: n for n, gram in enumerate(grams)}
        starts = array("I", accumulate(self._counts, initial=0))
        placed: array[int] = array("I", bytes(4 * starts[-1]))  # every rid, gram after gram
        free = array("I", starts)  # per gram: where its next rid goes
        for rid, row in enumerate(rows):
            for n in map(number.__getitem__, _row_grams(row) - common):
                at = free[n]
                placed[at] = rid
                free[n] = at + 1
        del number, free
        self._at = array("I")  # ... where its steps (or rids) start ...
        self._wide = bytearray()  # ... and whether they are rids (1) or steps (0)
        steps: array[int] = array(_STEP_TYPE)
        rids: array[int] = array("I")
        for n in range(len(grams)):
            found = placed[starts[n]:starts[n + 1]]
            try:
                gram_steps = array(_STEP_TYPE, map(operator.sub, found, chain((0,), found)))
            except OverflowError:  # a step beyond 65,535 rows
                self._at.append(len(rids))
                self._wide.append(1)
                rids.extend(found)
            else:
                self._at.append(len(steps))
                self._wide.append(0)
                steps.extend(gram_steps)
        del placed, starts
        self._steps, self._rids = array(_STEP_TYPE, steps), array("I", rids)  # exactly the size
        del steps, rids
        self._grams: dict[int, tuple[int, _PackedGrams]] = {}  # gram length -> (first number, those grams)
        first = 0
        for width, same_width in groupby(grams, len):
            packed = _PackedGrams(list(same_width), width)
            self._grams[width] = (first, packed)
            first += len(packed)
        grams.clear()
        self._added: dict[str, array[int]] = {}

    def _number(self, gram: str) -> int | None:
        first, packed = self._grams.get(len(gram), (0, None))
        if packed is None:
            return None
        at = bisect_left(packed, gram)
        return first + at if at < len(packed) and packed[at] == gram else None

    def count(self, gram: str) -> int:
        number = self._number(gram)
        added = self._added.get(gram)
        return (0 if number is None else self._counts[number]) + (len(added) if added is not None else 0)

    def rids(self, gram: str) -> set[int]:
        number = self._number(gram)
        found: set[int] = set()
        if number is not None:
            start, end = self._at[number], self._at[number] + self._counts[number]
            found.update(self._rids[start:end] if self._wide[number] else accumulate(self._steps[start:end]))
        found.update(self._added.get(gram, ()))
        return found

    def add(self, gram: str, rid: int) -> None:
        self._added.setdefault(gram, array("I")).append(rid)


class _PackedGrams:
    """Sorted grams of one length packed into one string (a str object per gram costs ~60 bytes more than its
    two or three characters); a sequence, so bisect finds a gram's number in it."""

    __slots__ = ("_text", "_width", "_length")

    def __init__(self, grams: list[str], width: int) -> None:
        self._text, self._width, self._length = "".join(grams), width, len(grams)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, number: int) -> str:
        return self._text[number * self._width:(number + 1) * self._width]


class PhraseIndex:
    """Keeps what search needs of every phrase in memory (no Phrase objects: ids, usage keys, normalised text,
    pinyin keys, codes, groups); the service keeps it in step with the database and reads the phrases found."""

    def __init__(self, phrases: Iterable[tuple[Phrase, SearchKeys]] = (), grams: bool = True) -> None:
        """grams=False: no inverted index (a tenth of the building time; every query scans). The app builds
        that only when a search comes before the full index, built on a worker thread, is ready."""
        self._code_of: dict[int, str] = {}
        self._codes: dict[str, int] = {}  # normalised code -> phrase id
        self._groups_of: dict[int, tuple[str, ...]] = {}
        # each phrase becomes its row at once and is let go (its search keys then live only there); given
        # roughly in usage order (as the repository does), the sort barely moves anything
        entries: list[tuple[_Row, int]] = []  # (row, the phrase's own id object: shared, not made anew)
        for phrase, keys in phrases:
            entries.append((self._row(phrase, keys), phrase.id))
            self._add_code(phrase.id, _code(phrase.code))
            groups = _groups(phrase.groups)
            if groups:
                self._groups_of[phrase.id] = groups
        entries.sort(key=lambda entry: entry[0][0])
        rows = [row for row, _id in entries]
        self._all = _Shelf(rows)
        self._sorted_codes: list[str] = sorted(self._codes)
        members: dict[str, list[_Row]] = {}
        for row, phrase_id in entries:
            for group in self._groups_of.get(phrase_id, ()):
                members.setdefault(group, []).append(row)
        self._groups: dict[str, _Shelf] = {group: _Shelf(group_rows) for group, group_rows in members.items()}
        self._rows: list[_Row | None] = list(rows)  # by row number (rid); None once removed
        self._rid_of: dict[int, int] = {phrase_id: rid for rid, (_row, phrase_id) in enumerate(entries)}
        del entries
        # gram -> the rids holding it (stale ones allowed). Grams that many phrases hold (found in a sample)
        # are left out: they would narrow little, and they make up most of the memory and building time.
        self._common = _common_grams(rows[::max(1, len(rows) // _SAMPLE_ROWS)]) \
            if len(rows) >= _COMMON_MIN_PHRASES else frozenset()
        self._grams = grams
        self._postings = _Postings(rows if grams else [], self._common)

    def _key_of(self, phrase_id: int) -> int:
        """The phrase's usage key (its place in the shelves)."""
        row = self._rows[self._rid_of[phrase_id]]
        assert row is not None
        return row[0]

    @staticmethod
    def _row(phrase: Phrase, keys: SearchKeys) -> _Row:
        if not 0 <= phrase.id <= _ID_MASK:  # SQLite's ids count up from 1: never near 2**40
            raise ValueError(f"phrase id {phrase.id} is out of the index's range")
        title_keys = keys.title_pinyin.lower() + _KEYS_SEP + keys.title_initials.lower()
        body_keys = keys.body_pinyin.lower() + _KEYS_SEP + keys.body_initials.lower()
        return (usage_key(phrase), _normalised_copy(phrase.title), _normalised_copy(phrase.body), title_keys,
                body_keys)

    def _add_code(self, phrase_id: int, code: str) -> str | None:
        """Register the phrase's code; returns it when no phrase had it before (to add to the sorted list)."""
        if not code:
            return None
        stale = self._codes.get(code)
        if stale is not None and stale != phrase_id:  # the service keeps codes unique; stay consistent
            self._code_of.pop(stale, None)
        self._codes[code] = phrase_id
        self._code_of[phrase_id] = code
        return code if stale is None else None

    def __len__(self) -> int:
        return len(self._all)

    @property
    def has_grams(self) -> bool:
        """Built with the inverted index (zero-hit and rare queries need no scan)."""
        return self._grams

    def title_initials(self, phrase_id: int) -> str:
        """The title's pinyin initials (lower case), for highlighting what a query matched; "" if unknown."""
        rid = self._rid_of.get(phrase_id)
        row = self._rows[rid] if rid is not None else None
        return row[3].partition(_KEYS_SEP)[2] if row is not None else ""

    def upsert(self, phrase: Phrase, keys: SearchKeys) -> None:
        """Add or replace one phrase (after add/edit/use) with its stored search keys."""
        rid = self._rid_of.get(phrase.id)
        old = self._rows[rid] if rid is not None else None
        row = self._row(phrase, keys)
        code, groups = _code(phrase.code), _groups(phrase.groups)
        if old == row and self._code_of.get(phrase.id, "") == code and self._groups_of.get(phrase.id, ()) == groups:
            return  # e.g. its category renamed: nothing the index holds changed
        self.remove(phrase.id)
        if rid is None:
            rid = len(self._rows)
            self._rows.append(row)
        else:
            self._rows[rid] = row
        self._rid_of[phrase.id] = rid
        if self._grams and (old is None or old[1:] != row[1:]):  # a use changes no text: nothing to add
            known = _row_grams(old) if old is not None else frozenset()
            for gram in _row_grams(row) - known - self._common:
                self._postings.add(gram, rid)
        self._all.insert(row)
        new_code = self._add_code(phrase.id, code)
        if new_code:
            insort(self._sorted_codes, new_code)
        for group in groups:
            self._groups.setdefault(group, _Shelf([])).insert(row)
        if groups:
            self._groups_of[phrase.id] = groups

    def apply(self, written: Iterable[tuple[Phrase, SearchKeys]], deleted: Iterable[int]) -> None:
        """Patch in what changed elsewhere (phrases written, ids deleted): the same results as a fresh build."""
        for phrase_id in deleted:
            self.remove(phrase_id)
        for phrase, keys in written:
            self.upsert(phrase, keys)

    def remove(self, phrase_id: int) -> None:
        rid = self._rid_of.pop(phrase_id, None)
        row = self._rows[rid] if rid is not None else None
        if rid is None or row is None:
            return
        key = row[0]
        self._all.delete(key)
        self._rows[rid] = None
        for group in self._groups_of.pop(phrase_id, ()):
            self._groups[group].delete(key)
        code = self._code_of.pop(phrase_id, None)
        if code is not None and self._codes.get(code) == phrase_id:
            del self._codes[code]
            del self._sorted_codes[bisect_left(self._sorted_codes, code)]

    # --- the query ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> list[int]:
        """The ids of the best matches, best first. An empty query lists all phrases by the usage ranking.

        groups: customer group keys of the current buyer; phrases marked for them rank first among equals.
        """
        if limit <= 0:
            return []
        shelves = [self._groups[g] for g in dict.fromkeys(groups) if g in self._groups]
        raw_terms = query.split()
        if not raw_terms:
            return self._collect([self._in_groups(shelves, lambda shelf: iter(shelf.order)),
                                  iter(self._all.order)], limit)
        terms = [t for t in (_Term(raw) for raw in raw_terms) if t.needle]
        if not terms:
            return []
        tiers: list[Iterable[int]] = []  # each: usage keys, in usage order
        wanted = frozenset(groups)
        for codes in self._code_tiers(_normalise(query).strip()):
            if wanted:
                tiers.append([key for key in codes if not self._in_none_of(wanted, key)])
            tiers.append(codes)
        forms = [terms]
        if len(terms) > 1 and len({t.is_text for t in terms}) == 1:
            forms.insert(0, [_Term("".join(raw_terms))])  # "fa huo" as "fahuo" first
        for form in forms:
            hits = self._narrowed(form)
            if hits is not None:
                in_title = [row for row in hits if _holds(row, form, title_only=True)]
                for rows in (in_title, hits):  # the title tier, then title or body
                    keys = [row[0] for row in rows]
                    if shelves:
                        tiers.append([key for key in keys if not self._in_none_of(wanted, key)])
                    tiers.append(keys)
                continue
            # after the title tier, a single term need only be looked for in the body
            for where in ("title", "body" if len(form) == 1 else "any"):
                if shelves:
                    tiers.append(self._in_groups(shelves, operator.methodcaller("scan", form, where)))
                tiers.append(self._all.scan(form, where))
        return self._collect(tiers, limit)

    def _in_none_of(self, groups: frozenset[str], key: int) -> bool:
        return groups.isdisjoint(self._groups_of.get(_phrase_id(key), ()))

    def _narrowed(self, form: list[_Term]) -> list[_Row] | None:
        """Rows where every term occurs (in title or body), in usage order, found through the inverted
        index; None when the terms' grams are all too common to narrow much (then a lazy scan is cheaper)."""
        if not self._grams:
            return None
        smallest: tuple[int, str] | None = None  # (how many rids, gram)
        for term in form:
            for gram in _needle_grams(term):
                if gram in self._common:
                    continue
                count = self._postings.count(gram)
                if not count:
                    return []  # no phrase holds this gram: nothing can match
                if smallest is None or count < smallest[0]:
                    smallest = (count, gram)
        if smallest is None or smallest[0] > max(_NARROW_MIN, len(self._all) // _NARROW_SHARE):
            return None
        candidates = self._postings.rids(smallest[1])
        rows = self._rows
        hits = [row for row in map(rows.__getitem__, candidates)
                if row is not None and _holds(row, form, title_only=False)]
        hits.sort(key=operator.itemgetter(0))
        return hits

    @staticmethod
    def _in_groups(shelves: list[_Shelf], scan: Callable[[_Shelf], Iterator[int]]) -> Iterable[int]:
        """One tier over the buyer's group shelves, in usage order (merged when the buyer has several)."""
        if len(shelves) == 1:
            return scan(shelves[0])
        return heapq.merge(*(scan(shelf) for shelf in shelves))

    def _code_tiers(self, code: str) -> list[list[int]]:
        """The usage keys of [the phrase with exactly this code], [phrases whose code starts with it, in usage
        order]."""
        exact: list[int] = []
        prefixed: list[int] = []
        codes = self._sorted_codes
        at = bisect_left(codes, code) if code else len(codes)
        while at < len(codes) and codes[at].startswith(code):
            (exact if codes[at] == code else prefixed).append(self._key_of(self._codes[codes[at]]))
            at += 1
        prefixed.sort()
        return [exact, prefixed]

    @staticmethod
    def _collect(tiers: list[Iterable[int]], limit: int) -> list[int]:
        """The ids of the first `limit` distinct phrases going through the tiers (of usage keys: one per phrase)
        in order; lazy tiers stop early."""
        seen: set[int] = set()
        result: list[int] = []
        for tier in tiers:
            for key in tier:
                if key not in seen:
                    seen.add(key)
                    result.append(_phrase_id(key))
                    if len(result) >= limit:
                        return result
        return result


def _code(code: str | None) -> str:
    """The form a code is matched in ("" for none); the phrase's own string when already normal."""
    return _normalised_copy(code or "").strip()


def _groups(groups: Iterable[str]) -> tuple[str, ...]:
    """A phrase's customer groups, each once; one string per group name for all phrases (SQLite gives a copy
    each)."""
    return tuple(dict.fromkeys(map(sys.intern, groups)))


def _flags(fields: tuple[list[str], ...], needle: str) -> Iterator[bool]:
    """Per slot: does the field (or either of two fields) contain the needle."""
    flags = map(_contains, fields[0], repeat(needle))
    if len(fields) == 2:
        flags = map(operator.or_, flags, map(_contains, fields[1], repeat(needle)))
    return flags


def _also_containing(slots: Iterator[int], fields: tuple[list[str], ...], needle: str) -> Iterator[int]:
    if len(fields) == 1:
        return (slot for slot in slots if needle in fields[0][slot])
    return (slot for slot in slots if any(needle in field[slot] for field in fields))


def _holds(row: _Row, terms: list[_Term], title_only: bool) -> bool:
    """Does every term occur in the row's title (or, unless title_only, its title or body)?"""
    for term in terms:
        title, body = (row[1], row[2]) if term.is_text else (row[3], row[4])
        if term.needle not in title and (title_only or term.needle not in body):
            return False
    return True


def _text_grams(text: str) -> set[str]:
    """Every pair of neighbouring characters (a two-character word is one gram). Single characters are
    left out: they would cost a sixth more memory for one-character queries, which a scan answers."""
    return set(map(operator.add, text, text[1:]))


def _key_grams(keys: str) -> set[str]:
    """Every run of _KEY_GRAM letters of the full pinyin and of the initials (none spans the two)."""
    grams: set[str] = set()
    for part in keys.split(_KEYS_SEP):
        grams.update(map(operator.add, map(operator.add, part, part[1:]), part[2:]))
    return grams


def _row_grams(row: _Row) -> set[str]:
    """What the inverted index files a row under: text grams are 2 characters, key grams 3 letters."""
    return _text_grams(row[1]) | _text_grams(row[2]) | _key_grams(row[3]) | _key_grams(row[4])


def _needle_grams(term: _Term) -> list[str]:
    """The grams every phrase matching the term must hold; none when the term is too short to narrow."""
    needle = term.needle
    if term.is_text:
        return list(dict.fromkeys(map(operator.add, needle, needle[1:])))
    return list(dict.fromkeys(needle[i:i + _KEY_GRAM] for i in range(len(needle) - _KEY_GRAM + 1)))



def _common_grams(sample: list[_Row]) -> frozenset[str]:
    """Grams held by more than 1/_COMMON_SHARE of the sampled rows."""
    counts: Counter[str] = Counter()
    for row in sample:
        counts.update(_row_grams(row))
    return frozenset(gram for gram, count in counts.items() if count * _COMMON_SHARE > len(sample))
