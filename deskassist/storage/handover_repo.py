"""Handover notes, their items and acknowledgements: rows in, dataclasses out. Authors, acknowledgers and
"done by" are agent ids; the dataclasses carry the agents' current names beside them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deskassist.core.models import HandoverAck, HandoverItem, HandoverNote
from deskassist.storage.agents_repo import agent_name_sql, done_by_sql
from deskassist.storage.database import Database

_NOTE = (f"SELECT id, shift, shift_date, {agent_name_sql('author_id')}, summary, created, author_id "
         "FROM handover_notes")
_ITEM = ("SELECT i.id, i.note_id, i.kind, i.text, i.customer_id, coalesce(c.nick, ''), i.position, i.done_at, "
         f"{done_by_sql('i.done_by_id', 'i.done_at')}, i.done_by_id "
         "FROM handover_items i LEFT JOIN customers c ON c.id = i.customer_id")


def _item(row: Sequence[Any], carried: bool = False) -> HandoverItem:
    id_, note_id, kind, text, customer_id, nick, position, done_at, done_by, done_by_id = row
    return HandoverItem(id_, note_id, kind, text, customer_id, nick, position, done_at, done_by,
                        carried=carried, done_by_id=done_by_id)


class HandoverRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_note(self, shift: str, shift_date: str, author_id: int | None, summary: str, created: str,
                    items: Sequence[tuple[str, str, int | None]]) -> int:
        note_id = self.db.insert(
            "INSERT INTO handover_notes (shift, shift_date, author_id, summary, created) VALUES (?, ?, ?, ?, ?)",
            [shift, shift_date, author_id, summary, created])
        for position, (kind, text, customer_id) in enumerate(items):
            self.db.execute("INSERT INTO handover_items (note_id, kind, text, customer_id, position) "
                            "VALUES (?, ?, ?, ?, ?)", [note_id, kind, text, customer_id, position])
        return note_id

    def _note(self, row: Sequence[Any]) -> HandoverNote:
        note_id, shift, shift_date, author, summary, created, author_id = row
        note = HandoverNote(note_id, shift, shift_date, author, summary, created, author_id=author_id)
        own = [_item(r) for r in self.db.execute(
            f"{_ITEM} WHERE i.note_id = ? ORDER BY i.position, i.id", [note.id]).fetchall()]
        carried = [_item(r, carried=True) for r in self.db.execute(
            f"{_ITEM} JOIN handover_notes n ON n.id = i.note_id WHERE i.note_id < ? "
            "AND (i.done_at IS NULL OR i.done_at > ?) ORDER BY i.note_id, i.position, i.id",
            [note.id, note.created]).fetchall()]
        note.items = carried + own
        note.acks = [HandoverAck(*r) for r in self.db.execute(
            f"SELECT note_id, {agent_name_sql('agent_id')} AS name, at, agent_id FROM handover_acks "
            "WHERE note_id = ? ORDER BY at, name", [note.id])]
        return note

    def get(self, note_id: int) -> HandoverNote | None:
        row = self.db.execute(f"{_NOTE} WHERE id = ?", [note_id]).fetchone()
        return self._note(row) if row else None

    def latest(self, before: str | None = None) -> HandoverNote | None:
        if before is None:
            row = self.db.execute(f"{_NOTE} ORDER BY created DESC, id DESC LIMIT 1").fetchone()
        else:
            row = self.db.execute(f"{_NOTE} WHERE created < ? ORDER BY created DESC, id DESC LIMIT 1",
                                  [before]).fetchone()
        return self._note(row) if row else None

    def history(self, start: str | None, end: str | None, author_id: int | None, shift: str | None,
                limit: int, by_author: bool = False) -> list[HandoverNote]:
        """Notes in the date range, newest first; by_author keeps only author_id's (None: notes by no agent)."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if by_author:
            where.append("author_id IS ?")
            params.append(author_id)
        for clause, value in (("shift_date >= ?", start), ("shift_date <= ?", end), ("shift = ?", shift)):
            if value is not None:
                where.append(clause)
                params.append(value)
        rows = self.db.execute(f"{_NOTE} WHERE {' AND '.join(where)} ORDER BY created DESC, id DESC LIMIT ?",
                               [*params, limit]).fetchall()
        return [self._note(r) for r in rows]

    def item(self, item_id: int) -> HandoverItem | None:
        row = self.db.execute(f"{_ITEM} WHERE i.id = ?", [item_id]).fetchone()
        return _item(row) if row else None

    def open_items(self) -> list[HandoverItem]:
        return [_item(r) for r in self.db.execute(
            f"{_ITEM} WHERE i.done_at IS NULL ORDER BY i.note_id, i.position, i.id").fetchall()]

    def set_item_done(self, item_id: int, done_at: str | None, done_by_id: int | None) -> None:
        self.db.execute("UPDATE handover_items SET done_at = ?, done_by_id = ? WHERE id = ?",
                        [done_at, done_by_id, item_id])

    def ack(self, note_id: int, agent_id: int | None, at: str) -> None:
        """Once per agent and note (unique index handover_acks_once): a second ack keeps the first time."""
        self.db.execute("INSERT OR IGNORE INTO handover_acks (note_id, agent_id, at) VALUES (?, ?, ?)",
                        [note_id, agent_id, at])

    def item_counts(self, start: str, end: str) -> tuple[dict[str, int], int]:
        """Items written in [start, end) per kind, and items marked done in it."""
        written = dict(self.db.execute(
            "SELECT i.kind, count(*) FROM handover_items i JOIN handover_notes n ON n.id = i.note_id "
            "WHERE n.created >= ? AND n.created < ? GROUP BY i.kind", [start, end]).fetchall())
        done = self.db.execute("SELECT count(*) FROM handover_items WHERE done_at >= ? AND done_at < ?",
                               [start, end]).fetchone()[0]
        return written, done
