"""The in-memory nick index: any part of the nick, its pinyin or its initials; stale entries are checked away."""

from deskassist.core.nick_index import SINGLE_CHAR_KEEP, NickIndex


def index_of(*rows: tuple[int, str, str, str]) -> NickIndex:
    index = NickIndex()
    for customer_id, *keys in rows:
        index.add(customer_id, keys)
    return index


def test_substrings_of_nick_pinyin_and_initials_find_the_customer() -> None:
    index = index_of((1, "tb_小王2024", "tbxiaowang2024", "tbxw2024"), (2, "lily", "lily", "lily"))
    for query in ("小王", "王", "xw", "xiaowang", "aowa", "2024", "tb_"):
        assert index.search(query, 5) == [1], query
    assert index.search("il", 5) == [2]
    assert index.search("小李", 5) == []
    assert index.search("", 5) == []


def test_a_query_never_matches_across_two_keys() -> None:
    index = index_of((1, "ab", "cd", "ef"))
    assert index.search("bc", 5) == [] and index.search("b\x00c", 5) == []


def test_an_edited_nick_is_found_by_its_new_name_only() -> None:
    index = index_of((1, "小王", "xiaowang", "xw"))
    index.add(1, ["老李", "laoli", "ll"])
    assert index.search("xiaowang", 5) == [] and index.search("小王", 5) == []
    assert index.search("老李", 5) == [1] and index.search("aol", 5) == [1]


def test_limit_and_order_of_addition() -> None:
    index = index_of(*[(i, f"王{i}", f"wang{i}", f"w{i}") for i in range(1, 30)])
    assert index.search("wang", 3) == [1, 2, 3]
    assert index.search("王", 4) == [1, 2, 3, 4]


def test_single_characters_keep_a_bounded_list() -> None:
    index = index_of(*[(i, f"x{i}", f"x{i}", f"x{i}") for i in range(SINGLE_CHAR_KEEP + 50)])
    assert len(index.search("x", 10_000)) == SINGLE_CHAR_KEEP
    assert len(index) == SINGLE_CHAR_KEEP + 50
