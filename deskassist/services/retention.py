"""Erasing what was deleted once its undo window has passed, so deleted confidential notes do not live on in
the database file, its WAL or the next backup.

A deleted memo stays restorable for backup.erase_deleted_after_hours, then its row is deleted. The connection
runs with secure_delete (storage.database.connect), so SQLite overwrites the freed bytes with zeros, also for
customers (deleted at once; their undo lives in the window that deleted them). A TRUNCATE checkpoint then
drops the WAL, which still holds the pages as they were before. Runs at app start, every few hours while the
app runs, and before every backup.
"""

from __future__ import annotations

from datetime import timedelta

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.services.session import Session
from deskassist.storage.memos_repo import MemosRepo

_log = log.get("db")


def erase_deleted(session: Session) -> int:
    """Erase memos deleted longer ago than the undo window and empty the WAL; returns how many memos."""
    window = timedelta(hours=session.settings.get("backup.erase_deleted_after_hours"))
    before = stamp(session.clock.now() - window)
    with session.db.atomic():
        erased = MemosRepo(session.db).purge_deleted(before)
        if erased:
            session.changes.publish("memos")
    busy = _truncate_wal(session)
    log.event(_log, "deleted_erased", memos=erased, wal_truncated=not busy)
    return erased


def _truncate_wal(session: Session) -> bool:
    """Checkpoint and empty the WAL if no other connection is reading; never waits (returns True when busy:
    the next run tries again)."""
    timeout = session.db.execute("PRAGMA busy_timeout").fetchone()[0]
    session.db.execute("PRAGMA busy_timeout=0")
    try:
        return bool(session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
    finally:
        session.db.execute(f"PRAGMA busy_timeout={int(timeout)}")
