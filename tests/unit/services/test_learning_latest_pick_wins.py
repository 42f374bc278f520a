"""The agent's latest pick for a message wins: one mis-pick (加急发货 for 什么时候发货) must not keep the wrong
reply on top for ever while the agent keeps choosing the right one (the README: "the next similar message ranks
that phrase first")."""

from __future__ import annotations

from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.services.suggest import SuggestService


def _top(suggest: SuggestService, message: str) -> str:
    return suggest.suggest(message, limit=1)[0][0].code or ""


def test_picking_the_pack_answer_after_a_mis_pick_puts_it_first_again(session: Session) -> None:
    phrases = PhraseService(session)
    suggest = SuggestService(session, phrases)
    codes = {p.code: p.id for p in phrases.list()}
    assert _top(suggest, "什么时候发货") == "fh"
    assert suggest.learn("什么时候发货", codes["fhjj"]) is True  # a mis-pick
    assert _top(suggest, "什么时候发货") == "fhjj"
    assert suggest.learn("什么时候发货", codes["fh"]) is True  # the right one, already a pack question of fh
    assert _top(suggest, "什么时候发货") == "fh"
    assert [q.text for q in suggest.questions(codes["fhjj"]) if q.source == "learned"] == []


def test_the_latest_of_two_picks_for_a_new_message_wins(session: Session) -> None:
    phrases = PhraseService(session)
    suggest = SuggestService(session, phrases)
    codes = {p.code: p.id for p in phrases.list()}
    message = "老板 我这单能不能加个急"
    suggest.learn(message, codes["fh"])
    suggest.learn(message, codes["fhjj"])
    assert _top(suggest, message) == "fhjj"
    suggest.learn(message, codes["fh"])
    assert _top(suggest, message) == "fh"
    learned = {code: [q.text for q in suggest.questions(pid) if q.source == "learned"]
               for code, pid in codes.items() if code in ("fh", "fhjj")}
    assert learned == {"fh": [message], "fhjj": []}
