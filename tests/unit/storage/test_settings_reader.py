"""The read-only settings reader the early start uses (real SQLite files): defaults without a database, the
stored values, and "unknown" for a schema this version does not know; it never changes the file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from deskassist.storage.database import open_database
from deskassist.storage.settings_reader import read_stored_settings
from deskassist.storage.settings_repo import SettingsRepo

KEYS = ("hotkeys.enabled", "hotkeys.picker", "hotkeys.memo")


def _database(path: Path, values: dict[str, object]) -> Path:
    db = open_database(path)
    try:
        repo = SettingsRepo(db)
        for key, value in values.items():
            repo.save(key, value)
    finally:
        db.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_without_a_database_nothing_is_stored_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    assert read_stored_settings(path, KEYS) == {}
    assert list(tmp_path.iterdir()) == []
    path.touch()  # an empty file (left by an older version) is no database either
    assert read_stored_settings(path, KEYS) == {}


def test_the_stored_values_of_the_keys_asked_for(tmp_path: Path) -> None:
    path = _database(tmp_path / "deskassist.db", {"hotkeys.picker": "Ctrl+Alt+K", "hotkeys.enabled": False,
                                                  "agent.name": "小美"})
    before = _digest(path)
    assert read_stored_settings(path, KEYS) == {"hotkeys.picker": "Ctrl+Alt+K", "hotkeys.enabled": False}
    assert _digest(path) == before


def test_a_value_that_is_not_json_is_left_out_like_the_settings_repo_does(tmp_path: Path) -> None:
    path = _database(tmp_path / "deskassist.db", {"hotkeys.memo": "Ctrl+Alt+N"})
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('hotkeys.picker', '{not json')")
    conn.close()
    assert read_stored_settings(path, KEYS) == {"hotkeys.memo": "Ctrl+Alt+N"}


def test_a_database_in_use_by_a_writer_is_read(tmp_path: Path) -> None:
    path = _database(tmp_path / "deskassist.db", {"hotkeys.picker": "Ctrl+Alt+K"})
    writer = open_database(path)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE settings SET value = '\"Ctrl+Alt+J\"' WHERE key = 'hotkeys.picker'")
        assert read_stored_settings(path, KEYS) == {"hotkeys.picker": "Ctrl+Alt+K"}  # the committed value
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_newer_schema_is_unknown(tmp_path: Path) -> None:
    """A newer DeskAssist made it: its settings may mean something else; the app says so when it opens it."""
    path = _database(tmp_path / "deskassist.db", {"hotkeys.picker": "Ctrl+Alt+K"})
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                     "VALUES ('deskassist', 'm999_from_the_future', '2030-01-01')")
    conn.close()
    before = _digest(path)
    assert read_stored_settings(path, KEYS) is None
    assert _digest(path) == before


@pytest.mark.parametrize("content", [b"not a database at all, but a text file\n" * 20, None])
def test_a_file_that_is_not_a_deskassist_database_is_unknown(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "deskassist.db"
    if content is None:  # SQLite, but not ours
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("CREATE TABLE notes (body TEXT)")
        conn.close()
    else:
        path.write_bytes(content)
    before = _digest(path)
    assert read_stored_settings(path, KEYS) is None
    assert _digest(path) == before
