"""The memo book on a real SQLite file: capture with @nick and #tags, order, search, pin, done, undo."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.services.customers import CustomerService
from deskassist.services.memos import MemoService, parse_memo


@pytest.fixture
def memos(empty_session) -> MemoService:
    CustomerService(empty_session).add("小美爱购物")
    return MemoService(empty_session)


def test_parse_tags_and_nicks() -> None:
    assert parse_memo("问 @小美 尺码 #尺码， #售后 邮箱a@b.c #") == (("尺码", "售后"), ("小美",))


def test_add_links_buyer_and_tags_from_the_text(memos: MemoService) -> None:
    memo = memos.add("记得问 @小美爱购物 要不要换大一码 #尺码", tags=["售后"])
    assert (memo.nick, memo.tags) == ("小美爱购物", ("尺码", "售后"))
    assert memos.add("@陌生人 在问发货").nick == ""
    assert memos.add("补发", buyer="小美爱购物").nick == "小美爱购物"
    with pytest.raises(UserError, match="No customer"):
        memos.add("x", buyer="nobody")
    with pytest.raises(UserError):
        memos.add("   ")
    assert len(memos.list()) == 3


def test_memo_books_are_per_agent(empty_session, memos: MemoService) -> None:
    memos.add("阿强的备忘", agent="阿强")
    empty_session.settings.set("agent.name", "小李")
    memos.add("小李的备忘")
    assert [m.text for m in memos.list()] == ["小李的备忘"]
    assert [m.text for m in memos.list(agent="阿强")] == ["阿强的备忘"]
    assert memos.search("备忘") == memos.list()


def test_order_open_first_then_pinned_then_newest(empty_session, memos: MemoService) -> None:
    first = memos.add("第一条")
    empty_session.clock.advance(minutes=1)
    second = memos.add("第二条")
    empty_session.clock.advance(minutes=1)
    third = memos.add("第三条")
    memos.pin(first.id)
    memos.done(third.id)
    assert [m.id for m in memos.list()] == [first.id, second.id]
    assert [m.id for m in memos.list(include_done=True)] == [first.id, second.id, third.id]
    memos.done(third.id, done=False)
    assert [m.id for m in memos.list()] == [first.id, third.id, second.id]


def test_search_finds_two_character_chinese_words_tags_and_buyers(memos: MemoService) -> None:
    a = memos.add("顾客反映尺码偏大，要换货 #售后")
    b = memos.add("问 @小美爱购物 发货时间")
    c = memos.add("iPhone 壳子 缺货")
    assert [m.id for m in memos.search("尺码")] == [a.id]
    assert [m.id for m in memos.search("发货")] == [b.id]
    assert [m.id for m in memos.search("缺")] == [c.id]
    assert [m.id for m in memos.search("IPHONE 缺货")] == [c.id]
    assert memos.search("iphone 尺码") == []
    assert [m.id for m in memos.search("#售后")] == [a.id]
    assert [m.id for m in memos.search("@小美")] == [b.id]


def test_edit_rereads_tags(memos: MemoService) -> None:
    memo = memos.add("发货慢 #物流")
    edited = memos.edit(memo.id, "发货慢，已催快递 #快递 @小美爱购物")
    assert (edited.text, edited.tags, edited.nick) == ("发货慢，已催快递 #快递 @小美爱购物", ("快递",), "小美爱购物")


def test_delete_can_be_undone(memos: MemoService) -> None:
    memo = memos.add("要删掉的 #临时")
    deleted = memos.delete(memo.id)
    assert deleted.text == "要删掉的 #临时"
    assert memos.list() == [] and memos.search("删掉") == []
    with pytest.raises(UserError):
        memos.get(memo.id)
    restored = memos.restore(memo.id)
    assert (restored.id, restored.text, restored.tags) == (memo.id, memo.text, memo.tags)
    assert [m.id for m in memos.search("删掉")] == [memo.id]


def test_search_sees_writes_from_another_process(data_dir, empty_session, memos: MemoService) -> None:
    memos.add("第一条 发货")
    assert len(memos.search("发货")) == 1  # the index is loaded now
    from deskassist.services.data_folder import open_session

    other = open_session(data_dir, seed=False)
    try:
        MemoService(other).add("另一个进程写的 发货")
    finally:
        other.close()
    assert [m.text for m in memos.search("发货")] == ["另一个进程写的 发货", "第一条 发货"]


def test_index_search_agrees_with_the_sql_filter(empty_session, memos: MemoService) -> None:
    words = ["发货", "尺码", "退货", "Size", "#售后", "@小美"]
    for i in range(60):
        memos.add(f"{words[i % 4]} {words[(i * 7) % 4]} 第{i}条 {'#售后' if i % 5 == 0 else ''}",
                  buyer="小美爱购物" if i % 3 == 0 else None)
        if i % 11 == 0:
            memos.done(i + 1)
        if i % 13 == 0:
            memos.pin(i + 1)
        empty_session.clock.advance(minutes=1)
    for query in ("发货", "size 尺码", "#售后", "@小美 退货", "第1"):
        plain = [w for w in query.split() if w[0] not in "#@"]
        tags = [w[1:] for w in query.split() if w[0] == "#"]
        nicks = [w[1:] for w in query.split() if w[0] == "@"]
        expected = [m.id for m in memos.repo.search(None, plain, tags, nicks, include_done=True, limit=100)]
        assert [m.id for m in memos.search(query)] == expected, query
        assert expected
