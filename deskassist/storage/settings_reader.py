"""A few stored settings read before the app opens its session (the hotkeys, grabbed ~100 ms after start):
plain sqlite3, read-only, nothing checked, migrated or created, so it never changes the file.

When the file is not one this version knows how to read (a newer or odd schema, damaged, not a database),
the answer is "unknown" and the caller does what it did without this reader: the session opens the file
and says what is wrong with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from deskassist.storage.migrations import MIGRATION_SET, migrations

BUSY_TIMEOUT_MS = 500


def read_stored_settings(db_path: Path, keys: Iterable[str]) -> dict[str, Any] | None:
    """The stored (JSON-decoded) values of keys; {} without a database (the first run: defaults apply);
    None when the file's schema is newer or unknown, or it cannot be read now."""
    try:
        if not db_path.exists() or db_path.stat().st_size == 0:
            return {}
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return _read(conn, list(keys))
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Any] | None:
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"_sqlite_migrations", "settings"} <= tables:
        return None
    applied = {name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}
    if not applied or not applied <= {name for name, _step in migrations.steps}:
        return None  # a newer version's schema (or not ours): its settings may mean something else
    marks = ",".join("?" * len(keys))
    values: dict[str, Any] = {}
    for key, raw in conn.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})", keys):
        try:
            values[key] = json.loads(raw)
        except (TypeError, json.JSONDecodeError):
            continue  # like SettingsRepo: an unreadable value is the default
    return values
