"""Backups and restores on real database files: online backup, checks first, safety copies, retention."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from deskassist import paths
from deskassist.core.errors import DatabaseError, UserError
from deskassist.core.models import PhraseDraft
from deskassist.services.backup import auto_backup, backup, list_backups, restore
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.storage import backup_store


def _phrases(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, title, body, code FROM phrases ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.posix
def test_backup_copies_the_live_database_into_the_backups_folder(session: Session) -> None:
    service = PhraseService(session)
    service.add(PhraseDraft(category="新", body="备份前加的短语", code="bf"))
    path = backup(session)
    assert path.parent == paths.backup_dir(session.data_dir)
    assert path.name == "deskassist-20261122-100000.db"
    assert _phrases(path) == [(p.id, p.title, p.body, p.code) for p in service.list()]
    assert not Path(f"{path}-wal").exists()  # one self-contained file
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert backup(session).name == "deskassist-20261122-100000-2.db"


def test_backup_to_a_named_file_never_overwrites(session: Session, tmp_path: Path) -> None:
    target = tmp_path / "周一.db"
    assert backup(session, target) == target.resolve()
    with pytest.raises(UserError, match="already exists"):
        backup(session, target)
    with pytest.raises(UserError, match="does not exist"):
        backup(session, tmp_path / "no-such-folder" / "x.db")
    assert backup(session, tmp_path).parent == tmp_path.resolve()


def test_restore_puts_the_backup_back_and_keeps_the_replaced_database(data_dir: Path, clock) -> None:
    session = open_session(data_dir, clock=clock)
    service = PhraseService(session)
    saved = backup(session)
    before = [(p.id, p.title, p.body, p.code) for p in service.list()]
    service.delete(1)
    service.add(PhraseDraft(category="新", body="备份后加的短语", code="new"))
    after = [(p.id, p.title, p.body, p.code) for p in service.list()]
    session.close()

    result = restore(data_dir, saved)
    assert result.restored_from == saved and not result.damaged
    assert _phrases(paths.database_path(data_dir)) == before
    assert _phrases(result.safety_copy) == after
    reopened = open_session(data_dir, clock=clock)
    assert PhraseService(reopened).by_code("new") is None and PhraseService(reopened).get(1).code == "hy"
    reopened.close()


def test_restore_into_a_running_session(session: Session, tmp_path: Path) -> None:
    service = PhraseService(session)
    saved = backup(session, tmp_path / "saved.db")
    session.settings.set("shop.name", "花花女装")
    service.delete(1)
    other = sqlite3.connect(paths.database_path(session.data_dir))  # e.g. the CLI while the app runs
    result = restore(session, saved)
    assert service.get(1).code == "hy"
    assert session.settings.get("shop.name") == ""
    assert other.execute("SELECT code FROM phrases WHERE id = 1").fetchone() == ("hy",)
    other.close()
    assert result.safety_copy.exists()


def test_restore_replaces_a_damaged_database_and_keeps_its_bytes(data_dir: Path, clock) -> None:
    session = open_session(data_dir, clock=clock)
    saved = backup(session)
    session.close()
    db_path = paths.database_path(data_dir)
    damaged = bytearray(db_path.read_bytes())
    damaged[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
    db_path.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseError, match="damaged"):
        open_session(data_dir)

    result = restore(data_dir, saved)
    assert result.damaged and result.safety_copy.read_bytes() == bytes(damaged)
    reopened = open_session(data_dir, clock=clock)
    assert PhraseService(reopened).count() >= 30
    reopened.close()


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged", "empty"])
def test_a_bad_backup_file_is_refused_and_nothing_changes(data_dir: Path, clock, tmp_path: Path, kind: str) -> None:
    session = open_session(data_dir, clock=clock)
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("这不是数据库")
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
    elif kind == "damaged":
        data = bytearray(backup(session).read_bytes())
        data[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
        bad.write_bytes(bytes(data))
    else:
        bad.write_bytes(b"")
    session.close()
    db_path = paths.database_path(data_dir)
    before = db_path.read_bytes()
    backups_before = list_backups(data_dir)
    bad_bytes = bad.read_bytes()
    with pytest.raises(DatabaseError, match="bad.db"):
        restore(data_dir, bad)
    assert db_path.read_bytes() == before
    assert bad.read_bytes() == bad_bytes
    assert list_backups(data_dir) == backups_before


def test_restoring_a_missing_file_or_the_database_itself_is_refused(session: Session) -> None:
    with pytest.raises(UserError, match="does not exist"):
        restore(session, session.data_dir / "nope.db")
    with pytest.raises(UserError, match="the database itself"):
        restore(session.data_dir, paths.database_path(session.data_dir))


def test_auto_backup_once_a_day_keeping_the_newest(session: Session, clock) -> None:
    session.settings.set("backup.keep", 3)
    made = []
    for _day in range(5):
        made.append(auto_backup(session))
        assert auto_backup(session) is None  # the same day: nothing more
        clock.advance(days=1)
    kept = sorted(p.name for p in paths.backup_dir(session.data_dir).glob("auto-*.db"))
    assert kept == [p.name for p in made[-3:]]
    assert kept[-1] == "auto-20261126-100000.db"
    session.settings.set("backup.auto", False)
    assert auto_backup(session) is None


def test_a_busy_database_is_reported_and_left_as_it_was(session: Session, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_store, "BUSY_WAIT_SECONDS", 0.3)
    saved = backup(session, tmp_path / "saved.db")
    PhraseService(session).delete(1)
    writer = sqlite3.connect(paths.database_path(session.data_dir), timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    session.db.execute("PRAGMA busy_timeout=0")
    try:
        with pytest.raises(DatabaseError, match="busy"):
            restore(session, saved)
    finally:
        writer.rollback()
        writer.close()
    assert PhraseService(session).by_code("hy") is None


def test_restore_into_a_new_folder(session: Session, tmp_path: Path) -> None:
    saved = backup(session, tmp_path / "saved.db")
    result = restore(tmp_path / "new-desk", saved)
    assert result.safety_copy is None and not result.damaged
    moved = open_session(tmp_path / "new-desk")
    assert [p.code for p in PhraseService(moved).list()] == [p.code for p in PhraseService(session).list()]
    moved.close()


def test_live_restore_forgets_the_memo_search_index(session: Session) -> None:
    from deskassist.services.memos import MemoService

    memos = MemoService(session)
    saved = backup(session)
    memos.add("恢复前的备忘 退款")
    assert [m.text for m in memos.search("退款")] == ["恢复前的备忘 退款"]
    restore(session, saved)
    assert memos.search("退款") == []
