"""Customers, follow-ups and after-sales cases on a real SQLite file."""

from __future__ import annotations

from datetime import datetime

import pytest

from deskassist.core.errors import UserError
from deskassist.services.aftersales import AftersalesService
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService


@pytest.fixture
def customers(empty_session) -> CustomerService:
    return CustomerService(empty_session)


def test_add_accepts_chinese_platform_and_group_names(customers: CustomerService) -> None:
    added = customers.add("小美爱购物", platform="淘宝", group="买家", tags=["价格敏感", "#犹豫", "价格敏感"],
                          note="喜欢红色", phone="13812341234", agent="阿强")
    shown = customers.get("小美爱购物").to_dict()
    assert shown == added.to_dict()
    assert (shown["platform"], shown["group"], shown["tags"]) == ("taobao", "buyer", ["价格敏感", "犹豫"])
    assert shown["phone"] == "138****1234"
    assert customers.get("小美爱购物").to_dict(reveal=True)["phone"] == "13812341234"
    assert customers.add("jd_buyer", platform="京东", group="VIP").to_dict()["group"] == "vip"


@pytest.mark.parametrize("kwargs", [{"platform": "ebay"}, {"group": "nope"}, {"phone": "call me"},
                                    {"lost_reason": "because"}, {"nick": ""}])
def test_bad_input_writes_nothing(customers: CustomerService, kwargs: dict) -> None:
    args = {"nick": "tb_lily", **kwargs}
    with pytest.raises(UserError):
        customers.add(**args)
    assert customers.list() == []


def test_duplicate_nick_is_refused(customers: CustomerService) -> None:
    customers.add("tb_lily")
    with pytest.raises(UserError, match="already exists"):
        customers.add("tb_lily", group="vip")
    assert [c.group for c in customers.list()] == ["inquiry"]


def test_group_changes_keep_who_and_when(empty_session, customers: CustomerService) -> None:
    customers.add("tb_lily", group="inquiry", agent="阿强")
    empty_session.clock.advance(minutes=30)
    customers.set_group("tb_lily", "买家", agent="小李")
    empty_session.settings.set("agent.name", "王芳")
    empty_session.clock.advance(hours=2)
    customers.set_group("tb_lily", "vip")
    history = [(h.old_group, h.new_group, h.agent, h.at) for h in customers.history("tb_lily")]
    assert history == [(None, "inquiry", "阿强", "2026-11-22 10:00:00"),
                       ("inquiry", "buyer", "小李", "2026-11-22 10:30:00"),
                       ("buyer", "vip", "王芳", "2026-11-22 12:30:00")]
    with pytest.raises(UserError, match="Unknown group"):
        customers.set_group("tb_lily", "老客户")
    assert customers.get("tb_lily").group == "vip"


def test_shop_groups(customers: CustomerService) -> None:
    customers.add_group("老客户")
    customers.add("tb_lily", group="老客户")
    assert customers.get("tb_lily").group == "老客户"
    assert [(g.key, g.builtin, g.members) for g in customers.groups()] == [
        ("inquiry", True, 0), ("buyer", True, 0), ("vip", True, 0), ("老客户", False, 1)]
    with pytest.raises(UserError):
        customers.delete_group("老客户")
    with pytest.raises(UserError):
        customers.delete_group("vip")


def test_lookup_by_prefix_initials_pinyin_and_tag(customers: CustomerService) -> None:
    customers.add("小美爱购物", tags=["尺码偏大"])
    customers.add("小明", tags=["价格敏感"])
    customers.add("Lily_88", tags=["犹豫"])
    assert [c.nick for c in customers.lookup("小")] == ["小明", "小美爱购物"]
    assert [c.nick for c in customers.lookup("xmagw")] == ["小美爱购物"]
    assert sorted(c.nick for c in customers.lookup("xiaom")) == ["小明", "小美爱购物"]
    assert [c.nick for c in customers.lookup("xiaomei")] == ["小美爱购物"]
    assert [c.nick for c in customers.lookup("lily")] == ["Lily_88"]
    assert [c.nick for c in customers.lookup("#价格")] == ["小明"]
    assert [c.nick for c in customers.lookup("尺码")] == ["小美爱购物"]
    assert customers.lookup("zzz") == []
    assert customers.resolve("@小美").nick == "小美爱购物"
    assert customers.resolve("@LILY_88").nick == "Lily_88"
    assert customers.resolve("@nobody") is None


def test_list_filters_by_group_and_tag(customers: CustomerService) -> None:
    customers.add("a1", group="vip", tags=["犹豫"])
    customers.add("a2", group="vip")
    customers.add("a3", tags=["犹豫"])
    assert [c.nick for c in customers.list(group="VIP")] == ["a1", "a2"]
    assert [c.nick for c in customers.list(tag="#犹豫")] == ["a1", "a3"]
    assert [c.nick for c in customers.list(group="vip", tag="犹豫")] == ["a1"]


def test_update_tags_note_and_lost_reason(empty_session, customers: CustomerService) -> None:
    customers.add("tb_lily", tags=["犹豫"])
    customers.add_tags("tb_lily", ["投诉过"])
    customers.remove_tags("tb_lily", ["犹豫"])
    updated = customers.update("tb_lily", note="要发顺丰", lost_reason="不包邮", lost_note="运费太贵")
    assert (updated.tags, updated.note, updated.lost_reason, updated.lost_note) == (
        ("投诉过",), "要发顺丰", "no_free_shipping", "运费太贵")
    assert updated.lost_at == "2026-11-22 10:00:00"
    empty_session.clock.advance(days=1)
    same = customers.update("tb_lily", note="改备注", lost_reason="no_free_shipping", lost_note="运费太贵")
    assert same.lost_at == "2026-11-22 10:00:00"  # unchanged reason: still counted on the day it was given
    assert customers.update("tb_lily", lost_reason="", lost_note="").lost_at is None


def test_card_shows_open_followups_and_cases(empty_session, customers: CustomerService) -> None:
    customers.add("tb_lily", group="vip", tags=["价格敏感"], note="老客户")
    followups = FollowUpService(empty_session)
    cases = AftersalesService(empty_session)
    first = followups.add("催付款", "15:00", buyer="tb_lily")
    followups.add("问尺码", "tomorrow 10:00", buyer="tb_lily")
    followups.done(first.id)
    case = cases.add("换货", "202611220001", buyer="tb_lily", notes="尺码小了")
    closed = cases.add("退款", "202611220002", buyer="tb_lily")
    cases.set_status(closed.id, "已完成")
    card = customers.card("tb_lily").to_dict()
    assert (card["group"], card["tags"], card["note"]) == ("vip", ["价格敏感"], "老客户")
    assert [f["text"] for f in card["followups"]] == ["问尺码"]
    assert [(c["id"], c["kind"], c["status"]) for c in card["cases"]] == [(case.id, "exchange", "open")]
    assert customers.group_keys(customers.resolve("@tb")) == ("vip",)
    assert customers.group_keys(None) == ()


def test_followups_are_due_until_done(empty_session) -> None:
    CustomerService(empty_session).add("tb_lily")
    service = FollowUpService(empty_session)
    pay = service.add("催付款", "15:00", buyer="@tb_lily")
    size = service.add("问尺码", "+30m")
    later = service.add("回访", "明天 09:30")
    assert (pay.due, size.due, later.due) == ("2026-11-22 15:00:00", "2026-11-22 10:30:00", "2026-11-23 09:30:00")
    assert service.due() == []
    empty_session.clock.advance(hours=5, minutes=1)
    assert [f.text for f in service.due()] == ["问尺码", "催付款"]
    service.done(size.id, agent="小李")
    assert [f.text for f in service.due()] == ["催付款"]
    assert [f.text for f in service.open()] == ["催付款", "回访"]
    assert service.get(size.id).done_by == "小李"
    assert [f.text for f in service.due(datetime(2026, 11, 24))] == ["催付款", "回访"]
    with pytest.raises(UserError, match="Not a due time"):
        service.add("x", "soon")
    with pytest.raises(UserError, match="No customer"):
        service.add("x", "15:00", buyer="nobody")
    assert len(service.open()) == 2


def test_aftersales_kinds_statuses_and_notes(empty_session) -> None:
    CustomerService(empty_session).add("tb_lily")
    service = AftersalesService(empty_session)
    case = service.add("退货", "20261122", buyer="tb_lily", agent="阿强")
    empty_session.clock.advance(hours=1)
    service.set_status(case.id, "处理中")
    service.add_note(case.id, "已收到退件", agent="小李")
    service.set_status(case.id, "done")
    found = service.get(case.id)
    assert (found.kind, found.status, found.closed_at, found.nick) == ("return", "done", "2026-11-22 11:00:00",
                                                                       "tb_lily")
    assert found.notes == "[2026-11-22 11:00:00 小李] 已收到退件"
    assert service.list(open_only=True) == []
    with pytest.raises(UserError, match="Unknown case kind"):
        service.add("丢件")
    with pytest.raises(UserError, match="Unknown status"):
        service.set_status(case.id, "lost")
    assert len(service.list()) == 1


def test_delete_then_restore_brings_back_history_and_links(empty_session, customers: CustomerService) -> None:
    from deskassist.services.memos import MemoService

    customers.add("tb_lily", group="buyer", tags=["犹豫"], phone="13812341234", agent="阿强")
    customers.set_group("tb_lily", "vip", agent="小李")
    followup = FollowUpService(empty_session).add("催付款", "15:00", buyer="tb_lily")
    case = AftersalesService(empty_session).add("退货", buyer="tb_lily")
    memo = MemoService(empty_session).add("问尺码", buyer="tb_lily")
    assert [m.id for m in MemoService(empty_session).search("@tb_lily")] == [memo.id]
    before = customers.card("tb_lily").to_dict(reveal=True)
    snapshot = customers.snapshot("tb_lily")
    customers.delete("tb_lily")
    assert customers.find("tb_lily") is None
    assert MemoService(empty_session).search("@tb_lily") == []
    assert FollowUpService(empty_session).get(followup.id).nick == ""
    restored = customers.restore(snapshot)
    assert customers.card(restored).to_dict(reveal=True) == before
    assert AftersalesService(empty_session).get(case.id).nick == "tb_lily"
    assert MemoService(empty_session).get(memo.id).nick == "tb_lily"
    assert [m.id for m in MemoService(empty_session).search("@tb_lily")] == [memo.id]
    with pytest.raises(UserError, match="already exists"):
        customers.restore(snapshot)


# --- form of address (称呼) for {客户} (issue 12: 「tb_小王2024您好」) ---------------------------------------
def test_buyer_placeholder_uses_the_form_of_address_not_the_raw_nick(empty_session) -> None:
    from deskassist.services.phrases import PhraseService

    customers = CustomerService(empty_session)
    phrases = PhraseService(empty_session)
    customers.add("tb_小王2024")
    assert phrases.context(buyer="tb_小王2024").buyer == "亲"  # the shop's choice, 亲 by default
    customers.update("tb_小王2024", salutation=" 王姐 ")
    assert phrases.context(buyer="@tb_小王2024").buyer == "王姐"
    assert customers.get("tb_小王2024").to_dict()["salutation"] == "王姐"
    empty_session.settings.set("buyer.salutation", "宝")
    customers.add("小李")
    assert phrases.context(buyer="小李").buyer == "宝"
    empty_session.settings.set("buyer.salutation", "nick")
    assert phrases.context(buyer="小李").buyer == "小李"
    assert phrases.context(buyer="not_a_customer").buyer == "not_a_customer"
    assert phrases.context(buyer="").buyer == ""
    customers.update("tb_小王2024", salutation="")
    assert phrases.context(buyer="tb_小王2024").buyer == "tb_小王2024"


def test_a_form_of_address_is_short_and_has_no_braces(customers: CustomerService) -> None:
    customers.add("小美")
    with pytest.raises(UserError):
        customers.update("小美", salutation="{店铺}")
    with pytest.raises(UserError):
        customers.update("小美", salutation="亲" * 21)
    assert customers.get("小美").salutation == ""


def test_the_form_of_address_survives_delete_and_undo(customers: CustomerService) -> None:
    customers.add("小美")
    customers.update("小美", salutation="美美")
    snapshot = customers.snapshot("小美")
    customers.delete("小美")
    assert customers.restore(snapshot).salutation == "美美"


def test_lookup_finds_a_nick_by_any_part_of_it_and_its_pinyin(customers: CustomerService) -> None:
    customers.add("tb_小王2024")
    customers.add("王小二")
    for query in ("小王", "xw", "xiaowang", "@小王", "XiaoWang", "xiao wang"):
        assert [c.nick for c in customers.lookup(query)] == ["tb_小王2024"], query
    assert customers.resolve("@xiaowang").nick == "tb_小王2024"
    assert [c.nick for c in customers.lookup("王")][:2] == ["王小二", "tb_小王2024"]  # the prefix match first


def test_the_nick_index_follows_other_processes_adds_and_deletes(customers: CustomerService, data_dir,
                                                                  clock) -> None:
    from deskassist.services.data_folder import open_session

    customers.add("tb_小王2024")
    assert customers.lookup("xiaowang")  # the index is built now
    other = open_session(data_dir, clock=clock, seed=False)
    try:
        theirs = CustomerService(other)
        theirs.add("jd_阿花88")
        theirs.delete("tb_小王2024")
        theirs.add("tb_老李2024")
    finally:
        other.close()
    assert [c.nick for c in customers.lookup("ahua")] == ["jd_阿花88"]
    assert customers.lookup("xiaowang") == [] and [c.nick for c in customers.lookup("laoli")] == ["tb_老李2024"]
    customers.delete("jd_阿花88")
    assert customers.lookup("ahua") == []
