"""The schema's named migrations on real SQLite files: fresh, re-opened, upgraded from m001, refused files."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from deskassist.core.errors import DatabaseError
from deskassist.storage.database import open_database
from deskassist.storage.migrations import migrations


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_a_fresh_database_has_every_table(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    db = open_database(path)
    db.close()
    assert {"settings", "categories", "phrases", "phrase_uses", "_sqlite_migrations"} <= _tables(path)
    applied = [m.name for m in migrations.applied(open_database(path))]
    assert applied[0] == "m001_phrases"
    assert applied == [m.name for m in migrations._migrations]


@pytest.mark.posix
def test_the_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    open_database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    db = open_database(path)
    db.execute("INSERT INTO categories(name, position) VALUES ('问候', 0)")
    db.conn.commit()
    before = [(m.name, m.applied_at) for m in migrations.applied(db)]
    db.close()
    again = open_database(path)
    assert [(m.name, m.applied_at) for m in migrations.applied(again)] == before
    assert again.execute("SELECT name FROM categories").fetchall() == [("问候",)]
    again.close()


def test_a_database_from_m001_only_is_upgraded_and_keeps_its_phrases(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    later = [m.name for m in migrations._migrations][1:]
    db = open_database(path, migrate=False)
    migrations.apply(db, stop_before=later[0]) if later else migrations.apply(db)
    db.execute("INSERT INTO categories(id, name, position) VALUES (1, '发货', 0)")
    db.execute("INSERT INTO phrases(category_id, title, body, code, created, updated) "
               "VALUES (1, '发货时间', '付款后48小时内发货', 'fh', '2026-01-01 09:00:00', '2026-01-01 09:00:00')")
    db.conn.commit()
    assert [m.name for m in migrations.applied(db)] == ["m001_phrases"]
    db.close()

    upgraded = open_database(path)
    assert [m.name for m in migrations.applied(upgraded)] == [m.name for m in migrations._migrations]
    assert upgraded.execute("SELECT title, code FROM phrases").fetchall() == [("发货时间", "fh")]
    upgraded.close()


def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    path.write_bytes("客服快捷助手 — not a database\n".encode() * 50)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a DeskAssist database") as caught:
        open_database(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a DeskAssist database"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_damaged_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    open_database(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xde\xad\xbe\xef" * ((4096 - 100) // 4)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged") as caught:
        open_database(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == bytes(data)


def test_phrase_uses_are_indexed_by_phrase(tmp_path: Path) -> None:
    db = open_database(tmp_path / "deskassist.db")
    plan = " ".join(str(row) for row in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM phrase_uses WHERE phrase_id = 1").fetchall())
    db.close()
    assert "phrase_uses_phrase" in plan
