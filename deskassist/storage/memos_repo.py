"""Memos: rows in, dataclasses out. A memo book is the memos of one agent id (None: no agent configured).

Memo search runs over an in-memory index in services/memos.py (trigram FTS misses two-character Chinese
words, and an SQL scan of 100,000 memos takes 20-40 ms); `search` here is the plain SQL form of the same
filter, kept for scripts and as the reference the index is tested against. The list order comes from the
memos_list index (m006, on agent_id since m008).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from deskassist.core.models import Memo
from deskassist.storage.agents_repo import agent_name_sql
from deskassist.storage.database import IN_IDS, Database, ids_param

_SELECT = (f"SELECT m.id, {agent_name_sql('m.agent_id')}, m.text, m.customer_id, coalesce(c.nick, ''), m.tags, "
           "m.pinned, m.created, m.updated, m.done_at, m.deleted_at, m.agent_id "
           "FROM memos m LEFT JOIN customers c ON c.id = m.customer_id")
_ORDER = " ORDER BY (m.done_at IS NOT NULL), m.pinned DESC, m.updated DESC, m.id DESC"


def _memo(row: Sequence[Any]) -> Memo:
    data = list(row)
    data[5] = tuple(data[5].split())
    data[6] = bool(data[6])
    return Memo(*data)


def tags_column(tags: Sequence[str]) -> str:
    """' a b ' so one tag matches with instr(tags, ' a ')."""
    return f" {' '.join(tags)} " if tags else ""


class MemosRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, agent_id: int | None, text: str, customer_id: int | None, tags: Sequence[str], pinned: bool,
               at: str) -> int:
        return self.db.insert(
            "INSERT INTO memos (agent_id, text, customer_id, tags, pinned, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [agent_id, text, customer_id, tags_column(tags), int(pinned), at, at])

    def bulk_insert(self, rows: Sequence[tuple[int | None, str, int | None, Sequence[str], str]]) -> int:
        """(agent_id, text, customer_id, tags, at) rows in one transaction (imports, benchmarks)."""
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO memos (agent_id, text, customer_id, tags, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                ((a, t, c, tags_column(tg), at, at) for a, t, c, tg, at in rows))
        return len(rows)

    def get(self, memo_id: int) -> Memo | None:
        row = self.db.execute(f"{_SELECT} WHERE m.id = ?", [memo_id]).fetchone()
        return _memo(row) if row else None

    def list(self, agent_id: int | None, include_done: bool = False, limit: int | None = None) -> list[Memo]:
        sql = f"{_SELECT} WHERE m.agent_id IS ? AND m.deleted_at IS NULL"
        if not include_done:
            sql += " AND m.done_at IS NULL"
        sql += _ORDER
        params: list[Any] = [agent_id]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_memo(r) for r in self.db.execute(sql, params).fetchall()]

    def search(self, agent_id: int | None, words: Sequence[str], tags: Sequence[str], nicks: Sequence[str],
               include_done: bool = True, limit: int = 100) -> builtins.list[Memo]:
        """Memos containing every word (case-insensitive), carrying every tag, linked to a nick prefix."""
        where = ["m.agent_id IS ?", "m.deleted_at IS NULL"]
        params: builtins.list[object] = [agent_id]
        if not include_done:
            where.append("m.done_at IS NULL")
        for word in words:
            where.append("instr(lower(m.text), ?) > 0")
            params.append(word.lower())
        for tag in tags:
            where.append("instr(m.tags, ?) > 0")
            params.append(f" {tag} ")
        for nick in nicks:
            where.append("c.nick_key >= ? AND c.nick_key < ?")
            params += [nick.casefold(), nick.casefold() + "\U0010ffff"]
        sql = f"{_SELECT} WHERE {' AND '.join(where)}{_ORDER} LIMIT ?"
        return [_memo(r) for r in self.db.execute(sql, [*params, limit]).fetchall()]

    def by_ids(self, ids: Sequence[int]) -> builtins.list[Memo]:
        """The memos with these ids, in the order given (deleted ones left out)."""
        if not ids:
            return []
        found = {row[0]: _memo(row) for row in self.db.execute(
            f"{_SELECT} WHERE m.id {IN_IDS} AND m.deleted_at IS NULL", [ids_param(ids)])}
        return [found[i] for i in ids if i in found]

    def index_rows(self, agent_id: int | None) -> builtins.list[tuple[int, int, int, str, str]]:
        """(id, done, pinned, updated, key) of the agent's memos in list order, for the in-memory search index.

        key = lower-cased text, "#tag" words and "@nick" (SQLite's lower() folds ASCII only, so the service
        folds the text of new and edited memos the same way)."""
        return self.db.execute(
            "SELECT m.id, m.done_at IS NOT NULL, m.pinned, m.updated, lower(m.text || char(10) || "
            "CASE WHEN m.tags = '' THEN '' ELSE '#' || replace(trim(m.tags), ' ', ' #') END || char(10) || "
            "CASE WHEN c.nick IS NULL THEN '' ELSE '@' || c.nick END) "
            "FROM memos m LEFT JOIN customers c ON c.id = m.customer_id WHERE m.agent_id IS ? "
            "AND m.deleted_at IS NULL ORDER BY (m.done_at IS NOT NULL), m.pinned DESC, m.updated DESC, m.id DESC",
            [agent_id]).fetchall()

    def update(self, memo_id: int, fields: dict[str, Any]) -> None:
        allowed = {"text", "customer_id", "tags", "pinned", "updated", "done_at", "deleted_at"}
        if set(fields) - allowed:
            raise ValueError(sorted(set(fields) - allowed))
        if "tags" in fields:
            fields = {**fields, "tags": tags_column(fields["tags"])}
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.db.execute(f"UPDATE memos SET {assignments} WHERE id = ?", [*fields.values(), memo_id])

    def purge_deleted(self, before: str) -> int:
        return self.db.execute("DELETE FROM memos WHERE deleted_at IS NOT NULL AND deleted_at < ?",
                               [before]).rowcount

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM memos WHERE deleted_at IS NULL").fetchone()[0]

