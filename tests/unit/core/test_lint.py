"""Phrase lint: bare negative words (with the reason/alternative heuristic), unknown placeholders, length."""

from __future__ import annotations

import pytest

from deskassist.core.lint import MAX_LINE_CHARS, MAX_MESSAGE_CHARS, lint
from deskassist.i18n import set_language


def found(body: str) -> list[tuple[str, str]]:
    """(kind, highlighted text) of every issue."""
    return [(issue.kind, body[issue.start:issue.end]) for issue in lint(body)]


@pytest.mark.parametrize(("body", "word"), [
    ("这款没货了。", "没货"),
    ("不可以退换", "不可以"),
    ("亲，价格不议价哦。", "不议价"),
    ("偏远地区不包邮", "不包邮"),
    ("这个我们无法处理", "无法"),
    ("不好意思，没有了", "没有"),
    ("这个真的不行", "不行"),
    ("这款已经没货了呢", "没货"),
    ("发票不能开", "不能"),
])
def test_bare_negative_words_are_flagged(body: str, word: str) -> None:
    assert found(body) == [("negative", word)]


@pytest.mark.parametrize("body", [
    "这款没货了，给您推荐同款新品哦",
    "不好意思，这款没货了。给您推荐一款类似的新品",  # the alternative in the next sentence
    "因为是定制商品，不支持退换",
    "价格不议价哦，不过现在有满199减20的活动",
    "偏远地区不包邮，如果需要可以改发EMS",
    "这个无法修改，建议您重新拍下",
    "亲，有没有问题呢？",
    "衣服没有色差，请放心",
    "没有任何异味",
    "没问题的，马上安排",
    "活动不能错过哦",
    "请问是没有收到货吗？",
    "您那边还是无法打开链接吗",
    "请问是哪一步不能操作呢？",
    "{?库存:没有|有}",  # inside braces: a fill-in's choices
    "亲，您好！欢迎光临，有什么可以帮您？",
])
def test_negatives_with_reason_alternative_or_friendly_meaning_are_not_flagged(body: str) -> None:
    assert found(body) == []


def test_reason_in_an_unrelated_later_sentence_does_not_excuse() -> None:
    body = "无法发货。谢谢。可以的"
    assert found(body) == [("negative", "无法")]


def test_the_negative_word_itself_is_no_alternative() -> None:
    assert found("不可以") == [("negative", "不可以")]  # 可以 inside 不可以 does not count


def test_a_marker_inside_braces_is_no_alternative() -> None:
    assert found("没货。{活动}") == [("negative", "没货"), ("placeholder", "{活动}")]


def test_each_occurrence_is_reported_in_text_order() -> None:
    body = "没货。\n不包邮。"
    issues = lint(body)
    assert [(i.kind, i.start, i.end) for i in issues] == [("negative", 0, 2), ("negative", 4, 7)]
    assert issues[0].message == 'Bare negative word "没货": give the reason or offer an alternative'


def test_unknown_placeholders_are_flagged_with_their_position() -> None:
    body = "{客户}您好，{优惠券}已发放，{?尺码}请确认，{{字面}}"
    assert found(body) == [("placeholder", "{优惠券}")]
    assert lint(body)[0].message == "Unknown placeholder {优惠券}: it will be sent as written"


def test_too_long_for_one_message() -> None:
    body = "好" * (MAX_MESSAGE_CHARS + 20)
    issues = lint(body)
    assert [(i.kind, i.start, i.end) for i in issues] == [("length", MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS + 20)]
    assert str(MAX_MESSAGE_CHARS + 20) in issues[0].message
    exactly_at_limit = "\n".join(["好" * 100] * 4) + "\n" + "好" * 96
    assert len(exactly_at_limit) == MAX_MESSAGE_CHARS
    assert lint(exactly_at_limit) == []


def test_long_line_in_a_multi_line_body() -> None:
    long_line = "请" * (MAX_LINE_CHARS + 1)
    body = "亲，您好\n" + long_line + "\n谢谢"
    assert found(body) == [("length", long_line)]
    assert lint(body)[0].message.startswith("Line 2 is long for one chat message")
    assert found("亲，您好\n" + "请" * MAX_LINE_CHARS) == []


def test_good_phrase_is_clean() -> None:
    body = "亲，您好！我是{店铺}的{客服}，付款后48小时内发货，默认顺丰快递，请您放心。"
    assert lint(body) == []
    assert lint("") == []


def test_messages_in_chinese() -> None:
    set_language("zh_CN")
    try:
        messages = [i.message for i in lint("没货。{活动}" + "好" * MAX_MESSAGE_CHARS)]
    finally:
        set_language("en")
    assert messages[0] == "生硬的否定词“没货”：请说明原因或给出替代方案"
    assert messages[1] == "无法识别的占位符 {活动}：将按原样发出"
    assert messages[2].startswith("作为一条聊天消息太长")


@pytest.mark.parametrize("placeholder", ["{剪贴板}", "{clipboard}", "{Clipboard}", "{CLIPBOARD}", "{ 剪贴板 }"])
def test_a_phrase_that_reads_the_clipboard_is_named_with_the_reason(placeholder: str) -> None:
    """A pack phrase pasting the clipboard sends whatever is on it (a buyer's address) to another buyer."""
    body = f"好的亲，感谢您的支持！{placeholder}"
    assert found(body) == [("clipboard", placeholder)]
    message = lint(body)[0].message
    assert placeholder in message and "clipboard" in message and "sent to the buyer" in message


def test_look_alikes_of_the_clipboard_placeholder_are_not_clipboard_findings() -> None:
    assert [kind for kind, _text in found("{{剪贴板}} {?剪贴板} 剪贴板")] == []
    assert found("{剪贴 板}") == [("placeholder", "{剪贴 板}")]


# --- platform wording: absolute claims and taking buyers off the platform (issue 12) ----------------------
@pytest.mark.parametrize(("body", "word"), [
    ("这款是全网最低价哦", "全网最低价"),
    ("我们家质量最好", "最好"),
    ("销量第一的爆款", "第一"),
    ("顶级面料", "顶级"),
    ("国家级工艺", "国家级"),
    ("100%满意", "100%"),
    ("百分百正品", "百分百"),
    ("绝对不掉色", "绝对"),
])
def test_absolute_claims_are_flagged_with_a_rewording(body: str, word: str) -> None:
    issues = [i for i in lint(body) if i.kind == "absolute"]
    assert [(body[i.start:i.end]) for i in issues] == [word]
    assert issues[0].suggestion  # a rewording to offer
    assert issues[0].suggestion in issues[0].message


@pytest.mark.parametrize(("body", "word"), [
    ("亲可以加微信聊", "加微信"),
    ("我们私聊吧", "私聊"),
    ("支付宝转账给我就行", "支付宝转账"),
    ("直接转账也可以", "转账"),
    ("加我vx发图", "加我vx"),
])
def test_taking_buyers_off_the_platform_is_flagged(body: str, word: str) -> None:
    issues = [i for i in lint(body) if i.kind == "offplatform"]
    assert [(body[i.start:i.end]) for i in issues] == [word]
    assert issues[0].suggestion in issues[0].message


@pytest.mark.parametrize("body", [
    "我们会第一时间为您发货",
    "最近物流比较慢，请您耐心等待",
    "最迟48小时内发出",
    "最后确认一下地址",
    "面料是100%纯棉的",
    "100%棉，亲肤透气",
    "第一次购买的亲可以领券",
    "可以查看最新物流信息",
])
def test_ordinary_words_near_absolute_claims_stay_quiet(body: str) -> None:
    assert [i for i in lint(body) if i.kind in ("absolute", "offplatform")] == []


def test_platform_wording_reason_is_translated() -> None:
    set_language("zh_CN")
    try:
        message = next(i.message for i in lint("全网最低价") if i.kind == "absolute")
        assert "广告法" in message
        message = next(i.message for i in lint("加微信") if i.kind == "offplatform")
        assert "平台" in message
    finally:
        set_language("en")


@pytest.mark.parametrize(("body", "text"), [
    ("欢迎光临{店铺", "{店铺"),
    ("{客户 您好，欢迎光临{店铺}", "{客户 您好，欢迎光临"),
    ("您好{", "{"),
])
def test_an_unclosed_brace_is_an_error(body: str, text: str) -> None:
    issues = [i for i in lint(body) if i.kind == "brace"]
    assert [(body[i.start:i.end]) for i in issues] == [text]


def test_escaped_and_closed_braces_are_fine() -> None:
    assert [i for i in lint("用 {{ 和 }} 写花括号，{店铺}欢迎您") if i.kind == "brace"] == []


def test_thanks_and_effort_with_zui_are_no_claims() -> None:
    for body in ("您的鼓励是咱们最大的动力", "我们会尽最大努力为您处理"):
        assert [i for i in lint(body) if i.kind == "absolute"] == []
    assert [i.suggestion for i in lint("这款质量最好") if i.kind == "absolute"] == ["很好"]
