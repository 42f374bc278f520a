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

Speed: the index keeps its phrases in usage order (pinned slot, more uses, more recent use, lower id) in
parallel lists of pre-normalised strings. Each tier is a lazy C-level scan (map/compress) over those lists,
already in usage order, so nothing is sorted per query and a scan stops as soon as `limit` phrases are
found: common words cost little, and the worst case (few or no hits) is one pass over the titles and one
over the bodies. A change moves one phrase (bisect + list insert), no rebuild. No pypinyin here.
"""

from __future__ import annotations

import operator
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Collection, Iterable, Iterator
from itertools import compress, repeat

from deskassist.core.models import Phrase

_KEYS_SEP = "\x02"  # between full pinyin and initials: a query never spans the two
_contains = operator.contains


def _normalise(text: str) -> str:
    """What both the index and a query are compared in: NFKC (full-width -> ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def usage_key(phrase: Phrase) -> int:
    """One integer ordering phrases for the picker: pinned (by slot) first, then more uses, then more
    recent use (an ISO-like stamp, digits compared), then lower id. Unique because the id is in it."""
    pinned = phrase.pinned if phrase.pinned and 0 < phrase.pinned < 15 else 15
    uses = min(max(phrase.uses, 0), (1 << 32) - 1)
    digits = "".join(ch for ch in (phrase.last_used or "") if ch.isdigit())[:14]
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


class PhraseIndex:
    """Keeps what search needs of every phrase in memory; the service keeps it in step with the database."""

    def __init__(self, phrases: Iterable[Phrase] = ()) -> None:
        # rows are built in usage order so the strings lie in memory in scan order (twice as fast to scan)
        keyed = sorted(((usage_key(p), p) for p in phrases), key=operator.itemgetter(0))
        rows = [self._row(key, phrase) for key, phrase in keyed]
        self._order: list[int] = [r[0] for r in rows]
        self._phrases: list[Phrase] = [r[1] for r in rows]
        self._titles: list[str] = [r[2] for r in rows]
        self._bodies: list[str] = [r[3] for r in rows]
        self._title_keys: list[str] = [r[4] for r in rows]
        self._body_keys: list[str] = [r[5] for r in rows]
        self._lists = (self._order, self._phrases, self._titles, self._bodies, self._title_keys, self._body_keys)
        self._key_of: dict[int, int] = {r[1].id: r[0] for r in rows}  # phrase id -> usage key
        self._code_of: dict[int, str] = {}
        self._codes: dict[str, int] = {}  # normalised code -> phrase id
        self._members: dict[str, set[int]] = {}  # customer group key -> phrase ids
        for row in rows:
            self._index_extras(row[1], row[6])
        self._sorted_codes = sorted(self._codes)

    @staticmethod
    def _row(key: int, phrase: Phrase) -> tuple[int, Phrase, str, str, str, str, str]:
        return (
            key, phrase, _normalise(phrase.title), _normalise(phrase.body),
            phrase.title_pinyin.lower() + _KEYS_SEP + phrase.title_initials.lower(),
            phrase.body_pinyin.lower() + _KEYS_SEP + phrase.body_initials.lower(),
            _normalise(phrase.code or "").strip(),
        )

    def _index_extras(self, phrase: Phrase, code: str) -> None:
        if code:
            stale = self._codes.get(code)
            if stale is not None and stale != phrase.id:  # the service keeps codes unique; stay consistent
                self._code_of.pop(stale, None)
            self._codes[code] = phrase.id
            self._code_of[phrase.id] = code
        for group in phrase.groups:
            self._members.setdefault(group, set()).add(phrase.id)

    def __len__(self) -> int:
        return len(self._order)

    def upsert(self, phrase: Phrase) -> None:
        """Add or replace one phrase (after add/edit/use)."""
        self.remove(phrase.id)
        row = self._row(usage_key(phrase), phrase)
        at = bisect_left(self._order, row[0])
        for values, value in zip(self._lists, row, strict=False):
            values.insert(at, value)
        self._key_of[phrase.id] = row[0]
        if row[6] and row[6] not in self._codes:
            insort(self._sorted_codes, row[6])
        self._index_extras(phrase, row[6])

    def remove(self, phrase_id: int) -> None:
        key = self._key_of.pop(phrase_id, None)
        if key is None:
            return
        at = bisect_left(self._order, key)
        phrase = self._phrases[at]
        for values in self._lists:
            del values[at]
        code = self._code_of.pop(phrase_id, None)
        if code is not None and self._codes.get(code) == phrase_id:
            del self._codes[code]
            del self._sorted_codes[bisect_left(self._sorted_codes, code)]
        for group in phrase.groups:
            self._members.get(group, set()).discard(phrase_id)

    # --- matching -------------------------------------------------------------------------------

    def _fields(self, term: _Term, where: str) -> tuple[list[str], ...]:
        """The per-slot strings a term is looked for in: where is "title", "body" or "any"."""
        titles, bodies = (self._titles, self._bodies) if term.is_text else (self._title_keys, self._body_keys)
        return {"title": (titles,), "body": (bodies,), "any": (titles, bodies)}[where]

    def _scan(self, terms: list[_Term], where: str) -> Iterator[int]:
        """Lazily, in usage order, the slots where every term occurs in the given field(s)."""
        first, *rest = sorted(terms, key=lambda t: -len(t.needle))  # the longest is usually the rarest
        fields = self._fields(first, where)
        flags = map(_contains, fields[0], repeat(first.needle))
        if len(fields) == 2:
            flags = map(operator.or_, flags, map(_contains, fields[1], repeat(first.needle)))
        found: Iterator[int] = compress(range(len(self._order)), flags)
        for term in rest:
            found = _also_containing(found, self._fields(term, where), term.needle)
        return found

    def _among(self, slots: list[int], terms: list[_Term], where: str) -> Iterator[int]:
        found: Iterator[int] = iter(slots)
        for term in terms:
            found = _also_containing(found, self._fields(term, where), term.needle)
        return found

    def _code_tiers(self, code: str) -> list[list[int]]:
        """[slot of the exact code], [slots of the codes that start with it, in usage order]."""
        exact: list[int] = []
        prefixed: list[int] = []
        codes = self._sorted_codes
        at = bisect_left(codes, code) if code else len(codes)
        while at < len(codes) and codes[at].startswith(code):
            slot = bisect_left(self._order, self._key_of[self._codes[codes[at]]])
            (exact if codes[at] == code else prefixed).append(slot)
            at += 1
        prefixed.sort()
        return [exact, prefixed]

    def _group_slots(self, groups: Collection[str]) -> list[int]:
        ids = set().union(*(self._members.get(g, ()) for g in groups)) if groups else set()
        return sorted(bisect_left(self._order, self._key_of[i]) for i in ids)

    # --- the query ------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> list[Phrase]:
        """Best matches first. An empty query lists all phrases by the usage ranking.

        groups: customer group keys of the current buyer; phrases marked for them rank first among equals.
        """
        if limit <= 0:
            return []
        grouped = self._group_slots(groups)
        raw_terms = query.split()
        if not raw_terms:
            return self._collect([grouped, range(len(self._order))], limit)
        terms = [t for t in (_Term(raw) for raw in raw_terms) if t.needle]
        if not terms:
            return []
        tiers: list[Iterable[int]] = []
        in_group = set(grouped)
        for codes in self._code_tiers(_normalise(query).strip()):
            tiers += [[s for s in codes if s in in_group], codes] if grouped else [codes]
        forms = [terms]
        if len(terms) > 1 and len({t.is_text for t in terms}) == 1:
            forms.insert(0, [_Term("".join(raw_terms))])  # "fa huo" as "fahuo" first
        for form in forms:
            # after the title tier, a single term need only be looked for in the body
            for where in ("title", "body" if len(form) == 1 else "any"):
                if grouped:
                    tiers.append(self._among(grouped, form, where))
                tiers.append(self._scan(form, where))
        return self._collect(tiers, limit)

    def _collect(self, tiers: list[Iterable[int]], limit: int) -> list[Phrase]:
        """The first `limit` distinct slots going through the tiers in order; lazy tiers stop early."""
        seen: set[int] = set()
        result: list[Phrase] = []
        for tier in tiers:
            for slot in tier:
                if slot not in seen:
                    seen.add(slot)
                    result.append(self._phrases[slot])
                    if len(result) >= limit:
                        return result
        return result


def _also_containing(slots: Iterator[int], fields: tuple[list[str], ...], needle: str) -> Iterator[int]:
    if len(fields) == 1:
        return (slot for slot in slots if needle in fields[0][slot])
    return (slot for slot in slots if any(needle in field[slot] for field in fields))
