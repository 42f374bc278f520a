"""core.suggest: folding of buyer spellings and ranking of phrases by their example questions."""

from __future__ import annotations

import pytest

from deskassist.core.suggest import (
    BODY,
    LEARNED,
    QUESTION,
    Example,
    SuggestIndex,
    fold,
    phrase_examples,
    terms,
)


@pytest.mark.parametrize(("message", "same_as"), [
    ("啥时候发", "什么时候发货"),
    ("物流咋不动了", "物流怎么不动了"),
    ("包邮不？", "包邮吗"),
    ("ＸＬ码有木有", "xl码有没有"),
    ("能便宜点不", "能打折吗"),
    ("baoyou吗", "包邮吗"),
    ("亲，在不在", "在吗"),
    ("改一下地址", "改个地址"),
])
def test_spellings_that_mean_the_same_fold_to_the_same_text(message: str, same_as: str) -> None:
    assert fold(message) == fold(same_as)


def test_question_marks_alone_still_ask_something() -> None:
    assert fold("？？") == fold("?") == "?"
    assert terms("?") == ["?"]
    assert fold("。。。") == ""


def test_placeholders_of_a_phrase_are_not_words() -> None:
    assert "客户" not in fold("{客户}您好")


def test_terms_are_symbols_and_their_pairs_within_a_segment() -> None:
    assert terms("xl码 有") == ["xl", "码", "xl码", "有"]
    assert terms("包邮 发货", bigrams_only=True) == ["包邮", "发货"]


def _index(*extra: Example) -> SuggestIndex:
    return SuggestIndex([
        *phrase_examples(1, "包邮说明", "包邮运费", "亲，本店全场满59元包邮"),
        Example(1, "包邮吗", QUESTION), Example(1, "运费多少", QUESTION),
        *phrase_examples(2, "发货时间", "发货时间", "付款后48小时内发货"),
        Example(2, "什么时候发货", QUESTION), Example(2, "几天发", QUESTION),
        *phrase_examples(3, "价格说明", "价格优惠", "咱们家的价格都是实价"),
        Example(3, "能便宜点吗", QUESTION),
        *extra,
    ])


def test_a_buyer_message_ranks_the_phrase_whose_question_it_resembles_first() -> None:
    index = _index()
    assert [s.phrase_id for s in index.suggest("包邮不", limit=3)][:1] == [1]
    best = index.suggest("亲 啥时候发呀", limit=1)[0]
    assert (best.phrase_id, best.matched, best.kind) == (2, "什么时候发货", QUESTION)
    assert index.suggest("少点呗", limit=1)[0].phrase_id == 3


def test_each_phrase_appears_once_best_first_and_limit_holds() -> None:
    found = _index().suggest("包邮吗 什么时候发货 能便宜点吗", limit=2)
    assert len(found) == 2 and len({s.phrase_id for s in found}) == 2
    assert found[0].score >= found[1].score


def test_the_phrase_text_alone_is_enough_when_a_phrase_has_no_questions() -> None:
    index = SuggestIndex([*phrase_examples(9, "七天无理由", "退换货", "支持七天无理由退换"),
                          *phrase_examples(8, "欢迎", "问候", "您好，欢迎光临")])
    best = index.suggest("七天无理由吗", limit=1)[0]
    assert best.phrase_id == 9 and best.matched == "" and best.kind in (BODY, "title")


def test_a_learned_message_outranks_the_pack_for_the_next_similar_message() -> None:
    assert _index().suggest("几号能发出去", limit=1)[0].phrase_id == 2
    index = _index(Example(3, "几号能发出去", LEARNED))
    best = index.suggest("几号能发出去啊", limit=1)[0]
    assert (best.phrase_id, best.kind) == (3, LEARNED)


def test_nothing_to_match_gives_nothing() -> None:
    assert _index().suggest("", limit=5) == []
    assert _index().suggest("！！！", limit=5) == []
    assert SuggestIndex([]).suggest("包邮吗") == []


def test_an_example_added_later_ranks_like_one_built_in() -> None:
    built_in = _index(Example(3, "几号能发出去", LEARNED))
    added = _index()
    added.add(Example(3, "几号能发出去", LEARNED))
    for message in ("几号能发出去啊", "几号发出去"):
        assert [(s.phrase_id, s.kind) for s in added.suggest(message, limit=2)] == \
            [(s.phrase_id, s.kind) for s in built_in.suggest(message, limit=2)]
    assert added.suggest("几号能发出去啊", limit=1)[0].phrase_id == 3
    added.add(Example(4, "！！", LEARNED))  # nothing to index
    assert len(added) == len(built_in)
