"""The schema, built by named migrations (sqlite-utils Migrations). Append new steps; never edit old ones.

The steps are collected here at import and handed to sqlite-utils' Migrations only when one is pending, so
opening an up-to-date database never imports sqlite_utils (about 16 MB and 50 ms the app does not need).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from deskassist.storage.database import Database

MIGRATION_SET = "deskassist"

Step = Callable[[Any], None]


class SchemaSteps:
    """Named schema steps in order; a thin front for sqlite_utils.Migrations (same names, same table)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[tuple[str, Step]] = []

    def __call__(self) -> Callable[[Step], Step]:
        def register(step: Step) -> Step:
            self.steps.append((step.__name__, step))
            return step

        return register

    @cached_property
    def built(self) -> Any:
        """The sqlite_utils.Migrations set (imported on first use)."""
        from sqlite_utils import Migrations

        built = Migrations(self.name)
        for name, step in self.steps:
            built(name=name)(step)
        return built

    @property
    def _migrations(self) -> list[Any]:
        return self.built._migrations

    def pending_names(self, db: Database) -> list[str]:
        """Names not yet applied, read with plain SQL (no sqlite_utils import)."""
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'").fetchone()
        applied = set() if not exists else {r[0] for r in db.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [self.name])}
        return [name for name, _step in self.steps if name not in applied]

    def apply(self, db: Any, stop_before: str | Iterable[str] | None = None) -> None:
        self.built.apply(_full(db), stop_before=stop_before)

    def pending(self, db: Any) -> list[Any]:
        return self.built.pending(_full(db))

    def applied(self, db: Any) -> list[Any]:
        return self.built.applied(_full(db))


def _full(db: Any) -> sqlite_utils.Database:
    """A sqlite-utils Database over the same connection (what Migrations expects)."""
    import sqlite_utils

    return db if isinstance(db, sqlite_utils.Database) else sqlite_utils.Database(db.conn)


migrations = SchemaSteps(MIGRATION_SET)


@migrations()
def m001_phrases(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE phrases (
            id INTEGER PRIMARY KEY,
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            code TEXT UNIQUE,
            pinned INTEGER UNIQUE CHECK (pinned BETWEEN 1 AND 9),
            uses INTEGER NOT NULL DEFAULT 0,
            last_used TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            groups TEXT NOT NULL DEFAULT '',
            title_pinyin TEXT NOT NULL DEFAULT '',
            title_initials TEXT NOT NULL DEFAULT '',
            body_pinyin TEXT NOT NULL DEFAULT '',
            body_initials TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX phrases_category ON phrases(category_id);
        CREATE TABLE phrase_uses (
            id INTEGER PRIMARY KEY,
            phrase_id INTEGER REFERENCES phrases(id) ON DELETE SET NULL,
            category TEXT NOT NULL,
            agent TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX phrase_uses_at ON phrase_uses(at);
        """
    )


def _run(db: Database, script: str) -> None:
    """Statement by statement (executescript would COMMIT and break the migration's transaction)."""
    for statement in filter(None, (s.strip() for s in script.split(";"))):
        db.execute(statement)


@migrations()
def m002_customers(db: Database) -> None:
    _run(db, """
        CREATE TABLE customer_groups (
            key TEXT PRIMARY KEY,
            builtin INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO customer_groups (key, builtin, position) VALUES
            ('inquiry', 1, 0), ('buyer', 1, 1), ('vip', 1, 2);
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            nick TEXT NOT NULL UNIQUE,
            nick_key TEXT NOT NULL,
            nick_pinyin TEXT NOT NULL DEFAULT '',
            nick_initials TEXT NOT NULL DEFAULT '',
            platform TEXT NOT NULL DEFAULT 'other',
            group_key TEXT NOT NULL DEFAULT 'inquiry' REFERENCES customer_groups(key) ON UPDATE CASCADE,
            note TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            lost_reason TEXT NOT NULL DEFAULT '',
            lost_note TEXT NOT NULL DEFAULT '',
            lost_at TEXT,
            agent TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX customers_nick_key ON customers(nick_key);
        CREATE INDEX customers_initials ON customers(nick_initials);
        CREATE INDEX customers_pinyin ON customers(nick_pinyin);
        CREATE INDEX customers_group ON customers(group_key);
        CREATE INDEX customers_lost_at ON customers(lost_at);
        CREATE TABLE customer_tags (
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (customer_id, tag)
        );
        CREATE INDEX customer_tags_tag ON customer_tags(tag, customer_id);
        CREATE TABLE group_changes (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            old_group TEXT,
            new_group TEXT NOT NULL,
            agent TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX group_changes_customer ON group_changes(customer_id);
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            due TEXT NOT NULL,
            agent TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            done_at TEXT,
            done_by TEXT
        );
        CREATE INDEX followups_open ON followups(done_at, due);
        CREATE INDEX followups_customer ON followups(customer_id);
        CREATE TABLE aftersales_cases (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            order_no TEXT NOT NULL DEFAULT '',
            customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'open',
            notes TEXT NOT NULL DEFAULT '',
            agent TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            closed_at TEXT
        );
        CREATE INDEX aftersales_status ON aftersales_cases(status);
        CREATE INDEX aftersales_customer ON aftersales_cases(customer_id)
    """)


@migrations()
def m003_memos_agents(db: Database) -> None:
    _run(db, """
        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            number TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        );
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            agent TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
            tags TEXT NOT NULL DEFAULT '',
            pinned INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            done_at TEXT,
            deleted_at TEXT
        );
        CREATE INDEX memos_agent ON memos(agent, deleted_at)
    """)


@migrations()
def m004_handover(db: Database) -> None:
    _run(db, """
        CREATE TABLE handover_notes (
            id INTEGER PRIMARY KEY,
            shift TEXT NOT NULL,
            shift_date TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        );
        CREATE INDEX handover_notes_created ON handover_notes(created);
        CREATE TABLE handover_items (
            id INTEGER PRIMARY KEY,
            note_id INTEGER NOT NULL REFERENCES handover_notes(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
            position INTEGER NOT NULL DEFAULT 0,
            done_at TEXT,
            done_by TEXT
        );
        CREATE INDEX handover_items_note ON handover_items(note_id);
        CREATE INDEX handover_items_open ON handover_items(done_at);
        CREATE TABLE handover_acks (
            note_id INTEGER NOT NULL REFERENCES handover_notes(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (note_id, agent)
        )
    """)


@migrations()
def m005_phrase_uses_by_phrase(db: Database) -> None:
    """Deleting a phrase sets its phrase_uses rows to NULL: without this index each delete scans every use."""
    db.execute("CREATE INDEX IF NOT EXISTS phrase_uses_phrase ON phrase_uses(phrase_id)")


@migrations()
def m006_memos_list_order(db: Database) -> None:
    """The memo list's order (open, pinned, newest) straight from an index: the first page of 100,000 memos
    needs no sort."""
    db.execute("CREATE INDEX IF NOT EXISTS memos_list ON memos(agent, (done_at IS NOT NULL), pinned DESC, "
               "updated DESC, id DESC) WHERE deleted_at IS NULL")


@migrations()
def m007_customers_recent(db: Database) -> None:
    """Recently changed customers first (the side panel's buyer list) without sorting 100,000 rows."""
    db.execute("CREATE INDEX IF NOT EXISTS customers_updated ON customers(updated DESC, id DESC)")


# (table, name column, id column, when the row was written): every record that names an agent (m001-m004)
_AGENT_NAME_COLUMNS = (
    ("phrase_uses", "agent", "agent_id", "at"),
    ("customers", "agent", "agent_id", "created"),
    ("group_changes", "agent", "agent_id", "at"),
    ("followups", "agent", "agent_id", "created"),
    ("followups", "done_by", "done_by_id", "done_at"),
    ("aftersales_cases", "agent", "agent_id", "created"),
    ("memos", "agent", "agent_id", "created"),
    ("handover_notes", "author", "author_id", "created"),
    ("handover_items", "done_by", "done_by_id", "done_at"),
    ("handover_acks", "agent", "agent_id", "at"),
)


@migrations()
def m008_agent_ids(db: Database) -> None:
    """Records keep the agent's id instead of their display name, so renaming an agent keeps their memo book,
    notes and acknowledgements. Every name found gets an agents row (created = its first use), not listed
    among the desk's agents (as before); "" becomes NULL (no agent). A removed agent keeps their row, unlisted,
    for the records that name them."""
    db.execute("ALTER TABLE agents ADD COLUMN listed INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE agents SET listed = 1")
    names = " UNION ALL ".join(f"SELECT trim({name}) AS name, {at} AS at FROM {table}"
                               for table, name, _id, at in _AGENT_NAME_COLUMNS)
    db.execute(
        "INSERT INTO agents (name, number, created) "
        f"SELECT name, '', coalesce(min(at), strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime')) FROM ({names}) "
        "WHERE coalesce(name, '') <> '' AND name NOT IN (SELECT name FROM agents) GROUP BY name")
    for table, name, agent_id, _at in _AGENT_NAME_COLUMNS:
        if table == "handover_acks":
            continue
        db.execute(f"ALTER TABLE {table} ADD COLUMN {agent_id} INTEGER REFERENCES agents(id)")
        db.execute(f"UPDATE {table} SET {agent_id} = (SELECT a.id FROM agents a WHERE a.name = trim({table}.{name})) "
                   f"WHERE coalesce(trim({name}), '') <> ''")
    db.execute("DROP INDEX memos_agent")
    db.execute("DROP INDEX memos_list")
    for table, name, _id, _at in _AGENT_NAME_COLUMNS:
        if table != "handover_acks":
            db.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    _run(db, """
        CREATE INDEX memos_agent ON memos(agent_id, deleted_at);
        CREATE INDEX memos_list ON memos(agent_id, (done_at IS NOT NULL), pinned DESC, updated DESC, id DESC)
            WHERE deleted_at IS NULL;
        CREATE TABLE handover_acks_by_id (
            note_id INTEGER NOT NULL REFERENCES handover_notes(id) ON DELETE CASCADE,
            agent_id INTEGER REFERENCES agents(id),
            at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX handover_acks_once ON handover_acks_by_id(note_id, ifnull(agent_id, 0));
        INSERT OR IGNORE INTO handover_acks_by_id (note_id, agent_id, at)
            SELECT k.note_id, (SELECT a.id FROM agents a WHERE a.name = trim(k.agent)), k.at
            FROM handover_acks k ORDER BY k.at, k.rowid;
        DROP TABLE handover_acks;
        ALTER TABLE handover_acks_by_id RENAME TO handover_acks
    """)


@migrations()
def m009_phrase_questions(db: Database) -> None:
    """Example buyer questions (问法) per phrase, for suggested replies. A library made before this step gets
    the default pack's questions for the default phrases it still has (same code and title)."""
    _run(db, """
        CREATE TABLE phrase_questions (
            id INTEGER PRIMARY KEY,
            phrase_id INTEGER NOT NULL REFERENCES phrases(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'pack' CHECK (source IN ('pack', 'learned')),
            created TEXT NOT NULL,
            UNIQUE (phrase_id, text)
        );
        CREATE INDEX phrase_questions_phrase ON phrase_questions(phrase_id)
    """)
    import json
    from datetime import datetime
    from importlib import resources

    from deskassist.core.clock import stamp

    pack = json.loads(resources.files("deskassist.resources").joinpath("default_phrases.json")
                      .read_text(encoding="utf-8"))
    now = stamp(datetime.now())
    for item in pack.get("phrases", []):
        if not item.get("code") or not item.get("questions"):
            continue
        row = db.execute("SELECT id FROM phrases WHERE code = ? AND title = ?",
                         [item["code"], item["title"]]).fetchone()
        if row:
            for text in item["questions"]:
                db.execute("INSERT OR IGNORE INTO phrase_questions(phrase_id, text, source, created) "
                           "VALUES (?, ?, 'pack', ?)", [row[0], text, now])


# local tables whose rows go to the team server (team mode); handover_acks has no id column: its rowid
TEAM_SYNCED_TABLES = ("customers", "phrases", "memos", "followups", "aftersales_cases", "handover_notes",
                      "handover_items", "handover_acks", "phrase_uses")


@migrations()
def m010_team_outbox(db: Database) -> None:
    """Team mode's offline side: the desk's link to the server, each synced row's server uid and version,
    and the outbox that triggers fill on every local write while the desk is joined (never while a pull is
    being applied: team_applying holds a row only inside that transaction). Customer notes replaced by a
    conflict keep their text in team_note_history."""
    _run(db, """
        CREATE TABLE team_desk (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            server TEXT NOT NULL,
            login TEXT NOT NULL,
            agent_id INTEGER NOT NULL REFERENCES agents(id),
            role TEXT NOT NULL,
            desk_uid TEXT NOT NULL,
            last_change INTEGER NOT NULL DEFAULT 0,
            team_revision INTEGER NOT NULL DEFAULT 0,
            last_sync TEXT,
            backlog_queued INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE team_links (
            local_table TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            server_table TEXT NOT NULL,
            uid TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (local_table, local_id)
        );
        CREATE TABLE team_outbox (
            id INTEGER PRIMARY KEY,
            local_table TEXT NOT NULL,
            local_id INTEGER NOT NULL,
            UNIQUE (local_table, local_id) ON CONFLICT REPLACE
        );
        CREATE TABLE team_applying (id INTEGER PRIMARY KEY);
        CREATE TABLE team_note_history (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            agent_id INTEGER REFERENCES agents(id),
            at TEXT NOT NULL,
            UNIQUE (customer_id, text, at)
        );
        CREATE INDEX team_note_history_customer ON team_note_history(customer_id)
    """)
    queue = ("WHEN EXISTS (SELECT 1 FROM team_desk) AND NOT EXISTS (SELECT 1 FROM team_applying) "
             "BEGIN INSERT INTO team_outbox (local_table, local_id) VALUES ('{table}', {row}.{key}); END")
    for table in TEAM_SYNCED_TABLES:
        key = "rowid" if table == "handover_acks" else "id"
        events = (("INSERT", "NEW"),) if table == "phrase_uses" else (("INSERT", "NEW"), ("UPDATE", "NEW"),
                                                                           ("DELETE", "OLD"))
        for event, row in events:  # uses are a log: only new ones travel
            db.execute(f"CREATE TRIGGER team_queue_{table}_{event.lower()} AFTER {event} ON {table} "
                       + queue.format(table=table, row=row, key=key))
    for table in ("customer_tags", "team_note_history"):
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
            db.execute(f"CREATE TRIGGER team_queue_{table}_{event.lower()} AFTER {event} ON {table} "
                       + queue.format(table="customers", row=row, key="customer_id"))


@migrations()
def m011_customer_salutation(db: Database) -> None:
    """A customer's own form of address (称呼) for {客户}: "" means the shop's choice (buyer.salutation)."""
    _run(db, "ALTER TABLE customers ADD COLUMN salutation TEXT NOT NULL DEFAULT ''")


@migrations()
def m012_phrase_revisions(db: Database) -> None:
    """What lets a search index follow other processes' writes phrase by phrase instead of building anew:
    every written or deleted phrase gets the next revision number (a category's rename marks its phrases,
    whose category name the index shows), and a random lineage that a restore renews (its numbers are
    another history's). Triggers, so the CLI, a team pull and any other writer are counted too."""
    _run(db, """
        CREATE TABLE phrase_revisions (
            phrase_id INTEGER PRIMARY KEY,
            revision INTEGER NOT NULL
        );
        CREATE INDEX phrase_revisions_revision ON phrase_revisions(revision);
        CREATE TABLE phrase_revision_lineage (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            token TEXT NOT NULL
        );
        INSERT INTO phrase_revision_lineage(id, token) VALUES (1, lower(hex(randomblob(8))))
    """)
    mark = ("INSERT OR REPLACE INTO phrase_revisions(phrase_id, revision) SELECT {ids}, "
            "(SELECT IFNULL(MAX(revision), 0) + 1 FROM phrase_revisions){rest};")
    for name, event, body in (
            ("phrases_insert", "INSERT ON phrases", mark.format(ids="NEW.id", rest="")),
            ("phrases_update", "UPDATE ON phrases", mark.format(ids="NEW.id", rest="")
             + mark.format(ids="OLD.id", rest=" WHERE OLD.id IS NOT NEW.id")),
            ("phrases_delete", "DELETE ON phrases", mark.format(ids="OLD.id", rest="")),
            ("categories_rename", "UPDATE OF name ON categories WHEN OLD.name IS NOT NEW.name",
             mark.format(ids="id", rest=" FROM phrases WHERE category_id = NEW.id"))):
        db.execute(f"CREATE TRIGGER phrase_revisions_{name} AFTER {event} BEGIN {body} END")
