"""The customer-notes schema (m002-m004) and its repositories on real SQLite files."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from deskassist.storage.agents_repo import AgentsRepo
from deskassist.storage.customers_repo import CustomersRepo
from deskassist.storage.database import connect, open_database
from deskassist.storage.memos_repo import MemosRepo
from deskassist.storage.migrations import migrations

NOTES_TABLES = {"customer_groups", "customers", "customer_tags", "group_changes", "followups", "aftersales_cases",
                "agents", "memos", "handover_notes", "handover_items", "handover_acks"}


def test_fresh_database_has_the_notes_tables_and_builtin_groups(tmp_path: Path) -> None:
    db = open_database(tmp_path / "deskassist.db")
    assert set(db.table_names()) >= NOTES_TABLES
    assert [(g.key, g.builtin) for g in CustomersRepo(db).groups()] == [
        ("inquiry", True), ("buyer", True), ("vip", True)]
    applied = [m.name for m in migrations.applied(db)]
    assert applied.index("m002_customers") < applied.index("m003_memos_agents") < applied.index("m004_handover")


def test_upgrade_from_a_database_with_only_m001_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "deskassist.db"
    old = connect(path)
    migrations.apply(old, stop_before="m002_customers")
    old.execute("INSERT INTO categories (name) VALUES ('问候')")
    old.conn.commit()
    assert not NOTES_TABLES & set(old.table_names())
    old.close()
    db = open_database(path)
    assert set(db.table_names()) >= NOTES_TABLES
    assert db.execute("SELECT name FROM categories").fetchall() == [("问候",)]
    assert migrations.pending(db) == []


def _customer_row(i: int, nick: str, initials: str) -> dict:
    return {"nick": nick, "nick_key": nick.casefold(), "nick_pinyin": initials, "nick_initials": initials,
            "platform": "taobao", "group_key": "buyer", "note": "", "phone": "", "lost_reason": "",
            "lost_note": "", "lost_at": None, "agent_id": None, "created": "2026-11-22 10:00:00",
            "updated": "2026-11-22 10:00:00"}


def test_bulk_insert_and_prefix_lookups_use_the_indexes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "deskassist.db")
    repo = CustomersRepo(db)
    rows = [_customer_row(i, f"buyer{i:04d}", f"b{i:04d}") for i in range(1000)]
    assert repo.bulk_insert(rows, [("犹豫",) if i % 10 == 0 else () for i in range(1000)]) == 1000
    assert [c.nick for c in repo.find_prefix("nick_key", "buyer099", 20)] == [f"buyer099{d}" for d in range(10)]
    assert [c.nick for c in repo.find_prefix("nick_initials", "b000", 3)] == ["buyer0000", "buyer0001",
                                                                             "buyer0002"]
    assert len(repo.find_tag_prefix("犹", 500)) == 100
    assert repo.find_tag_prefix("犹", 5)[0].tags == ("犹豫",)
    for column, index in (("nick_key", "customers_nick_key"), ("nick_initials", "customers_initials"),
                          ("nick_pinyin", "customers_pinyin")):
        plan = " ".join(str(r) for r in db.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM customers WHERE {column} >= ? AND {column} < ? LIMIT 20",
            ["b", "b\U0010ffff"]).fetchall())
        assert f"SEARCH customers USING INDEX {index}" in plan, plan
    plan = " ".join(str(r) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT customer_id FROM customer_tags WHERE tag >= ? AND tag < ?", ["a", "b"]))
    assert "SEARCH customer_tags USING COVERING INDEX customer_tags_tag" in plan, plan


def test_memo_rows_round_trip(tmp_path: Path) -> None:
    db: sqlite_utils.Database = open_database(tmp_path / "deskassist.db")
    repo = MemosRepo(db)
    agents = AgentsRepo(db)
    qiang, li = (agents.insert(name, "", "2026-11-22 09:00:00") for name in ("阿强", "小李"))
    assert repo.bulk_insert([(qiang, "尺码问题", None, ("尺码",), "2026-11-22 10:00:00")]) == 1
    memo = repo.list(qiang)[0]
    assert (memo.agent, memo.agent_id) == ("阿强", qiang)
    assert (memo.text, memo.tags, memo.pinned, memo.done) == ("尺码问题", ("尺码",), False, False)
    assert [m.id for m in repo.search(qiang, ["尺码"], ["尺码"], [])] == [memo.id]
    assert repo.search(li, ["尺码"], [], []) == []
    assert repo.list(None) == []


def test_customers_memos_and_their_tags_are_read_by_ids_with_one_statement_whatever_the_count(
        tmp_path: Path, monkeypatch) -> None:
    """An IN list of ?s is a new statement for every count, each kept in the connection's statement cache."""
    from deskassist.services.customers import CustomerService
    from deskassist.services.data_folder import open_session
    from deskassist.services.memos import MemoService

    session = open_session(tmp_path)
    customers = CustomerService(session)
    ids = [customers.add(f"tb_买家{n}", tags=["回头客"]).id for n in range(12)]
    memo_ids = [MemoService(session).add(f"第{n}条备忘").id for n in range(12)]
    texts: set[str] = set()
    execute = session.db.execute
    monkeypatch.setattr(session.db, "execute", lambda sql, *args: texts.add(sql) or execute(sql, *args))
    repo, memos = CustomersRepo(session.db), MemosRepo(session.db)
    for count in (1, 5, 12):
        assert [c.id for c in repo.by_ids(ids[:count])] == ids[:count]
        assert all(c.tags == ("回头客",) for c in repo.by_ids(ids[:count]))
        assert [m.id for m in memos.by_ids(memo_ids[:count])] == memo_ids[:count]
    assert len(texts) == 3  # customers, their tags, memos: one text each
    session.close()
