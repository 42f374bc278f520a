"""Phrase search over an in-memory index: Chinese substrings, full pinyin, initials, codes, ASCII words.

One function serves the picker and the CLI. Ranking: exact code first, then title matches before body
matches, then phrases marked for the current buyer's group, pinned, frequently and recently used ones.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from deskassist.core.models import Phrase


class PhraseIndex:
    """Keeps what search needs of every phrase in memory; the service keeps it in step with the database."""

    def __init__(self, phrases: Iterable[Phrase] = ()) -> None:
        raise NotImplementedError

    def upsert(self, phrase: Phrase) -> None:
        """Add or replace one phrase (after add/edit/use)."""
        raise NotImplementedError

    def remove(self, phrase_id: int) -> None:
        raise NotImplementedError

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> list[Phrase]:
        """Best matches first. An empty query lists all phrases by the usage ranking.

        groups: customer group keys of the current buyer; phrases marked for them rank first among equals.
        """
        raise NotImplementedError
