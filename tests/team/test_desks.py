"""Several desks (separate data folders, separate logins) against one real server."""

from __future__ import annotations

import os
import sqlite3
import stat

import psycopg

from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from tests.team.conftest import Shop
from tests.team.helpers import da, js, ok


def _phrase_id(folder, title: str) -> int:
    return next(p["id"] for p in js(folder, "phrases", "list") if p["title"] == title)


def test_supervisor_publishes_and_every_desk_receives(shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "发货承诺", "-b", "亲，48小时内发货哦")
    assert js(boss, "team", "status")["pending"] == 0  # pushed at once
    for desk in (alice, bob):
        ok(desk, "team", "sync")
        assert any(p["title"] == "发货承诺" for p in js(desk, "phrases", "list"))
        status = js(desk, "team", "status")
        assert status["team_revision"] > 0 and status["role"] == "agent" and status["connected"] is True
    assert js(alice, "team", "status")["team_revision"] == js(boss, "team", "status")["team_revision"]


def test_agent_cannot_edit_or_delete_a_team_phrase(shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "退换", "-b", "七天无理由退换")
    alice = shop.desk("alice", "小美")
    phrase = _phrase_id(alice, "退换")
    for args in (("edit", str(phrase), "--body", "改掉"), ("delete", str(phrase))):
        code, _out, err = da(alice, "phrases", *args)
        assert code == 1 and "only a supervisor" in err
    assert js(alice, "team", "status")["pending"] == 0
    ok(boss, "phrases", "edit", str(_phrase_id(boss, "退换")), "--body", "七天无理由退换，运费险包来回")
    ok(alice, "team", "sync")
    assert next(p for p in js(alice, "phrases", "list") if p["title"] == "退换")["body"] == "七天无理由退换，运费险包来回"


def test_agent_desk_cannot_add_agents_but_supervisor_desk_can(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    code, _out, err = da(alice, "team", "add-agent", "新人")
    assert code == 1 and "supervisor" in err
    boss = shop.desk("boss", "主管")
    url = ok(boss, "team", "add-agent", "新人", "--number", "009").strip().splitlines()[-1]
    newbie = shop.root / "newbie"
    ok(newbie, "team", "join", url)
    assert js(newbie, "team", "status")["agent"] == "新人"
    code, _out, err = da(alice, "team", "desks")
    assert code == 1
    desks = js(boss, "team", "desks")
    assert {d["agent"] for d in desks} >= {"小美", "主管", "新人"}
    assert all("team_revision" in d and "last_seen" in d and "app_version" in d for d in desks)


def test_password_only_in_an_owner_only_file_and_never_logged(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    password = shop.urls["小美"].split(":")[2].split("@")[0]
    secret = alice / "team.secret"
    assert secret.read_text() == password
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    ok(alice, "team", "sync")
    for path in alice.rglob("*"):
        if path.is_file() and path != secret:
            assert password.encode() not in path.read_bytes(), path
    assert password not in ok(alice, "team", "status")


def test_memos_roam_between_one_agents_desks_and_stay_private(shop: Shop) -> None:
    home = shop.desk("alice-day", "小美")
    evening = shop.desk("alice-evening", "小美")
    bob = shop.desk("bob", "阿强")
    ok(home, "memos", "add", "给VIP客户回电话")
    ok(evening, "team", "sync")
    ok(bob, "team", "sync")
    assert [m["text"] for m in js(evening, "memos", "list")] == ["给VIP客户回电话"]
    assert js(bob, "memos", "list", "--agent", "小美") == []
    # the default pack did not double on the agent's second desk
    assert len(js(evening, "phrases", "list")) == len(js(home, "phrases", "list"))


def test_handover_written_at_one_desk_is_acknowledged_at_another(shop: Shop) -> None:
    day = shop.desk("day", "小美")
    evening = shop.desk("evening", "阿强")
    ok(day, "handover", "write", "--summary", "白班交接", "--item", "reply:给张三回电话")
    ok(evening, "team", "sync")
    note = js(evening, "handover", "show")
    assert note["summary"] == "白班交接"
    ok(evening, "handover", "ack")
    ok(day, "team", "sync")
    assert [a["agent"] for a in js(day, "handover", "show")["acknowledged_by"]] == ["阿强"]


def test_leave_keeps_a_local_copy(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    ok(alice, "customers", "add", "买家甲", "--note", "老客户")
    ok(alice, "team", "leave")
    assert js(alice, "team", "status")["server"] is None
    assert not (alice / "team.secret").exists()
    assert js(alice, "customers", "show", "买家甲")["note"] == "老客户"
    ok(alice, "customers", "add", "买家乙")  # a solo desk again: no outbox, no server


def test_follow_ups_cases_and_deletes_reach_the_other_desks(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    ok(alice, "customers", "add", "李四", "--tag", "催发货")
    ok(alice, "followups", "add", "明天问物流", "--buyer", "李四", "--due", "2030-01-02 10:00")
    ok(alice, "cases", "add", "refund", "--order", "TB123", "--buyer", "李四")
    ok(alice, "customers", "add", "要删的买家")
    ok(bob, "team", "sync")
    assert [f["text"] for f in js(bob, "followups", "list")] == ["明天问物流"]
    case = js(bob, "cases", "list")[0]
    assert case["order_no"] == "TB123" and case["nick"] == "李四"
    assert js(bob, "customers", "show", "李四")["tags"] == ["催发货"]
    session = open_session(bob)
    try:
        CustomerService(session).delete("要删的买家")  # the customers window's delete (no CLI command)
    finally:
        session.close()
    ok(bob, "team", "sync")
    ok(alice, "team", "sync")
    code, _out, _err = da(alice, "customers", "show", "要删的买家")
    assert code == 1
    with psycopg.connect(shop.admin_url) as conn:  # nothing of a deleted customer stays
        assert conn.execute("SELECT count(*) FROM deskassist.customers WHERE deleted AND data <> '{}'"
                            ).fetchone() == (0,)


def test_personal_phrases_roam_to_the_agents_other_desk_only(shop: Shop) -> None:
    day = shop.desk("day", "小美")
    ok(day, "phrases", "add", "-c", "我的", "-t", "小美专用", "-b", "我是小美，很高兴为您服务")
    evening = shop.desk("evening", "小美")
    bob = shop.desk("bob", "阿强")
    assert any(p["title"] == "小美专用" for p in js(evening, "phrases", "list"))
    assert not any(p["title"] == "小美专用" for p in js(bob, "phrases", "list"))


def test_leaving_and_joining_again_does_not_duplicate(shop: Shop) -> None:
    alice = shop.desk("alice", "小美")
    ok(alice, "memos", "add", "只有一条")
    ok(alice, "handover", "write", "--summary", "一次交接")
    ok(alice, "team", "leave")
    ok(alice, "team", "join", shop.urls["小美"])
    with psycopg.connect(shop.admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM deskassist.memos").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM deskassist.handover_notes").fetchone() == (1,)


def test_phrase_use_counts_reach_the_team_per_agent(shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "问候", "-b", "您好，在的～")
    alice = shop.desk("alice", "小美")
    session = open_session(alice)
    try:
        from deskassist.services.phrases import PhraseService

        phrases = PhraseService(session)
        team_phrase = next(p for p in phrases.list() if p.title == "问候")
        own = next(p for p in phrases.list() if p.title != "问候")
        phrases.record_use(team_phrase.id, "小美")
        phrases.record_use(own.id, "小美")
        phrases.delete(own.id)  # its uses stay, without the phrase: a local change that is not sent
    finally:
        session.close()
    ok(alice, "team", "sync")
    assert js(alice, "team", "status")["pending"] == 0
    ok(boss, "team", "sync")
    with psycopg.connect(shop.admin_url) as conn:
        rows = conn.execute("SELECT owner, data->>'agent' FROM deskassist.phrase_uses").fetchall()
    assert len(rows) == 2 and {r[1] for r in rows} == {"小美"}
    with sqlite3.connect(boss / "deskassist.db") as db:
        assert db.execute("SELECT p.title FROM phrase_uses u JOIN agents a ON a.id = u.agent_id "
                          "LEFT JOIN phrases p ON p.id = u.phrase_id WHERE a.name = '小美' ORDER BY p.title"
                          ).fetchall() == [(None,), ("问候",)]


def test_a_supervisor_made_an_agent_on_the_server_is_an_agent_on_the_next_sync(shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "售后", "-b", "售后问题请联系在线客服")
    login = shop.urls["主管"].split("//")[1].split(":")[0]
    roles = login.rsplit("_agent", 1)[0]
    with psycopg.connect(shop.admin_url, autocommit=True) as conn:
        conn.execute("UPDATE deskassist.agents SET supervisor = false WHERE login = %s", [login])
        conn.execute(f'REVOKE "{roles}_supervisors" FROM "{login}"')
        conn.execute(f'GRANT "{roles}_agents" TO "{login}"')
    ok(boss, "team", "sync")
    assert js(boss, "team", "status")["role"] == "agent"
    code, _out, err = da(boss, "phrases", "edit", str(_phrase_id(boss, "售后")), "--body", "改")
    assert code == 1 and "only a supervisor" in err


def test_a_customers_form_of_address_reaches_the_other_desks(shop: Shop) -> None:
    """称呼 is the shop's knowledge of the buyer: set at one desk, {客户} says it at every desk."""
    alice = shop.desk("alice", "小美")
    bob = shop.desk("bob", "阿强")
    ok(alice, "customers", "add", "tb_王姐2024")
    ok(alice, "customers", "edit", "tb_王姐2024", "--address", "王姐")
    ok(bob, "team", "sync")
    assert js(bob, "customers", "show", "tb_王姐2024")["salutation"] == "王姐"
