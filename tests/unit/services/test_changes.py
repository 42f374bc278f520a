"""The change feed: what was committed reaches every listener once, after COMMIT; other connections' and other
processes' commits are noticed through PRAGMA data_version."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskassist.core.errors import UserError
from deskassist.core.models import PhraseDraft
from deskassist.services.changes import EXTERNAL, Change
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session


@pytest.fixture
def heard(empty_session: Session) -> list[Change]:
    found: list[Change] = []
    empty_session.changes.subscribe(found.append)
    return found


@pytest.fixture
def second(empty_session: Session) -> Iterator[Session]:
    """A second connection on the same data folder: to SQLite it is another process."""
    other = open_session(empty_session.data_dir, seed=False)
    yield other
    other.close()


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`deskassist --data-dir folder ARGS` as its own process."""
    env = {k: v for k, v in os.environ.items() if k not in ("DESKASSIST_HOME", "LC_ALL", "LANGUAGE")}
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args], check=True,
                          capture_output=True, text=True, env={**env, "LANG": "C.UTF-8"}, timeout=120, cwd="/")


def test_nothing_is_heard_until_the_outer_commit_and_then_once_per_kind(empty_session: Session,
                                                                        heard: list[Change]) -> None:
    feed = empty_session.changes
    with empty_session.db.atomic():
        feed.publish("phrases", [1])
        with empty_session.db.atomic():
            feed.publish("phrases", [2])
            feed.publish("memos", [7])
        assert heard == []
    assert heard == [Change("phrases", frozenset({1, 2})), Change("memos", frozenset({7}))]


def test_a_rolled_back_write_is_never_heard(empty_session: Session, heard: list[Change]) -> None:
    feed = empty_session.changes
    with pytest.raises(RuntimeError), empty_session.db.atomic():
        feed.publish("phrases", [1])
        raise RuntimeError
    with empty_session.db.atomic():
        feed.publish("memos", [1])
        with pytest.raises(RuntimeError), empty_session.db.atomic():  # a savepoint that rolls back
            feed.publish("phrases", [2])
            raise RuntimeError
    assert heard == [Change("memos", frozenset({1}))]


def test_ids_none_means_any_and_absorbs_ids(empty_session: Session, heard: list[Change]) -> None:
    with empty_session.db.atomic():
        empty_session.changes.publish("customers", [3])
        empty_session.changes.publish("customers")
    assert heard == [Change("customers", None)]


def test_outside_a_transaction_it_is_heard_at_once(empty_session: Session, heard: list[Change]) -> None:
    empty_session.changes.publish("agents", [4])
    assert heard == [Change("agents", frozenset({4}))]


def test_an_unknown_kind_is_a_programming_error(empty_session: Session) -> None:
    with pytest.raises(ValueError):
        empty_session.changes.publish("phrase", [1])


def test_a_failing_listener_does_not_make_a_committed_write_look_failed(empty_session: Session,
                                                                       heard: list[Change]) -> None:
    def broken(_change: Change) -> None:
        raise KeyError("小美")

    empty_session.changes.subscribe(broken)
    phrase = PhraseService(empty_session).add(PhraseDraft(category="问候", body="您好"))
    late: list[Change] = []
    empty_session.changes.subscribe(late.append)
    PhraseService(empty_session).delete(phrase.id)
    assert Change("phrases", frozenset({phrase.id})) in heard
    assert late == [Change("phrases", frozenset({phrase.id}))]


def test_unsubscribed_listeners_hear_nothing_more(empty_session: Session) -> None:
    found: list[Change] = []
    unsubscribe = empty_session.changes.subscribe(found.append)
    empty_session.changes.publish("handover")
    unsubscribe()
    empty_session.changes.publish("handover")
    assert found == [Change("handover")]


def test_every_service_publishes_what_it_changed(empty_session: Session, heard: list[Change]) -> None:
    from deskassist.services.aftersales import AftersalesService
    from deskassist.services.agents import AgentService
    from deskassist.services.followups import FollowUpService
    from deskassist.services.handover import HandoverService

    customer = CustomerService(empty_session).add("小美")
    memo = MemoService(empty_session).add("回访 @小美")
    followup = FollowUpService(empty_session).add("回访", "明天 10:00", buyer="小美")
    case = AftersalesService(empty_session).add("refund", buyer="小美")
    agent = AgentService(empty_session).add("阿青")
    note = HandoverService(empty_session).write("交班")
    empty_session.settings.set("shop.name", "花花女装")
    kinds = {(c.kind, c.ids) for c in heard}
    assert {("customers", frozenset({customer.id})), ("memos", frozenset({memo.id})),
            ("followups", frozenset({followup.id})), ("cases", frozenset({case.id})),
            ("agents", frozenset({agent.id})), ("handover", frozenset({note.id})), ("settings", None)} <= kinds


def test_own_commits_are_not_external(empty_session: Session, heard: list[Change]) -> None:
    PhraseService(empty_session).add(PhraseDraft(category="问候", body="您好"))
    assert not empty_session.changes.check_external()
    assert all(c.kind != EXTERNAL for c in heard)


def test_another_connections_phrase_is_found_after_the_check(empty_session: Session, second: Session,
                                                              heard: list[Change]) -> None:
    phrases = PhraseService(empty_session)
    assert phrases.search("fh") == []
    PhraseService(second).add(PhraseDraft(category="发货", body="48小时内发货", code="fh"))
    assert phrases.search("fh") == []  # the index is a cache: it does not read the file on every key
    assert empty_session.changes.check_external()
    assert heard == [Change(EXTERNAL)]
    assert [p.code for p in phrases.search("fh")] == ["fh"]
    assert not empty_session.changes.check_external()  # once per commit


def test_another_connections_setting_reaches_the_settings_and_their_listeners(empty_session: Session,
                                                                               second: Session) -> None:
    told: list[tuple[str, object]] = []
    empty_session.settings.on_change(lambda key, value: told.append((key, value)))
    second.settings.set("agent.name", "小美")
    second.settings.set("ui.panel_edge", "left")
    assert empty_session.settings.get("agent.name") == ""
    empty_session.changes.check_external()
    assert empty_session.settings.get("agent.name") == "小美"
    assert sorted(told) == [("agent.name", "小美"), ("ui.panel_edge", "left")]


def test_a_memo_written_elsewhere_is_found_without_a_timer(empty_session: Session, second: Session) -> None:
    memos = MemoService(empty_session)
    assert memos.search("退款") == []
    MemoService(second).add("退款 已处理")
    assert [m.text for m in memos.search("退款")] == ["退款 已处理"]


def test_a_deleted_buyer_leaves_the_memo_index_without_any_import_between_them(empty_session: Session) -> None:
    customers = CustomerService(empty_session)
    customers.add("小美")
    memos = MemoService(empty_session)
    memos.add("回访", buyer="小美")
    assert len(memos.search("@小美")) == 1
    customers.delete("小美")
    assert memos.search("@小美") == []
    source = Path(sys.modules["deskassist.services.customers"].__file__ or "").read_text(encoding="utf-8")
    assert "services.memos" not in source


def test_a_phrase_added_with_the_cli_process_is_seen(empty_session: Session, heard: list[Change]) -> None:
    phrases = PhraseService(empty_session)
    assert phrases.search("thk") == []
    _cli(empty_session.data_dir, "phrases", "add", "--category", "问候", "--body", "感谢您的耐心等待", "--code", "thk")
    assert empty_session.changes.check_external()
    assert [p.code for p in phrases.search("thk")] == ["thk"]


def test_config_set_in_another_process_reaches_the_settings(empty_session: Session) -> None:
    told: list[str] = []
    empty_session.settings.on_change(lambda key, _value: told.append(key))
    _cli(empty_session.data_dir, "config", "set", "agent.name", "小美")
    empty_session.changes.check_external()
    assert empty_session.settings.get("agent.name") == "小美"
    assert told == ["agent.name"]


def test_a_restored_backup_reaches_settings_listeners(empty_session: Session, tmp_path: Path) -> None:
    from deskassist.services.backup import backup, restore

    empty_session.settings.set("ui.start_at_login", True)
    saved = backup(empty_session, tmp_path / "with-autostart.db")
    empty_session.settings.set("ui.start_at_login", False)
    told: list[tuple[str, object]] = []
    empty_session.settings.on_change(lambda key, value: told.append((key, value)))
    restore(empty_session, saved)
    assert empty_session.settings.get("ui.start_at_login") is True
    assert told == [("ui.start_at_login", True)]


def test_a_refused_agent_switch_announces_nothing(empty_session: Session, heard: list[Change]) -> None:
    from deskassist.services.agents import AgentService

    with pytest.raises(UserError):
        AgentService(empty_session).switch("nobody")
    assert heard == []
