"""PhraseService on a real data folder: the default pack, conflicts, undo, use counting, search, rendering."""

from __future__ import annotations

import re

import pytest

from deskassist.core.errors import UserError
from deskassist.core.lint import lint
from deskassist.core.models import PhraseDraft
from deskassist.core.templating import (
    PLACEHOLDERS,
    RenderContext,
    empty_placeholders,
    fill_fields,
    render,
    unknown_placeholders,
)
from deskassist.services.changes import Change
from deskassist.services.phrases import PhraseService, SharedPhraseIndex, load_default_pack, seed_default_pack
from deskassist.services.session import Session
from deskassist.storage.phrases_repo import PhrasesRepo

NEGATIVE_WORDS = ("不能", "没有", "不可以", "不行", "无法")


@pytest.fixture
def service(empty_session: Session) -> PhraseService:
    return PhraseService(empty_session)


@pytest.fixture
def pack_service(session: Session) -> PhraseService:
    return PhraseService(session)


# the default pack
def test_a_fresh_folder_gets_the_default_pack(pack_service: PhraseService) -> None:
    pack = load_default_pack()
    phrases = pack_service.list()
    assert len(phrases) == len(pack["phrases"]) >= 30
    assert [c.name for c in pack_service.categories()] == pack["categories"]
    assert {p.category for p in phrases} == set(pack["categories"])


def test_the_default_pack_covers_every_category_of_the_domain(pack_service: PhraseService) -> None:
    topics = {  # DOMAIN.md, "Quick-reply categories a new install should cover": a word each must contain
        "greeting": "欢迎", "sold out with alternative": "售罄", "ships": "发货", "courier": "快递",
        "arrives": "到达", "no bargaining": "实价", "promotion/gift fallback": "礼品", "free shipping": "包邮",
        "quality": "质检", "authenticity": "正品", "photo vs real": "实物", "size": "尺码", "colour": "颜色",
        "returns": "退货", "exchanges": "换货", "apology": "抱歉", "logistics delay": "延误", "wrong item": "发错",
        "missing item": "漏发", "urging payment": "付款", "address": "地址", "farewell": "感谢", "review": "好评",
    }
    text = "\n".join(p.title + p.body for p in pack_service.list())
    assert [topic for topic, word in topics.items() if word not in text] == []


def test_the_default_pack_is_in_the_house_style(pack_service: PhraseService) -> None:
    phrases = pack_service.list()
    greeting = pack_service.by_pinned(1)
    assert "{客服}" in greeting.body and "{店铺}" in greeting.body
    assert all(p.body.strip() != "在" for p in phrases)
    assert [p.title for p in phrases if any(word in p.body for word in NEGATIVE_WORDS)] == []
    assert sum("您" in p.body for p in phrases) >= len(phrases) * 0.8
    assert sum("咱们" in p.body for p in phrases) >= 10
    assert all(unknown_placeholders(p.body) == [] for p in phrases)
    used = {name for p in phrases for name in re.findall(r"\{([^?{}][^{}]*)\}", p.body)}
    assert {"客服", "店铺", "客户"} <= used <= set(PLACEHOLDERS.values())
    assert any(fill_fields(p.body) for p in phrases)
    assert sum("\n\n" in p.body for p in phrases) >= 3  # several messages for split sending


def test_the_default_pack_passes_lint(pack_service: PhraseService) -> None:
    findings = {p.title: [i.message for i in lint(p.body)] for p in pack_service.list()}
    assert {title: found for title, found in findings.items() if found} == {}


def test_the_default_pack_reads_correctly_before_the_agent_name_and_shop_are_set(pack_service: PhraseService) -> None:
    """Issue 12: a new agent's first greeting came out as 「您好，这里是，我是客服～」."""
    blank = RenderContext()
    broken = {p.title: render(p.body, blank) for p in pack_service.list()
              if set(empty_placeholders(p.body, blank)) & {"agent", "agent_id", "shop"}}
    assert broken == {}
    texts = [render(p.body, blank) for p in pack_service.list()]
    assert [t for t in texts if re.search(r"[，,。]{2}|这里是[，。～]|我是客服[。～]|我是的|对的", t)] == []
    greeting = render(pack_service.by_pinned(1).body, blank)
    assert greeting.startswith("您好，欢迎光临！很高兴为您服务")
    full = render(pack_service.by_pinned(1).body, RenderContext(agent="小美", shop="棉麻小铺"))
    assert "欢迎光临棉麻小铺！我是客服小美，" in full


def test_the_default_pack_has_codes_and_pinned_greeting_shipping_farewell(pack_service: PhraseService) -> None:
    phrases = pack_service.list()
    codes = [p.code for p in phrases]
    assert None not in codes and len(set(codes)) == len(codes)
    assert pack_service.by_code("hy").category == "问候开场"
    assert [pack_service.by_pinned(slot).category for slot in (1, 2, 3)] == ["问候开场", "发货时间", "告别好评"]


def test_seeding_twice_adds_nothing(session: Session) -> None:
    count = PhraseService(session).count()
    assert seed_default_pack(session) == 0
    assert PhraseService(session).count() == count


# adding and conflicts
def test_add_stores_the_phrase_with_derived_title_and_pinyin_keys(service: PhraseService) -> None:
    phrase = service.add(PhraseDraft(category=" 发货 ", body="  重新发货已经安排好了，请您留意物流信息哦\r\n第二行 ",
                                     code=" cxfh ", pinned=4))
    assert phrase.category == "发货"
    assert phrase.title == "重新发货已经安排好了，请"
    assert phrase.body == "重新发货已经安排好了，请您留意物流信息哦\n第二行"
    assert (phrase.code, phrase.pinned, phrase.uses) == ("cxfh", 4, 0)
    keys = PhrasesRepo(service._session.db).search_keys(phrase.id)
    assert keys.body_pinyin.startswith("chongxinfahuo") and keys.body_initials.startswith("cxfh")
    assert keys.title_initials.startswith("cxfh") and service.title_initials(phrase.id) == keys.title_initials
    assert phrase.created == phrase.updated == "2026-11-22 10:00:00"
    assert service.get(phrase.id) == phrase


def test_a_used_code_is_refused_naming_the_phrase_that_has_it(service: PhraseService) -> None:
    first = service.add(PhraseDraft(category="发货", title="发货时间", body="48小时内发货", code="fh"))
    with pytest.raises(UserError, match=rf"code fh is already used by phrase {first.id} \(发货时间\)"):
        service.add(PhraseDraft(category="其他", body="另一条", code="fh"))
    assert service.count() == 1


def test_a_taken_pinned_slot_is_refused(service: PhraseService) -> None:
    first = service.add(PhraseDraft(category="问候", title="欢迎", body="您好", pinned=1))
    with pytest.raises(UserError, match=rf"slot 1 is already taken by phrase {first.id}"):
        service.add(PhraseDraft(category="问候", body="您好呀", pinned=1))
    second = service.add(PhraseDraft(category="问候", body="您好呀"))
    with pytest.raises(UserError, match="slot 1"):
        service.update(second.id, pinned=1)


@pytest.mark.parametrize("pinned", [0, 10, "x", "3.5", -1, True])
def test_a_pinned_slot_outside_one_to_nine_is_refused(service: PhraseService, pinned: object) -> None:
    with pytest.raises(UserError, match="from 1 to 9"):
        service.add(PhraseDraft(category="问候", body="您好", pinned=pinned))


@pytest.mark.parametrize(("draft", "message"), [
    (PhraseDraft(category="", body="您好"), "needs a category"),
    (PhraseDraft(category="问候", body=" \n "), "text is empty"),
    (PhraseDraft(category="问候", body="您" * 5001), "longer than 5000"),
    (PhraseDraft(category="问候", body="您好", code="f h"), "spaces"),
])
def test_invalid_phrases_are_refused(service: PhraseService, draft: PhraseDraft, message: str) -> None:
    with pytest.raises(UserError, match=message):
        service.add(draft)
    assert service.count() == 0 and service.categories() == []


def test_update_changes_only_what_is_given(service: PhraseService, clock) -> None:
    phrase = service.add(PhraseDraft(category="发货", title="发货时间", body="48小时内发货", code="fh", pinned=2))
    clock.advance(minutes=5)
    changed = service.update(phrase.id, body="24小时内发货", pinned=None, category="物流")
    assert (changed.title, changed.body, changed.code, changed.pinned, changed.category) == (
        "发货时间", "24小时内发货", "fh", None, "物流")
    assert changed.updated == "2026-11-22 10:05:00" and changed.created == "2026-11-22 10:00:00"
    assert PhrasesRepo(service._session.db).search_keys(phrase.id).body_initials.startswith("24xsnfh")
    assert service.update(phrase.id, title="").title == "24小时内发货"
    assert service.update(phrase.id, code="").code is None
    with pytest.raises(UserError, match="no phrase with id 999"):
        service.update(999, body="x")


# undo
def test_a_deleted_phrase_comes_back_with_its_id_and_uses(service: PhraseService) -> None:
    phrase = service.add(PhraseDraft(category="发货", body="48小时内发货", code="fh", pinned=2))
    service.record_use(phrase.id)
    deleted = service.delete(phrase.id)
    assert service.count() == 0 and service.by_code("fh") is None
    with pytest.raises(UserError):
        service.get(phrase.id)
    restored = service.restore(deleted)
    assert (restored.id, restored.code, restored.pinned, restored.uses) == (phrase.id, "fh", 2, 1)
    assert service.search("fh")[0].id == phrase.id


def test_a_deleted_category_comes_back_with_its_phrases(service: PhraseService) -> None:
    service.add(PhraseDraft(category="问候", body="您好"))
    kept = service.add(PhraseDraft(category="催付", body="亲，记得付款哦", code="cf"))
    service.add(PhraseDraft(category="告别", body="感谢光临"))
    category = service.category(kept.category_id)
    snapshot = service.delete_category(category.id)
    assert [c.name for c in service.categories()] == ["问候", "告别"]
    assert [p.title for p in service.search("cf")] == []
    service.restore_category(snapshot)
    assert [c.name for c in service.categories()] == ["问候", "催付", "告别"]
    assert service.get(kept.id).code == "cf"
    assert service.search("cf")[0].id == kept.id


# categories
def test_categories_can_be_renamed_and_moved(service: PhraseService) -> None:
    for name in ("问候", "发货", "告别"):
        service.add_category(name)
    phrase = service.add(PhraseDraft(category="发货", body="48小时内发货"))
    renamed = service.rename_category(phrase.category_id, "发货时间")
    assert service.get(phrase.id).category == "发货时间" == renamed.name
    with pytest.raises(UserError, match="already a category named 问候"):
        service.rename_category(phrase.category_id, "问候")
    with pytest.raises(UserError, match="already a category named 告别"):
        service.add_category("告别")
    service.move_category(phrase.category_id, 0)
    assert [c.name for c in service.categories()] == ["发货时间", "问候", "告别"]
    service.move_category(phrase.category_id, 99)
    assert [c.name for c in service.categories()] == ["问候", "告别", "发货时间"]
    assert [p.id for p in service.list("发货时间")] == [phrase.id]
    with pytest.raises(UserError, match="no category named 催付"):
        service.list("催付")


# use counting and search
def test_record_use_counts_uses_with_time_category_and_agent(service: PhraseService, clock) -> None:
    service._session.settings.set("agent.name", "小美")
    phrase = service.add(PhraseDraft(category="发货", body="48小时内发货"))
    clock.advance(minutes=3)
    service.record_use(phrase.id)
    service.record_use(phrase.id, agent="阿杰")
    used = service.get(phrase.id)
    assert (used.uses, used.last_used) == (2, "2026-11-22 10:03:00")
    assert [(u["category"], u["agent"], u["at"]) for u in service.uses(phrase.id)] == [
        ("发货", "小美", "2026-11-22 10:03:00"), ("发货", "阿杰", "2026-11-22 10:03:00")]


def test_search_follows_every_write(service: PhraseService) -> None:
    assert service.search("fahuo") == []
    phrase = service.add(PhraseDraft(category="发货", body="付款后48小时内发货", code="fh"))
    assert [p.id for p in service.search("fahuo")] == [phrase.id]
    service.update(phrase.id, body="付款后尽快寄出")
    assert service.search("fahuo") == []
    assert [p.id for p in service.search("jichu")] == [phrase.id]
    service.delete(phrase.id)
    assert service.search("fh") == []


def test_the_index_is_built_lazily_from_the_database(session: Session) -> None:
    service = PhraseService(session)
    assert session.shared(SharedPhraseIndex).index is None
    assert service.search("fh")[0].code == "fh"
    assert session.shared(SharedPhraseIndex).index is not None


def test_a_phrase_added_by_another_service_is_found_at_once(service: PhraseService) -> None:
    assert service.search("fh") == []
    PhraseService(service._session).add(PhraseDraft(category="发货", body="48小时内发货", code="fh"))
    assert service.search("fh")[0].code == "fh"


def test_the_feed_hears_about_writes_after_their_commit(service: PhraseService) -> None:
    heard: list[Change] = []
    service._session.changes.subscribe(heard.append)
    phrase = service.add(PhraseDraft(category="发货", body="48小时内发货"))
    service.record_use(phrase.id)
    service.delete(phrase.id)
    assert [c for c in heard if c.kind == "phrases"] == [Change("phrases", frozenset({phrase.id}))] * 3
    assert Change("categories", frozenset({phrase.category_id})) in heard  # 发货 was new


def test_a_failed_batch_writes_nothing(service: PhraseService) -> None:
    service.add(PhraseDraft(category="发货", body="48小时内发货", code="fh"))
    heard: list[Change] = []
    service._session.changes.subscribe(heard.append)
    with pytest.raises(UserError), service.batch():
        service.add(PhraseDraft(category="新分组", body="第一条"))
        service.add(PhraseDraft(category="新分组", body="第二条", code="fh"))
    assert heard == []
    assert [p.body for p in service.list()] == ["48小时内发货"]
    assert [c.name for c in service.categories()] == ["发货"]
    assert [p.body for p in service.search("")] == ["48小时内发货"]


# rendering
def test_render_fills_in_settings_buyer_date_and_fill_ins(service: PhraseService) -> None:
    settings = service._session.settings
    settings.set("agent.name", "小美")
    settings.set("agent.id", "007")
    settings.set("shop.name", "花花女装")
    phrase = service.add(PhraseDraft(
        category="问候", body="{客户}您好，我是{店铺}的客服{客服}（工号{agent_id}），建议{?尺码}码，{日期}为您发货"))
    text = service.render(phrase.id, buyer="小米粥", fills={"尺码": "L"})
    assert text == "亲您好，我是花花女装的客服小美（工号007），建议L码，11月22日为您发货"  # the shop's 称呼
    settings.set("buyer.salutation", "nick")
    assert service.render(phrase.id, buyer="小米粥", fills={"尺码": "L"}).startswith("小米粥您好")
    context = service.context(buyer="小米粥", clipboard="单号123")
    assert (context.agent, context.shop, context.clipboard, context.now.hour) == ("小美", "花花女装", "单号123", 10)


def test_a_derived_title_is_made_from_the_text_not_the_template(service: PhraseService) -> None:
    """Issue 12: the automatic title copied raw template text (「{客户名}亲，这款{?颜」) into the picker."""
    phrase = service.add(PhraseDraft(category="尺码", body="{客户}亲，这款{?颜色:红色|白色}还有货哦，{{满减}}中"))
    assert phrase.title == "亲，这款还有货哦，{满减"
    assert "{" not in service.add(PhraseDraft(category="问候", body="您好[[，这里是{店铺}]]～欢迎")).title
    follows = service.update(phrase.id, body="{客户}您好，已为您备注{?尺码}码")
    assert follows.title == "您好，已为您备注码"  # an automatic title follows the body


def test_empty_placeholders_follow_the_settings(service: PhraseService, empty_session: Session) -> None:
    body = "您好，这里是{店铺}，我是客服{客服}～{客户}"
    assert service.empty_placeholders(body) == ["shop", "agent"]  # {客户} says 亲, the shop's choice
    empty_session.settings.set("shop.name", "棉麻小铺")
    empty_session.settings.set("buyer.salutation", "nick")
    assert service.empty_placeholders(body) == ["agent", "buyer"]
    assert service.empty_placeholders(body, buyer="小王") == ["agent"]


def test_a_phrase_from_search_is_the_same_as_one_from_get(service: PhraseService) -> None:
    """The search keys stay in the index and storage: search() hands out the stored Phrase, not a copy
    with blanked fields."""
    added = service.add(PhraseDraft(category="发货", title="发货时间", body="付款后48小时内发货"))
    (found,) = [p for p in service.search("fhsj") if p.id == added.id]
    assert found == service.get(added.id)
    assert service.title_initials(added.id) == "fhsj"
