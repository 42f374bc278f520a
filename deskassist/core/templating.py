"""Phrase templates: placeholders in braces, fill-in fields, literal braces. Rendering is a pure function.

    {客服}/{agent} {工号}/{agent_id} {店铺}/{shop} {客户}/{buyer} {日期}/{date} {时间}/{time}
    {星期}/{weekday} {剪贴板}/{clipboard}    fill-ins: {?尺码}  {?颜色:红色|白色|黑色}    literal: {{ }}
    optional segment: [[，这里是{店铺}]] is left out when a placeholder or fill-in inside it is empty

Choices made here (phrases are Chinese chat messages, so dates and days are in the forms agents type):
- {日期}/{date} -> "11月22日" (month and day, as said in chat; the year is never needed there),
  {时间}/{time} -> "14:05", {星期}/{weekday} -> "星期日".
- A placeholder whose value is not set (no buyer nickname, empty clipboard) renders as nothing.
- A fill-in without an answer in context.fills renders as its first choice, or as nothing without choices.
- English names ignore case and spaces inside the braces are ignored ({ Agent }). Fill-ins also accept the
  full-width marks a Chinese input method types: {？尺码} {？颜色：红色｜白色}.
- Unknown placeholders, empty braces and lone braces stay verbatim; `{{` and `}}` give `{` and `}`.
- Optional segments let one phrase read correctly before the agent's name or the shop is set
  (「您好[[，这里是{店铺}]]～」 gives 「您好～」, not 「您好，这里是～」). They nest; `[[...]]` holding no
  placeholder or fill-in, and an unmatched `[[` or `]]`, stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# canonical English name -> Chinese name
PLACEHOLDERS: dict[str, str] = {
    "agent": "客服", "agent_id": "工号", "shop": "店铺", "buyer": "客户",
    "date": "日期", "time": "时间", "weekday": "星期", "clipboard": "剪贴板",
}
_CANONICAL: dict[str, str] = {**{en: en for en in PLACEHOLDERS}, **{zh: en for en, zh in PLACEHOLDERS.items()}}
_WEEKDAYS = "一二三四五六日"
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_FILL_MARKS = ("?", "？")


@dataclass(frozen=True)
class FillField:
    """A value asked from the agent when pasting: {?尺码} or {?颜色:红色|白色|黑色}."""

    name: str
    choices: tuple[str, ...] = ()


@dataclass
class RenderContext:
    """Everything a template may refer to. fills holds the answers to fill-in fields by name."""

    agent: str = ""
    agent_id: str = ""
    shop: str = ""
    buyer: str = ""
    now: datetime = field(default_factory=lambda: datetime(2000, 1, 1))
    clipboard: str = ""
    fills: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """One brace construct in a template, for rendering, lint and editor highlighting.

    kind: "placeholder" (name is the canonical English name), "fill" (fill holds the field), "unknown"
    (name is the text between the braces), "brace" (an escaped {{ or }}; name is the brace it gives).
    """

    start: int
    end: int
    kind: str
    name: str
    fill: FillField | None = None


def canonical_name(name: str) -> str | None:
    """The English name of a known placeholder written in either language, else None."""
    stripped = name.strip()
    return _CANONICAL.get(stripped) or _CANONICAL.get(stripped.lower())


def _parse_fill(inner: str) -> FillField | None:
    stripped = inner.strip()
    if not stripped.startswith(_FILL_MARKS):
        return None
    spec = stripped[1:].replace("：", ":")
    name, _, choices_text = spec.partition(":")
    name = name.strip()
    if not name:
        return None
    choices = tuple(c.strip() for c in choices_text.replace("｜", "|").split("|") if c.strip())
    return FillField(name, choices)


def placeholder_spans(template: str) -> list[Span]:
    """Every brace construct of the template, in order (single unmatched braces are plain text)."""
    if not isinstance(template, str):
        return []
    spans = []
    for match in _TOKEN.finditer(template):
        token, inner = match.group(0), match.group(1)
        if inner is None:
            spans.append(Span(match.start(), match.end(), "brace", token[0]))
            continue
        known = canonical_name(inner)
        fill = None if known else _parse_fill(inner)
        if known:
            spans.append(Span(match.start(), match.end(), "placeholder", known))
        elif fill:
            spans.append(Span(match.start(), match.end(), "fill", fill.name, fill))
        else:
            spans.append(Span(match.start(), match.end(), "unknown", inner))
    return spans


def _value(name: str, context: RenderContext) -> str:
    now = context.now
    if name == "date":
        return f"{now.month}月{now.day}日"
    if name == "time":
        return f"{now.hour:02d}:{now.minute:02d}"
    if name == "weekday":
        return "星期" + _WEEKDAYS[now.weekday()]
    value = getattr(context, name, "")
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _fill_value(fill: FillField, fills: Mapping[str, str]) -> str:
    answer = fills.get(fill.name) if isinstance(fills, Mapping) else None
    if answer is None:
        return fill.choices[0] if fill.choices else ""
    return answer if isinstance(answer, str) else str(answer)


def optional_segments(template: str, spans: list[Span] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every optional segment, brackets included, outermost first by position.

    Brackets inside a brace construct are text; a segment counts only when it holds a placeholder or fill-in.
    """
    if not isinstance(template, str):
        return []
    spans = placeholder_spans(template) if spans is None else spans
    inside = [(s.start, s.end) for s in spans]
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    at = 0
    while at < len(template) - 1:
        pair = template[at:at + 2]
        if pair in ("[[", "]]") and not any(s <= at < e for s, e in inside):
            if pair == "[[":
                stack.append(at)
            elif stack:
                pairs.append((stack.pop(), at + 2))
            at += 2
            continue
        at += 1
    fields = [s.start for s in spans if s.kind in ("placeholder", "fill")]
    return sorted((start, end) for start, end in pairs if any(start < f < end for f in fields))


def _span_text(template: str, span: Span, context: RenderContext | None) -> str:
    """One construct's text; with no context (plain_text) every placeholder and fill-in is empty."""
    if span.kind == "brace":
        return span.name
    if context is None:
        return ""
    if span.kind == "placeholder":
        try:
            return _value(span.name, context)
        except (AttributeError, TypeError, ValueError):  # a malformed context: leave the field as written
            return template[span.start:span.end]
    if span.kind == "fill" and span.fill is not None:
        return _fill_value(span.fill, context.fills)
    return template[span.start:span.end]


def _render_range(template: str, spans: list[Span], segments: list[tuple[int, int]], start: int, end: int,
                  context: RenderContext | None) -> tuple[str, list[str]]:
    """The text of template[start:end] and the fields in it (not in a nested segment) that came out empty."""
    pieces: list[str] = []
    empty: list[str] = []
    at = start
    while at < end:
        segment = next(((s, e) for s, e in segments if s == at and e <= end), None)
        if segment is not None:
            text, missing = _render_range(template, spans, segments, segment[0] + 2, segment[1] - 2, context)
            if not missing:
                pieces.append(text)
            at = segment[1]
            continue
        span = next((s for s in spans if s.start == at), None)
        if span is not None:
            text = _span_text(template, span, context)
            if not text and span.kind in ("placeholder", "fill"):
                empty.append(span.name)
            pieces.append(text)
            at = span.end
            continue
        stops = [s.start for s in spans if s.start > at] + [s for s, _e in segments if s > at] + [end]
        stop = min(stop for stop in stops if stop <= end)
        pieces.append(template[at:stop])
        at = stop
    return "".join(pieces), empty


def _rendered(template: object, context: object) -> tuple[str, list[str]]:
    if not isinstance(template, str):
        template = "" if template is None else str(template)
    if not isinstance(context, RenderContext):
        context = RenderContext()
    spans = placeholder_spans(template)
    return _render_range(template, spans, optional_segments(template, spans), 0, len(template), context)


def render(template: str, context: RenderContext) -> str:
    """The text to send. Never raises, whatever the template."""
    return _rendered(template, context)[0]


def empty_placeholders(template: str, context: RenderContext) -> list[str]:
    """Canonical names of the placeholders that come out empty where no optional segment covers them: the text
    around them reads broken (「这里是，我是客服～」), so the picker and the editor warn before sending."""
    names = _rendered(template, context)[1]
    return list(dict.fromkeys(name for name in names if name in PLACEHOLDERS))


def fill_fields(template: str) -> list[FillField]:
    """The fill-in fields of a template, in order of first appearance, each name once.

    When a name appears more than once, the first appearance that lists choices gives them.
    """
    found: dict[str, FillField] = {}
    for span in placeholder_spans(template):
        if span.kind == "fill" and span.fill is not None:
            earlier = found.get(span.name)
            if earlier is None or (not earlier.choices and span.fill.choices):
                found[span.name] = span.fill
    return list(found.values())


def reads_clipboard(template: str) -> bool:
    """Whether rendering the template puts the clipboard into the text, in any spelling the parser accepts
    ({剪贴板}, {Clipboard}, { 剪贴板 } ...): the app reads the clipboard only then, lint and import name it."""
    return any(span.kind == "placeholder" and span.name == "clipboard" for span in placeholder_spans(template))


SAME_ON_EVERY_PASTE = frozenset({"agent", "agent_id", "shop"})
"""Placeholders whose value changes only when a setting is saved; the others follow the buyer being served,
the clock or the clipboard from one paste to the next."""


def renders_the_same(template: str) -> bool:
    """Whether every render gives the same text until a setting or the template itself changes: no buyer,
    date, time, weekday or clipboard placeholder and no fill-in (unknown names and braces stay as written).
    The slot hotkey and the picker keep such a phrase's text rendered ahead."""
    return all(span.kind in ("brace", "unknown") or (span.kind == "placeholder" and span.name in SAME_ON_EVERY_PASTE)
               for span in placeholder_spans(template))


def unknown_placeholders(template: str) -> list[str]:
    """Names in braces that are neither known placeholders nor fill-in fields (for lint)."""
    return list(dict.fromkeys(span.name for span in placeholder_spans(template) if span.kind == "unknown"))


def plain_text(template: str) -> str:
    """The template's own words, with every placeholder, fill-in and unknown name left out and the optional
    segments with them: what a title made from the body should show (never 「{客户名}亲，这款{?颜」)."""
    if not isinstance(template, str):
        return ""
    spans = [span if span.kind != "unknown" else Span(span.start, span.end, "fill", span.name, FillField(span.name))
             for span in placeholder_spans(template)]
    segments = optional_segments(template, spans)
    return _render_range(template, spans, segments, 0, len(template), None)[0]



def without_segment_marks(template: str) -> str:
    """The template as agents read it in lists (「{客户}您好，欢迎光临{店铺}！」): optional segments' brackets
    left out, everything else as written."""
    if not isinstance(template, str):
        return ""
    segments = optional_segments(template)
    marks = {at for start, end in segments for at in (start, start + 1, end - 2, end - 1)}
    return "".join(char for at, char in enumerate(template) if at not in marks)
