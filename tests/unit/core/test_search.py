"""Phrase search: Chinese substrings, pinyin (full, spaced, partial), initials, codes, ASCII, ranking."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from hypothesis import given, settings
from hypothesis import strategies as st

from deskassist.core.models import Phrase
from deskassist.core.pinyin import pinyin_keys
from deskassist.core.search import PhraseIndex, SearchKeys


def phrase(phrase_id: int, title: str, body: str, **fields: object) -> Phrase:
    return Phrase(id=phrase_id, category_id=1, category="售前", title=title, body=body, **fields)


def keys_of(phrase: Phrase) -> SearchKeys:
    """The search keys the service stores with a phrase, computed from its title and body."""
    return SearchKeys(*pinyin_keys(phrase.title), *pinyin_keys(phrase.body))


class Searched:
    """An index over phrases kept beside it, as the service keeps them in the database: the index ranks ids,
    search answers with the phrases."""

    def __init__(self, entries: list[tuple[Phrase, SearchKeys]]) -> None:
        self.phrases = {p.id: p for p, _keys in entries}
        self.index = PhraseIndex(entries)

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> list[Phrase]:
        return [self.phrases[i] for i in self.index.search(query, limit, groups)]

    def upsert(self, phrase: Phrase) -> None:
        self.phrases[phrase.id] = phrase
        self.index.upsert(phrase, keys_of(phrase))

    def remove(self, phrase_id: int) -> None:
        self.phrases.pop(phrase_id, None)
        self.index.remove(phrase_id)

    def __len__(self) -> int:
        return len(self.index)


def index_of(phrases: list[Phrase] = ()) -> Searched:
    return Searched([(p, keys_of(p)) for p in phrases])


def upsert(index: Searched, phrase: Phrase) -> None:
    index.upsert(phrase)


def titles(results: list[Phrase]) -> list[str]:
    return [p.title for p in results]


LIBRARY = [
    phrase(1, "问候", "亲，您好！我是{客服}，欢迎光临{店铺}，有什么可以帮您的吗？", code="hi"),
    phrase(2, "发货时间", "亲，付款后48小时内发货，请您放心。", code="fh"),
    phrase(3, "快递", "默认发顺丰快递，偏远地区可以改发EMS，需补运费差价。", code="kd"),
    phrase(4, "重新发货", "非常抱歉，仓库漏发了，已为您重新发货，单号稍后发您。"),
    phrase(5, "银行卡付款", "可以使用银行卡或者支付宝付款哦。"),
    phrase(6, "苹果手机壳", "这款适配 iPhone 15 Pro，颜色有黑色和白色。"),
    phrase(7, "好评", "收到货满意的话，麻烦给个五星好评，多谢支持！"),
]


def test_two_character_chinese_word_in_body_is_found() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("顺丰")) == ["快递"]
    assert titles(index.search("好评")) == ["好评"]
    assert index.search("退货") == []


def test_single_chinese_character_and_longer_text() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("漏发了")) == ["重新发货"]
    assert set(titles(index.search("壳"))) == {"苹果手机壳"}


def test_full_pinyin_with_and_without_spaces_and_partial_syllable() -> None:
    index = index_of(LIBRARY)
    for query in ("fahuo", "fa huo", "FaHuo", "fah", "fa'huo"):
        found = titles(index.search(query))
        assert found[:2] == ["发货时间", "重新发货"], query
    assert "快递" in titles(index.search("shunfeng"))


def test_pinyin_initials_match() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("cxfh")) == ["重新发货"]
    assert titles(index.search("yhk")) == ["银行卡付款"]
    assert titles(index.search("wxhp")) == ["好评"]


def test_query_may_cross_word_boundaries_in_pinyin() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("xinfa")) == ["重新发货"]


def test_heteronyms_follow_the_word() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("chongxin")) == ["重新发货"]
    assert index.search("zhongxinfahuo") == []
    assert titles(index.search("yinhang")) == ["银行卡付款"]
    assert index.search("yinxing") == []


def test_ascii_words_case_insensitive_and_full_width_query() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("iphone")) == ["苹果手机壳"]
    assert titles(index.search("IPHONE 15")) == ["苹果手机壳"]
    assert titles(index.search("ems")) == ["快递"]
    assert titles(index.search("ＥＭＳ")) == ["快递"]


def test_exact_code_ranks_first_then_code_prefix() -> None:
    library = [
        phrase(1, "发货时间", "付款后48小时内发货"),
        phrase(2, "发货通知", "您的包裹已发出", code="fhtz"),
        phrase(3, "运费", "满99包邮", code="fh"),  # neither title nor body says 发货
    ]
    index = index_of(library)
    assert titles(index.search("fh")) == ["运费", "发货通知", "发货时间"]
    assert titles(index.search("FH")) == ["运费", "发货通知", "发货时间"]
    assert titles(index.search("fht")) == ["发货通知"]


def test_code_match_ranks_above_pinned_and_much_used_phrases() -> None:
    library = [
        phrase(1, "发货", "48小时内发货", pinned=1, uses=500),
        phrase(2, "运费说明", "满99包邮", code="fahuo"),
    ]
    assert titles(index_of(library).search("fahuo")) == ["运费说明", "发货"]


def test_title_matches_rank_before_body_matches_whatever_the_usage() -> None:
    library = [
        phrase(1, "催付", "亲，拍下后记得付款，今天发货哦", uses=900, pinned=1),
        phrase(2, "发货说明", "付款后两天内寄出"),
    ]
    assert titles(index_of(library).search("发货")) == ["发货说明", "催付"]
    assert titles(index_of(library).search("fh")) == ["发货说明", "催付"]


def test_among_equal_matches_pinned_then_uses_then_recent_use() -> None:
    library = [
        phrase(1, "发货一", "正文", uses=3, last_used="2026-11-20 10:00:00"),
        phrase(2, "发货二", "正文", uses=7, last_used="2026-11-01 10:00:00"),
        phrase(3, "发货三", "正文", uses=3, last_used="2026-11-21 09:00:00"),
        phrase(4, "发货四", "正文", pinned=2),
        phrase(5, "发货五", "正文", pinned=1),
        phrase(6, "发货六", "正文"),
    ]
    assert titles(index_of(library).search("发货")) == ["发货五", "发货四", "发货二", "发货三", "发货一", "发货六"]


def test_customer_groups_rank_first_among_equals_only() -> None:
    library = [
        phrase(1, "发货时间", "48小时内发货", uses=10),
        phrase(2, "VIP发货", "会员优先发货", groups=("vip",)),
        phrase(3, "催付", "今天付款今天发货", groups=("vip",)),
        phrase(4, "售后", "今天发货的包裹明天到", uses=50),
    ]
    index = index_of(library)
    assert titles(index.search("发货")) == ["发货时间", "VIP发货", "售后", "催付"]
    assert titles(index.search("发货", groups=["vip"])) == ["VIP发货", "发货时间", "催付", "售后"]
    assert titles(index.search("发货", groups=["buyer"])) == ["发货时间", "VIP发货", "售后", "催付"]


def test_all_terms_must_match() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("发 顺丰")) == ["快递"]
    assert titles(index.search("快递 ems")) == ["快递"]
    assert index.search("顺丰 好评") == []


def test_joined_pinyin_ranks_before_terms_found_apart() -> None:
    library = [
        phrase(1, "方法", "活动期间的使用方法", uses=99),  # fa ... huo, apart
        phrase(2, "物流", "已经发货了"),
    ]
    assert titles(index_of(library).search("fa huo")) == ["物流", "方法"]


def test_empty_query_lists_everything_by_usage_and_limit_applies() -> None:
    library = [
        phrase(1, "甲", "一", uses=1),
        phrase(2, "乙", "二", uses=5),
        phrase(3, "丙", "三", pinned=3),
        phrase(4, "丁", "四", uses=5, last_used="2026-11-22 09:00:00"),
    ]
    index = index_of(library)
    assert titles(index.search("")) == ["丙", "丁", "乙", "甲"]
    assert titles(index.search("   ", limit=2)) == ["丙", "丁"]
    assert index.search("", limit=0) == []
    assert titles(index.search("", groups={"vip"})) == ["丙", "丁", "乙", "甲"]


def test_limit_keeps_the_best() -> None:
    library = [phrase(n, f"发货{n}", "正文", uses=n) for n in range(1, 101)]
    found = index_of(library).search("fahuo", limit=5)
    assert [p.id for p in found] == [100, 99, 98, 97, 96]


def test_punctuation_only_query_matches_text() -> None:
    index = index_of(LIBRARY)
    assert titles(index.search("{客服}")) == ["问候"]
    assert index.search("？？？") == []


def test_upsert_after_use_moves_the_phrase_up() -> None:
    a, b = phrase(1, "发货甲", "正文"), phrase(2, "发货乙", "正文")
    index = index_of([a, b])
    assert titles(index.search("发货")) == ["发货甲", "发货乙"]
    upsert(index, dataclasses.replace(b, uses=1, last_used="2026-11-22 10:00:00"))
    assert titles(index.search("发货")) == ["发货乙", "发货甲"]
    assert len(index) == 2


def test_upsert_with_new_text_code_and_groups() -> None:
    index = index_of([*LIBRARY, phrase(8, "快递单号", "单号稍后发您")])
    assert titles(index.search("kd")) == ["快递", "快递单号"]
    edited = phrase(3, "物流", "默认发中通快递", code="wl", groups=("vip",))
    upsert(index, edited)
    assert index.search("顺丰") == []
    assert titles(index.search("zhongtong")) == ["物流"]
    assert titles(index.search("wl")) == ["物流"]
    assert titles(index.search("kd")) == ["快递单号", "物流"]  # the old code is gone
    assert titles(index.search("单号", groups=["vip"])) == ["快递单号", "重新发货"]
    assert titles(index.search("快递", groups=["vip"])) == ["快递单号", "物流"]
    assert titles(index.search("发", groups=["vip"]))[:2] == ["发货时间", "重新发货"]
    assert titles(index.search("发", groups=["vip"]))[2] == "物流"  # body matches: the group's first


def test_code_moves_from_one_phrase_to_another() -> None:
    index = index_of([phrase(1, "甲", "一", code="ab"), phrase(2, "乙", "二")])
    upsert(index, phrase(1, "甲", "一"))
    upsert(index, phrase(2, "乙", "二", code="ab"))
    assert titles(index.search("ab")) == ["乙"]


def test_new_phrase_and_removal() -> None:
    index = index_of()
    assert index.search("发货") == [] and index.search("") == []
    upsert(index, phrase(10, "退货", "七天无理由退货", code="th"))
    assert titles(index.search("tuihuo")) == ["退货"]
    index.remove(10)
    index.remove(10)  # twice is harmless
    assert index.search("tuihuo") == [] and index.search("th") == [] and len(index) == 0


VOCABULARY = ["发货", "快递", "顺丰", "退货", "银行", "重新", "尺码", "颜色", "iPhone", "好评", "亲", "包邮"]


@settings(max_examples=60, deadline=None)
@given(
    bodies=st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=5), min_size=1, max_size=12),
    query_word=st.sampled_from(VOCABULARY),
)
def test_results_are_exactly_the_phrases_containing_the_word(bodies: list[list[str]], query_word: str) -> None:
    library = [phrase(n, words[0], "".join(words), uses=n % 3) for n, words in enumerate(bodies, start=1)]
    index = index_of(library)
    expected = {p.id for p in library if query_word.lower() in p.body.lower()}
    full, initials = pinyin_keys(query_word)
    assert {p.id for p in index.search(query_word, limit=1000)} == expected
    assert {p.id for p in index.search(full, limit=1000)} >= expected
    assert {p.id for p in index.search(initials, limit=1000)} >= expected
    found = index.search(query_word, limit=1000)
    in_title = [query_word.lower() in p.title.lower() for p in found]
    assert in_title == sorted(in_title, reverse=True)  # title matches first


def test_large_library_gives_the_same_matches_as_a_plain_filter() -> None:
    """Big shelves test a rare character first (a faster path): results must not change."""
    import random

    words = ["发货", "快递", "顺丰", "退货", "包邮", "亲", "您好", "尺码", "iPhone", "15", "3天", "XL", "稀有词"]
    keys = {w: pinyin_keys(w) for w in words}
    rng = random.Random(3)
    library = []
    stored: dict[int, SearchKeys] = {}
    for n in range(1, 6001):
        title_words = rng.choices(words[:-1], k=2) + (["稀有词"] if n % 97 == 0 else [])
        body_words = rng.choices(words[:-1], k=8) + (["稀有词"] if n % 89 == 0 else [])
        library.append(Phrase(
            id=n, category_id=1, category="c", title="".join(title_words), body="".join(body_words), uses=n % 7))
        stored[n] = SearchKeys(
            title_pinyin="".join(keys[w][0] for w in title_words),
            title_initials="".join(keys[w][1] for w in title_words),
            body_pinyin="".join(keys[w][0] for w in body_words), body_initials="".join(keys[w][1] for w in body_words))
    index = Searched([(p, stored[p.id]) for p in library])

    def expected(needle: str, field: str) -> set[int]:
        return {p.id for p in library if needle in getattr(stored[p.id], field)}

    for needle in ("xiyouci", "15", "3tian", "iphone15", "shunfengxl"):
        in_title = expected(needle, "title_pinyin") | expected(needle, "title_initials")
        anywhere = in_title | expected(needle, "body_pinyin") | expected(needle, "body_initials")
        found = index.search(needle, limit=10000)
        assert {p.id for p in found} == anywhere, needle
        assert {p.id for p in found[:len(in_title)]} == in_title, needle
    rare = index.search("稀有词", limit=10000)
    assert {p.id for p in rare} == {p.id for p in library if "稀有词" in p.title + p.body}
    both = index.search("xiyouci 15", limit=10000)
    assert {p.id for p in both} == {p.id for p in library
                                    if all(t in stored[p.id].title_pinyin + "|" + stored[p.id].body_pinyin
                                           for t in ("xiyouci", "15"))}


    def tier(keys: SearchKeys) -> int:  # joined in title, joined anywhere, both terms in title, both anywhere
        if "xiyouci15" in keys.title_pinyin:
            return 0
        if "xiyouci15" in keys.body_pinyin:
            return 1
        return 2 if "xiyouci" in keys.title_pinyin and "15" in keys.title_pinyin else 3

    tiers = [tier(stored[p.id]) for p in both]
    assert tiers == sorted(tiers) and len(set(tiers)) >= 2


def test_phrase_object_changed_in_place_then_upserted() -> None:
    """The service may hand back the same object with new groups and usage: no stale group entry stays."""
    shared = phrase(1, "发货", "48小时内发货", groups=("vip", "vip"))
    other = phrase(2, "发货通知", "已发出", uses=5)
    index = index_of([shared, other])
    assert titles(index.search("发货", groups=["vip"])) == ["发货", "发货通知"]
    shared.groups = ("buyer",)
    shared.uses = 1
    upsert(index, shared)
    assert titles(index.search("发货", groups=["vip"])) == ["发货通知", "发货"]
    assert titles(index.search("发货", groups=["buyer"])) == ["发货", "发货通知"]
    assert titles(index.search("fahuo", groups=["vip", "buyer"], limit=5)) == ["发货", "发货通知"]


def test_several_buyer_groups_merge_in_usage_order() -> None:
    library = [
        phrase(1, "发货甲", "正文", uses=1, groups=("vip",)),
        phrase(2, "发货乙", "正文", uses=9, groups=("repeat",)),
        phrase(3, "发货丙", "正文", uses=5, groups=("vip", "repeat")),
        phrase(4, "发货丁", "正文", uses=20),
    ]
    index = index_of(library)
    assert titles(index.search("发货", groups=["vip", "repeat"])) == ["发货乙", "发货丙", "发货甲", "发货丁"]
    assert titles(index.search("", groups=["repeat"])) == ["发货乙", "发货丙", "发货丁", "发货甲"]


def test_odd_usage_values_do_not_break_the_index() -> None:
    library = [
        phrase(1, "发货甲", "正文", last_used="²³ garbage", uses=-4),
        phrase(2, "发货乙", "正文", last_used="", pinned=99, uses=10**12),
        phrase(3, "发货丙", "正文", last_used="2026-11-22 10:00:00"),
    ]
    assert titles(index_of(library).search("发货")) == ["发货乙", "发货丙", "发货甲"]
