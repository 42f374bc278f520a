"""Memos, handover items and customer lookups read `@nick` the same way (core.mentions): a Chinese comma or
any other ending mark ends the nickname at every one of them."""

from __future__ import annotations

import pytest

from deskassist.services.customers import CustomerService
from deskassist.services.handover import HandoverService, ItemDraft
from deskassist.services.memos import MemoService, parse_memo

ENDINGS = list("，。！？；：、,.;:!?") + ["\u3000", "（", "【"]


@pytest.fixture
def customers(empty_session) -> CustomerService:
    service = CustomerService(empty_session)
    service.add("小美")
    return service


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_memo_links_the_buyer_whatever_mark_ends_the_nick(empty_session, customers, ending: str) -> None:
    memo = MemoService(empty_session).add(f"@小美{ending}明天问尺码")
    assert memo.nick == "小美"


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_handover_item_links_the_buyer_whatever_mark_ends_the_nick(empty_session, customers,
                                                                      ending: str) -> None:
    note = HandoverService(empty_session).write("", [ItemDraft("chase", f"催一下@小美{ending}还没付款")])
    assert [item.nick for item in note.items] == ["小美"]


def test_memo_tags_and_nicks_stop_at_a_chinese_comma() -> None:
    assert parse_memo("#催付，@小美，明天再问") == (("催付",), ("小美",))


def test_an_email_in_a_memo_links_nobody(empty_session, customers) -> None:
    customers.add("qq.com")
    memo = MemoService(empty_session).add("发票发到 lily@qq.com")
    assert memo.customer_id is None


@pytest.mark.parametrize("typed", ["@小美", "＠小美", " @小美， ", "小美"])
def test_customer_lookups_read_a_typed_nick_as_a_mention(customers, typed: str) -> None:
    assert customers.get(typed).nick == "小美"
    assert customers.resolve(typed).nick == "小美"
    assert [c.nick for c in customers.lookup(typed)] == ["小美"]


def test_a_buyer_option_written_as_a_mention(empty_session, customers) -> None:
    memo = MemoService(empty_session).add("问尺码", buyer="＠小美")
    note = HandoverService(empty_session).write("", [ItemDraft("reply", "问尺码", buyer="@小美，")])
    assert (memo.nick, note.items[0].nick) == ("小美", "小美")


def test_adding_a_customer_as_a_mention_stores_the_bare_nick(customers) -> None:
    assert customers.add("＠阿强").nick == "阿强"
