"""The one `@nick` reader: where a nickname ends in Chinese and mixed text, and what an e-mail's @ is."""

from __future__ import annotations

import pytest

from deskassist.core.mentions import (
    Mention,
    bare_nick,
    find_mentions,
    find_tags,
    in_email,
    mentioned_nicks,
    split_leading_mention,
)


@pytest.mark.parametrize("ending", list("，。！？；：、,.;:!?") + [" ", "\u3000", "\t", "\n"])
def test_punctuation_and_whitespace_end_a_nick(ending: str) -> None:
    assert mentioned_nicks(f"催一下@小美{ending}明天发货") == ("小美",)


@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("（", "）"), ("【", "】"), ("「", "」"),
                                                  ("《", "》"), ("[", "]"), ("“", "”"), ('"', '"')])
def test_brackets_and_quotes_around_a_mention(opening: str, closing: str) -> None:
    assert mentioned_nicks(f"记得{opening}@lily2024{closing}要发票") == ("lily2024",)


def test_full_width_at_sign_is_a_mention_too() -> None:
    assert find_mentions("＠小美 尺码") == [Mention("小美", 0, 3)]


def test_a_mention_right_after_chinese_text() -> None:
    assert mentioned_nicks("请联系@tb_lily处理") == ("tb_lily处理",)
    assert mentioned_nicks("请联系@tb_lily，处理") == ("tb_lily",)


def test_several_mentions_each_once_in_order() -> None:
    assert mentioned_nicks("@阿强 和 @小美、@阿强 都问过") == ("阿强", "小美")


def test_the_next_mark_ends_a_nick() -> None:
    assert mentioned_nicks("@小美@阿强") == ("小美", "阿强")
    assert mentioned_nicks("@小美#尺码") == ("小美",)


def test_an_at_sign_alone_mentions_nobody() -> None:
    assert mentioned_nicks("@ 小美") == ()
    assert mentioned_nicks("价格@，") == ()
    assert find_mentions("") == []


@pytest.mark.parametrize("text", ["发到 lily@qq.com 谢谢", "邮箱:a.b+c@mail.example.cn，收到回复",
                                  "tb-shop_01@163.com"])
def test_an_email_address_is_not_a_mention(text: str) -> None:
    assert mentioned_nicks(text) == ()


def test_email_and_mention_in_one_text() -> None:
    assert mentioned_nicks("@小美 的邮箱是 lily@qq.com。") == ("小美",)


def test_an_at_after_a_letter_without_a_domain_is_a_mention() -> None:
    assert in_email("VIP@小美", 3) is False
    assert mentioned_nicks("VIP@小美，尺码") == ("小美",)
    assert in_email("lily@qq.com", 4) is True


def test_tags_end_where_nicks_end() -> None:
    assert find_tags("#催付，明天再问 #尺码偏大。") == ("催付", "尺码偏大")
    assert find_tags("颜色#红 ＃加急") == ("加急",)


@pytest.mark.parametrize(("query", "expected"), [
    ("@li fh", ("li", True, "fh")),
    ("@li", ("li", False, "")),
    ("@小美，发货", ("小美", True, "发货")),
    ("＠小美\u3000fh", ("小美", True, "fh")),
    ("@", ("", False, "")),
    ("@ fh", ("", True, "fh")),
])
def test_a_query_that_starts_with_a_mention(query: str, expected: tuple[str, bool, str]) -> None:
    assert split_leading_mention(query) == expected


def test_a_query_without_a_leading_mark() -> None:
    assert split_leading_mention("fh @li") is None
    assert split_leading_mention("") is None


@pytest.mark.parametrize(("value", "nick"), [("@小美", "小美"), ("＠小美", "小美"), (" @小美， ", "小美"),
                                             ("小美", "小美"), ("  tb lily  ", "tb lily"), ("小美，", "小美，")])
def test_a_single_nick_value(value: str, nick: str) -> None:
    assert bare_nick(value) == nick
