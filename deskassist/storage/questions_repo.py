"""Example buyer questions (问法) of phrases: rows in, dataclasses out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from deskassist.core.models import Question
from deskassist.storage.database import Database

_COLUMNS = "id, phrase_id, text, source, created"


class QuestionsRepo:
    """The phrase_questions table (rows go with their phrase: ON DELETE CASCADE)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def of_phrase(self, phrase_id: int) -> list[Question]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM phrase_questions WHERE phrase_id = ? ORDER BY id",
                                [phrase_id]).fetchall()
        return [Question(*row) for row in rows]

    def all(self) -> list[Question]:
        """Every question, by phrase then in the order added."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM phrase_questions ORDER BY phrase_id, id").fetchall()
        return [Question(*row) for row in rows]

    def insert(self, phrase_id: int, texts: Iterable[str], source: str, created: str) -> int:
        """Add texts the phrase does not have yet; returns how many were new."""
        added = 0
        for text in texts:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO phrase_questions(phrase_id, text, source, created) VALUES (?, ?, ?, ?)",
                [phrase_id, text, source, created])
            added += cursor.rowcount
        return added

    def delete(self, phrase_id: int, text: str) -> bool:
        cursor = self._db.execute("DELETE FROM phrase_questions WHERE phrase_id = ? AND text = ?",
                                  [phrase_id, text])
        return cursor.rowcount > 0

    def delete_learned_elsewhere(self, phrase_id: int, text: str) -> list[int]:
        """Drop text as a learned example of every other phrase; returns those phrases' ids."""
        others = [row[0] for row in self._db.execute(
            "SELECT phrase_id FROM phrase_questions WHERE text = ? AND phrase_id != ? AND source = 'learned'",
            [text, phrase_id]).fetchall()]
        if others:
            self._db.execute("DELETE FROM phrase_questions WHERE text = ? AND phrase_id != ? AND source = 'learned'",
                             [text, phrase_id])
        return others

    def replace(self, phrase_id: int, texts: Iterable[str], created: str) -> None:
        """Keep the questions still in texts (with their source), drop the others, add the new as 'pack'."""
        wanted = list(dict.fromkeys(texts))
        for question in self.of_phrase(phrase_id):
            if question.text not in wanted:
                self.delete(phrase_id, question.text)
        self.insert(phrase_id, wanted, "pack", created)

    def library_signature(self) -> tuple[object, ...]:
        """Changes when a phrase's ranking texts may have changed (phrases, categories, questions), but not
        when only use counts did: a paste does not cost a rebuild of the suggestion index."""
        return tuple(self._db.execute(
            "SELECT (SELECT COUNT(*) FROM phrases), (SELECT MAX(updated) FROM phrases), "
            "(SELECT TOTAL(id) FROM phrases), (SELECT group_concat(id || ':' || name, ',') FROM categories), "
            "(SELECT COUNT(*) FROM phrase_questions), (SELECT MAX(id) FROM phrase_questions), "
            "(SELECT TOTAL(id * length(text) + unicode(text)) FROM phrase_questions)").fetchone())

    def phrase_texts(self) -> Iterator[tuple[int, str, str, str]]:
        """(phrase id, category, title, body) of every phrase, one row at a time: what suggestions rank by,
        without building full Phrase objects (a big library's index is built with little memory)."""
        yield from self._db.execute(
            "SELECT p.id, c.name, p.title, p.body FROM phrases p JOIN categories c ON c.id = p.category_id")
