"""Records keep the agent's id, not their display name: a rename keeps their memo book, notes, acks, phrase
uses and group changes, all shown under the new name."""

from __future__ import annotations

from datetime import datetime

import pytest

from deskassist.core.errors import UserError
from deskassist.core.models import PhraseDraft
from deskassist.services.aftersales import AftersalesService
from deskassist.services.agents import AgentService
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.handover import HandoverService, ItemDraft
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService


@pytest.fixture
def desk(empty_session):
    """阿强 wrote the day shift's note, 小美 works the evening: memos, acks, uses, group moves by both."""
    session = empty_session
    session.clock.moment = datetime(2026, 11, 22, 16, 40)
    agents = AgentService(session)
    agents.add("阿强", "1001")
    agents.add("小美", "1002")
    customers = CustomerService(session)
    customers.add("lily2024", agent="阿强")
    customers.set_group("lily2024", "vip", agent="小美")
    memos = MemoService(session)
    memos.add("问 @lily2024 尺码 #尺码", agent="小美")
    memos.add("明天催付", agent="小美")
    memos.add("阿强的备忘", agent="阿强")
    handover = HandoverService(session)
    note = handover.write("白班交接", [ItemDraft("chase", "催 @lily2024 付款")], agent="阿强")
    phrase = PhraseService(session).add(PhraseDraft(category="问候", title="问候", body="您好"))
    PhraseService(session).record_use(phrase.id, agent="小美")
    FollowUpService(session).add("回访", "2026-11-23 10:00", buyer="lily2024", agent="小美")
    AftersalesService(session).add("return", "TB1", buyer="lily2024", agent="小美")
    session.clock.moment = datetime(2026, 11, 22, 18, 5)  # the evening shift has started
    agents.switch("小美")
    handover.ack(note.id)
    handover.set_item_done(note.items[0].id)
    return session, note.id


def test_a_renamed_agent_keeps_everything_under_the_new_name(desk) -> None:
    session, note_id = desk
    AgentService(session).rename("小美", "美美")
    memos = MemoService(session)
    assert sorted(m.text for m in memos.list()) == ["明天催付", "问 @lily2024 尺码 #尺码"]
    assert [m.agent for m in memos.list()] == ["美美", "美美"]
    assert [m.text for m in memos.search("尺码")] == ["问 @lily2024 尺码 #尺码"]
    assert [m.text for m in memos.list(agent="阿强")] == ["阿强的备忘"]
    handover = HandoverService(session)
    note = handover.get(note_id)
    assert [a.agent for a in note.acks] == ["美美"]
    assert note.items[0].done_by == "美美"
    assert handover.pending_ack() is None  # already acknowledged, before the rename
    assert [u["agent"] for u in PhraseService(session).uses()] == ["美美"]
    history = CustomerService(session).history("lily2024")
    assert [(h.new_group, h.agent) for h in history] == [("inquiry", "阿强"), ("vip", "美美")]
    assert FollowUpService(session).open()[0].agent == "美美"
    assert AftersalesService(session).list()[0].agent == "美美"
    assert session.settings.get("agent.name") == "美美"


def test_a_renamed_author_keeps_their_notes(desk) -> None:
    session, note_id = desk
    AgentService(session).rename("阿强", "强哥")
    handover = HandoverService(session)
    assert handover.get(note_id).author == "强哥"
    assert [n.id for n in handover.history(author="强哥")] == [note_id]
    assert handover.history(author="阿强") == []
    assert MemoService(session).list(agent="阿强") == []
    assert CustomerService(session).get("lily2024").agent == "强哥"
    assert session.settings.get("agent.name") == "小美"  # the current agent is someone else


def test_a_new_agent_with_the_old_name_starts_an_empty_book(desk) -> None:
    session, _note_id = desk
    agents = AgentService(session)
    agents.rename("小美", "美美")
    agents.add("小美")
    assert MemoService(session).list(agent="小美") == []
    assert len(MemoService(session).list(agent="美美")) == 2


def test_rename_refuses_unknown_taken_and_bad_names(desk) -> None:
    session, _note_id = desk
    agents = AgentService(session)
    with pytest.raises(UserError, match="No agent"):
        agents.rename("王芳", "芳芳")
    with pytest.raises(UserError, match="already exists"):
        agents.rename("小美", "阿强")
    with pytest.raises(UserError, match="1 to 32"):
        agents.rename("小美", "  ")
    assert [a.name for a in agents.list()] == ["小美", "阿强"]


def test_a_removed_agent_keeps_their_records_and_comes_back_with_them(desk) -> None:
    session, note_id = desk
    agents = AgentService(session)
    agents.remove("阿强")
    assert [a.name for a in agents.list()] == ["小美"]
    assert HandoverService(session).get(note_id).author == "阿强"
    agents.add("阿强", "3003")
    assert [m.text for m in MemoService(session).list(agent="阿强")] == ["阿强的备忘"]
    assert [(a.name, a.number) for a in agents.list()] == [("小美", "1002"), ("阿强", "3003")]


def test_an_agent_named_only_in_settings_gets_an_id_on_the_first_write(empty_session) -> None:
    empty_session.settings.set("agent.name", "夜班同事")
    agents = AgentService(empty_session)
    assert MemoService(empty_session).list() == []
    assert agents.repo.id_of("夜班同事") is None  # reading writes nothing
    MemoService(empty_session).add("交接前补货")
    assert [a.name for a in agents.list()] == ["夜班同事"]  # named in Settings, so on the desk's list (issue 12)
    agents.rename("夜班同事", "小周")
    assert [m.agent for m in MemoService(empty_session).list()] == ["小周"]
    assert empty_session.settings.get("agent.name") == "小周"


def test_adding_an_agent_known_from_records_adopts_them(empty_session) -> None:
    empty_session.settings.set("agent.name", "小周")
    HandoverService(empty_session).write("交班")
    agents = AgentService(empty_session)
    added = agents.add("小周", "2048")
    assert [(a.name, a.number) for a in agents.list()] == [("小周", "2048")]
    assert HandoverService(empty_session).latest().author_id == added.id
    with pytest.raises(UserError, match="already exists"):
        agents.add("小周")


def test_no_configured_agent_keeps_its_own_book(empty_session) -> None:
    memos = MemoService(empty_session)
    memos.add("无人署名")
    assert [(m.text, m.agent) for m in memos.list()] == [("无人署名", "")]
    assert memos.list(agent="小美") == []
    assert AgentService(empty_session).list() == []
