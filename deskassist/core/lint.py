"""Phrase checks for the house style (see DOMAIN.md): used by `deskassist phrases lint` and the editor.

Checks, each a heuristic that errs towards staying quiet:
- negative: a bare negative word (NEGATIVE_WORDS: 不能, 没有, 无法, 没货, 不包邮 ...). It is not flagged when
  the same sentence or the next one gives a reason or an alternative (a REASON_MARKERS word: 因为, 由于,
  建议, 可以, 推荐, 换成, 不过, 但, 如果, 同款 ...; the negative words themselves and anything in braces
  are masked first, so the 可以 inside 不可以 does not count), when it is part of a question or a friendly
  idiom (有没有, 能不能, 没问题, 不能错过 ...; POSITIVE_IDIOMS), when its sentence is a question (ends
  with ？ or 吗: "请问是没有收到吗"; not 呢, which also ends statements: "没货了呢"), or when it reassures about a defect (没有色差,
  没有任何异味; REASSURED_DEFECTS). Sentences end at 。！？!?；; and line breaks. Negatives inside braces
  (a fill-in's choices) are skipped.
- clipboard: the body reads the clipboard ({剪贴板}/{clipboard} in any spelling templating accepts): whatever is
  on the clipboard when pasting (often another buyer's address or phone) is sent, so a phrase from someone
  else's pack must say so before anyone pins it.
- placeholder: a name in braces that is neither a known placeholder nor a fill-in field (see templating).
- brace: a `{` that is never closed (`欢迎光临{店铺`): it would be sent as written; an error, not a style hint.
- absolute: an absolute claim that China's advertising law and the platforms' rules punish (最好, 第一, 顶级,
  全网最低价, 国家级, 100% ...; ABSOLUTE_CLAIMS), with a suggested rewording. Ordinary words that merely start
  the same way stay quiet (第一时间, 最近, 最迟, 100%纯棉: a material's share is a fact, not a promise).
- offplatform: taking the buyer off the platform (加微信, 私聊, 支付宝转账, 转账 ...; OFF_PLATFORM): the platform
  penalises the shop and the buyer loses its protection; with a suggested rewording.
- length: a body longer than MAX_MESSAGE_CHARS, or one line longer than MAX_LINE_CHARS (agents send long
  answers as several short messages, one line at a time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskassist.core.templating import Span, placeholder_spans
from deskassist.i18n import _

MAX_MESSAGE_CHARS = 500  # longer bodies are hard to read as one chat message
MAX_LINE_CHARS = 150  # one line of a multi-line answer, sent as its own message

NEGATIVE_WORDS: tuple[str, ...] = (
    "不能", "没有", "不可以", "不行", "无法", "没货", "缺货", "不支持", "不包邮", "不退", "不换",
    "不知道", "不清楚", "不可能", "做不到", "办不到", "没办法", "没法", "不议价", "不讲价", "不接受", "不提供",
    "不负责",
)
POSITIVE_IDIOMS: tuple[str, ...] = (
    "有没有", "能不能", "行不行", "可不可以", "是不是", "没有问题", "没问题", "不能错过", "没有之一",
    "不行的话", "没有的话",
)
REASSURED_DEFECTS: tuple[str, ...] = (
    "色差", "异味", "问题", "瑕疵", "起球", "掉色", "褪色", "缩水", "线头", "破损", "副作用", "刺激",
)
REASON_MARKERS: tuple[str, ...] = (
    "因为", "由于", "原因", "所以", "为了", "以免", "避免", "建议", "推荐", "可以", "换成", "换个", "改为",
    "改成", "或者", "不过", "但", "另外", "如果", "如需", "需要的话", "可选", "同款", "类似", "相似", "替代",
    "新款", "其他", "其它", "为您", "帮您", "赠送", "送您", "优惠", "活动", "补偿", "补发", "联系", "稍后",
    "预计", "到货后", "安排",
)
_SENTENCE_END = "。！？!?；;\n"
_NEGATIVE = re.compile("|".join(re.escape(w) for w in sorted(NEGATIVE_WORDS, key=len, reverse=True)))
_IDIOM = re.compile("|".join(re.escape(w) for w in sorted(POSITIVE_IDIOMS, key=len, reverse=True)))
_REASSURANCE = re.compile(r"\s*(?:任何|什么|明显的?|太大的?)?\s*(?:" + "|".join(REASSURED_DEFECTS) + ")")


# word -> suggested rewording (phrase wording, so in Chinese); checked longest first
ABSOLUTE_CLAIMS: dict[str, str] = {
    "全网最低价": "活动价", "全网最低": "优惠力度大", "史上最低": "优惠力度大", "最低价": "活动价",
    "顶级": "高品质", "国家级": "写明具体的认证或检测报告", "世界级": "品质出众", "第一": "热销",
    "100%": "放心", "百分百": "放心", "百分之百": "放心", "绝对": "请放心", "万能": "用途多",
    "永久": "长久", "独家": "本店特色", "首选": "很多亲的选择", "极品": "精选",
}
OFF_PLATFORM: dict[str, str] = {
    "加微信": "有问题随时在这里联系我", "加我微信": "有问题随时在这里联系我", "加个微信": "有问题随时在这里联系我",
    "加我vx": "有问题随时在这里联系我", "加vx": "有问题随时在这里联系我", "加v": "有问题随时在这里联系我",
    "微信号": "有问题随时在这里联系我", "私聊": "就在这个聊天窗口里说", "私下交易": "请在平台下单",
    "支付宝转账": "请在平台下单付款", "微信转账": "请在平台下单付款", "银行卡转账": "请在平台下单付款",
    "转账": "请在平台下单付款", "线下交易": "请在平台下单", "线下付款": "请在平台下单付款",
}
# 最 + one character is a superlative (最好, 最便宜 ...) except in these everyday words
_ORDINARY_ZUI = "近后终晚迟少多新初早"
_ORDINARY_ZUI_IDIOMS = ("最大的动力", "最大努力", "最大的努力", "最大程度")  # thanks and effort, not claims
_ORDINARY_DIYI = ("时间", "次", "步", "天", "个", "件", "单", "批", "位", "眼")
_MATERIALS = ("纯棉", "棉", "真丝", "桑蚕丝", "羊毛", "羊绒", "亚麻", "涤纶", "聚酯", "纯", "新疆棉", "原装")


PLATFORM_WORDING = ("absolute", "offplatform")  # the kinds a pack from others is checked for on import


@dataclass(frozen=True)
class LintIssue:
    """One finding: kind is 'negative', 'clipboard', 'placeholder', 'brace', 'absolute', 'offplatform' or
    'length'; start/end index the body (for highlighting); suggestion is a rewording to offer, if any."""

    kind: str
    message: str  # translated, for the user
    start: int = 0
    end: int = 0
    suggestion: str = ""


def lint(body: str) -> list[LintIssue]:
    """All findings for one phrase body, in text order."""
    if not isinstance(body, str) or not body:
        return []
    spans = placeholder_spans(body)
    issues = _negatives(body, [(s.start, s.end) for s in spans])
    issues += [
        LintIssue("clipboard", clipboard_reason(body[s.start:s.end]), s.start, s.end)
        for s in spans if s.kind == "placeholder" and s.name == "clipboard"
    ]
    issues += [
        LintIssue("placeholder", _("Unknown placeholder {text}: it will be sent as written").format(
            text=body[s.start:s.end]), s.start, s.end)
        for s in spans if s.kind == "unknown"
    ]
    issues += _unclosed_braces(body, spans)
    issues += _platform_wording(body, [(s.start, s.end) for s in spans])
    issues += _lengths(body)
    return sorted(issues, key=lambda issue: (issue.start, issue.end))


def clipboard_reason(placeholder: str = "{剪贴板}") -> str:
    """Why reading the clipboard is worth a warning, in the user's language (lint and the import report)."""
    return _("Reads the clipboard ({text}): whatever is on the clipboard when pasting (an address, a phone "
             "number) is sent to the buyer").format(text=placeholder)


def _negatives(body: str, skipped: list[tuple[int, int]]) -> list[LintIssue]:
    idioms = [(m.start(), m.end()) for m in _IDIOM.finditer(body)]
    found = [m for m in _NEGATIVE.finditer(body)
             if not any(s <= m.start() and m.end() <= e for s, e in skipped)
             and not any(s <= m.start() and m.end() <= e for s, e in idioms)]
    masked = list(body)  # what may excuse a negative: not the negatives themselves, nothing in braces
    for start, end in [*((m.start(), m.end()) for m in _NEGATIVE.finditer(body)), *skipped]:
        masked[start:end] = "□" * (end - start)
    masked_text = "".join(masked)
    issues = []
    for m in found:
        if _REASSURANCE.match(body, m.end()):
            continue
        start, end = _sentence_around(body, m.start(), m.end())
        if body[end:end + 1] in ("？", "?") or body[start:end].rstrip().endswith("吗"):
            continue  # a question to the buyer ("是没有收到吗？") refuses nothing
        next_end = _sentence_around(body, end + 1, end + 1)[1] if end < len(body) else end
        if any(marker in masked_text[start:next_end] for marker in REASON_MARKERS):
            continue
        issues.append(LintIssue(
            "negative",
            _("Bare negative word \"{word}\": give the reason or offer an alternative").format(word=m.group(0)),
            m.start(), m.end()))
    return issues


def _unclosed_braces(body: str, spans: list[Span]) -> list[LintIssue]:
    """Each `{` that no brace construct covers: it would reach the buyer as written."""
    covered = [(s.start, s.end) for s in spans]
    issues = []
    for at, char in enumerate(body):
        if char != "{" or any(s <= at < e for s, e in covered):
            continue
        stop = min((i for i in (body.find("{", at + 1), body.find("}", at + 1), body.find("\n", at))
                    if i != -1), default=len(body))
        text = body[at:stop]
        issues.append(LintIssue("brace", _("Unclosed brace \"{text}\": it is sent as written; close it with }} "
                                           "or write {{{{ for a brace").format(text=text), at, stop))
    return issues


_ABSOLUTE = re.compile("|".join(
    [re.escape(w) for w in sorted(ABSOLUTE_CLAIMS, key=len, reverse=True)] + [f"最[^{_ORDINARY_ZUI}\\s，。！？,.!?～~]"]))
_OFF_PLATFORM = re.compile("|".join(re.escape(w) for w in sorted(OFF_PLATFORM, key=len, reverse=True)),
                           re.IGNORECASE)


def _platform_wording(body: str, skipped: list[tuple[int, int]]) -> list[LintIssue]:
    """Absolute claims and off-platform contact, each with the reason and a rewording."""
    issues = []
    for m in _ABSOLUTE.finditer(body):
        word = m.group(0)
        if any(s <= m.start() < e for s, e in skipped):
            continue
        if word == "第一" and body.startswith(_ORDINARY_DIYI, m.end()):
            continue
        if word.startswith("最") and any(body.startswith(idiom, m.start() - (idiom.find("最")))
                                          for idiom in _ORDINARY_ZUI_IDIOMS if m.start() >= idiom.find("最")):
            continue
        if word == "100%" and body.startswith(_MATERIALS, m.end()):
            continue
        suggestion = ABSOLUTE_CLAIMS.get(word) or ("很好" if word == "最佳" else "很" + word[1:])
        issues.append(LintIssue("absolute", _("Absolute claim \"{word}\": China's advertising law and the platform's "
                                              "rules punish it; say \"{suggestion}\" instead").format(
            word=word, suggestion=suggestion), m.start(), m.end(), suggestion))
    for m in _OFF_PLATFORM.finditer(body):
        if any(s <= m.start() < e for s, e in skipped):
            continue
        suggestion = OFF_PLATFORM[next(k for k in OFF_PLATFORM if k.lower() == m.group(0).lower())]
        issues.append(LintIssue("offplatform", _("\"{word}\" takes the buyer off the platform: the platform "
                                                 "penalises the shop and the buyer loses its protection; say "
                                                 "\"{suggestion}\" instead").format(
            word=m.group(0), suggestion=suggestion), m.start(), m.end(), suggestion))
    return issues


def _sentence_around(body: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence holding body[start:end]; end stops before the closing mark."""
    begin = max((body.rfind(mark, 0, start) for mark in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (body.find(mark, end) for mark in _SENTENCE_END) if i != -1]
    return begin, min(ends, default=len(body))


def _lengths(body: str) -> list[LintIssue]:
    issues = []
    if len(body) > MAX_MESSAGE_CHARS:
        issues.append(LintIssue(
            "length",
            _("Too long for one chat message: {count} characters (at most {maximum}); split it into "
              "several phrases").format(count=len(body), maximum=MAX_MESSAGE_CHARS),
            MAX_MESSAGE_CHARS, len(body)))
    offset = 0
    lines = body.split("\n")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS and (len(lines) > 1 or len(body) <= MAX_MESSAGE_CHARS):
            issues.append(LintIssue(
                "length",
                _("Line {line} is long for one chat message: {count} characters (at most {maximum}); "
                  "break it into shorter lines").format(line=number, count=len(line), maximum=MAX_LINE_CHARS),
                offset, offset + len(line)))
        offset += len(line) + 1
    return issues
