"""The server enforces the roles itself: an agent's own login cannot change team phrases or read another
agent's memos, whatever client it uses."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg.types.json import Jsonb

from deskassist.team import server
from tests.team.helpers import da, join_url, ok


def _login(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def test_setup_twice_changes_nothing(shop_db: str) -> None:
    server.setup(shop_db, "小美的服装店")
    with psycopg.connect(shop_db) as conn:
        before = conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity, "
            "coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'deskassist' ORDER BY 1").fetchall()
        policies = conn.execute("SELECT tablename, policyname, qual FROM pg_policies ORDER BY 1, 2").fetchall()
        meta = conn.execute("SELECT key, value FROM deskassist.meta ORDER BY 1").fetchall()
    server.setup(shop_db, "小美的服装店")
    with psycopg.connect(shop_db) as conn:
        assert conn.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity, "
            "coalesce(c.relacl::text, '') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'deskassist' ORDER BY 1").fetchall() == before
        assert conn.execute("SELECT tablename, policyname, qual FROM pg_policies ORDER BY 1, 2").fetchall() == policies
        assert conn.execute("SELECT key, value FROM deskassist.meta ORDER BY 1").fetchall() == meta
    assert ("schema_version", str(server.SCHEMA_VERSION)) in meta and ("shop", "小美的服装店") in meta
    owners = {row[1] for row in before}
    assert owners == {server.roles_for(shop_db.rsplit("/", 1)[1]).owner}
    memos = next(row for row in before if row[0] == "memos")
    assert memos[2] and memos[3]  # row-level security enabled and forced


def test_owner_role_cannot_log_in(shop_db: str) -> None:
    server.setup(shop_db, "shop")
    owner = server.roles_for(shop_db.rsplit("/", 1)[1]).owner
    with psycopg.connect(shop_db) as conn:
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", [owner]).fetchone() == (False,)


def test_agent_login_cannot_change_team_phrases_or_read_other_memos(shop_db: str, tmp_path) -> None:
    ok(tmp_path, "team", "setup", shop_db, "--shop", "shop")
    supervisor = join_url(ok(tmp_path, "team", "add-agent", "主管", "--supervisor", "--url", shop_db))
    alice = join_url(ok(tmp_path, "team", "add-agent", "小美", "--number", "007", "--url", shop_db))
    bob = join_url(ok(tmp_path, "team", "add-agent", "阿强", "--url", shop_db))
    phrase = uuid.uuid4()
    with _login(supervisor) as conn:
        conn.execute("INSERT INTO deskassist.team_phrases (uid, data) VALUES (%s, %s)",
                     [phrase, Jsonb({"title": "发货", "body": "48小时内发货"})])
    with _login(alice) as conn:
        conn.execute("INSERT INTO deskassist.memos (uid, data) VALUES (%s, %s)",
                     [uuid.uuid4(), Jsonb({"text": "小美的私人备忘"})])
        assert conn.execute("SELECT data->>'body' FROM deskassist.team_phrases").fetchall() == [("48小时内发货",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE deskassist.team_phrases SET data = '{}'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO deskassist.team_phrases (uid, data) VALUES (%s, '{}')", [uuid.uuid4()])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM deskassist.team_phrases")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE deskassist.memos DISABLE ROW LEVEL SECURITY")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET ROLE " + server.roles_for(shop_db.rsplit("/", 1)[1]).owner)
    with _login(bob) as conn:
        assert conn.execute("SELECT count(*) FROM deskassist.memos").fetchone() == (0,)
        assert conn.execute("UPDATE deskassist.memos SET data = '{}' RETURNING uid").fetchall() == []
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # RLS: cannot plant a memo as alice
            login = alice.split("//")[1].split(":")[0]
            conn.execute("INSERT INTO deskassist.memos (uid, data, owner) VALUES (%s, '{}', %s)",
                         [uuid.uuid4(), login])
    with _login(alice) as conn:
        assert conn.execute("SELECT data->>'text' FROM deskassist.memos").fetchall() == [("小美的私人备忘",)]


def test_add_agent_prints_a_working_join_url_once_and_refuses_agents(shop_db: str, tmp_path) -> None:
    ok(tmp_path, "team", "setup", shop_db, "--shop", "shop")
    out = ok(tmp_path, "team", "add-agent", "小美", "--url", shop_db)
    url = join_url(out)
    assert url.startswith("postgresql://") and out.count(url) == 1
    with _login(url) as conn:
        assert conn.execute("SELECT name FROM deskassist.agents WHERE login = current_user").fetchone() == ("小美",)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # an agent's login cannot create agents
            conn.execute("SELECT deskassist.add_agent('x', '', true, 'pw')")
    code, _out, err = da(tmp_path, "team", "add-agent", "小美", "--url", shop_db)
    assert code == 1 and "小美" in err


def test_change_numbers_follow_commit_order(shop_db: str) -> None:
    """The writer that starts first but commits last must not end below a number a reader already saw: the
    second writer waits for the first one's commit before it gets its number."""
    import threading
    import time

    server.setup(shop_db, "shop")
    first, second, watcher = (psycopg.connect(shop_db) for _ in range(3))
    try:
        first.execute("INSERT INTO deskassist.customers (uid, data) VALUES (%s, '{\"n\": 1}')", [uuid.uuid4()])
        second_pid = second.info.backend_pid

        def write_second() -> None:
            second.execute("INSERT INTO deskassist.customers (uid, data) VALUES (%s, '{\"n\": 2}')", [uuid.uuid4()])
            second.commit()

        thread = threading.Thread(target=write_second)
        thread.start()
        deadline = time.monotonic() + 20
        while watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                              [second_pid]).fetchone() != ("Lock",):
            watcher.rollback()
            assert time.monotonic() < deadline, "the second writer never waited for the first"
            time.sleep(0.02)
        first.commit()
        thread.join(20)
        rows = dict(watcher.execute("SELECT data->>'n', change_no FROM deskassist.customers").fetchall())
        assert rows["2"] == rows["1"] + 1
    finally:
        for conn in (first, second, watcher):
            conn.close()


def test_setup_refuses_another_shop_and_a_server_out_of_reach(shop_db: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    ok(tmp_path, "team", "setup", shop_db, "--shop", "甲店")
    code, _out, err = da(tmp_path, "team", "setup", shop_db, "--shop", "乙店")
    assert code == 1 and "甲店" in err
    unreachable = "postgresql://postgres:admin-secret@127.0.0.1:1/nowhere"
    code, _out, err = da(tmp_path, "team", "setup", unreachable, "--shop", "甲店")
    assert code == 1 and "Cannot reach the team server" in err and "admin-secret" not in err
