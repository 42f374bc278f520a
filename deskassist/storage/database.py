"""Opening the DeskAssist database: checks first, pragmas, migrations, private file modes.

A file that is not a DeskAssist database, or is damaged, is never modified: it is inspected read-only and
refused with a DatabaseError naming it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from deskassist import log
from deskassist.core.errors import DatabaseError
from deskassist.i18n import _

Database = sqlite_utils.Database  # re-exported so services can name the type without sqlite_utils
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATION_SET = "deskassist"
_log = log.get("db")


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


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with DeskAssist's pragmas; no checks, no migrations (see open_database)."""
    conn = sqlite3.connect(str(path), timeout=5.0)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def open_database(path: Path, migrate: bool = True) -> sqlite_utils.Database:
    """Check, open and migrate the database at path (created when absent), file mode 0600."""
    from deskassist.storage.migrations import migrations

    inspect_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch()
    _private(path)
    db = connect(path)
    if migrate:
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
        if pending:
            _log.info("migrated", extra={"fields": {"applied": pending}})
    _private(path)
    return db
