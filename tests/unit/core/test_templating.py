"""Phrase templates: both languages' placeholder names, dates, fill-ins, literal braces, never raising."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskassist.core.templating import (
    PLACEHOLDERS,
    FillField,
    RenderContext,
    empty_placeholders,
    fill_fields,
    placeholder_spans,
    reads_clipboard,
    render,
    renders_the_same,
    unknown_placeholders,
)

CONTEXT = RenderContext(agent="小美", agent_id="8021", shop="棉麻小铺", buyer="tb_小鱼",
                        now=datetime(2026, 11, 22, 14, 5), clipboard="SF1234567890")


def test_greeting_with_chinese_names() -> None:
    text = render("亲，您好！我是{店铺}的客服{客服}（工号{工号}），{客户}有什么可以帮您？", CONTEXT)
    assert text == "亲，您好！我是棉麻小铺的客服小美（工号8021），tb_小鱼有什么可以帮您？"


def test_english_names_give_the_same_values() -> None:
    chinese = render("{客服}|{工号}|{店铺}|{客户}|{日期}|{时间}|{星期}|{剪贴板}", CONTEXT)
    english = render("{agent}|{agent_id}|{shop}|{buyer}|{date}|{time}|{weekday}|{clipboard}", CONTEXT)
    assert chinese == english == "小美|8021|棉麻小铺|tb_小鱼|11月22日|14:05|星期日|SF1234567890"


def test_english_names_ignore_case_and_spaces_inside_braces() -> None:
    assert render("{Agent} { shop } {AGENT_ID}", CONTEXT) == "小美 棉麻小铺 8021"
    assert render("{ 客服 }", CONTEXT) == "小美"


def test_date_time_and_weekday_in_chat_forms() -> None:
    monday_morning = RenderContext(now=datetime(2026, 1, 5, 9, 3))
    assert render("{日期} {时间} {星期}", monday_morning) == "1月5日 09:03 星期一"


def test_unset_values_render_as_nothing() -> None:
    assert render("{客户}您好，单号{剪贴板}", RenderContext()) == "您好，单号"


def test_fill_ins_take_the_answers() -> None:
    context = RenderContext(fills={"尺码": "XL", "颜色": "白色"})
    assert render("给您备注{?尺码}码，{?颜色:红色|白色|黑色}", context) == "给您备注XL码，白色"


def test_missing_fill_in_answer_gives_first_choice_or_nothing() -> None:
    assert render("{?颜色:红色|白色|黑色}/{?尺码}/", RenderContext()) == "红色//"


def test_full_width_fill_in_marks_from_an_input_method() -> None:
    template = "{？颜色：米白｜浅灰}"
    assert fill_fields(template) == [FillField("颜色", ("米白", "浅灰"))]
    assert render(template, RenderContext()) == "米白"
    assert render(template, RenderContext(fills={"颜色": "浅灰"})) == "浅灰"


def test_literal_braces() -> None:
    assert render("{{客服}} 是占位符，写法 {{?尺码}}", CONTEXT) == "{客服} 是占位符，写法 {?尺码}"
    assert render("}} {{", CONTEXT) == "} {"
    assert render("{{{客服}}}", CONTEXT) == "{小美}"


def test_unknown_placeholders_and_lone_braces_stay_verbatim() -> None:
    template = "{优惠券} {foo} {} { 半个{ 还有}"
    assert render(template, CONTEXT) == template
    assert unknown_placeholders(template) == ["优惠券", "foo", "", " 还有"]


def test_unknown_placeholders_are_listed_once_and_exclude_known_and_fill_ins() -> None:
    template = "{客服}{agent}{?尺码}{?颜色:红|白}{活动}{活动}{{转义}}{？}"
    assert unknown_placeholders(template) == ["活动", "？"]


def test_fill_fields_in_order_each_name_once_with_choices_from_any_appearance() -> None:
    template = "{?颜色}，{?尺码:S|M|L}，再确认一次{?颜色:红色|白色}，{{?不是字段}}"
    assert fill_fields(template) == [FillField("颜色", ("红色", "白色")), FillField("尺码", ("S", "M", "L"))]
    assert fill_fields("没有字段 {客服}") == []


def test_choices_are_trimmed_and_empty_ones_dropped() -> None:
    assert fill_fields("{?颜色: 红色 || 白色 |}") == [FillField("颜色", ("红色", "白色"))]


@pytest.mark.parametrize("template", ["{剪贴板}", "{clipboard}", "{Clipboard}", "{CLIPBOARD}", "{ 剪贴板 }",
                                      "好的亲，感谢您的支持！{ Clipboard }", "{{}}{剪贴板}"])
def test_every_spelling_of_the_clipboard_placeholder_reads_the_clipboard(template: str) -> None:
    assert reads_clipboard(template)
    assert "SF1234567890" in render(template, CONTEXT)


@pytest.mark.parametrize("template", ["好的亲", "{{剪贴板}}", "{剪贴}", "{?剪贴板}", "剪贴板", "{clip board}", "{客户}"])
def test_text_that_only_looks_like_the_clipboard_placeholder_does_not_read_it(template: str) -> None:
    assert not reads_clipboard(template)
    assert "SF1234567890" not in render(template, CONTEXT)


@pytest.mark.parametrize("template", ["亲，您好！", "我是{店铺}的{ Agent }（工号{工号}）", "{{客户}}", "{未知}",
                                      "[[这里是{店铺}]]～"])
def test_text_of_settings_placeholders_only_renders_the_same_every_time(template: str) -> None:
    assert renders_the_same(template)
    later = RenderContext(agent="小美", agent_id="8021", shop="棉麻小铺", buyer="tb_阿花",
                          now=datetime(2026, 11, 23, 9, 30), clipboard="另一段", fills={"尺码": "L"})
    assert render(template, CONTEXT) == render(template, later)


@pytest.mark.parametrize("template", ["{客户}亲", "{buyer}", "今天{日期}", "{ 时间 }", "{Weekday}", "{剪贴板}",
                                      "{?尺码}", "{？颜色：红|白}", "[[，{客户}]]好的", "{店铺}{date}"])
def test_a_buyer_clock_clipboard_or_fill_in_makes_the_text_change_between_pastes(template: str) -> None:
    assert not renders_the_same(template)


def test_placeholder_spans_for_highlighting() -> None:
    template = "我是{客服}，{?尺码}码{x}{{"
    spans = [(s.start, s.end, s.kind, s.name) for s in placeholder_spans(template)]
    assert spans == [(2, 6, "placeholder", "agent"), (7, 12, "fill", "尺码"), (13, 16, "unknown", "x"),
                     (16, 18, "brace", "{")]
    assert [template[s:e] for s, e, _, _ in spans] == ["{客服}", "{?尺码}", "{x}", "{{"]


def test_every_declared_placeholder_renders_in_both_languages() -> None:
    for english, chinese in PLACEHOLDERS.items():
        assert render("{" + english + "}", CONTEXT) == render("{" + chinese + "}", CONTEXT)
        assert "{" not in render("{" + english + "}", CONTEXT)


def test_bad_inputs_do_not_raise() -> None:
    assert render(None, CONTEXT) == ""  # type: ignore[arg-type]
    assert render("{客服}", None) == ""  # type: ignore[arg-type]
    odd = RenderContext(agent=None, fills={"尺码": 42})  # type: ignore[arg-type, dict-item]
    assert render("[{客服}][{?尺码}]", odd) == "[][42]"


@given(st.text())
def test_render_never_raises(template: str) -> None:
    assert isinstance(render(template, CONTEXT), str)
    assert isinstance(render(template, RenderContext(fills={"尺码": "M"})), str)
    fill_fields(template)
    unknown_placeholders(template)


@given(st.text().filter(lambda t: "{" not in t and "}" not in t))
def test_text_without_braces_renders_unchanged(template: str) -> None:
    assert render(template, CONTEXT) == template


# --- optional segments [[...]] and empty placeholders (issue 12: 「您好，这里是，我是客服～」) --------------
GREETING = "您好[[，这里是{店铺}]][[，我是客服{客服}]]～请稍等"


def test_an_optional_segment_is_dropped_when_its_placeholder_is_empty() -> None:
    assert render(GREETING, RenderContext()) == "您好～请稍等"
    assert render(GREETING, RenderContext(shop="棉麻小铺")) == "您好，这里是棉麻小铺～请稍等"
    assert render(GREETING, CONTEXT) == "您好，这里是棉麻小铺，我是客服小美～请稍等"


def test_optional_segments_nest() -> None:
    template = "[[我是客服{客服}[[（工号{工号}）]]，]]很高兴为您服务"
    assert render(template, RenderContext(agent="小美")) == "我是客服小美，很高兴为您服务"
    assert render(template, RenderContext(agent="小美", agent_id="8021")) == "我是客服小美（工号8021），很高兴为您服务"
    assert render(template, RenderContext(agent_id="8021")) == "很高兴为您服务"


def test_brackets_without_a_placeholder_or_unmatched_stay_as_written() -> None:
    assert render("[[链接]] 和 [[{客服}", CONTEXT) == "[[链接]] 和 [[小美"
    assert render("{?备注:[[}{客服}]]", CONTEXT) == "[[小美]]"  # brackets inside a fill-in's choices are text


def test_empty_placeholders_are_listed_outside_optional_segments() -> None:
    assert empty_placeholders("您好，这里是{店铺}，我是客服{客服}～", RenderContext(agent="小美")) == ["shop"]
    assert empty_placeholders(GREETING, RenderContext()) == []  # the segments take care of them
    assert empty_placeholders("{客户}您好{日期}{剪贴板}", RenderContext()) == ["buyer", "clipboard"]
    assert empty_placeholders("{店铺}{shop}", RenderContext()) == ["shop"]
    assert empty_placeholders("{店铺}", CONTEXT) == []


@given(st.text(alphabet="[]{}客服店铺?x ，"))
def test_render_never_raises_with_segments(template: str) -> None:
    assert isinstance(render(template, RenderContext()), str)
    empty_placeholders(template, RenderContext())


def test_lists_show_templates_without_segment_brackets() -> None:
    from deskassist.core.templating import without_segment_marks

    assert without_segment_marks(GREETING) == "您好，这里是{店铺}，我是客服{客服}～请稍等"
    assert without_segment_marks("[[链接]] [[{客服}") == "[[链接]] [[{客服}"  # not segments: as written
