"""A desk's side of team mode: join, push the outbox, pull by change number, status, leave.

Push: every outbox row gets its server uid first (a local transaction), then one server transaction writes
the batch with optimistic version checks, then one local transaction records the new versions and empties
those outbox rows. A crash anywhere repeats the batch, and a repeated write is recognised (the server
already holds the same data under that uid): every change arrives exactly once.
Pull: one REPEATABLE READ snapshot, every record whose change number is above the desk's last one and at
most the counter in that snapshot, applied in one local transaction together with the new last number.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo, sql
from psycopg.types.json import Jsonb

from deskassist import __version__, log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.i18n import _
from deskassist.services.session import Session
from deskassist.storage.database import Database
from deskassist.team import records, server
from deskassist.team.server import SCHEMA, SCHEMA_VERSION, add_agent, read_meta

_log = log.get("team")
SECRET_FILE = "team.secret"
BATCH = 500


@dataclass
class Desk:
    server: str          # the join URL without its password
    login: str
    agent: str
    role: str            # 'agent' or 'supervisor'
    desk_uid: str
    last_change: int
    team_revision: int
    last_sync: str | None


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    changed: dict[str, set[int]] = field(default_factory=dict)  # local table -> ids (for the change feed)

    def as_dict(self) -> dict[str, Any]:
        return {"pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts}


def desk(db: Database) -> Desk | None:
    row = db.execute("SELECT server, login, coalesce((SELECT name FROM agents a WHERE a.id = d.agent_id), ''), "
                     "role, desk_uid, last_change, team_revision, last_sync FROM team_desk d WHERE id = 1").fetchone()
    return Desk(*row) if row else None


def pending(db: Database) -> int:
    return db.execute("SELECT count(*) FROM team_outbox").fetchone()[0]


def without_password(url: str) -> str:
    parts = conninfo.conninfo_to_dict(url)
    parts.pop("password", None)
    host, port, dbname = parts.pop("host", ""), parts.pop("port", ""), parts.pop("dbname", "")
    user = parts.pop("user", "")
    query = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    address = f"{host}:{port}" if port else str(host)
    return f"postgresql://{user}@{address}/{dbname}" + (f"?{query}" if query else "")


def _secret_path(session: Session) -> Path:
    return session.data_dir / SECRET_FILE


def _write_secret(path: Path, password: str) -> None:
    """Owner-only from the first byte (0600 at creation), replaced atomically."""
    temp = path.with_suffix(".tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def unreachable(server: str, exc: Exception) -> UserError:
    reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return UserError(_("Cannot reach the team server {server}: {reason}").format(server=server, reason=reason))


def _connect(url: str, timeout: int = 5, **extra: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(url, connect_timeout=timeout, application_name="deskassist", **extra)


@contextlib.contextmanager
def connection(session: Session, timeout: int = 5) -> Iterator[psycopg.Connection[Any]]:
    """The desk's own login (password from the owner-only file); UserError when the server is out of reach."""
    current = desk(session.db)
    if current is None:
        raise UserError(_("This desk has not joined a team (deskassist team join URL)."))
    try:
        password = _secret_path(session).read_text(encoding="utf-8")
    except OSError:
        raise UserError(_("The team password file is missing; join the team again.")) from None
    try:
        conn = _connect(current.server, timeout, password=password)
    except psycopg.OperationalError as exc:
        raise unreachable(current.server, exc) from None
    try:
        _check_schema(conn)
        yield conn
    except psycopg.OperationalError as exc:
        raise unreachable(current.server, exc) from None
    except psycopg.Error as exc:
        raise refused(exc) from None
    finally:
        conn.close()


def refused(exc: Exception) -> UserError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return UserError(_("The team server refused: {reason}").format(reason=reason))


def _check_schema(conn: psycopg.Connection[Any]) -> dict[str, str]:
    meta = read_meta(conn)
    conn.rollback()
    if not meta:
        raise UserError(_("This server has no team set up (deskassist team setup URL --shop NAME)."))
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise UserError(_("The team server's schema (version {server}) is newer than this DeskAssist knows "
                          "({app}): update DeskAssist before writing to it.").format(server=version,
                                                                                    app=SCHEMA_VERSION))
    return meta


# ---------------------------------------------------------------- join / leave


def join(session: Session, url: str) -> SyncResult:
    """This data folder becomes the URL's agent's desk; the first sync runs."""
    if desk(session.db) is not None:
        raise UserError(_("This desk is already in a team; leave it first (deskassist team leave)."))
    parts = conninfo.conninfo_to_dict(url)
    password = str(parts.get("password") or "")
    if not password or not parts.get("user"):
        raise UserError(_("The join URL has no login and password (ask for it with deskassist team add-agent)."))
    server = without_password(url)
    try:
        conn = _connect(url)
    except psycopg.OperationalError as exc:
        raise unreachable(server, exc) from None
    with conn:
        _check_schema(conn)
        row = conn.execute(f"SELECT name, supervisor FROM {SCHEMA}.agents WHERE login = current_user").fetchone()
        conn.rollback()
    if row is None:
        raise UserError(_("This login is not one of the shop's agents."))
    name, supervisor = row
    _write_secret(_secret_path(session), password)
    db = session.db
    with db.atomic():
        known = db.execute("SELECT id FROM agents WHERE name = ?", [name]).fetchone()
        if known is None:
            agent_id = db.insert("INSERT INTO agents (name, number, created, listed) VALUES (?, '', ?, 1)",
                                  [name, stamp(datetime.now())])
        else:
            agent_id = known[0]
            db.execute("UPDATE agents SET listed = 1 WHERE id = ?", [agent_id])
        db.execute("INSERT INTO team_desk (id, server, login, agent_id, role, desk_uid) VALUES (1, ?, ?, ?, ?, ?)",
                   [server, parts["user"], agent_id, "supervisor" if supervisor else "agent", str(uuid.uuid4())])
    session.settings.set("agent.name", name)
    log.event(_log, "team_joined")
    return sync(session)


def exchange(session: Session, conn: psycopg.Connection[Any], result: SyncResult) -> None:
    """Push, pull; on a desk's first complete pull, what it had before joining is queued and pushed too."""
    _refresh_role(session, conn)
    push(session, conn, result)
    pull(session, conn, result)
    if _queue_backlog(session.db):
        push(session, conn, result)
        pull(session, conn, result)


def _refresh_role(session: Session, conn: psycopg.Connection[Any]) -> None:
    """The server decides the role: a supervisor made an agent (or back) is that on the next sync."""
    row = conn.execute(f"SELECT supervisor FROM {SCHEMA}.agents WHERE login = current_user").fetchone()
    conn.rollback()
    if row is not None:
        role = "supervisor" if row[0] else "agent"
        with session.db.atomic():
            session.db.execute("UPDATE team_desk SET role = ? WHERE id = 1 AND role <> ?", [role, role])


def _queue_backlog(db: Database) -> bool:
    """Everything the desk had before joining goes to the server (its phrases as the agent's own), once, after
    the first pull has linked what the server already has (the default pack on a second desk, a desk that
    left and joins again). Marked done in the same transaction: a join cut short finishes on the next sync."""
    with db.atomic():
        if db.execute("SELECT backlog_queued FROM team_desk WHERE id = 1").fetchone() != (0,):
            return False
        db.execute("UPDATE team_desk SET backlog_queued = 1 WHERE id = 1")
        for table in records.ORDER:
            key = records.KINDS[table].key
            db.execute(f"INSERT OR IGNORE INTO team_outbox (local_table, local_id) SELECT ?, {key} FROM {table} "
                       f"WHERE {key} NOT IN (SELECT local_id FROM team_links WHERE local_table = ?)", [table, table])
    return True


def leave(session: Session) -> dict[str, Any]:
    """Back to a solo desk: the local copy stays; links, outbox and the password go."""
    current = desk(session.db)
    if current is None:
        raise UserError(_("This desk has not joined a team (deskassist team join URL)."))
    left = pending(session.db)
    with session.db.atomic():
        for table in ("team_desk", "team_outbox", "team_links"):
            session.db.execute(f"DELETE FROM {table}")
    with contextlib.suppress(FileNotFoundError):
        _secret_path(session).unlink()
    log.event(_log, "team_left", unsent=left)
    return {"server": current.server, "unsent": left}


# ---------------------------------------------------------------- push


def push(session: Session, conn: psycopg.Connection[Any], result: SyncResult) -> None:
    while _push_batch(session, conn, result):
        pass


def _push_batch(session: Session, conn: psycopg.Connection[Any], result: SyncResult) -> bool:
    db = session.db
    current = desk(db)
    assert current is not None
    order = " ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(records.ORDER))
    entries = db.execute(f"SELECT id, local_table, local_id FROM team_outbox "
                         f"ORDER BY CASE local_table {order} END, id LIMIT ?", [BATCH]).fetchall()
    if not entries:
        return False
    links = records.Links(db)
    work: list[tuple[int, records.Link | None, dict[str, Any] | None]] = []
    with db.atomic():  # uids first: a repeated push after a crash writes the same records
        for entry_id, table, local_id in entries:
            data = records.serialise(db, table, local_id)
            link = links.of(table, local_id)
            if link is None and data is not None:
                link = links.add(table, local_id, table)
            work.append((entry_id, link, data))
    outcomes: list[tuple[int, records.Link | None, int | None, dict[str, Any] | None]] = []
    adopted: list[tuple[str, str]] = []
    with conn.transaction():
        for entry_id, link, data in work:
            if link is None:  # created and deleted before it ever reached the server
                outcomes.append((entry_id, None, None, None))
                continue
            local_uid = link.uid
            version, server_data = _push_one(conn, current, link, data, result)
            if link.uid != local_uid:  # the server had this customer already: this row is that record
                adopted.append((local_uid, link.uid))
            outcomes.append((entry_id, link, version, server_data))
    with db.atomic():
        db.execute("INSERT INTO team_applying (id) VALUES (1)")
        try:
            for old_uid, new_uid in adopted:
                db.execute("UPDATE team_links SET uid = ? WHERE uid = ?", [new_uid, old_uid])
            for entry_id, link, version, server_data in outcomes:
                db.execute("DELETE FROM team_outbox WHERE id = ?", [entry_id])
                if link is None:
                    continue
                if version is None:
                    links.drop(link.uid)
                elif server_data is not None:
                    changed = records.apply(db, link.server_table, link.uid, version, False, server_data)
                    _note_changed(result, changed)
                else:
                    links.set_version(link.uid, version)
        finally:
            db.execute("DELETE FROM team_applying")
    result.pushed += sum(1 for _e, link, _v, _d in outcomes if link is not None)
    log.event(_log, "team_pushed", count=len(outcomes))
    return len(entries) == BATCH


def _note_changed(result: SyncResult, changed: tuple[str, int] | None) -> None:
    if changed:
        result.changed.setdefault(changed[0], set()).add(changed[1])


def _push_one(conn: psycopg.Connection[Any], current: Desk, link: records.Link, data: dict[str, Any] | None,
              result: SyncResult) -> tuple[int | None, dict[str, Any] | None]:
    """Write one record; returns (version now on the server or None when deleted, data to apply locally
    when the server's differs from ours)."""
    table = sql.SQL("{}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(link.server_table))
    deleted = data is None
    body = Jsonb(data or {})
    if link.server_table == "team_phrases" and current.role != "supervisor":
        return _server_copy(conn, table, link, result, refused=True)
    if link.version == 0 and link.server_table == "customers" and data is not None:
        same = conn.execute(sql.SQL("SELECT uid FROM {} WHERE data->>'nick' = %s AND NOT deleted AND uid <> %s")
                            .format(table), [data.get("nick"), link.uid]).fetchone()
        if same is not None:  # added on two desks while apart: one customer, both desks' words merged
            link.uid, link.version = str(same[0]), -1
    if link.version == 0:
        row = conn.execute(sql.SQL("INSERT INTO {} (uid, data, deleted) VALUES (%s, %s, %s) "
                                   "ON CONFLICT (uid) DO NOTHING RETURNING version").format(table),
                           [link.uid, body, deleted]).fetchone()
    elif link.version > 0:
        row = conn.execute(sql.SQL("UPDATE {} SET data = %s, deleted = %s WHERE uid = %s AND version = %s "
                                   "RETURNING version").format(table),
                           [body, deleted, link.uid, link.version]).fetchone()
    else:
        row = None
    if row is not None:
        return (None if deleted else row[0]), None
    lock = sql.SQL("" if link.server_table == "phrase_uses" else " FOR UPDATE")  # uses: insert-only
    theirs = conn.execute(sql.SQL("SELECT version, data, deleted FROM {} WHERE uid = %s{}").format(table, lock),
                          [link.uid]).fetchone()
    if theirs is None:  # gone from the server (or never visible to us): write it anew
        if deleted:
            return None, None
        row = conn.execute(sql.SQL("INSERT INTO {} (uid, data) VALUES (%s, %s) RETURNING version").format(table),
                           [link.uid, body]).fetchone()
        assert row is not None
        return row[0], None
    version, their_data, their_deleted = theirs
    if their_deleted == deleted and (deleted or their_data == data):
        return (None if deleted else version), None  # this very write arrived before (a repeated push)
    if their_deleted or link.server_table == "phrase_uses":
        return None if their_deleted else version, None  # deleted elsewhere: the delete stands
    if deleted:
        return version, their_data  # changed elsewhere while we deleted it: keep the other desk's version
    assert data is not None
    if link.server_table == "team_phrases":
        result.conflicts.append({"kind": "team_phrase", "title": their_data.get("title", ""),
                                 "mine": data.get("body", ""), "theirs": their_data.get("body", "")})
        return version, their_data
    merged = records.merge(link.server_table, data, their_data)
    row = conn.execute(sql.SQL("UPDATE {} SET data = %s WHERE uid = %s RETURNING version").format(table),
                       [Jsonb(merged), link.uid]).fetchone()
    assert row is not None
    result.conflicts.append({"kind": link.server_table, "merged": True})
    return row[0], merged


def _server_copy(conn: psycopg.Connection[Any], table: sql.Composable, link: records.Link, result: SyncResult,
                 refused: bool) -> tuple[int | None, dict[str, Any] | None]:
    row = conn.execute(sql.SQL("SELECT version, data, deleted FROM {} WHERE uid = %s").format(table),
                       [link.uid]).fetchone()
    if refused:
        result.conflicts.append({"kind": "refused", "table": link.server_table})
    if row is None or row[2]:
        return None, None
    return row[0], row[1]


# ---------------------------------------------------------------- pull


def pull(session: Session, conn: psycopg.Connection[Any], result: SyncResult) -> None:
    db = session.db
    current = desk(db)
    assert current is not None
    fetched: list[tuple[str, Any, int, bool, dict[str, Any], int]] = []
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        with conn.transaction():
            counter = conn.execute(f"SELECT change_no FROM {SCHEMA}.counter WHERE id = 1").fetchone()
            assert counter is not None, "the schema's counter row is written when the shop is set up"
            top = counter[0]
            if top > current.last_change:
                for server_table in records.SERVER_TABLES:
                    rows = conn.execute(sql.SQL(
                        "SELECT uid, version, deleted, data, change_no FROM {}.{} "
                        "WHERE change_no > %s AND change_no <= %s ORDER BY change_no").format(
                            sql.Identifier(SCHEMA), sql.Identifier(server_table)),
                        [current.last_change, top]).fetchall()
                    fetched.extend((server_table, *row) for row in rows)
    finally:
        conn.isolation_level = None
    apply_pulled(session, fetched, top, result)


def apply_pulled(session: Session, fetched: list[tuple[str, Any, int, bool, dict[str, Any], int]], top: int,
                 result: SyncResult) -> None:
    """The one path from pulled rows into storage: one transaction with the new last change number.
    (The change feed will be told about result.changed from here.)"""
    db = session.db
    links = records.Links(db)
    revision = max((row[5] for row in fetched if row[0] == "team_phrases"), default=0)
    with db.atomic():
        db.execute("INSERT INTO team_applying (id) VALUES (1)")
        try:
            for server_table, uid, version, deleted, data, _change_no in fetched:
                uid = str(uid)
                link = links.by_uid(uid)
                if link is not None and link.version >= version:
                    continue  # our own write coming back
                if link is not None and db.execute(
                        "SELECT 1 FROM team_outbox WHERE local_table = ? AND local_id = ?",
                        [link.local_table, link.local_id]).fetchone():
                    continue  # changed here too: the push that follows merges both
                _note_changed(result, records.apply(db, server_table, uid, version, deleted, data))
                result.pulled += 1
        finally:
            db.execute("DELETE FROM team_applying")
        db.execute("UPDATE team_desk SET last_change = max(last_change, ?), team_revision = max(team_revision, ?), "
                   "last_sync = ? WHERE id = 1", [top, revision, stamp(datetime.now())])
    if result.changed:
        log.event(_log, "team_pulled", count=result.pulled)


def report_desk(session: Session, conn: psycopg.Connection[Any]) -> None:
    current = desk(session.db)
    assert current is not None
    with conn.transaction():
        conn.execute(f"INSERT INTO {SCHEMA}.desks (desk, team_revision, app_version) VALUES (%s, %s, %s) "
                     "ON CONFLICT (desk) DO UPDATE SET last_seen = now(), team_revision = EXCLUDED.team_revision, "
                     "app_version = EXCLUDED.app_version",
                     [current.desk_uid, current.team_revision, __version__])


def sync(session: Session, timeout: int = 5) -> SyncResult:
    """Push what is pending, then pull what is new."""
    result = SyncResult()
    with connection(session, timeout) as conn:
        exchange(session, conn, result)
        report_desk(session, conn)
    return result


def sync_if_reachable(session: Session) -> SyncResult | None:
    """After a CLI write on a joined desk: push at once when the server answers, queue when it does not."""
    if desk(session.db) is None or not pending(session.db):
        return None
    try:
        return sync(session, timeout=2)
    except UserError:
        return None
    except psycopg.Error:
        return None


# ---------------------------------------------------------------- status, desks, agents


def status(session: Session, check: bool = True) -> dict[str, Any]:
    current = desk(session.db)
    if current is None:
        return {"server": None, "agent": session.agent, "role": None, "connected": False,
                "pending": 0, "last_sync": None, "team_revision": None}
    connected = False
    if check:
        with contextlib.suppress(UserError, psycopg.Error), connection(session, timeout=2) as conn:
            conn.execute("SELECT 1")
            connected = True
    return {"server": current.server, "agent": current.agent, "login": current.login, "role": current.role,
            "connected": connected, "pending": pending(session.db), "last_sync": current.last_sync,
            "team_revision": current.team_revision}


def desks(session: Session) -> list[dict[str, Any]]:
    current = desk(session.db)
    if current is None or current.role != "supervisor":
        raise UserError(_("Only a supervisor's desk can list the team's desks."))
    with connection(session) as conn:
        rows = conn.execute(
            f"SELECT d.desk, d.login, coalesce(a.name, d.login), d.last_seen, d.team_revision, d.app_version "
            f"FROM {SCHEMA}.desks d LEFT JOIN {SCHEMA}.agents a ON a.login = d.login "
            "ORDER BY d.last_seen DESC").fetchall()
    return [{"desk": str(r[0]), "login": r[1], "agent": r[2], "last_seen": r[3].isoformat(timespec="seconds"),
             "team_revision": r[4], "app_version": r[5]} for r in rows]


def join_url(server_url: str, login: str, password: str) -> str:
    parts = conninfo.conninfo_to_dict(server_url)
    parts["user"], parts["password"] = login, password
    host, port, dbname = parts.pop("host", ""), parts.pop("port", ""), parts.pop("dbname", "")
    parts.pop("user"), parts.pop("password")
    from urllib.parse import quote

    query = "&".join(f"{k}={v}" for k, v in sorted(parts.items()))
    address = f"{host}:{port}" if port else str(host)
    return f"postgresql://{quote(login)}:{quote(password, safe='')}@{address}/{dbname}" + (
        f"?{query}" if query else "")


def setup_shop(url: str, shop: str) -> dict[str, Any]:
    """`team setup` with the user's messages for what can go wrong."""
    try:
        return server.setup(url, shop)
    except server.SetupError as exc:
        kind, _sep, value = str(exc).partition(":")
        if kind == "shop":
            raise UserError(_("This database already holds the shop {shop}.").format(shop=value)) from None
        raise UserError(_("The team server's schema (version {server}) is newer than this DeskAssist knows "
                          "({app}): update DeskAssist before writing to it.").format(
                              server=value, app=SCHEMA_VERSION)) from None
    except psycopg.OperationalError as exc:
        raise unreachable(without_password(url), exc) from None
    except psycopg.Error as exc:
        raise refused(exc) from None


def add_agent_as_admin(url: str, name: str, number: str, supervisor: bool) -> str:
    try:
        conn = _connect(url)
    except psycopg.OperationalError as exc:
        raise unreachable(without_password(url), exc) from None
    with conn:
        _check_schema(conn)
        login, password = _add(conn, name, number, supervisor)
    return join_url(url, login, password)


def add_agent_from_desk(session: Session, name: str, number: str, supervisor: bool) -> str:
    current = desk(session.db)
    if current is None:
        raise UserError(_("This desk has not joined a team; give the admin's URL with --url."))
    if current.role != "supervisor":
        raise UserError(_("Only a supervisor can add agents."))
    with connection(session) as conn:
        login, password = _add(conn, name, number, supervisor)
    return join_url(current.server, login, password)


def _add(conn: psycopg.Connection[Any], name: str, number: str, supervisor: bool) -> tuple[str, str]:
    try:
        return add_agent(conn, name, number, supervisor)
    except psycopg.errors.UniqueViolation:
        raise UserError(_("An agent named {name} already exists.").format(name=name)) from None
    except psycopg.errors.InsufficientPrivilege:
        raise UserError(_("Only a supervisor can add agents.")) from None


def mark_team_phrase(session: Session, phrase_id: int) -> None:
    """A phrase a supervisor publishes as the shop's standard (phrases add/import --team)."""
    current = desk(session.db)
    if current is None or current.role != "supervisor":
        raise UserError(_("Only a supervisor's desk can publish team phrases."))
    links = records.Links(session.db)
    with session.db.atomic():
        link = links.of("phrases", phrase_id)
        if link is None:
            links.add("phrases", phrase_id, "team_phrases")
        elif link.server_table != "team_phrases":
            links.drop(link.uid)  # was personal: the personal copy goes, the team one comes
            links.add("phrases", phrase_id, "team_phrases")
        session.db.execute("INSERT INTO team_outbox (local_table, local_id) VALUES ('phrases', ?)", [phrase_id])
