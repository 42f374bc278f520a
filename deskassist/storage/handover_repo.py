"""Handover notes, their items and acknowledgements: rows in, dataclasses out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from deskassist.core.models import HandoverAck, HandoverItem, HandoverNote
from deskassist.storage.database import Database

_NOTE = "SELECT id, shift, shift_date, author, summary, created FROM handover_notes"
_ITEM = ("SELECT i.id, i.note_id, i.kind, i.text, i.customer_id, coalesce(c.nick, ''), i.position, i.done_at, "
         "i.done_by FROM handover_items i LEFT JOIN customers c ON c.id = i.customer_id")


class HandoverRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_note(self, shift: str, shift_date: str, author: str, summary: str, created: str,
                    items: Sequence[tuple[str, str, int | None]]) -> int:
        note_id = self.db.execute(
            "INSERT INTO handover_notes (shift, shift_date, author, summary, created) VALUES (?, ?, ?, ?, ?)",
            [shift, shift_date, author, summary, created]).lastrowid
        for position, (kind, text, customer_id) in enumerate(items):
            self.db.execute("INSERT INTO handover_items (note_id, kind, text, customer_id, position) "
                            "VALUES (?, ?, ?, ?, ?)", [note_id, kind, text, customer_id, position])
        return note_id

    def _note(self, row: Sequence[Any]) -> HandoverNote:
        note = HandoverNote(*row)
        own = [HandoverItem(*r) for r in self.db.execute(
            f"{_ITEM} WHERE i.note_id = ? ORDER BY i.position, i.id", [note.id]).fetchall()]
        carried = [HandoverItem(*r, carried=True) for r in self.db.execute(
            f"{_ITEM} JOIN handover_notes n ON n.id = i.note_id WHERE i.note_id < ? "
            "AND (i.done_at IS NULL OR i.done_at > ?) ORDER BY i.note_id, i.position, i.id",
            [note.id, note.created]).fetchall()]
        note.items = carried + own
        note.acks = [HandoverAck(*r) for r in self.db.execute(
            "SELECT note_id, agent, at FROM handover_acks WHERE note_id = ? ORDER BY at, agent", [note.id])]
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

    def notes_between(self, start: str, end: str) -> list[HandoverNote]:
        rows = self.db.execute(f"{_NOTE} WHERE created >= ? AND created < ? ORDER BY created", [start, end])
        return [self._note(r) for r in rows.fetchall()]

    def history(self, start: str | None, end: str | None, author: str | None, shift: str | None,
                limit: int) -> list[HandoverNote]:
        where, params = ["1"], []
        for clause, value in (("shift_date >= ?", start), ("shift_date <= ?", end), ("author = ?", author),
                              ("shift = ?", shift)):
            if value is not None:
                where.append(clause)
                params.append(value)
        rows = self.db.execute(f"{_NOTE} WHERE {' AND '.join(where)} ORDER BY created DESC, id DESC LIMIT ?",
                               [*params, limit]).fetchall()
        return [self._note(r) for r in rows]

    def item(self, item_id: int) -> HandoverItem | None:
        row = self.db.execute(f"{_ITEM} WHERE i.id = ?", [item_id]).fetchone()
        return HandoverItem(*row) if row else None

    def open_items(self) -> list[HandoverItem]:
        return [HandoverItem(*r) for r in self.db.execute(
            f"{_ITEM} WHERE i.done_at IS NULL ORDER BY i.note_id, i.position, i.id").fetchall()]

    def set_item_done(self, item_id: int, done_at: str | None, done_by: str | None) -> None:
        self.db.execute("UPDATE handover_items SET done_at = ?, done_by = ? WHERE id = ?", [done_at, done_by, item_id])

    def ack(self, note_id: int, agent: str, at: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO handover_acks (note_id, agent, at) VALUES (?, ?, ?)",
                        [note_id, agent, at])

    def item_counts(self, start: str, end: str) -> tuple[dict[str, int], int]:
        """Items written in [start, end) per kind, and items marked done in it."""
        written = dict(self.db.execute(
            "SELECT i.kind, count(*) FROM handover_items i JOIN handover_notes n ON n.id = i.note_id "
            "WHERE n.created >= ? AND n.created < ? GROUP BY i.kind", [start, end]).fetchall())
        done = self.db.execute("SELECT count(*) FROM handover_items WHERE done_at >= ? AND done_at < ?",
                               [start, end]).fetchone()[0]
        return written, done
