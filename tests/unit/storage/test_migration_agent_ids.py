"""m008: a database written by the name-keyed schema (m001-m007) upgrades with every record attributed to the
right agent, a rename afterwards reaches every record, and a failed upgrade leaves the file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deskassist.services.agents import AgentService
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.services.followups import FollowUpService
from deskassist.services.handover import HandoverService
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService
from deskassist.storage.database import open_database
from deskassist.storage.migrations import migrations

T = "2026-11-20 09:00:00"


def _old_database(path: Path) -> None:
    """The schema before m008, with rows that name agents: 阿强 is in the agents table, 小美 only in records
    (and once with a stray space), "" is no agent."""
    db = open_database(path, migrate=False)
    migrations.apply(db, stop_before="m008_agent_ids")
    rows = """
        INSERT INTO agents (id, name, number, created) VALUES (7, '阿强', '1001', '2026-11-01 08:00:00');
        INSERT INTO categories (id, name, position) VALUES (1, '问候', 0);
        INSERT INTO phrases (id, category_id, title, body, created, updated)
            VALUES (1, 1, '问候', '您好', '2026-11-01 08:00:00', '2026-11-01 08:00:00');
        INSERT INTO phrase_uses (phrase_id, category, agent, at) VALUES
            (1, '问候', '小美', '2026-11-20 10:00:00'), (1, '问候', '', '2026-11-20 10:01:00'),
            (1, '问候', '阿强', '2026-11-20 10:02:00');
        INSERT INTO customers (id, nick, nick_key, group_key, agent, created, updated)
            VALUES (1, 'lily2024', 'lily2024', 'vip', '阿强', '2026-11-19 09:00:00', '2026-11-20 09:00:00');
        INSERT INTO group_changes (customer_id, old_group, new_group, agent, at) VALUES
            (1, NULL, 'inquiry', '阿强', '2026-11-19 09:00:00'), (1, 'inquiry', 'vip', '小美', '2026-11-20 09:00:00');
        INSERT INTO followups (customer_id, text, due, agent, created, done_at, done_by) VALUES
            (1, '回访', '2026-11-21 10:00:00', '小美', '2026-11-20 09:00:00', '2026-11-21 10:00:00', '阿强');
        INSERT INTO aftersales_cases (kind, customer_id, agent, created, updated)
            VALUES ('return', 1, '小美', '2026-11-20 09:00:00', '2026-11-20 09:00:00');
        INSERT INTO memos (agent, text, created, updated) VALUES
            ('小美', '问尺码', '2026-11-18 09:00:00', '2026-11-18 09:00:00'),
            ('小美 ', '催付款', '2026-11-18 09:30:00', '2026-11-18 09:30:00'),
            ('阿强', '补货', '2026-11-19 09:00:00', '2026-11-19 09:00:00'),
            ('', '无人署名', '2026-11-19 09:00:00', '2026-11-19 09:00:00');
        INSERT INTO handover_notes (id, shift, shift_date, author, summary, created)
            VALUES (1, '白班', '2026-11-20', '阿强', '交班', '2026-11-20 17:50:00');
        INSERT INTO handover_items (note_id, kind, text, done_at, done_by)
            VALUES (1, 'chase', '催付', '2026-11-20 18:30:00', '小美');
        INSERT INTO handover_acks (note_id, agent, at) VALUES
            (1, '小美', '2026-11-20 18:05:00'), (1, '', '2026-11-20 18:06:00')
    """
    for statement in filter(None, (s.strip() for s in rows.split(";"))):
        db.execute(statement)
    db.close()


def test_an_old_database_upgrades_with_every_record_attributed(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    _old_database(path)
    session = open_session(tmp_path, seed=False)
    try:
        service = AgentService(session)
        assert [(a.id, a.name, a.number) for a in service.list()] == [(7, "阿强", "1001")]  # the list as before
        agents = {name: service.repo.by_name(name, listed_only=False) for name in ("小美", "阿强")}
        assert agents["小美"].created == "2026-11-18 09:00:00"  # its first record
        assert service.repo.id_of("小美 ") is None  # the stray space is the same agent
        memos = MemoService(session)
        assert sorted(m.text for m in memos.list(agent="小美")) == ["催付款", "问尺码"]
        assert [m.text for m in memos.list(agent="阿强")] == ["补货"]
        assert [m.text for m in memos.list(agent="")] == ["无人署名"]
        assert [u["agent"] for u in PhraseService(session).uses()] == ["小美", "", "阿强"]
        assert [(h.agent, h.agent_id) for h in CustomerService(session).history("lily2024")] == [
            ("阿强", 7), ("小美", agents["小美"].id)]
        assert CustomerService(session).get("lily2024").agent == "阿强"
        (followup,) = FollowUpService(session).repo.done_between("2026-11-21", "2026-11-22")
        assert (followup.agent, followup.done_by) == ("小美", "阿强")
        note = HandoverService(session).get(1)
        assert (note.author, note.author_id) == ("阿强", 7)
        assert [(a.agent, a.at) for a in note.acks] == [("小美", "2026-11-20 18:05:00"), ("", "2026-11-20 18:06:00")]
        assert note.items[0].done_by == "小美"

        AgentService(session).rename("小美", "美美")
        AgentService(session).rename("阿强", "强哥")
        assert sorted(m.text for m in memos.list(agent="美美")) == ["催付款", "问尺码"]
        note = HandoverService(session).get(1)
        assert (note.author, [a.agent for a in note.acks], note.items[0].done_by) == ("强哥", ["美美", ""], "美美")
        assert [u["agent"] for u in PhraseService(session).uses()] == ["美美", "", "强哥"]
        assert [h.agent for h in CustomerService(session).history("lily2024")] == ["强哥", "美美"]
    finally:
        session.close()


def test_the_upgraded_schema_keeps_no_agent_names_outside_agents(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    _old_database(path)
    open_database(path).close()
    conn = sqlite3.connect(path)
    try:
        columns = {(table, c[1]) for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                   for c in conn.execute(f"PRAGMA table_info({table})")}
        assert not {col for col in columns if col[1] in ("agent", "author", "done_by")}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        plan = " ".join(str(r) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM memos WHERE agent_id IS 1 AND deleted_at IS NULL "
            "ORDER BY (done_at IS NOT NULL), pinned DESC, updated DESC, id DESC"))
        assert "memos_list" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        conn.close()


def test_an_ack_by_the_same_agent_is_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    _old_database(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO handover_acks (note_id, agent, at) VALUES (1, '小美 ', '2026-11-20 18:09:00')")
    conn.commit()
    conn.close()
    db = open_database(path)
    try:
        assert db.execute("SELECT count(*), min(at) FROM handover_acks WHERE agent_id IS NOT NULL").fetchone() == (
            1, "2026-11-20 18:05:00")
        db.execute("INSERT OR IGNORE INTO handover_acks (note_id, agent_id, at) VALUES (1, NULL, ?)", [T])
        assert db.execute("SELECT count(*) FROM handover_acks WHERE agent_id IS NULL").fetchone() == (1,)
    finally:
        db.close()


def test_a_failed_upgrade_leaves_the_old_schema_and_data(tmp_path: Path) -> None:
    """A view of the shop's own over memos.agent makes DROP COLUMN fail half-way: nothing of m008 stays."""
    path = tmp_path / "deskassist.db"
    _old_database(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW shop_memo_counts AS SELECT agent, count(*) AS memos FROM memos GROUP BY agent")
    conn.commit()
    before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()
    with pytest.raises(sqlite3.OperationalError):
        open_database(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before
        assert conn.execute("SELECT name FROM agents").fetchall() == [("阿强",)]
        assert conn.execute("SELECT agent, memos FROM shop_memo_counts ORDER BY agent").fetchall() == [
            ("", 1), ("小美", 1), ("小美 ", 1), ("阿强", 1)]
        assert "m008_agent_ids" not in {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    finally:
        conn.close()
