"""Opening the DeskAssist database: checks first, pragmas, migrations, private file modes.

A file that is not a DeskAssist database, or is damaged, is never modified: it is inspected read-only and
refused with a DatabaseError naming it.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from deskassist import log
from deskassist.core.errors import DatabaseError
from deskassist.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATION_SET = "deskassist"
_log = log.get("db")


_TRANSACTION_WORDS = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


class Database:
    """The part of a sqlite-utils Database that DeskAssist uses, with the same transaction rules.

    Importing sqlite_utils costs ~16 MB (click, dateutil, pluggy): the running app keeps to this thin class
    and sqlite-utils is loaded only to apply pending migrations.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement; a write outside atomic() is committed at once, inside it joins the transaction."""
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (not was_in_transaction and self.conn.in_transaction and cursor.description is None
                and sql.lstrip().split(None, 1)[0].upper() not in _TRANSACTION_WORDS):
            self.conn.execute("COMMIT")
        return cursor

    def executescript(self, sql: str) -> None:
        """Several statements; inside a transaction one by one (sqlite3's executescript would COMMIT first)."""
        if not self.conn.in_transaction:
            self.conn.executescript(sql)
            return
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.conn.execute(statement)
                statement = ""
        if statement.strip():
            self.conn.execute(statement)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (BEGIN ... COMMIT); nested blocks are savepoints. An exception rolls it back."""
        if self.conn.in_transaction:
            savepoint = f"deskassist_{secrets.token_hex(8)}"
            self.conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]

    def close(self) -> None:
        self.conn.close()


def inspect_file(path: Path) -> None:
    """Raise DatabaseError unless path is absent, empty, or a healthy DeskAssist database. Never writes."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != SQLITE_MAGIC:
        raise DatabaseError(_("{path} is not a DeskAssist database; it was left unchanged").format(path=path))
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise sqlite3.DatabaseError(str(result))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and "_sqlite_migrations" not in tables:
                raise DatabaseError(
                    _("{path} is not a DeskAssist database; it was left unchanged").format(path=path))
            if tables:
                sets = {r[0] for r in conn.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")}
                if MIGRATION_SET not in sets:
                    raise DatabaseError(
                        _("{path} is not a DeskAssist database; it was left unchanged").format(path=path))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        _log.info("database_damaged", extra={"fields": {"error": type(exc).__name__}})
        raise DatabaseError(
            _("{path} is damaged and was left unchanged; restore a backup with 'deskassist restore FILE'").format(
                path=path)) from None


def _private(path: Path) -> None:
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            candidate.chmod(0o600)


def _text(value: bytes) -> str:
    """TEXT that another program stored as invalid UTF-8 reads with U+FFFD instead of failing the whole query
    (sqlite3's default raises, with the cell's content in the message)."""
    return value.decode("utf-8", "replace")


def connect(path: Path) -> Database:
    """A connection with DeskAssist's pragmas; no checks, no migrations (see open_database)."""
    conn = sqlite3.connect(str(path), timeout=5.0)
    conn.text_factory = _text
    db = Database(conn)
    db.execute("PRAGMA recursive_triggers=ON")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA secure_delete=ON")  # deleted notes and phones are zeroed, not left in free space
    return db


def open_database(path: Path, migrate: bool = True) -> Database:
    """Check, open and migrate the database at path (created when absent), file mode 0600."""
    from deskassist.storage.migrations import migrations

    inspect_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch()
    _private(path)
    db = connect(path)
    if migrate:
        pending = migrations.pending_names(db)
        if pending:
            migrations.apply(db)
            _log.info("migrated", extra={"fields": {"applied": pending}})
    _private(path)
    return db
