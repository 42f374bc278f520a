"""Local rows <-> server records: what each synced table sends, how a pulled record is applied, and how two
writes of the same record merge. SQLite side only (the server side is in sync.py).

A record's data is JSON: plain columns as they are, agent ids as the agent's name (ids differ per desk),
references to other synced rows as the server uid of that row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deskassist.core.clock import stamp
from deskassist.storage.agents_repo import AgentsRepo
from deskassist.storage.database import Database
from deskassist.storage.team_repo import note_history


@dataclass(frozen=True)
class Kind:
    table: str
    plain: tuple[str, ...]
    agents: dict[str, str] = field(default_factory=dict)   # local id column -> key holding the agent's name
    refs: dict[str, str] = field(default_factory=dict)     # local id column -> the local table it points to
    key: str = "id"


KINDS: dict[str, Kind] = {k.table: k for k in (
    Kind("customers", ("nick", "platform", "group_key", "note", "phone", "salutation", "lost_reason", "lost_note",
                       "lost_at", "created", "updated"), {"agent_id": "agent"}),
    Kind("phrases", ("title", "body", "code", "groups", "created", "updated")),
    Kind("memos", ("text", "tags", "pinned", "created", "updated", "done_at", "deleted_at"),
         {"agent_id": "agent"}, {"customer_id": "customers"}),
    Kind("followups", ("text", "due", "created", "done_at"), {"agent_id": "agent", "done_by_id": "done_by"},
         {"customer_id": "customers"}),
    Kind("aftersales_cases", ("kind", "order_no", "status", "notes", "created", "updated", "closed_at"),
         {"agent_id": "agent"}, {"customer_id": "customers"}),
    Kind("handover_notes", ("shift", "shift_date", "summary", "created"), {"author_id": "author"}),
    Kind("handover_items", ("kind", "text", "position", "done_at"), {"done_by_id": "done_by"},
         {"note_id": "handover_notes", "customer_id": "customers"}),
    Kind("handover_acks", ("at",), {"agent_id": "agent"}, {"note_id": "handover_notes"}, key="rowid"),
    Kind("phrase_uses", ("category", "at"), {"agent_id": "agent"}, {"phrase_id": "phrases"}),
)}
# referenced tables first: a pushed or pulled row finds the rows it points to already linked
ORDER = ("customers", "phrases", "handover_notes", "memos", "followups", "aftersales_cases", "handover_items",
         "handover_acks", "phrase_uses")
SERVER_TABLES = ("customers", "team_phrases", "phrases", "handover_notes", "memos", "followups",
                 "aftersales_cases", "handover_items", "handover_acks", "phrase_uses")


@dataclass
class Link:
    local_table: str
    local_id: int
    server_table: str
    uid: str
    version: int


class Links:
    """team_links: which server record a local row is, and the version this desk last had of it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def of(self, table: str, local_id: int) -> Link | None:
        row = self.db.execute("SELECT local_table, local_id, server_table, uid, version FROM team_links "
                              "WHERE local_table = ? AND local_id = ?", [table, local_id]).fetchone()
        return Link(*row) if row else None

    def by_uid(self, uid: str) -> Link | None:
        row = self.db.execute("SELECT local_table, local_id, server_table, uid, version FROM team_links "
                              "WHERE uid = ?", [uid]).fetchone()
        return Link(*row) if row else None

    def add(self, table: str, local_id: int, server_table: str, uid: str | None = None, version: int = 0) -> Link:
        uid = uid or str(uuid.uuid4())
        self.db.execute("INSERT OR REPLACE INTO team_links (local_table, local_id, server_table, uid, version) "
                        "VALUES (?, ?, ?, ?, ?)", [table, local_id, server_table, uid, version])
        return Link(table, local_id, server_table, uid, version)

    def set_version(self, uid: str, version: int) -> None:
        self.db.execute("UPDATE team_links SET version = ? WHERE uid = ?", [version, uid])

    def drop(self, uid: str) -> None:
        self.db.execute("DELETE FROM team_links WHERE uid = ?", [uid])

    def team_phrase(self, phrase_id: int) -> bool:
        link = self.of("phrases", phrase_id)
        return link is not None and link.server_table == "team_phrases"


def _row(db: Database, table: str, key: str, local_id: int) -> dict[str, Any] | None:
    cursor = db.execute(f"SELECT * FROM {table} WHERE {key} = ?", [local_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def _agent_name(db: Database, agent_id: int | None) -> str | None:
    if agent_id is None:
        return None
    row = db.execute("SELECT name FROM agents WHERE id = ?", [agent_id]).fetchone()
    return row[0] if row else None


def serialise(db: Database, table: str, local_id: int) -> dict[str, Any] | None:
    """The record data of a local row; None when the row is gone (a delete to push)."""
    kind = KINDS[table]
    row = _row(db, table, kind.key, local_id)
    if row is None:
        return None
    data: dict[str, Any] = {c: row[c] for c in kind.plain}
    for column, name_key in kind.agents.items():
        data[name_key] = _agent_name(db, row[column])
    links = Links(db)
    for column, target in kind.refs.items():
        link = links.of(target, row[column]) if row[column] is not None else None
        data[column.removesuffix("_id") + "_uid"] = link.uid if link else None
    if table == "customers":
        data["tags"] = sorted(r[0] for r in db.execute(
            "SELECT tag FROM customer_tags WHERE customer_id = ?", [local_id]))
        data["note_history"] = note_history(db, local_id)
    elif table == "phrases":
        data["category"] = db.execute("SELECT name FROM categories WHERE id = ?", [row["category_id"]]).fetchone()[0]
    return data


def merge(server_table: str, mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Two desks wrote the same record: nothing is lost. Customer notes: this push's note is current, the
    other one goes to the note history; tags merge as sets. Handover items: done wins. Otherwise the later
    push wins (personal records, cases: one person's latest word)."""
    merged = dict(mine)
    if server_table == "customers":
        merged["tags"] = sorted(set(mine.get("tags") or []) | set(theirs.get("tags") or []))
        history = {(h["text"], h["at"]): h for h in (theirs.get("note_history") or [])}
        history.update({(h["text"], h["at"]): h for h in (mine.get("note_history") or [])})
        if theirs.get("note") and theirs.get("note") != mine.get("note"):
            entry = {"text": theirs["note"], "agent": theirs.get("agent") or "", "at": theirs.get("updated") or ""}
            history[(entry["text"], entry["at"])] = entry
        merged["note_history"] = sorted(history.values(), key=lambda h: (h["at"], h["text"]))
    elif server_table == "handover_items" and theirs.get("done_at") and not mine.get("done_at"):
        merged["done_at"], merged["done_by"] = theirs["done_at"], theirs.get("done_by")
    return merged


def _agent_id(db: Database, name: str | None) -> int | None:
    if not name:
        return None
    repo = AgentsRepo(db)
    agent_id = repo.id_of(name)
    if agent_id is None:
        agent_id = repo.insert(name, "", stamp(datetime.now()), listed=False)
    return agent_id


def _find_same(db: Database, table: str, data: dict[str, Any], values: dict[str, Any]) -> int | None:
    """A row this desk already has under no link (e.g. the default pack on two desks): link it, do not copy."""
    if table == "phrases":
        sql = ("SELECT id FROM phrases WHERE title = ? AND body = ? AND id NOT IN "
               "(SELECT local_id FROM team_links WHERE local_table = 'phrases')")
        row = db.execute(sql, [data.get("title"), data.get("body")]).fetchone()
    elif table == "customers":
        row = db.execute("SELECT id FROM customers WHERE nick = ?", [data.get("nick")]).fetchone()
    elif table == "handover_acks":
        row = db.execute("SELECT rowid FROM handover_acks WHERE note_id = ? AND ifnull(agent_id, 0) = ifnull(?, 0)",
                         [values.get("note_id"), values.get("agent_id")]).fetchone()
    else:  # the same record on this desk from before (a desk that left and joins again)
        kind = KINDS[table]
        columns = [c for c in kind.plain if c in values] + [c for c in (*kind.agents, *kind.refs) if c in values]
        where = " AND ".join(f"{c} IS ?" for c in columns)
        row = db.execute(f"SELECT {kind.key} FROM {table} WHERE {where} AND {kind.key} NOT IN "
                         "(SELECT local_id FROM team_links WHERE local_table = ?) LIMIT 1",
                         [*(values[c] for c in columns), table]).fetchone()
    return row[0] if row else None


def apply(db: Database, server_table: str, uid: str, version: int, deleted: bool,
          data: dict[str, Any]) -> tuple[str, int] | None:
    """Write one pulled record into the local tables (inside the caller's transaction, with the outbox
    muted). Returns (local table, local id) of the row changed, or None when nothing changed."""
    links = Links(db)
    link = links.by_uid(uid)
    table = "phrases" if server_table == "team_phrases" else server_table
    kind = KINDS[table]
    if deleted:
        if link is None:
            return None
        db.execute(f"DELETE FROM {table} WHERE {kind.key} = ?", [link.local_id])
        links.drop(uid)
        return table, link.local_id
    values: dict[str, Any] = {c: data.get(c) for c in kind.plain if c in data}
    for column, name_key in kind.agents.items():
        values[column] = _agent_id(db, data.get(name_key))
    for column, target in kind.refs.items():
        ref = data.get(column.removesuffix("_id") + "_uid")
        target_link = links.by_uid(ref) if ref else None
        values[column] = target_link.local_id if target_link and target_link.local_table == target else None
    if table == "handover_items" and values.get("note_id") is None:
        return None  # its note is not here (deleted): nothing to hang the item on
    if table == "handover_acks" and values.get("note_id") is None:
        return None
    if table == "customers":
        from deskassist.services.customers import nick_keys

        key, full, initials = nick_keys(values["nick"])
        values.update(nick_key=key, nick_pinyin=full, nick_initials=initials)
        db.execute("INSERT OR IGNORE INTO customer_groups (key, builtin, position) "
                   "VALUES (?, 0, (SELECT coalesce(max(position), 0) + 1 FROM customer_groups))",
                   [values.get("group_key") or "inquiry"])
    elif table == "phrases":
        from deskassist.core.pinyin import pinyin_keys

        name = data.get("category") or "-"
        category = db.execute("SELECT id FROM categories WHERE name = ?", [name]).fetchone()
        values["category_id"] = category[0] if category else db.insert(
            "INSERT INTO categories (name, position) VALUES (?, "
            "(SELECT coalesce(max(position), -1) + 1 FROM categories))", [name])
        values["title_pinyin"], values["title_initials"] = pinyin_keys(values.get("title") or "")
        values["body_pinyin"], values["body_initials"] = pinyin_keys(values.get("body") or "")
    local_id = link.local_id if link else _find_same(db, table, data, values)
    if table == "phrases" and values.get("code"):
        taken = db.execute("SELECT id FROM phrases WHERE code = ?", [values["code"]]).fetchone()
        if taken and taken[0] != local_id:
            values["code"] = None  # another phrase on this desk has that short code: keep it there
    if local_id is not None and _row(db, table, kind.key, local_id) is not None:
        assignments = ", ".join(f"{c} = ?" for c in values)
        db.execute(f"UPDATE {table} SET {assignments} WHERE {kind.key} = ?", [*values.values(), local_id])
    else:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        local_id = db.insert(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
    if link is None:
        old = links.of(table, local_id)
        if old is not None:
            links.drop(old.uid)
    links.add(table, local_id, server_table, uid, version)
    if table == "customers":
        _apply_customer_children(db, local_id, data)
    return table, local_id


def _apply_customer_children(db: Database, customer_id: int, data: dict[str, Any]) -> None:
    tags: Iterable[str] = data.get("tags") or []
    db.execute("DELETE FROM customer_tags WHERE customer_id = ?", [customer_id])
    for tag in tags:
        db.execute("INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)", [customer_id, tag])
    for entry in data.get("note_history") or []:
        db.execute("INSERT OR IGNORE INTO team_note_history (customer_id, text, agent_id, at) VALUES (?, ?, ?, ?)",
                   [customer_id, entry.get("text", ""), _agent_id(db, entry.get("agent")), entry.get("at", "")])

