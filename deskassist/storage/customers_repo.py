"""Customers, their groups, tags and group history; follow-ups and after-sales cases: rows in, dataclasses out.

Lookups are index range queries (nick_key, nick_initials, nick_pinyin, customer_tags.tag), so a prefix answers
in well under 5 ms at 100,000 customers (benchmarks/customers.py prints it).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from typing import Any

from deskassist.core.models import AftersalesCase, Customer, CustomerGroup, FollowUp, GroupChange
from deskassist.storage.agents_repo import agent_name_sql, done_by_sql
from deskassist.storage.database import IN_IDS, Database, ids_param

TOP = "\U0010ffff"
CUSTOMER_COLUMNS = ("id", "nick", "platform", "group_key", "note", "phone", "lost_reason", "lost_note", "lost_at",
                    "agent", "created", "updated", "agent_id", "salutation")
_SELECT = "SELECT " + ", ".join(agent_name_sql("c.agent_id") if c == "agent" else f"c.{c}"
                                for c in CUSTOMER_COLUMNS) + " FROM customers c"
WRITABLE = {"nick", "nick_key", "nick_pinyin", "nick_initials", "platform", "group_key", "note", "phone",
            "lost_reason", "lost_note", "lost_at", "agent_id", "updated", "salutation"}
_CHANGE_SELECT = (f"SELECT id, customer_id, old_group, new_group, {agent_name_sql('agent_id')}, at, agent_id "
                  "FROM group_changes")


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds for `col >= lo AND col < hi`, which an index answers (LIKE would not with the default collation)."""
    return prefix, prefix + TOP


class CustomersRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # groups
    def groups(self) -> list[CustomerGroup]:
        rows = self.db.execute(
            "SELECT g.key, g.builtin, g.position, (SELECT count(*) FROM customers c WHERE c.group_key = g.key) "
            "FROM customer_groups g ORDER BY g.position, g.key").fetchall()
        return [CustomerGroup(key, bool(builtin), position, members) for key, builtin, position, members in rows]

    def group_exists(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM customer_groups WHERE key = ?", [key]).fetchone() is not None

    def add_group(self, key: str) -> None:
        position = self.db.execute("SELECT coalesce(max(position), 0) + 1 FROM customer_groups").fetchone()[0]
        self.db.execute("INSERT INTO customer_groups (key, builtin, position) VALUES (?, 0, ?)", [key, position])

    def delete_group(self, key: str) -> None:
        self.db.execute("DELETE FROM customer_groups WHERE key = ? AND builtin = 0", [key])

    # customers
    def _customers(self, sql: str, params: Sequence[Any] = ()) -> list[Customer]:
        rows = self.db.execute(sql, list(params)).fetchall()
        tags = self._tags_for([r[0] for r in rows])
        out = []
        for r in rows:
            data = dict(zip(CUSTOMER_COLUMNS, r, strict=True))
            data["group"] = data.pop("group_key")
            out.append(Customer(tags=tuple(tags.get(data["id"], ())), **data))
        return out

    def _tags_for(self, ids: list[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        if not ids:
            return found
        for cid, tag in self.db.execute(
                f"SELECT customer_id, tag FROM customer_tags WHERE customer_id {IN_IDS} ORDER BY rowid",
                [ids_param(ids)]):
            found.setdefault(cid, []).append(tag)
        return found

    def get(self, customer_id: int) -> Customer | None:
        found = self._customers(_SELECT + " WHERE c.id = ?", [customer_id])
        return found[0] if found else None

    def by_nick(self, nick: str) -> Customer | None:
        found = self._customers(_SELECT + " WHERE c.nick = ?", [nick])
        return found[0] if found else None

    def by_nick_key(self, key: str) -> list[Customer]:
        return self._customers(_SELECT + " WHERE c.nick_key = ? ORDER BY c.nick", [key])

    def insert(self, row: dict[str, Any], tags: Iterable[str]) -> int:
        columns = list(row)
        customer_id = self.db.insert(
            f"INSERT INTO customers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns])
        self.set_tags(customer_id, tags)
        return customer_id

    def bulk_insert(self, rows: Sequence[dict[str, Any]], tags: Sequence[Iterable[str]]) -> int:
        """Many customers in one transaction (imports, benchmarks); returns how many were written."""
        if not rows:
            return 0
        columns = list(rows[0])
        sql = f"INSERT INTO customers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        with self.db.atomic():
            first = self.db.execute("SELECT coalesce(max(id), 0) FROM customers").fetchone()[0] + 1
            self.db.conn.executemany(sql, ([r[c] for c in columns] for r in rows))
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM customers WHERE id >= ? ORDER BY id", [first]).fetchall()]
            pairs = [(cid, tag) for cid, row_tags in zip(ids, tags, strict=False) for tag in dict.fromkeys(row_tags)]
            self.db.conn.executemany("INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)", pairs)
        return len(rows)

    def update(self, customer_id: int, fields: dict[str, Any]) -> None:
        unknown = set(fields) - WRITABLE
        if unknown:
            raise ValueError(f"not writable: {sorted(unknown)}")
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            self.db.execute(f"UPDATE customers SET {assignments} WHERE id = ?", [*fields.values(), customer_id])

    def set_tags(self, customer_id: int, tags: Iterable[str]) -> None:
        self.db.execute("DELETE FROM customer_tags WHERE customer_id = ?", [customer_id])
        for tag in dict.fromkeys(tags):
            self.db.execute("INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)", [customer_id, tag])

    def delete(self, customer_id: int) -> None:
        self.db.execute("DELETE FROM customers WHERE id = ?", [customer_id])

    LINKED = ("followups", "aftersales_cases", "memos", "handover_items")

    def links(self, customer_id: int) -> dict[str, list[int]]:
        """Ids of the rows in other tables that point at the customer (they lose the link on delete)."""
        return {table: [r[0] for r in self.db.execute(f"SELECT id FROM {table} WHERE customer_id = ?",
                                                      [customer_id]).fetchall()] for table in self.LINKED}

    def relink(self, customer_id: int, links: dict[str, list[int]]) -> None:
        for table, ids in links.items():
            if table not in self.LINKED:
                raise ValueError(table)
            for row_id in ids:
                self.db.execute(f"UPDATE {table} SET customer_id = ? WHERE id = ? AND customer_id IS NULL",
                                [customer_id, row_id])

    def restore_changes(self, changes: Sequence[GroupChange]) -> None:
        for c in changes:
            self.db.execute("INSERT INTO group_changes (id, customer_id, old_group, new_group, agent_id, at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            [c.id, c.customer_id, c.old_group, c.new_group, c.agent_id, c.at])

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM customers").fetchone()[0]

    def recent(self, limit: int) -> list[Customer]:
        """The customers changed last (added, edited, moved, tagged)."""
        return self._customers(_SELECT + " ORDER BY c.updated DESC, c.id DESC LIMIT ?", [limit])

    def list(self, group: str | None = None, tag: str | None = None, limit: int | None = None,
             offset: int = 0) -> list[Customer]:
        where, params = _where((group is not None, "c.group_key = ?", [group]),
                               (tag is not None, "c.id IN (SELECT customer_id FROM customer_tags WHERE tag = ?)", [tag]))
        sql = _SELECT + where + " ORDER BY c.nick_key, c.nick"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self._customers(sql, params)

    def find_prefix(self, column: str, prefix: str, limit: int) -> builtins.list[Customer]:
        """Customers whose nick_key / nick_initials / nick_pinyin starts with prefix (index range scan)."""
        if column not in ("nick_key", "nick_initials", "nick_pinyin"):
            raise ValueError(column)
        lo, hi = prefix_range(prefix)
        return self._customers(
            _SELECT + f" WHERE c.{column} >= ? AND c.{column} < ? ORDER BY c.{column}, c.nick LIMIT ?",
            [lo, hi, limit])

    def search_marks(self) -> tuple[int, str]:
        """(highest id, latest `updated`): both read from an index, so a stale nick index is noticed cheaply."""
        row = self.db.execute("SELECT coalesce((SELECT max(id) FROM customers), 0), "
                              "coalesce((SELECT max(updated) FROM customers), '')").fetchone()
        return int(row[0]), str(row[1])

    def search_keys_since(self, after_id: int, updated_from: str) -> builtins.list[tuple[int, str, str, str]]:
        """(id, nick_key, nick_pinyin, nick_initials) of customers added after after_id or changed since then."""
        columns = "SELECT id, nick_key, nick_pinyin, nick_initials FROM customers"
        rows = self.db.execute(columns + " WHERE id > ? ORDER BY id", [after_id]).fetchall()
        if updated_from:
            rows += self.db.execute(columns + " WHERE updated >= ? AND id <= ? ORDER BY id",
                                    [updated_from, after_id]).fetchall()
        return [(int(r[0]), r[1] or "", r[2] or "", r[3] or "") for r in rows]

    def by_ids(self, ids: Sequence[int]) -> builtins.list[Customer]:
        """Customers with these ids, in the order given (ids deleted meanwhile are left out)."""
        if not ids:
            return []
        found = {c.id: c for c in self._customers(_SELECT + f" WHERE c.id {IN_IDS}", [ids_param(ids)])}
        return [found[i] for i in ids if i in found]

    def find_tag_prefix(self, prefix: str, limit: int) -> builtins.list[Customer]:
        lo, hi = prefix_range(prefix)
        return self._customers(
            _SELECT + " WHERE c.id IN (SELECT customer_id FROM customer_tags WHERE tag >= ? AND tag < ? "
            "ORDER BY tag LIMIT ?) ORDER BY c.nick_key", [lo, hi, limit])

    def all_tags(self) -> builtins.list[tuple[str, int]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT tag, count(*) FROM customer_tags GROUP BY tag ORDER BY count(*) DESC, tag").fetchall()]

    # group history
    def add_change(self, customer_id: int, old_group: str | None, new_group: str, agent_id: int | None,
                   at: str) -> None:
        self.db.execute("INSERT INTO group_changes (customer_id, old_group, new_group, agent_id, at) "
                        "VALUES (?, ?, ?, ?, ?)", [customer_id, old_group, new_group, agent_id, at])

    def changes(self, customer_id: int) -> builtins.list[GroupChange]:
        return [GroupChange(*r) for r in self.db.execute(
            f"{_CHANGE_SELECT} WHERE customer_id = ? ORDER BY at, id", [customer_id]).fetchall()]

    def lost_reason_counts(self, start: str, end: str) -> dict[str, int]:
        return dict(self.db.execute(
            "SELECT lost_reason, count(*) FROM customers WHERE lost_at >= ? AND lost_at < ? AND lost_reason != '' "
            "GROUP BY lost_reason", [start, end]).fetchall())


_FOLLOWUP_SELECT = ("SELECT f.id, f.text, f.due, f.customer_id, coalesce(c.nick, ''), "
                    f"{agent_name_sql('f.agent_id')}, f.created, f.done_at, {done_by_sql('f.done_by_id', 'f.done_at')}, "
                    "f.agent_id, f.done_by_id FROM followups f LEFT JOIN customers c ON c.id = f.customer_id")


class FollowUpsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _rows(self, where: str, params: Sequence[Any], order: str = "f.due, f.id") -> list[FollowUp]:
        return [FollowUp(*r) for r in self.db.execute(
            f"{_FOLLOWUP_SELECT} WHERE {where} ORDER BY {order}", list(params)).fetchall()]

    def insert(self, text: str, due: str, customer_id: int | None, agent_id: int | None, created: str) -> int:
        return self.db.insert(
            "INSERT INTO followups (text, due, customer_id, agent_id, created) VALUES (?, ?, ?, ?, ?)",
            [text, due, customer_id, agent_id, created])

    def get(self, followup_id: int) -> FollowUp | None:
        found = self._rows("f.id = ?", [followup_id])
        return found[0] if found else None

    def open(self, customer_id: int | None = None) -> list[FollowUp]:
        if customer_id is None:
            return self._rows("f.done_at IS NULL", [])
        return self._rows("f.done_at IS NULL AND f.customer_id = ?", [customer_id])

    def due(self, until: str) -> list[FollowUp]:
        return self._rows("f.done_at IS NULL AND f.due <= ?", [until])

    def done_between(self, start: str, end: str) -> list[FollowUp]:
        return self._rows("f.done_at >= ? AND f.done_at < ?", [start, end], "f.done_at, f.id")

    def set_done(self, followup_id: int, done_at: str | None, done_by_id: int | None) -> None:
        self.db.execute("UPDATE followups SET done_at = ?, done_by_id = ? WHERE id = ?",
                        [done_at, done_by_id, followup_id])

    def delete(self, followup_id: int) -> None:
        self.db.execute("DELETE FROM followups WHERE id = ?", [followup_id])


_CASE_SELECT = ("SELECT a.id, a.kind, a.order_no, a.customer_id, coalesce(c.nick, ''), a.status, a.notes, "
                f"{agent_name_sql('a.agent_id')}, a.created, a.updated, a.closed_at, a.agent_id "
                "FROM aftersales_cases a LEFT JOIN customers c ON c.id = a.customer_id")


class CasesRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, kind: str, order_no: str, customer_id: int | None, notes: str, agent_id: int | None,
               at: str) -> int:
        return self.db.insert(
            "INSERT INTO aftersales_cases (kind, order_no, customer_id, status, notes, agent_id, created, updated) "
            "VALUES (?, ?, ?, 'open', ?, ?, ?, ?)", [kind, order_no, customer_id, notes, agent_id, at, at])

    def get(self, case_id: int) -> AftersalesCase | None:
        row = self.db.execute(f"{_CASE_SELECT} WHERE a.id = ?", [case_id]).fetchone()
        return AftersalesCase(*row) if row else None

    def list(self, status: str | None = None, open_only: bool = False, customer_id: int | None = None,
             kind: str | None = None) -> list[AftersalesCase]:
        where, params = _where((status is not None, "a.status = ?", [status]),
                               (open_only, "a.status != 'done'", []),
                               (customer_id is not None, "a.customer_id = ?", [customer_id]),
                               (kind is not None, "a.kind = ?", [kind]))
        sql = f"{_CASE_SELECT}{where} ORDER BY a.created DESC, a.id DESC"
        return [AftersalesCase(*r) for r in self.db.execute(sql, params).fetchall()]

    def update(self, case_id: int, fields: dict[str, Any]) -> None:
        allowed = {"status", "notes", "order_no", "kind", "updated", "closed_at", "customer_id"}
        if set(fields) - allowed:
            raise ValueError(sorted(set(fields) - allowed))
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.db.execute(f"UPDATE aftersales_cases SET {assignments} WHERE id = ?", [*fields.values(), case_id])


def _where(*conditions: tuple[bool, str, Sequence[Any]]) -> tuple[str, list[Any]]:
    """' WHERE a AND b' of the (applies, clause, parameters) conditions that apply ('' when none) and their
    parameters in order, so optional filters need no string juggling at each query."""
    used = [(clause, params) for applies, clause, params in conditions if applies]
    sql = " WHERE " + " AND ".join(clause for clause, _params in used) if used else ""
    return sql, [value for _clause, params in used for value in params]
