"""Renaming an agent in the agents dialog: the memo book and handover notes follow the agent."""

from __future__ import annotations

from deskassist.services.agents import AgentService
from deskassist.services.handover import HandoverService
from deskassist.services.memos import MemoService
from deskassist.ui.notes.agents import AgentsDialog


def test_rename_the_selected_agent(qtbot, empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("小美", "1024")
    agents.add("阿强")
    agents.switch("小美")
    MemoService(empty_session).add("明天催付")
    HandoverService(empty_session).write("交班")
    dialog = AgentsDialog(agents, agents.switch)
    qtbot.addWidget(dialog)
    renamed: list[str] = []
    dialog.renamed.connect(renamed.append)
    dialog.list.setCurrentRow(0)
    dialog.name.setText("美美")
    dialog.rename_button.click()
    assert dialog.message.text() == "Agent 小美 is now called 美美."
    assert renamed == ["美美"]
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "美美 (ID 1024) — at the desk", "阿强"]
    assert dialog.name.text() == ""
    assert [m.agent for m in MemoService(empty_session).list()] == ["美美"]
    assert HandoverService(empty_session).latest().author == "美美"


def test_a_refused_rename_says_why_and_keeps_the_name_typed(qtbot, empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("小美")
    agents.add("阿强")
    dialog = AgentsDialog(agents, agents.switch)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    dialog.name.setText("阿强")
    dialog.rename_button.click()
    assert dialog.message.text() == "The agent 阿强 already exists"
    assert dialog.name.text() == "阿强"
    assert [a.name for a in agents.list()] == ["小美", "阿强"]


def test_rename_needs_a_selected_agent_and_a_new_name(qtbot, empty_session) -> None:
    agents = AgentService(empty_session)
    agents.add("小美")
    dialog = AgentsDialog(agents, agents.switch)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(-1)
    dialog.name.setText("美美")
    dialog.rename_button.click()
    assert dialog.message.text() == "Select an agent, type the new name, then press Rename."
    dialog.list.setCurrentRow(0)
    dialog.name.clear()
    dialog.rename_button.click()
    assert dialog.message.text() == "Select an agent, type the new name, then press Rename."
    assert [a.name for a in agents.list()] == ["小美"]
