"""The agent named in Settings is on the desk's list, and a switch never loses them nor says nothing."""

from __future__ import annotations

from deskassist.services.agents import AgentService
from deskassist.services.memos import MemoService


def test_the_agent_named_in_settings_is_listed(empty_session) -> None:
    empty_session.settings.set("agent.name", "小美")
    empty_session.settings.set("agent.id", "2001")
    agents = AgentService(empty_session)
    assert [(a.name, a.number) for a in agents.list()] == [("小美", "2001")]


def test_listed_once_when_their_row_exists_unlisted(empty_session) -> None:
    empty_session.settings.set("agent.name", "小美")
    MemoService(empty_session).add("记一笔")  # creates 小美's row, not on the list
    agents = AgentService(empty_session)
    agents.add("小李", "1002")
    assert [a.name for a in agents.list()] == ["小李", "小美"]
    assert agents.get("小美").id > 0


def test_switching_away_keeps_the_settings_agent_on_the_list(empty_session) -> None:
    empty_session.settings.set("agent.name", "小美")
    empty_session.settings.set("agent.id", "2001")
    agents = AgentService(empty_session)
    agents.add("小李", "1002")
    agents.switch("小李")
    assert [(a.name, a.number) for a in agents.list()] == [("小李", "1002"), ("小美", "2001")]
    agents.switch("小美")
    assert (empty_session.settings.get("agent.name"), empty_session.settings.get("agent.id")) == ("小美", "2001")


def test_switch_changes_name_what_settings_will_change(empty_session) -> None:
    empty_session.settings.set("agent.name", "小美")
    empty_session.settings.set("agent.id", "2001")
    agents = AgentService(empty_session)
    agents.add("小李", "1002")
    assert agents.switch_changes("小李") == [("agent.name", "小美", "小李"), ("agent.id", "2001", "1002")]
    assert agents.switch_changes("小美") == []
    assert empty_session.settings.get("agent.name") == "小美"
