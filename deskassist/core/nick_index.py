"""Nicknames found by any part: `小王`, `xw`, `xiaowang` all find `tb_小王2024`.

SQLite's indexes answer prefixes only and a scan of 100,000 nicks costs 40-65 ms, so substrings are answered
from memory: character-bigram postings over each customer's search keys (nick, full pinyin, initials), the
rarest bigram of the query giving the candidates, each checked against the keys. Postings only grow; an edited
or deleted customer leaves stale entries that the check (and the caller's load by id) drops.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

SEPARATOR = "\x00"
SINGLE_CHAR_KEEP = 256
"""Ids kept per single character: a one-character query wants a handful of buyers, not all of them."""


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


class NickIndex:
    """Customer id -> its keys, with bigram postings; search returns ids in the order they were added."""

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}
        self._pairs: dict[str, array[int]] = {}
        self._singles: dict[str, array[int]] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, customer_id: int, keys: Iterable[str]) -> None:
        """Index (or re-index after an edit) one customer's search keys (already case-folded)."""
        parts = [key for key in keys if key]
        text = SEPARATOR.join(parts)
        if self._texts.get(customer_id) == text:
            return
        self._texts[customer_id] = text
        pairs: set[str] = set()
        for part in parts:
            pairs |= _bigrams(part)
        for pair in pairs:
            self._pairs.setdefault(pair, array("i")).append(customer_id)
        for char in set(text) - {SEPARATOR}:
            kept = self._singles.setdefault(char, array("i"))
            if len(kept) < SINGLE_CHAR_KEEP:
                kept.append(customer_id)

    def search(self, query: str, limit: int) -> list[int]:
        """Ids whose nick, pinyin or initials contain query (case-folded by the caller), at most limit."""
        if not query or SEPARATOR in query or limit <= 0:
            return []
        if len(query) == 1:
            candidates: Iterable[int] = self._singles.get(query, ())
        else:
            postings = [self._pairs.get(pair) for pair in _bigrams(query)]
            if any(posting is None for posting in postings):
                return []
            candidates = min(postings, key=len)  # type: ignore[arg-type]
        found: dict[int, None] = {}
        texts = self._texts
        for customer_id in candidates:
            if query in texts[customer_id] and customer_id not in found:
                found[customer_id] = None
                if len(found) >= limit:
                    break
        return list(found)
