"""Agents who share the desk, and the current agent that memos, notes and changes record."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.services.agents import AgentService
from deskassist.services.customers import CustomerService
from deskassist.services.memos import MemoService


def test_add_switch_and_record(empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("阿强", "1001")
    agents.add("小李", "1002")
    assert [(a.name, a.number) for a in agents.list()] == [("小李", "1002"), ("阿强", "1001")]
    assert agents.current().name == ""
    agents.switch("小李")
    assert (empty_session.settings.get("agent.name"), empty_session.settings.get("agent.id")) == ("小李", "1002")
    assert agents.current().number == "1002"
    CustomerService(empty_session).add("tb_lily")
    CustomerService(empty_session).set_group("tb_lily", "vip")
    assert CustomerService(empty_session).history("tb_lily")[-1].agent == "小李"
    assert MemoService(empty_session).add("记一笔").agent == "小李"
    with pytest.raises(UserError, match="No agent"):
        agents.switch("王芳")
    assert empty_session.settings.get("agent.name") == "小李"


def test_rename_follows_the_current_agent_and_duplicates_are_refused(empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("阿强", "1001")
    agents.switch("阿强")
    agents.update("阿强", new_name="强哥", number="2001")
    assert (empty_session.settings.get("agent.name"), empty_session.settings.get("agent.id")) == ("强哥", "2001")
    agents.add("小李")
    with pytest.raises(UserError, match="already exists"):
        agents.add("小李")
    with pytest.raises(UserError, match="already exists"):
        agents.update("小李", new_name="强哥")
    with pytest.raises(UserError):
        agents.add("  ")
    assert agents.remove("小李").name == "小李"
    assert [a.name for a in agents.list()] == ["强哥"]
    assert agents.resolve(None) == "强哥" and agents.resolve("夜班同事") == "夜班同事"
