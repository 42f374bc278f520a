"""Dataclasses that travel between storage, services and the UI. Plain data, no behaviour that needs I/O."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Category:
    id: int
    name: str
    position: int = 0


@dataclass(slots=True)
class Phrase:
    """A quick-reply phrase. Its pinyin search keys live in storage and the search index, not here."""

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
    questions: tuple[str, ...] = field(default_factory=tuple)  # example buyer questions (问法), from a pack


@dataclass(frozen=True)
class Question:
    """An example buyer question (问法) a phrase answers: from a pack/the editor, or learned from a pick."""

    id: int
    phrase_id: int
    text: str
    source: str = "pack"  # 'pack' or 'learned'
    created: str = ""


# --- Customer notes: customers, follow-ups, after-sales, memos, agents, handover (issue 4) ---------------------


def mask_phone(phone: str) -> str:
    """138****1234: the phone as shown until the user asks to reveal it (customer data is confidential)."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return "*" * len(digits)


@dataclass
class CustomerGroup:
    """A group of buyers. Built-in keys: inquiry (咨询), buyer (买家), vip (VIP); shops add their own (key = name)."""

    key: str
    builtin: bool = False
    position: int = 0
    members: int = 0


@dataclass
class Customer:
    """A buyer: a nickname on a platform, in one group, with tags, a free note and an optional phone."""

    id: int
    nick: str
    platform: str = "other"  # key: taobao tmall pinduoduo jd douyin wechat other
    group: str = "inquiry"  # group key
    tags: tuple[str, ...] = ()
    note: str = ""
    phone: str = ""
    lost_reason: str = ""  # key of LOST_REASONS (services.customers) or ""
    lost_note: str = ""
    lost_at: str | None = None
    agent: str = ""
    created: str = ""
    updated: str = ""
    agent_id: int | None = None  # who added the customer; `agent` is that agent's current name
    salutation: str = ""  # how phrases address them ({客户}); "" means the shop's choice

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def to_dict(self, reveal: bool = False) -> dict:
        """The public JSON shape; the phone stays masked unless reveal."""
        return {
            "id": self.id, "nick": self.nick, "platform": self.platform, "group": self.group,
            "tags": list(self.tags), "note": self.note,
            "phone": self.phone if reveal else self.masked_phone,
            "lost_reason": self.lost_reason, "lost_note": self.lost_note,
            "created": self.created, "updated": self.updated, "salutation": self.salutation,
        }


@dataclass
class GroupChange:
    """One move of a customer between groups: kept with who and when."""

    id: int
    customer_id: int
    old_group: str | None
    new_group: str
    agent: str
    at: str
    agent_id: int | None = None

    def to_dict(self) -> dict:
        return {"old_group": self.old_group, "new_group": self.new_group, "agent": self.agent, "at": self.at}


@dataclass
class FollowUp:
    """Something to do for a buyer at a time ("chase payment at 15:00"); listed while due and not done."""

    id: int
    text: str
    due: str  # stamp() text
    customer_id: int | None = None
    nick: str = ""
    agent: str = ""
    created: str = ""
    done_at: str | None = None
    done_by: str | None = None
    agent_id: int | None = None
    done_by_id: int | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "due": self.due, "nick": self.nick or None, "agent": self.agent,
                "created": self.created, "done_at": self.done_at, "done_by": self.done_by}


@dataclass
class AftersalesCase:
    """售后登记: a return, exchange, refund, re-send or complaint with its status."""

    id: int
    kind: str  # return exchange refund resend complaint
    order_no: str = ""
    customer_id: int | None = None
    nick: str = ""
    status: str = "open"  # open in_progress done
    notes: str = ""
    agent: str = ""
    created: str = ""
    updated: str = ""
    closed_at: str | None = None
    agent_id: int | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "order_no": self.order_no, "nick": self.nick or None,
                "status": self.status, "notes": self.notes, "agent": self.agent, "created": self.created,
                "updated": self.updated, "closed_at": self.closed_at}


@dataclass
class CustomerCard:
    """What the picker shows beside the phrases for the current buyer."""

    customer: Customer
    followups: list[FollowUp] = field(default_factory=list)  # open ones, soonest first
    cases: list[AftersalesCase] = field(default_factory=list)  # not done, newest first
    history: list[GroupChange] = field(default_factory=list)
    note_history: list[dict[str, str]] = field(default_factory=list)  # team mode: notes replaced by a conflict

    def to_dict(self, reveal: bool = False) -> dict:
        data = self.customer.to_dict(reveal)
        data["followups"] = [f.to_dict() for f in self.followups]
        data["cases"] = [c.to_dict() for c in self.cases]
        data["group_history"] = [h.to_dict() for h in self.history]
        data["note_history"] = list(self.note_history)
        return data


@dataclass
class Agent:
    """An agent who shares the desk: name and ID number (工号)."""

    id: int
    name: str
    number: str = ""
    created: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "number": self.number}


@dataclass
class Memo:
    """One entry of an agent's memo book; deleted memos are soft-deleted so a delete can be undone."""

    id: int
    agent: str
    text: str
    customer_id: int | None = None
    nick: str = ""
    tags: tuple[str, ...] = ()
    pinned: bool = False
    created: str = ""
    updated: str = ""
    done_at: str | None = None
    deleted_at: str | None = None
    agent_id: int | None = None  # whose memo book; `agent` is that agent's current name

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def to_dict(self) -> dict:
        return {"id": self.id, "agent": self.agent, "text": self.text, "nick": self.nick or None,
                "tags": list(self.tags), "pinned": self.pinned, "done": self.done, "created": self.created,
                "updated": self.updated, "done_at": self.done_at}


@dataclass
class HandoverItem:
    """One thing the next shift must know or do; open until someone marks it done (it carries over till then)."""

    id: int
    note_id: int
    kind: str  # reply chase aftersales notice other
    text: str
    customer_id: int | None = None
    nick: str = ""
    position: int = 0
    done_at: str | None = None
    done_by: str | None = None
    carried: bool = False  # True when shown on a later note than the one it was written in
    done_by_id: int | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def to_dict(self) -> dict:
        return {"id": self.id, "note_id": self.note_id, "kind": self.kind, "text": self.text,
                "nick": self.nick or None, "done": self.done, "done_at": self.done_at, "done_by": self.done_by,
                "carried": self.carried}


@dataclass
class HandoverAck:
    note_id: int
    agent: str
    at: str
    agent_id: int | None = None

    def to_dict(self) -> dict:
        return {"agent": self.agent, "at": self.at}


@dataclass
class HandoverNote:
    """A shift's handover: summary, its own items plus open items carried over from earlier notes, acks."""

    id: int
    shift: str
    shift_date: str  # YYYY-MM-DD the shift started on
    author: str
    summary: str
    created: str
    items: list[HandoverItem] = field(default_factory=list)
    acks: list[HandoverAck] = field(default_factory=list)
    author_id: int | None = None

    @property
    def open_items(self) -> list[HandoverItem]:
        return [i for i in self.items if not i.done]

    def to_dict(self) -> dict:
        return {"id": self.id, "shift": self.shift, "shift_date": self.shift_date, "author": self.author,
                "summary": self.summary, "created": self.created, "items": [i.to_dict() for i in self.items],
                "acknowledged_by": [a.to_dict() for a in self.acks]}
