"""Copying whole databases with SQLite's online backup API: backups, checks of a file to restore, restoring.

Every copy is written to a temporary file next to its target and renamed into place, so a crash never
leaves a half-written backup; restoring into a live database is one backup step, i.e. one transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from deskassist.core.errors import DatabaseError
from deskassist.i18n import _
from deskassist.storage.database import BUSY_TIMEOUT_MS, SQLITE_MAGIC, Database
from deskassist.storage.migrations import MIGRATION_SET

BUSY_WAIT_SECONDS = 5.0
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


class _Busy(Exception):
    """Raised from the backup progress callback to stop waiting for a busy database."""


def _private(path: Path) -> None:
    if os.name == "posix" and path.exists():
        path.chmod(0o600)


def _temp_next_to(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    _private(temp)
    return temp


def _finish_copy(dest: sqlite3.Connection) -> None:
    """A self-contained file: rollback journal (no -wal beside it), verified."""
    dest.execute("PRAGMA journal_mode=DELETE")
    result = dest.execute("PRAGMA quick_check").fetchone()
    if not result or result[0] != "ok":
        raise sqlite3.DatabaseError(str(result))


def _copy(source: sqlite3.Connection, target: Path, page_size: int | None = None) -> None:
    temp = _temp_next_to(target)
    try:
        dest = sqlite3.connect(str(temp))
        try:
            source.backup(dest)
            if page_size and dest.execute("PRAGMA page_size").fetchone()[0] != page_size:
                dest.execute("PRAGMA journal_mode=DELETE")
                dest.execute(f"PRAGMA page_size={int(page_size)}")
                dest.execute("VACUUM")
            _finish_copy(dest)
        finally:
            dest.close()
        os.replace(temp, target)
        _private(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def backup_database(db: Database, target: Path) -> None:
    """Copy the open database to target (replaced if present), consistent even while others write."""
    _copy(db.conn, target)


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that waits for a writer like the app's own connections do."""
    conn = _open_read_only(path)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def check_restorable(path: Path) -> None:
    """Raise DatabaseError unless path is a healthy, non-empty DeskAssist database. Never writes."""
    not_ours = DatabaseError(_("{path} is not a DeskAssist database; it was left unchanged").format(path=path))
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(_("{path} is not a DeskAssist backup file").format(path=path))
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise not_ours
    try:
        conn = _open_read_only(path)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise sqlite3.DatabaseError(str(result))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"_sqlite_migrations", "phrases", "categories", "settings"} <= tables:
                raise not_ours
            sets = {r[0] for r in conn.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")}
            if MIGRATION_SET not in sets:
                raise not_ours
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise DatabaseError(_("{path} is damaged; nothing was restored").format(path=path)) from None


def stage_copy(source: Path, target: Path, page_size: int | None = None) -> None:
    """A verified private copy of a database file (read-only on the source), with the given page size."""
    conn = _open_read_only(source)
    try:
        _copy(conn, target, page_size)
    finally:
        conn.close()


def page_size(db: Database) -> int:
    return db.execute("PRAGMA page_size").fetchone()[0]


def restore_into(db: Database, staged: Path) -> None:
    """Replace the whole content of the open database with staged, in one step (one transaction)."""
    deadline = time.monotonic() + BUSY_WAIT_SECONDS

    def give_up_when_busy(status: int, _remaining: int, _total: int) -> None:
        # Python retries a busy destination forever; another program's long write must not hang us.
        if status in (SQLITE_BUSY, SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _Busy

    source = sqlite3.connect(str(staged))
    try:
        source.backup(db.conn, progress=give_up_when_busy, sleep=0.05)
    except (_Busy, sqlite3.OperationalError):
        raise DatabaseError(_("The database is busy; close the other DeskAssist windows and try again")) from None
    finally:
        source.close()


def copy_raw(path: Path, target: Path) -> list[Path]:
    """Byte copies of a database file and its -wal/-shm (a damaged file is kept as it is); returns the copies."""
    copies = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            copy = Path(f"{target}{suffix}")
            shutil.copyfile(source, copy)
            _private(copy)
            copies.append(copy)
    return copies


def replace_file(staged: Path, path: Path) -> None:
    """Put staged in place of the database file at path (no connection may be open on it)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, path)
    _private(path)
