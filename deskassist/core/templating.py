"""Phrase templates: placeholders in braces, fill-in fields, literal braces. Rendering is a pure function.

    {客服}/{agent} {工号}/{agent_id} {店铺}/{shop} {客户}/{buyer} {日期}/{date} {时间}/{time}
    {星期}/{weekday} {剪贴板}/{clipboard}    fill-ins: {?尺码}  {?颜色:红色|白色|黑色}    literal: {{ }}

Unknown placeholders stay verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# canonical English name -> Chinese name
PLACEHOLDERS: dict[str, str] = {
    "agent": "客服", "agent_id": "工号", "shop": "店铺", "buyer": "客户",
    "date": "日期", "time": "时间", "weekday": "星期", "clipboard": "剪贴板",
}


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


def render(template: str, context: RenderContext) -> str:
    """The text to send. Never raises, whatever the template."""
    raise NotImplementedError


def fill_fields(template: str) -> list[FillField]:
    """The fill-in fields of a template, in order of first appearance, each name once."""
    raise NotImplementedError


def unknown_placeholders(template: str) -> list[str]:
    """Names in braces that are neither known placeholders nor fill-in fields (for lint)."""
    raise NotImplementedError
