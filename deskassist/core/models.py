"""Dataclasses that travel between storage, services and the UI. Plain data, no behaviour that needs I/O."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Category:
    id: int
    name: str
    position: int = 0


@dataclass
class Phrase:
    """A quick-reply phrase. The *_pinyin / *_initials keys are computed when the phrase is written."""

    id: int
    category_id: int
    category: str
    title: str
    body: str
    code: str | None = None
    pinned: int | None = None
    uses: int = 0
    last_used: str | None = None
    created: str = ""
    updated: str = ""
    groups: tuple[str, ...] = ()  # customer group keys this phrase is meant for (e.g. "vip")
    title_pinyin: str = ""
    title_initials: str = ""
    body_pinyin: str = ""
    body_initials: str = ""

    def to_dict(self) -> dict:
        """The public JSON shape (`--json`, export): no internal search keys."""
        return {
            "id": self.id, "category": self.category, "title": self.title, "body": self.body,
            "code": self.code, "uses": self.uses, "pinned": self.pinned, "last_used": self.last_used,
            "groups": list(self.groups), "created": self.created, "updated": self.updated,
        }


@dataclass
class PhraseDraft:
    """What a user supplies to create or change a phrase (the service fills in the rest)."""

    category: str
    body: str
    title: str = ""
    code: str | None = None
    pinned: int | None = None
    groups: tuple[str, ...] = field(default_factory=tuple)
