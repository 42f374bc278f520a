"""Opening the DeskAssist database: checks first, pragmas, migrations, private file modes.

A file that is not a DeskAssist database, is damaged, or was made by a newer DeskAssist is never modified:
it is inspected read-only and refused with a DatabaseError naming it. Every write transaction starts with
BEGIN IMMEDIATE (it waits for the write lock up front, so a write never fails half-way on a lock another
process took after our read), and an SQLite failure reaches the user as one line naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from deskassist import log
from deskassist.core.errors import DatabaseError
from deskassist.i18n import _
from deskassist.storage.migrations import MIGRATION_SET, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
DAMAGED_SUFFIX = ".damaged"
_NEW_PREFIX = ".new-"
_log = log.get("db")

# Primary SQLite result codes (sqlite3.Error.sqlite_errorcode & 0xff).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 3, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_AUTH, SQLITE_NOTADB = 11, 13, 14, 23, 26

_TRANSACTION_WORDS = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_WRITE_WORDS = {"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "VACUUM", "REINDEX"}


_T = TypeVar("_T")

IN_IDS = "IN (SELECT value FROM json_each(?))"
"""`WHERE x.id IN_IDS` with ids_param(ids): one SQL text for any number of ids. An IN list of ?s is a new
statement for every count, each kept in the connection's statement cache (1.2 MB after 200 counts)."""


def ids_param(ids: Iterable[int]) -> str:
    """The parameter for IN_IDS: the ids as a JSON array."""
    return json.dumps([int(i) for i in ids])


def written(row: _T | None) -> _T:
    """A row read back right after writing it; absent only if another process deleted it in between."""
    if row is None:
        raise LookupError("the row just written is gone")
    return row


class DatabaseBusyError(DatabaseError):
    """Another program held the write lock for longer than the busy timeout."""


class DatabaseDamagedError(DatabaseError):
    """SQLite found damage in the file (or a full integrity check failed)."""


def not_ours_message(path: Path) -> str:
    return _("{path} is not a DeskAssist database; it was left unchanged").format(path=path)


def damaged_message(path: Path) -> str:
    return _("{path} is damaged and was left unchanged; restore a backup with 'deskassist restore FILE'").format(
        path=path)


def busy_message(path: Path) -> str:
    return _("{path} is in use by another program; try again in a moment").format(path=path)


def _disk_full(path: Path) -> bool:
    """SQLite reports a write that hit a full disk as an I/O error on some file systems (tmpfs, -shm growth)."""
    try:
        return shutil.disk_usage(path.parent).free < 256 * 1024
    except OSError:
        return False


def translate(exc: sqlite3.Error, path: Path) -> DatabaseError | None:
    """The user's one-line message for an SQLite failure, or None when it is a programming error."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseBusyError(busy_message(path))
    if code == SQLITE_FULL or (code == SQLITE_IOERR and _disk_full(path)):
        return DatabaseError(_("There is no space left on the disk for {path}; free some space and try again "
                               "(nothing was saved)").format(path=path))
    if code == SQLITE_READONLY:
        return DatabaseError(_("{path} can only be read here (read-only file or folder); nothing was saved").format(
            path=path))
    if code in (SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH):
        return DatabaseError(_("{path} cannot be opened: permission denied (it may belong to another user)").format(
            path=path))
    if code == SQLITE_IOERR:
        return DatabaseError(_("{path} could not be read or written (disk error); nothing was saved").format(
            path=path))
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseDamagedError(damaged_message(path))
    return None


class Database:
    """The part of a sqlite-utils Database that DeskAssist uses, with the same transaction rules.

    Importing sqlite_utils costs ~16 MB (click, dateutil, pluggy): the running app keeps to this thin class
    and sqlite-utils is loaded only to apply pending migrations. The connection is in autocommit mode
    (isolation_level=None): transactions are only the ones atomic() opens, always BEGIN IMMEDIATE.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None,
                 write_refusal: str | None = None) -> None:
        self.conn = conn
        self.path = path or Path(conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:")
        self.write_refusal = write_refusal  # set: every write is refused with this message
        self.notices: list[str] = []  # things the user must hear about once (e.g. an unreadable -wal)
        self._deferred: list[list[object]] = []  # one frame per open atomic() level
        self._commit_listeners: list[Callable[[list[object]], None]] = []

    def after_commit(self, item: object) -> None:
        """Hand item to the commit listeners once the outermost transaction commits (at once outside one).

        Items deferred inside a block that rolls back (a savepoint too) are dropped: what listeners hear
        about is only ever what was committed.
        """
        if self._deferred:
            self._deferred[-1].append(item)
        else:
            self._announce([item])

    def on_commit(self, listener: Callable[[list[object]], None]) -> None:
        """listener(items) after each commit that deferred some items (see after_commit)."""
        self._commit_listeners.append(listener)

    def _announce(self, items: list[object]) -> None:
        for listener in list(self._commit_listeners):
            listener(items)

    def _failed(self, exc: sqlite3.Error) -> BaseException:
        translated = translate(exc, self.path)
        if isinstance(translated, DatabaseDamagedError):
            mark_damaged(self.path)
            self.write_refusal = str(translated)
        return translated or exc

    def _check_writable(self) -> None:
        if self.write_refusal:
            raise DatabaseError(self.write_refusal)

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement; a write outside atomic() is its own BEGIN IMMEDIATE transaction."""
        words = sql.lstrip().split(None, 1)
        first = words[0].upper() if words else ""
        if first in _WRITE_WORDS and not self.conn.in_transaction:
            with self.atomic():
                return self._run(sql, parameters)
        if first in _WRITE_WORDS:
            self._check_writable()
        return self._run(sql, parameters)

    def insert(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> int:
        """Run one INSERT and return the new row's id (sqlite3 types lastrowid as optional; an INSERT sets it)."""
        row_id = self.execute(sql, parameters).lastrowid
        assert row_id is not None, "not an INSERT"
        return row_id

    def _run(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._failed(exc) from None

    def executescript(self, sql: str) -> None:
        """Several statements in one transaction, one by one (sqlite3's executescript would COMMIT first)."""
        with self.atomic():
            statement = ""
            for line in sql.splitlines(keepends=True):
                statement += line
                if sqlite3.complete_statement(statement):
                    self._run(statement, None)
                    statement = ""
            if statement.strip():
                self._run(statement, None)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); nested blocks are savepoints.

        An exception rolls it back; an SQLite failure comes out as a DatabaseError with the user's message.
        """
        if self.conn.in_transaction:
            savepoint = f"deskassist_{os.urandom(8).hex()}"  # not secrets: it loads OpenSSL (~3.5 MB)
            self.conn.execute(f"SAVEPOINT {savepoint}")
            self._deferred.append([])
            try:
                yield self
            except BaseException:
                self._deferred.pop()
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                released = self._deferred.pop()
                if self._deferred:
                    self._deferred[-1].extend(released)
            return
        self._check_writable()
        self._run("BEGIN IMMEDIATE", None)
        self._deferred = [[]]
        try:
            yield self
        except BaseException as exc:
            self._deferred = []
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._failed(exc) from None
            raise
        else:
            committed, self._deferred = self._deferred[0] if self._deferred else [], []
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise self._failed(exc) from None
            except BaseException:
                self._rollback()
                raise
            if committed:
                self._announce(committed)

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):  # SQLite may have rolled back already (e.g. after SQLITE_FULL)
                self.conn.execute("ROLLBACK")

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]

    def integrity_problems(self) -> list[str]:
        """A full PRAGMA integrity_check (reads every page; quick_check misses damaged rows): [] when sound."""
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check(20)").fetchall()]
        except sqlite3.Error as exc:
            if isinstance(translate(exc, self.path), DatabaseBusyError):
                raise DatabaseBusyError(busy_message(self.path)) from None
            return [type(exc).__name__]
        return [] if rows == ["ok"] else rows

    def release_memory(self) -> None:
        """Give back this connection's page cache (PRAGMA shrink_memory). A read of the whole file (the daily
        backup) fills it and it stayed full all day: 3.5 MB of an idle app's 100 at 10,000 phrases."""
        self._run("PRAGMA shrink_memory", None)

    def close(self) -> None:
        self.conn.close()


def damage_marker(path: Path) -> Path:
    """A file beside the database that remembers a failed integrity check (the damaged file is never written)."""
    return Path(f"{path}{DAMAGED_SUFFIX}")


def mark_damaged(path: Path) -> None:
    with suppress(OSError):  # the refusal still holds for this process; the next full check finds it again
        damage_marker(path).write_text(datetime.now().isoformat(timespec="seconds") + "\n", encoding="utf-8")
    _log.info("database_damaged", extra={"fields": {"marked": True}})


def clear_damaged(path: Path) -> None:
    damage_marker(path).unlink(missing_ok=True)


def _wal_header_ok(header: bytes) -> bool:
    """SQLite's own test of a WAL header: magic number and checksum (a bad one makes SQLite ignore the WAL)."""
    if len(header) < 32:
        return False
    magic = struct.unpack(">I", header[:4])[0]
    if magic not in (0x377F0682, 0x377F0683):
        return False
    order = ">" if magic & 1 else "<"
    s0 = s1 = 0
    for offset in range(0, 24, 8):
        x0, x1 = struct.unpack(f"{order}II", header[offset:offset + 8])
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return struct.unpack(">II", header[24:32]) == (s0, s1)


def set_aside_unreadable_wal(path: Path) -> str | None:
    """A -wal SQLite cannot read would be dropped without a word: keep a copy and return a notice."""
    wal = Path(f"{path}-wal")
    try:
        size = wal.stat().st_size
        if size <= 32:
            return None  # an empty or header-only WAL holds no changes
        with open(wal, "rb") as fh:
            header = fh.read(32)
    except OSError:
        return None
    if _wal_header_ok(header):
        return None
    copy = Path(f"{wal}.unreadable-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(wal, copy)
    except OSError:
        return _("{wal} holds changes that cannot be read; they were not applied").format(wal=wal)
    _log.info("wal_unreadable", extra={"fields": {"bytes": size}})
    return _("{wal} held changes that cannot be read; they were not applied and the file was kept as {copy}").format(
        wal=wal, copy=copy)


def _applied_names(conn: sqlite3.Connection) -> set[str] | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return None
    if "_sqlite_migrations" not in tables:
        return set()
    return {r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET])}


def inspect_file(path: Path, known_migrations: Sequence[str] | None = None) -> None:
    """Raise DatabaseError unless path is absent, empty, or a healthy DeskAssist database. Never writes.

    The reason is the true one: busy is "in use", permissions are "permission denied", only damage found by
    SQLite is "damaged", and a schema step this version does not know means a newer DeskAssist made it.
    """
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a DeskAssist database; it was left unchanged").format(path=path))
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
        with open(path, "rb") as fh:
            header = fh.read(16)
    except PermissionError:
        raise DatabaseError(_("{path} cannot be opened: permission denied (it may belong to another user)").format(
            path=path)) from None
    except OSError as exc:
        raise DatabaseError(_("{path} could not be read: {reason}").format(path=path, reason=exc.strerror)) from None
    if header != SQLITE_MAGIC:
        raise DatabaseError(not_ours_message(path))
    try:
        conn = _connect_read_only(path)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise DatabaseDamagedError(damaged_message(path))
            applied = _applied_names(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        translated = translate(exc, path) or DatabaseDamagedError(damaged_message(path))
        _log.info("database_refused", extra={"fields": {"error": getattr(exc, "sqlite_errorname", "")}})
        raise translated from None
    if applied is not None and not applied:
        raise DatabaseError(not_ours_message(path))
    if applied and known_migrations is not None and not applied <= set(known_migrations):
        raise DatabaseError(_("{path} was made by a newer version of DeskAssist; update DeskAssist to open it "
                              "(it was left unchanged)").format(path=path))


def _read_only_folder(path: Path) -> bool:
    return not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Read-only; in a folder where SQLite cannot create the -shm it reads the file as immutable."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if (exc.sqlite_errorcode & 0xFF) != SQLITE_CANTOPEN or not _read_only_folder(path):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def _private(path: Path) -> None:
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.exists() and candidate.stat().st_uid == os.geteuid():
                candidate.chmod(0o600)
        except OSError:
            pass  # a read-only folder: nothing new is written there


def _text(value: bytes) -> str:
    """TEXT that another program stored as invalid UTF-8 reads with U+FFFD instead of failing the whole query
    (sqlite3's default raises, with the cell's content in the message)."""
    return value.decode("utf-8", "replace")


def connect(path: Path) -> Database:
    """A connection with DeskAssist's pragmas; no checks, no migrations (see open_database)."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise (translate(exc, path) or exc) from None
    conn.text_factory = _text
    db = Database(conn, path)
    try:
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA recursive_triggers=ON")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")  # deleted notes and phones are zeroed, not left in free space
    except BaseException:
        conn.close()
        raise
    return db


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _no_space(path: Path) -> DatabaseError:
    return DatabaseError(_("There is no space left on the disk for {path}; free some space and try again "
                           "(nothing was saved)").format(path=path))


def _remove_stale_builds(path: Path) -> None:
    """First-run builds of processes that died before finishing (their pid is gone)."""
    for stale in path.parent.glob(f".{path.name}{_NEW_PREFIX}*"):
        pid = stale.name.removeprefix(f".{path.name}{_NEW_PREFIX}").split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        if os.name == "posix":
            try:
                os.kill(int(pid), 0)
                continue  # still building
            except ProcessLookupError:
                pass
            except PermissionError:
                continue
        elif datetime.now().timestamp() - stale.stat().st_mtime < 3600:
            continue
        stale.unlink(missing_ok=True)


def _create(path: Path, populate: Callable[[Database], None] | None) -> bool:
    """Build the whole first database (schema and default pack) in a private file, then link it in place.

    A crash or a full disk at any point leaves either no database (the next start builds it again) or a
    complete one: never a file without its schema or its pack. Returns False when another process was first.
    """
    _remove_stale_builds(path)
    temp = path.parent / f".{path.name}{_NEW_PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
    try:
        conn = sqlite3.connect(str(temp), isolation_level=None)
        db = Database(conn, path)
        try:
            db.execute("PRAGMA journal_mode=MEMORY")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA recursive_triggers=ON")
            with db.atomic():
                migrations.apply(db)
                if populate is not None:
                    populate(db)
            db.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        _private(temp)
        _fsync(temp)
        try:
            os.link(temp, path)
        except FileExistsError:
            if path.stat().st_size:
                return False  # another process built it first: use theirs
            os.replace(temp, path)  # an empty file left by an older version
        _fsync(path.parent, directory=True)
        return True
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise _no_space(path) from None
        raise DatabaseError(_("{path} cannot be created: {reason}").format(path=path, reason=exc.strerror)) from None
    finally:
        for leftover in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)


def open_database(path: Path, migrate: bool = True,
                  populate: Callable[[Database], None] | None = None) -> Database:
    """Check, open and migrate the database at path, file mode 0600.

    When absent it is built whole (schema, then populate(db) in the same transaction) before anyone can see
    it. A read-only folder or file opens read-only: reads work, writes are refused with one line.
    """
    known = [name for name, _step in migrations.steps]
    inspect_file(path, known)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(_("{path} cannot be created: {reason}").format(path=folder, reason=exc.strerror)) from None
    empty = not path.exists() or path.stat().st_size == 0
    if empty and _read_only_folder(path):
        raise DatabaseError(_("{path} is read-only; DeskAssist cannot create its database there").format(
            path=folder))
    created = False
    if empty and migrate:
        created = _create(path, populate)
    elif empty:
        path.touch()
    if not created and not empty and _read_only_folder(path):
        return _open_read_only(path)
    damaged = damage_marker(path).exists()
    notice = None if damaged else set_aside_unreadable_wal(path)
    _private(path)
    db = connect(path)
    if notice:
        db.notices.append(notice)
    if damaged:
        db.write_refusal = damaged_message(path)  # a full check failed before: read, never write
        return db
    if migrate and not created:
        try:
            pending = migrations.pending_names(db)
            if pending:
                with db.atomic():
                    migrations.apply(db)
                _log.info("migrated", extra={"fields": {"applied": pending}})
        except BaseException:
            db.close()
            raise
    _private(path)
    return db


def _open_read_only(path: Path) -> Database:
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise (translate(exc, path) or exc) from None
    refusal = _("{path} can only be read here (read-only file or folder); nothing was saved").format(path=path)
    db = Database(conn, path, write_refusal=refusal)
    db.execute("PRAGMA foreign_keys=ON")
    return db
