"""First-run setup on a real data folder: asked once, all answers in one go, the agent listed on this desk."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.services.agents import AgentService
from deskassist.services.phrases import PhraseService
from deskassist.services.setup import SetupAnswers, SetupService


def test_a_fresh_install_is_asked_once_and_the_answers_reach_the_phrases(session) -> None:
    setup = SetupService(session)
    assert setup.needed()
    assert setup.answers().start_at_login is True  # on unless the agent says otherwise
    setup.complete(SetupAnswers("小美", "8021", " 棉麻 小铺 ", "宝", start_at_login=True))
    assert not setup.needed()
    settings = session.settings
    assert [settings.get(k) for k in ("agent.name", "agent.id", "shop.name", "buyer.salutation",
                                      "ui.start_at_login")] == ["小美", "8021", "棉麻 小铺", "宝", True]
    assert [(a.name, a.number) for a in AgentService(session).list()] == [("小美", "8021")]
    greeting = PhraseService(session).by_pinned(1)
    assert PhraseService(session).render(greeting.id).startswith("宝您好，欢迎光临棉麻 小铺！我是客服小美，")


def test_skipping_counts_as_asked_and_an_older_install_is_not_asked(session, empty_session) -> None:
    setup = SetupService(session)
    setup.skip()
    assert not setup.needed()
    empty_session.settings.set("agent.name", "阿强")  # set before the setup window existed
    assert not SetupService(empty_session).needed()


def test_bad_answers_change_nothing(session) -> None:
    setup = SetupService(session)
    for answers in (SetupAnswers("  ", "1", "店"), SetupAnswers("小美", "1", "店" * 61),
                    SetupAnswers("小美", "1", "店", salutation="{客户}")):
        with pytest.raises(UserError):
            setup.complete(answers)
    assert setup.needed() and session.settings.get("agent.name") == "" and AgentService(session).list() == []


def test_an_agent_already_listed_keeps_their_row_and_gets_the_new_number(session) -> None:
    AgentService(session).add("小美", "1")
    SetupService(session).complete(SetupAnswers("小美", "8021", "店"))
    assert [(a.name, a.number) for a in AgentService(session).list()] == [("小美", "8021")]


def test_the_greeting_preview_follows_the_answers(session) -> None:
    setup = SetupService(session)
    assert setup.greeting_preview(SetupAnswers()).startswith("亲您好，欢迎光临！很高兴为您服务")
    assert setup.greeting_preview(SetupAnswers("小美", "", "棉麻小铺", "nick")).startswith(
        "tb_小王2024您好，欢迎光临棉麻小铺！我是客服小美，")
