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

Speed (figures: `python -m benchmarks.search`): the index keeps its phrases in usage order (pinned slot,
more uses, more recent use, lower id) in parallel lists of pre-normalised strings, one such "shelf" for all
phrases and one per customer group. Each tier is a lazy C-level scan (map/compress) over a shelf, already
in usage order, so nothing is sorted per query and a scan stops as soon as `limit` phrases are found:
common words cost little. The worst case (few or no hits) is one pass over the titles and one over the
bodies; on big shelves a rare character of the query is tested first, at memchr speed. A change moves one
phrase (bisect + list insert), no rebuild. No pypinyin here.
"""

from __future__ import annotations

import heapq
import operator
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from itertools import compress, repeat, tee

from deskassist.core.models import Phrase

_PROBE_MIN_PHRASES = 4096  # below this a plain scan is already fast
_KEYS_SEP = "\x02"  # between full pinyin and initials: a query never spans the two
_contains = operator.contains


def _normalise(text: str) -> str:
    """What both the index and a query are compared in: NFKC (full-width -> ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _normalised_copy(text: str) -> str:
    """_normalise(text), sharing the original string when nothing changed (most titles): less memory."""
    normalised = _normalise(text)
    return text if normalised == text else normalised


def usage_key(phrase: Phrase) -> int:
    """One integer ordering phrases for the picker: pinned (by slot) first, then more uses, then more
    recent use (an ISO-like stamp, digits compared), then lower id. Unique because the id is in it."""
    pinned = phrase.pinned if phrase.pinned and 0 < phrase.pinned < 15 else 15
    uses = min(max(phrase.uses, 0), (1 << 32) - 1)
    digits = "".join(filter(str.isdecimal, phrase.last_used or ""))[:14]
    recency = min(int(digits.ljust(14, "0")) if digits else 0, (1 << 48) - 1)  # YYYYMMDDhhmmss
    phrase_id = min(max(phrase.id, 0), (1 << 40) - 1)
    key = pinned
    key = (key << 32) | ((1 << 32) - 1 - uses)
    key = (key << 48) | ((1 << 48) - 1 - recency)
    return (key << 40) | phrase_id


class _Term:
    """One query term, classified once: text terms look in the text, ASCII terms in the pinyin keys."""

    __slots__ = ("needle", "is_text")

    def __init__(self, raw: str) -> None:
        normal = _normalise(raw).strip()
        key = "".join(ch for ch in normal if ch.isalnum()) if normal.isascii() else ""
        self.is_text = not key
        self.needle = normal if self.is_text else key


_Row = tuple[int, Phrase, str, str, str, str]  # usage key, phrase, title, body, title keys, body keys


class _Shelf:
    """Phrases in usage order as parallel lists of pre-normalised strings, the unit a query scans.

    The index keeps one shelf for all phrases and one per customer group (same strings, shared)."""

    __slots__ = ("order", "phrases", "titles", "bodies", "title_keys", "body_keys", "_lists")

    def __init__(self, rows: list[_Row]) -> None:
        self.order: list[int] = [r[0] for r in rows]
        self.phrases: list[Phrase] = [r[1] for r in rows]
        self.titles: list[str] = [r[2] for r in rows]
        self.bodies: list[str] = [r[3] for r in rows]
        self.title_keys: list[str] = [r[4] for r in rows]
        self.body_keys: list[str] = [r[5] for r in rows]
        self._lists = (self.order, self.phrases, self.titles, self.bodies, self.title_keys, self.body_keys)

    def __len__(self) -> int:
        return len(self.order)

    def insert(self, row: _Row) -> None:
        at = bisect_left(self.order, row[0])
        for values, value in zip(self._lists, row, strict=False):
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

    def scan(self, terms: list[_Term], where: str) -> Iterator[Phrase]:
        """Lazily, in usage order, the phrases where every term occurs in the given field(s)."""
        first, *rest = sorted(terms, key=lambda t: -len(t.needle))  # the longest is usually the rarest
        slots = self._containing(self._fields(first, where), first.needle)
        for term in rest:
            slots = _also_containing(slots, self._fields(term, where), term.needle)
        return map(self.phrases.__getitem__, slots)

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


class PhraseIndex:
    """Keeps what search needs of every phrase in memory; the service keeps it in step with the database."""

    def __init__(self, phrases: Iterable[Phrase] = ()) -> None:
        # each phrase becomes its row at once (its search keys then live only there); given roughly in usage
        # order (as the repository does), the sort barely moves anything
        rows = sorted((self._row(usage_key(p), p) for p in phrases), key=operator.itemgetter(0))
        self._all = _Shelf(rows)
        self._key_of: dict[int, int] = {r[1].id: r[0] for r in rows}  # phrase id -> usage key
        self._code_of: dict[int, str] = {}
        self._codes: dict[str, Phrase] = {}  # normalised code -> phrase
        for row in rows:
            self._add_code(row[1])
        self._sorted_codes: list[str] = sorted(self._codes)
        members: dict[str, list[_Row]] = {}
        for row in rows:
            for group in dict.fromkeys(row[1].groups):
                members.setdefault(group, []).append(row)
        self._groups: dict[str, _Shelf] = {group: _Shelf(group_rows) for group, group_rows in members.items()}
        self._groups_of: dict[int, tuple[str, ...]] = {r[1].id: tuple(r[1].groups) for r in rows if r[1].groups}

    @staticmethod
    def _row(key: int, phrase: Phrase) -> _Row:
        title_keys = phrase.title_pinyin.lower() + _KEYS_SEP + phrase.title_initials.lower()
        body_keys = phrase.body_pinyin.lower() + _KEYS_SEP + phrase.body_initials.lower()
        # the row holds the keys; a copy without them halves the memory a big library takes
        slim = replace(phrase, title_pinyin="", title_initials="", body_pinyin="", body_initials="")
        return key, slim, _normalised_copy(phrase.title), _normalised_copy(phrase.body), title_keys, body_keys

    def _add_code(self, phrase: Phrase) -> str | None:
        """Register the phrase's code; returns it when no phrase had it before (to add to the sorted list)."""
        code = _normalise(phrase.code or "").strip()
        if not code:
            return None
        stale = self._codes.get(code)
        if stale is not None and stale.id != phrase.id:  # the service keeps codes unique; stay consistent
            self._code_of.pop(stale.id, None)
        self._codes[code] = phrase
        self._code_of[phrase.id] = code
        return code if stale is None else None

    def __len__(self) -> int:
        return len(self._all)

    def upsert(self, phrase: Phrase) -> None:
        """Add or replace one phrase (after add/edit/use)."""
        self.remove(phrase.id)
        row = self._row(usage_key(phrase), phrase)
        self._all.insert(row)
        self._key_of[phrase.id] = row[0]
        new_code = self._add_code(row[1])
        if new_code:
            insort(self._sorted_codes, new_code)
        for group in dict.fromkeys(phrase.groups):
            self._groups.setdefault(group, _Shelf([])).insert(row)
        if phrase.groups:
            self._groups_of[phrase.id] = tuple(phrase.groups)  # kept: the caller may change the object later

    def remove(self, phrase_id: int) -> None:
        key = self._key_of.pop(phrase_id, None)
        if key is None:
            return
        phrase = self._all.phrases[bisect_left(self._all.order, key)]
        self._all.delete(key)
        for group in dict.fromkeys(self._groups_of.pop(phrase_id, ())):
            self._groups[group].delete(key)
        code = self._code_of.pop(phrase_id, None)
        if code is not None and self._codes.get(code) is phrase:
            del self._codes[code]
            del self._sorted_codes[bisect_left(self._sorted_codes, code)]

    # --- the query ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> list[Phrase]:
        """Best matches first. An empty query lists all phrases by the usage ranking.

        groups: customer group keys of the current buyer; phrases marked for them rank first among equals.
        """
        if limit <= 0:
            return []
        shelves = [self._groups[g] for g in dict.fromkeys(groups) if g in self._groups]
        raw_terms = query.split()
        if not raw_terms:
            return self._collect([self._in_groups(shelves, lambda shelf: iter(shelf.phrases)),
                                  iter(self._all.phrases)], limit)
        terms = [t for t in (_Term(raw) for raw in raw_terms) if t.needle]
        if not terms:
            return []
        tiers: list[Iterable[Phrase]] = []
        wanted = frozenset(groups)
        for codes in self._code_tiers(_normalise(query).strip()):
            if wanted:
                tiers.append([p for p in codes if not wanted.isdisjoint(p.groups)])
            tiers.append(codes)
        forms = [terms]
        if len(terms) > 1 and len({t.is_text for t in terms}) == 1:
            forms.insert(0, [_Term("".join(raw_terms))])  # "fa huo" as "fahuo" first
        for form in forms:
            # after the title tier, a single term need only be looked for in the body
            for where in ("title", "body" if len(form) == 1 else "any"):
                if shelves:
                    tiers.append(self._in_groups(shelves, lambda shelf, f=form, w=where: shelf.scan(f, w)))
                tiers.append(self._all.scan(form, where))
        return self._collect(tiers, limit)

    def _in_groups(self, shelves: list[_Shelf], scan: Callable[[_Shelf], Iterator[Phrase]]) -> Iterable[Phrase]:
        """One tier over the buyer's group shelves, in usage order (merged when the buyer has several)."""
        if len(shelves) == 1:
            return scan(shelves[0])
        return heapq.merge(*(scan(shelf) for shelf in shelves), key=lambda p: self._key_of[p.id])

    def _code_tiers(self, code: str) -> list[list[Phrase]]:
        """[the phrase with exactly this code], [phrases whose code starts with it, in usage order]."""
        exact: list[Phrase] = []
        prefixed: list[Phrase] = []
        codes = self._sorted_codes
        at = bisect_left(codes, code) if code else len(codes)
        while at < len(codes) and codes[at].startswith(code):
            (exact if codes[at] == code else prefixed).append(self._codes[codes[at]])
            at += 1
        prefixed.sort(key=lambda p: self._key_of[p.id])
        return [exact, prefixed]

    @staticmethod
    def _collect(tiers: list[Iterable[Phrase]], limit: int) -> list[Phrase]:
        """The first `limit` distinct phrases going through the tiers in order; lazy tiers stop early."""
        seen: set[int] = set()
        result: list[Phrase] = []
        for tier in tiers:
            for phrase in tier:
                if phrase.id not in seen:
                    seen.add(phrase.id)
                    result.append(phrase)
                    if len(result) >= limit:
                        return result
        return result


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
