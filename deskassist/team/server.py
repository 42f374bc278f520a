"""The shop's server: schema, roles and grants, set up by `team setup` and enforced by PostgreSQL itself.

Roles are named after the shop's database, so one server can hold several shops:
    <db>_owner        NOLOGIN, owns every table and function (row-level security is FORCED, so it binds the
                      owner too), may create logins (CREATEROLE) through add_agent()
    <db>_agents       every agent: reads team phrases, reads and writes the shared records, its own
                      personal phrases and memos only (RLS: owner = current_user)
    <db>_supervisors  member of <db>_agents; also writes team phrases and creates agents
    <db>_<login>      one LOGIN per agent, member of one of the two groups

Change numbers follow commit order: every write to a record table takes the next number from a single-row
counter in the same transaction (trigger stamp_change). The counter row stays locked until that transaction
ends, so a number n+1 can only be taken after the transaction holding n has committed or rolled back; a
reader who sees n+1 therefore also sees n, and `change_no > last seen` never skips a row. A plain sequence
does not give this (numbers are taken in one order, committed in another, and a reader in between skips the
late one for good); the xmin-horizon alternative (pg_current_xact_id / pg_snapshot_xmin) needs xid
bookkeeping on every desk. The cost, writers queueing on one row for the length of a push transaction, is
small for a shop's 5-200 desks (benchmarks/team_sync.py). Each record row carries the number of its last
write: pulling `change_no > last` per table gives each changed row once, in its latest state, and nothing
grows without bound.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

SCHEMA_VERSION = 1
SCHEMA = "deskassist"
NOTIFY_CHANNEL = "deskassist_changes"

# record tables: name -> who may write ('team': supervisors only; 'shared': every agent;
# 'personal': only its owner, by row-level security; 'usage': every agent reads, each adds only their own)
RECORD_TABLES: dict[str, str] = {
    "team_phrases": "team",
    "customers": "shared",
    "followups": "shared",
    "aftersales_cases": "shared",
    "handover_notes": "shared",
    "handover_items": "shared",
    "handover_acks": "shared",
    "phrases": "personal",
    "memos": "personal",
    "phrase_uses": "usage",
}


@dataclass(frozen=True)
class Roles:
    owner: str
    agents: str
    supervisors: str
    prefix: str


def roles_for(database: str) -> Roles:
    prefix = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return Roles(f"{prefix}_owner", f"{prefix}_agents", f"{prefix}_supervisors", prefix)


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores: the plain password never reaches the server (or its log)."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _ident(*names: str) -> sql.Identifier:
    return sql.Identifier(*names)


def _role_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None


def _ensure_role(conn: psycopg.Connection[Any], name: str, options: str) -> None:
    if not _role_exists(conn, name):
        conn.execute(sql.SQL("CREATE ROLE {} " + options).format(_ident(name)))


_RECORD_COLUMNS = """
    uid uuid PRIMARY KEY,
    version integer NOT NULL DEFAULT 1,
    change_no bigint NOT NULL DEFAULT 0,
    deleted boolean NOT NULL DEFAULT false,
    data jsonb NOT NULL,
    updated_by text NOT NULL DEFAULT session_user,
    updated_at timestamptz NOT NULL DEFAULT now()
"""


def _schema_sql(roles: Roles) -> str:
    """Every statement is idempotent: running setup again changes nothing."""
    s = SCHEMA
    tables = []
    for table, kind in RECORD_TABLES.items():
        owner_column = ",\n    owner text NOT NULL DEFAULT current_user" if kind in ("personal", "usage") else ""
        tables.append(f"""
CREATE TABLE IF NOT EXISTS {s}.{table} ({_RECORD_COLUMNS}{owner_column});
CREATE INDEX IF NOT EXISTS {table}_change_no ON {s}.{table} (change_no);
DROP TRIGGER IF EXISTS stamp_change ON {s}.{table};
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON {s}.{table}
    FOR EACH ROW EXECUTE FUNCTION {s}.stamp_change();
DROP TRIGGER IF EXISTS notify_change ON {s}.{table};
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE ON {s}.{table}
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.notify_change();
""")
    return f"""
CREATE SCHEMA IF NOT EXISTS {s};
CREATE TABLE IF NOT EXISTS {s}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS {s}.counter (
    id integer PRIMARY KEY CHECK (id = 1),
    change_no bigint NOT NULL,
    xact xid8
);
INSERT INTO {s}.counter (id, change_no) VALUES (1, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS {s}.agents (
    login text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    number text NOT NULL DEFAULT '',
    supervisor boolean NOT NULL DEFAULT false,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {s}.desks (
    desk uuid PRIMARY KEY,
    login text NOT NULL DEFAULT session_user,
    last_seen timestamptz NOT NULL DEFAULT now(),
    team_revision bigint NOT NULL DEFAULT 0,
    app_version text NOT NULL DEFAULT ''
);

CREATE OR REPLACE FUNCTION {s}.next_change() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE n bigint;
BEGIN
    -- the row lock taken here is held until this transaction ends: numbers follow commit order
    UPDATE {s}.counter SET change_no = change_no + 1, xact = pg_current_xact_id()
        WHERE id = 1 AND xact IS DISTINCT FROM pg_current_xact_id() RETURNING change_no INTO n;
    IF NOT FOUND THEN
        SELECT change_no INTO n FROM {s}.counter WHERE id = 1;
    END IF;
    RETURN n;
END $$;

CREATE OR REPLACE FUNCTION {s}.stamp_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    NEW.change_no := {s}.next_change();
    NEW.version := CASE WHEN TG_OP = 'UPDATE' THEN OLD.version + 1 ELSE 1 END;
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    IF TG_OP = 'UPDATE' THEN
        NEW.uid := OLD.uid;
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION {s}.notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{NOTIFY_CHANNEL}', '');  -- a wake-up only: delivered at commit, never stored
    RETURN NULL;
END $$;
{''.join(tables)}
-- one live customer per nick: two desks adding the same buyer while apart end with one record
CREATE UNIQUE INDEX IF NOT EXISTS customers_nick ON {s}.customers ((data->>'nick')) WHERE NOT deleted;
"""


_ADD_AGENT_SQL = """
CREATE OR REPLACE FUNCTION {s}.add_agent(agent_name text, agent_number text, as_supervisor boolean,
                                         verifier text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE login text;
DECLARE n integer;
BEGIN
    LOCK TABLE {s}.agents IN EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM {s}.agents WHERE name = agent_name) THEN
        RAISE EXCEPTION 'agent exists' USING ERRCODE = 'unique_violation';
    END IF;
    SELECT count(*) + 1 INTO n FROM {s}.agents;
    login := '{prefix}_agent' || n;
    WHILE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) LOOP
        n := n + 1;
        login := '{prefix}_agent' || n;
    END LOOP;
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', login, verifier,
                   CASE WHEN as_supervisor THEN '{supervisors}' ELSE '{agents}' END);
    INSERT INTO {s}.agents (login, name, number, supervisor) VALUES (login, agent_name, agent_number, as_supervisor);
    RETURN login;
END $$;
"""


def _grants_sql(roles: Roles) -> list[sql.Composed]:
    s = SCHEMA
    agents, supervisors = _ident(roles.agents), _ident(roles.supervisors)
    out: list[sql.Composed] = [
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(_ident(s)),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(_ident(s), agents),
        sql.SQL("GRANT SELECT ON {}.meta, {}.counter, {}.agents TO {}").format(
            _ident(s), _ident(s), _ident(s), agents),
        sql.SQL("REVOKE ALL ON FUNCTION {}.add_agent(text, text, boolean, text) FROM PUBLIC").format(_ident(s)),
        sql.SQL("GRANT EXECUTE ON FUNCTION {}.add_agent(text, text, boolean, text) TO {}").format(
            _ident(s), supervisors),
        sql.SQL("GRANT SELECT, INSERT, UPDATE ON {}.desks TO {}").format(_ident(s), agents),
    ]
    for table, kind in RECORD_TABLES.items():
        target = sql.SQL("{}.{}").format(_ident(s), _ident(table))
        if kind == "team":
            out.append(sql.SQL("GRANT SELECT ON {} TO {}").format(target, agents))
            out.append(sql.SQL("GRANT INSERT, UPDATE ON {} TO {}").format(target, supervisors))
        elif kind == "usage":
            out.append(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(target, agents))
        else:
            out.append(sql.SQL("GRANT SELECT, INSERT, UPDATE ON {} TO {}").format(target, agents))
    # row-level security: enabled AND forced (the owner role is bound too)
    personal = [t for t, k in RECORD_TABLES.items() if k == "personal"]
    for table in [*personal, "desks", "phrase_uses"]:
        target = sql.SQL("{}.{}").format(_ident(s), _ident(table))
        out.append(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(target))
        out.append(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(target))
    for table in personal:
        target = sql.SQL("{}.{}").format(_ident(s), _ident(table))
        out.append(sql.SQL("DROP POLICY IF EXISTS own_rows ON {}").format(target))
        out.append(sql.SQL("CREATE POLICY own_rows ON {} USING (owner = current_user) "
                           "WITH CHECK (owner = current_user)").format(target))
    desks = sql.SQL("{}.desks").format(_ident(s))
    out += [
        sql.SQL("DROP POLICY IF EXISTS own_desk ON {}").format(desks),
        sql.SQL("CREATE POLICY own_desk ON {} USING (login = current_user) "
                "WITH CHECK (login = current_user)").format(desks),
        sql.SQL("DROP POLICY IF EXISTS supervisors_read ON {}").format(desks),
        sql.SQL("CREATE POLICY supervisors_read ON {} FOR SELECT TO {} USING (true)").format(desks, supervisors),
    ]
    uses = sql.SQL("{}.phrase_uses").format(_ident(s))
    out += [
        sql.SQL("DROP POLICY IF EXISTS read_all ON {}").format(uses),
        sql.SQL("CREATE POLICY read_all ON {} FOR SELECT USING (true)").format(uses),
        sql.SQL("DROP POLICY IF EXISTS write_own ON {}").format(uses),
        sql.SQL("CREATE POLICY write_own ON {} FOR INSERT WITH CHECK (owner = current_user)").format(uses),
    ]
    return out


class SetupError(Exception):
    """The URL's role cannot set up a shop (not an owner/superuser), or the shop is another one."""


def setup(url: str, shop: str) -> dict[str, Any]:
    """Create (or confirm) the schema, roles, grants and the shop's name; idempotent."""
    with psycopg.connect(url, connect_timeout=10) as conn:
        database = conn.info.dbname
        roles = roles_for(database)
        existing = _read_meta(conn)
        if existing.get("shop") and existing["shop"] != shop:
            raise SetupError(f"shop:{existing['shop']}")
        if int(existing.get("schema_version", "0")) > SCHEMA_VERSION:
            raise SetupError(f"newer:{existing['schema_version']}")
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('deskassist.setup'))")
        _ensure_role(conn, roles.owner, "NOLOGIN CREATEROLE")
        _ensure_role(conn, roles.agents, "NOLOGIN")
        _ensure_role(conn, roles.supervisors, "NOLOGIN")
        member = conn.execute("SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                              "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = %s AND u.rolname = %s",
                              [roles.agents, roles.supervisors]).fetchone()
        if not member:
            conn.execute(sql.SQL("GRANT {} TO {}").format(_ident(roles.agents), _ident(roles.supervisors)))
        for group in (roles.agents, roles.supervisors):
            conn.execute(sql.SQL("GRANT {} TO {} WITH ADMIN OPTION").format(_ident(group), _ident(roles.owner)))
        conn.execute(_schema_sql(roles))
        conn.execute(_ADD_AGENT_SQL.format(s=SCHEMA, prefix=roles.prefix, agents=roles.agents,
                                           supervisors=roles.supervisors))
        owned = conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) <> %s",
            [SCHEMA, roles.owner]).fetchall()
        for (table,) in owned:
            conn.execute(sql.SQL("ALTER TABLE {}.{} OWNER TO {}").format(
                _ident(SCHEMA), _ident(table), _ident(roles.owner)))
        functions = conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s", [SCHEMA, roles.owner]).fetchall()
        for (signature,) in functions:
            conn.execute(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(signature), _ident(roles.owner)))
        if conn.execute("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = %s",
                        [SCHEMA]).fetchone() != (roles.owner,):
            conn.execute(sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(_ident(SCHEMA), _ident(roles.owner)))
        for statement in _grants_sql(roles):
            conn.execute(statement)
        for key, value in (("schema_version", str(SCHEMA_VERSION)), ("shop", shop)):
            conn.execute(f"INSERT INTO {SCHEMA}.meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                         [key, value])
        created = not existing
    return {"database": database, "shop": shop, "schema_version": SCHEMA_VERSION, "created": created,
            "roles": [roles.owner, roles.agents, roles.supervisors]}


def _read_meta(conn: psycopg.Connection[Any]) -> dict[str, str]:
    exists = conn.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.meta"]).fetchone()
    if not exists or exists[0] is None:
        return {}
    return dict(conn.execute(f"SELECT key, value FROM {SCHEMA}.meta").fetchall())


def read_meta(conn: psycopg.Connection[Any]) -> dict[str, str]:
    return _read_meta(conn)


def add_agent(conn: psycopg.Connection[Any], name: str, number: str, supervisor: bool) -> tuple[str, str]:
    """Create the agent's login; returns (login, password). The password is shown once and stored nowhere."""
    password = secrets.token_urlsafe(18)
    row = conn.execute(f"SELECT {SCHEMA}.add_agent(%s, %s, %s, %s)",
                       [name, number, supervisor, scram_verifier(password)]).fetchone()
    assert row is not None
    conn.commit()
    return row[0], password
