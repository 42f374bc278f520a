"""Categories and phrases: rows in, dataclasses out. No rules here; the service decides what is allowed."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from deskassist.core.models import Category, Phrase
from deskassist.core.search import SearchKeys
from deskassist.storage.agents_repo import agent_name_sql
from deskassist.storage.database import IN_IDS, Database, ids_param

_PHRASE_COLUMNS = (
    "p.id, p.category_id, c.name, p.title, p.body, p.code, p.pinned, p.uses, p.last_used, p.created, "
    "p.updated, p.groups"
)
_KEY_COLUMNS = "p.title_pinyin, p.title_initials, p.body_pinyin, p.body_initials"
_SELECT = f"SELECT {_PHRASE_COLUMNS} FROM phrases p JOIN categories c ON c.id = p.category_id"
_ORDER = " ORDER BY c.position, c.id, p.id"
WRITABLE = ("category_id", "title", "body", "code", "pinned", "uses", "last_used", "created", "updated",
            "groups", "title_pinyin", "title_initials", "body_pinyin", "body_initials")


class RevisionMark(NamedTuple):
    """Where the phrase library stood when read: the lineage (renewed by a restore) and the last revision."""

    lineage: str
    revision: int


class PhraseRevisions(NamedTuple):
    """The phrases written or deleted after a mark (see changed_since)."""

    mark: RevisionMark  # where the library stands now
    written: list[tuple[Phrase, SearchKeys]]
    deleted: list[int]


def _groups_text(groups: Iterable[str]) -> str:
    return ",".join(g for g in groups if g)


def _phrase(row: tuple[Any, ...]) -> Phrase:
    (pid, category_id, category, title, body, code, pinned, uses, last_used, created, updated, groups) = row[:12]
    return Phrase(
        id=pid, category_id=category_id, category=sys.intern(category), title=title, body=body, code=code, pinned=pinned,
        uses=uses, last_used=last_used, created=created, updated=updated,
        groups=tuple(g for g in (groups or "").split(",") if g),
    )


class PhrasesRepo:
    """The categories, phrases and phrase_uses tables."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested): all the writes inside, or none."""
        with self._db.atomic():
            yield

    # categories
    def categories(self) -> list[Category]:
        rows = self._db.execute("SELECT id, name, position FROM categories ORDER BY position, id").fetchall()
        return [Category(*row) for row in rows]

    def category(self, category_id: int) -> Category | None:
        row = self._db.execute("SELECT id, name, position FROM categories WHERE id = ?", [category_id]).fetchone()
        return Category(*row) if row else None

    def category_by_name(self, name: str) -> Category | None:
        row = self._db.execute("SELECT id, name, position FROM categories WHERE name = ?", [name]).fetchone()
        return Category(*row) if row else None

    def insert_category(self, name: str, position: int | None = None, category_id: int | None = None) -> Category:
        if position is None:
            position = self._db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM categories").fetchone()[0]
        new_id = self._db.insert("INSERT INTO categories(id, name, position) VALUES (?, ?, ?)",
                                 [category_id, name, position])
        return Category(new_id, name, position)

    def rename_category(self, category_id: int, name: str) -> None:
        self._db.execute("UPDATE categories SET name = ? WHERE id = ?", [name, category_id])

    def set_category_order(self, category_ids: list[int]) -> None:
        """Positions 0, 1, 2 ... in the given order."""
        for position, category_id in enumerate(category_ids):
            self._db.execute("UPDATE categories SET position = ? WHERE id = ?", [position, category_id])

    def delete_category(self, category_id: int) -> None:
        """Deletes the category and (ON DELETE CASCADE) its phrases."""
        self._db.execute("DELETE FROM categories WHERE id = ?", [category_id])

    # phrases
    def iter_for_index(self) -> Iterator[tuple[Phrase, SearchKeys]]:
        """Every phrase with its stored search keys, one at a time, roughly in the picker's usage order
        (building the search index from this keeps the peak memory of a big library low)."""
        cursor = self._db.execute(
            f"SELECT {_PHRASE_COLUMNS}, {_KEY_COLUMNS} FROM phrases p JOIN categories c ON c.id = p.category_id"
            " ORDER BY CASE WHEN p.pinned BETWEEN 1 AND 14 THEN p.pinned ELSE 15 END, p.uses DESC,"
            " p.last_used DESC, p.id")
        for row in cursor:
            yield _phrase(row), SearchKeys(*row[12:])

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the database (a read transaction; inside a write one, that)."""
        if self._db.conn.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    def revision_mark(self) -> RevisionMark:
        """Where the library stands; lineage "" when the file has no revision numbers (a read-only or damaged
        file is opened without its pending migrations): then nothing can be followed."""
        if self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'phrase_revisions'"
                            ).fetchone() is None:
            return RevisionMark("", 0)
        row = self._db.execute(
            "SELECT (SELECT token FROM phrase_revision_lineage),"
            " (SELECT IFNULL(MAX(revision), 0) FROM phrase_revisions)").fetchone()
        return RevisionMark(row[0] or "", row[1])

    def changed_since(self, mark: RevisionMark, most: int) -> PhraseRevisions | None:
        """The phrases written or deleted since mark, with their search keys; None when that cannot be told
        (another lineage: a restore) or they are more than `most` (then reading them all is cheaper)."""
        with self.snapshot():
            now = self.revision_mark()
            if not now.lineage or now.lineage != mark.lineage or now.revision < mark.revision:
                return None
            if now.revision == mark.revision:  # nothing, or a write that touched no phrase: one index lookup
                return PhraseRevisions(now, [], [])
            ids = [row[0] for row in self._db.execute(
                "SELECT phrase_id FROM phrase_revisions WHERE revision > ? LIMIT ?", [mark.revision, most + 1])]
            if len(ids) > most:
                return None
            found = {row[0]: (_phrase(row), SearchKeys(*row[12:])) for row in self._db.execute(
                f"SELECT {_PHRASE_COLUMNS}, {_KEY_COLUMNS} FROM phrase_revisions r"
                " JOIN phrases p ON p.id = r.phrase_id JOIN categories c ON c.id = p.category_id"
                " WHERE r.revision > ?", [mark.revision])}
        return PhraseRevisions(now, [found[i] for i in ids if i in found], [i for i in ids if i not in found])

    def renew_revision_lineage(self) -> None:
        """After a restore: the revision numbers now come from another history, no index may follow them."""
        self._db.execute("UPDATE phrase_revision_lineage SET token = lower(hex(randomblob(8))) WHERE id = 1")

    def search_keys(self, phrase_id: int) -> SearchKeys | None:
        row = self._db.execute(f"SELECT {_KEY_COLUMNS} FROM phrases p WHERE p.id = ?", [phrase_id]).fetchone()
        return SearchKeys(*row) if row else None

    def phrases(self, category_id: int | None = None) -> list[Phrase]:
        if category_id is None:
            rows = self._db.execute(_SELECT + _ORDER).fetchall()
        else:
            rows = self._db.execute(_SELECT + " WHERE p.category_id = ?" + _ORDER, [category_id]).fetchall()
        return [_phrase(row) for row in rows]

    def phrase(self, phrase_id: int) -> Phrase | None:
        row = self._db.execute(_SELECT + " WHERE p.id = ?", [phrase_id]).fetchone()
        return _phrase(row) if row else None

    def phrases_by_ids(self, ids: Sequence[int]) -> list[Phrase]:
        """The phrases with these ids in the order given (the search index's ranking); ids deleted meanwhile are
        left out. One statement for any number of ids (IN_IDS)."""
        if not ids:
            return []
        found = {row[0]: _phrase(row) for row in self._db.execute(f"{_SELECT} WHERE p.id {IN_IDS}", [ids_param(ids)])}
        return [found[i] for i in ids if i in found]

    def phrase_by_code(self, code: str) -> Phrase | None:
        row = self._db.execute(_SELECT + " WHERE p.code = ?", [code]).fetchone()
        return _phrase(row) if row else None

    def phrase_by_pinned(self, slot: int) -> Phrase | None:
        row = self._db.execute(_SELECT + " WHERE p.pinned = ?", [slot]).fetchone()
        return _phrase(row) if row else None

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM phrases").fetchone()[0]

    def insert_phrase(self, values: Mapping[str, Any], phrase_id: int | None = None) -> int:
        """Insert one row (values: WRITABLE columns; groups as a sequence); returns its id."""
        row = self._row(values)
        columns = ["id", *row]
        return self._db.insert(
            f"INSERT INTO phrases({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [phrase_id, *row.values()],
        )

    def update_phrase(self, phrase_id: int, values: Mapping[str, Any]) -> None:
        row = self._row(values)
        if row:
            assignments = ", ".join(f"{column} = ?" for column in row)
            self._db.execute(f"UPDATE phrases SET {assignments} WHERE id = ?", [*row.values(), phrase_id])

    def delete_phrase(self, phrase_id: int) -> None:
        self._db.execute("DELETE FROM phrases WHERE id = ?", [phrase_id])

    def record_use(self, phrase_id: int, category: str, agent_id: int | None, at: str) -> None:
        """uses + 1, last_used = at, and one phrase_uses row (for the daily figures)."""
        self._db.execute("UPDATE phrases SET uses = uses + 1, last_used = ? WHERE id = ?", [at, phrase_id])
        self._db.execute("INSERT INTO phrase_uses(phrase_id, category, agent_id, at) VALUES (?, ?, ?, ?)",
                         [phrase_id, category, agent_id, at])

    def uses(self, phrase_id: int | None = None) -> list[dict[str, Any]]:
        """phrase_uses rows, oldest first (optionally of one phrase); agent is the agent's current name."""
        sql = f"SELECT phrase_id, category, {agent_name_sql('agent_id')}, at, agent_id FROM phrase_uses"
        params: list[Any] = []
        if phrase_id is not None:
            sql += " WHERE phrase_id = ?"
            params.append(phrase_id)
        rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        return [dict(zip(("phrase_id", "category", "agent", "at", "agent_id"), row, strict=True)) for row in rows]

    @staticmethod
    def _row(values: Mapping[str, Any]) -> dict[str, Any]:
        unknown = set(values) - set(WRITABLE)
        if unknown:
            raise ValueError(f"not phrase columns: {sorted(unknown)}")
        row = dict(values)
        if "groups" in row:
            row["groups"] = _groups_text(row["groups"])
        return row
