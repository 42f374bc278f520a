"""Deleted memos and customers are really gone once their undo window has passed: not in the database file,
not in its WAL, not in a backup made afterwards (the raw bytes are searched, as a forensic tool would)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from deskassist import paths
from deskassist.core.errors import UserError
from deskassist.services.backup import backup
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService
from deskassist.services.retention import erase_deleted
from deskassist.services.session import Session

SECRET_PHONE = "13912345678"
SECRET_NOTE = "收货地址朝阳区机密路88号"
KEPT_PHONE = "13700001111"


@pytest.fixture(params=["library default", "library without secure_delete"])
def session(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, data_dir: Path, clock) -> Session:
    """Debian's SQLite zeroes deleted bytes by default; the one in Python for Windows does not: both ways."""
    if request.param == "library without secure_delete":
        real_connect = sqlite3.connect

        def connect_like_windows(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = real_connect(*args, **kwargs)
            conn.execute("PRAGMA secure_delete=OFF")
            return conn

        monkeypatch.setattr(sqlite3, "connect", connect_like_windows)
    opened = open_session(data_dir, clock=clock)
    yield opened
    opened.close()


def _raw(*files: Path) -> bytes:
    return b"".join(f.read_bytes() for f in files if f.exists())


def _database_files(session: Session) -> list[Path]:
    db = paths.database_path(session.data_dir)
    return [db, Path(f"{db}-wal")]


def _delete_confidential_memo(session: Session) -> int:
    memos = MemoService(session)
    memo = memos.add(f"买家电话 {SECRET_PHONE}，{SECRET_NOTE}")
    memos.add("别的备忘 #保留")
    memos.delete(memo.id)
    return memo.id


def test_a_deleted_memo_is_kept_for_its_undo_window_then_erased_from_the_file(session: Session, clock) -> None:
    memo_id = _delete_confidential_memo(session)
    assert erase_deleted(session) == 0  # still inside the undo window: it can be restored
    MemoService(session).restore(memo_id)
    MemoService(session).delete(memo_id)

    clock.advance(hours=session.settings.get("backup.erase_deleted_after_hours"), seconds=1)
    assert erase_deleted(session) == 1
    with pytest.raises(UserError):
        MemoService(session).restore(memo_id)
    raw = _raw(*_database_files(session))
    assert SECRET_PHONE.encode() not in raw and SECRET_NOTE.encode() not in raw
    assert "别的备忘".encode() in raw  # the search itself finds what is still there


def test_a_deleted_customer_is_gone_from_the_file_its_wal_and_the_next_backup(session: Session, clock) -> None:
    customers = CustomerService(session)
    customers.add("保密买家", note=SECRET_NOTE, phone=SECRET_PHONE, tags=("地址",))
    customers.set_group("保密买家", "vip")  # a history row too
    customers.add("留下的买家", phone=KEPT_PHONE)
    customers.delete("保密买家")

    clock.advance(days=2)
    copy = backup(session)
    for files in (_database_files(session), [copy]):
        raw = _raw(*files)
        assert SECRET_PHONE.encode() not in raw and SECRET_NOTE.encode() not in raw
        assert KEPT_PHONE.encode() in raw


def test_the_database_reopens_sound_after_erasing(data_dir: Path, clock) -> None:
    session = open_session(data_dir, clock=clock)
    _delete_confidential_memo(session)
    clock.advance(days=30)
    assert erase_deleted(session) == 1
    session.close()
    reopened = open_session(data_dir, clock=clock)
    try:
        assert reopened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [m.text for m in MemoService(reopened).list()] == ["别的备忘 #保留"]
    finally:
        reopened.close()
