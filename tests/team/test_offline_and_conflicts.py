"""Offline desks, a restarted server, kill -9 during a sync, and two desks changing the same record."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time

import psycopg

from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService
from tests.team.conftest import Shop
from tests.team.helpers import da, js, ok
from tests.team.pg_cluster import Cluster


def _count(folder, sql: str) -> int:
    with sqlite3.connect(folder / "deskassist.db") as conn:
        return conn.execute(sql).fetchone()[0]


def test_offline_writes_queue_and_arrive_after_a_server_restart(shop: Shop, pg_cluster: Cluster) -> None:
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    pg_cluster.stop()
    try:
        ok(alice, "customers", "add", "离线买家", "--note", "断网时记下的")
        ok(alice, "handover", "write", "--summary", "断网交接")
        status = js(alice, "team", "status")
        assert status["connected"] is False and status["pending"] >= 2
        code, _out, err = da(alice, "team", "sync")
        assert code == 1 and "Cannot reach the team server" in err
    finally:
        pg_cluster.start()
    ok(alice, "team", "sync")
    assert js(alice, "team", "status")["pending"] == 0
    ok(bob, "team", "sync")
    assert js(bob, "customers", "show", "离线买家")["note"] == "断网时记下的"
    assert js(bob, "handover", "show")["summary"] == "断网交接"


def test_note_edited_on_two_desks_offline_keeps_both_texts(shop: Shop, pg_cluster: Cluster) -> None:
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    ok(alice, "customers", "add", "张三", "--note", "原始备注", "--tag", "老客")
    ok(bob, "team", "sync")
    pg_cluster.stop()
    try:
        ok(alice, "customers", "edit", "张三", "--note", "小美：要发顺丰")
        ok(alice, "customers", "tag", "张三", "顺丰")
        ok(bob, "customers", "edit", "张三", "--note", "阿强：地址改到公司")
        ok(bob, "customers", "tag", "张三", "改地址")
    finally:
        pg_cluster.start()
    for desk in (alice, bob, alice):
        ok(desk, "team", "sync")
    cards = [js(desk, "customers", "show", "张三") for desk in (alice, bob)]
    assert cards[0]["note"] == cards[1]["note"]
    for card in cards:
        texts = {card["note"], *(h["text"] for h in card["note_history"])}
        assert {"小美：要发顺丰", "阿强：地址改到公司"} <= texts
        assert set(card["tags"]) == {"老客", "顺丰", "改地址"}


def test_kill_9_during_sync_delivers_every_change_exactly_once(shop: Shop) -> None:
    day = shop.desk("day", "小美")
    evening = shop.desk("evening", "小美")
    session = open_session(day)
    try:
        with session.db.atomic():  # one transaction: 3,000 outbox rows at once
            memos = MemoService(session)
            for n in range(3000):
                memos.add(f"备忘 {n}")
    finally:
        session.close()
    assert js(day, "team", "status")["pending"] == 3000
    kills, half_done = 0, 0
    rng = random.Random(9)
    for _attempt in range(10):
        left = _count(day, "SELECT count(*) FROM team_outbox")
        if left == 0:
            break
        process = subprocess.Popen([sys.executable, "-m", "deskassist", "--data-dir", str(day), "team", "sync"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kill it once a batch has gone through, a random moment into the next one
        while process.poll() is None and _count(day, "SELECT count(*) FROM team_outbox") == left:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.15))
        if process.poll() is None:
            process.kill()
            kills += 1
        process.wait()
        half_done += 0 < _count(day, "SELECT count(*) FROM team_outbox") < 3000
    print(f"kill -9 during sync: {kills} kills, {half_done} left part of the outbox sent")
    assert kills >= 2
    ok(day, "team", "sync")
    ok(evening, "team", "sync")
    with psycopg.connect(shop.admin_url) as conn:
        texts = [r[0] for r in conn.execute(
            "SELECT data->>'text' FROM deskassist.memos WHERE data->>'text' LIKE '备忘 %'").fetchall()]
    assert len(texts) == 3000 and len(set(texts)) == 3000
    assert _count(evening, "SELECT count(*) FROM memos WHERE text LIKE '备忘 %'") == 3000
    assert _count(day, "SELECT count(*) FROM memos WHERE text LIKE '备忘 %'") == 3000
    assert js(day, "team", "status")["pending"] == 0


def test_older_app_refuses_a_newer_server_schema(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    with psycopg.connect(shop.admin_url) as conn:
        conn.execute("UPDATE deskassist.meta SET value = '99' WHERE key = 'schema_version'")
    ok(alice, "memos", "add", "写不上去")
    code, _out, err = da(alice, "team", "sync")
    assert code == 1 and "newer" in err and "update DeskAssist" in err
    assert js(alice, "team", "status")["pending"] == 1


def test_sslmode_in_the_join_url_is_honoured(shop: Shop) -> None:
    url = shop.urls["小美"] + "?sslmode=require"
    desk = shop.root / "tls"
    code, _out, err = da(desk, "team", "join", url)
    assert code == 1 and "SSL" in err  # the test server has no TLS: require refuses to fall back
    assert shop.urls["小美"].split(":")[2].split("@")[0] not in err  # the password is never shown


def test_second_supervisor_saving_over_a_newer_team_phrase_sees_the_difference(shop: Shop, pg_cluster: Cluster) -> None:
    shop.agent("副主管", supervisor=True)
    first = shop.desk("boss1", "主管")
    second = shop.desk("boss2", "副主管")
    ok(first, "phrases", "add", "--team", "-c", "标准话术", "-t", "运费", "-b", "满99包邮")
    ok(second, "team", "sync")
    pid = {d: next(p["id"] for p in js(d, "phrases", "list") if p["title"] == "运费") for d in (first, second)}
    ok(first, "phrases", "edit", str(pid[first]), "--body", "满79包邮")
    pg_cluster.stop()
    try:
        ok(second, "phrases", "edit", str(pid[second]), "--body", "满199包邮")
    finally:
        pg_cluster.start()
    out = ok(second, "team", "sync")
    assert "满199包邮" in out and "满79包邮" in out
    body = next(p["body"] for p in js(second, "phrases", "list") if p["title"] == "运费")
    assert body == "满79包邮"


def test_a_stale_supervisor_edit_online_shows_both_texts_at_once(shop: Shop) -> None:
    shop.agent("副主管", supervisor=True)
    first = shop.desk("boss1", "主管")
    second = shop.desk("boss2", "副主管")
    ok(first, "phrases", "add", "--team", "-c", "标准话术", "-t", "发票", "-b", "可以开电子发票")
    ok(second, "team", "sync")
    pid = {d: next(p["id"] for p in js(d, "phrases", "list") if p["title"] == "发票") for d in (first, second)}
    ok(first, "phrases", "edit", str(pid[first]), "--body", "可以开电子发票和纸质发票")
    out = ok(second, "phrases", "edit", str(pid[second]), "--body", "只开电子发票")  # not pulled yet
    assert "只开电子发票" in out and "可以开电子发票和纸质发票" in out
    with psycopg.connect(shop.admin_url) as conn:
        assert conn.execute("SELECT data->>'body' FROM deskassist.team_phrases WHERE data->>'title' = '发票'"
                            ).fetchone() == ("可以开电子发票和纸质发票",)


def test_the_same_buyer_added_on_two_desks_offline_becomes_one_customer(shop: Shop, pg_cluster: Cluster) -> None:
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    pg_cluster.stop()
    try:
        ok(alice, "customers", "add", "王五", "--note", "小美记：要开发票", "--tag", "发票")
        ok(bob, "customers", "add", "王五", "--note", "阿强记：怕压", "--tag", "易碎")
    finally:
        pg_cluster.start()
    for desk in (alice, bob, alice, bob):
        ok(desk, "team", "sync")
    cards = [js(desk, "customers", "show", "王五") for desk in (alice, bob)]
    assert cards[0]["note"] == cards[1]["note"]
    assert cards[0]["tags"] == cards[1]["tags"] == ["发票", "易碎"]
    for card in cards:
        assert {"小美记：要开发票", "阿强记：怕压"} <= {card["note"], *(h["text"] for h in card["note_history"])}
    with psycopg.connect(shop.admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM deskassist.customers WHERE data->>'nick' = '王五'"
                            ).fetchone() == (1,)


def test_a_join_cut_short_sends_the_desks_earlier_data_on_the_next_sync(shop: Shop, monkeypatch) -> None:
    from deskassist.team import sync

    alice = shop.root / "alice"
    ok(alice, "config", "set", "agent.name", "小美")
    ok(alice, "memos", "add", "入队前写的备忘")
    real_pull = sync.pull

    def lost_connection(*_args: object) -> None:
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(sync, "pull", lost_connection)
    code, _out, err = da(alice, "team", "join", shop.urls["小美"])
    assert code == 1 and "Cannot reach the team server" in err
    monkeypatch.setattr(sync, "pull", real_pull)
    ok(alice, "team", "sync")
    other = shop.desk("alice-evening", "小美")
    assert [m["text"] for m in js(other, "memos", "list")] == ["入队前写的备忘"]
