"""Customers in groups: add, look up, tag, move between groups (history kept), and the current buyer's card.

The CLI and the windows both call CustomerService, so nick lookup (pinyin, @mentions, #tags), group
history and undo snapshots behave the same everywhere; `agent=None` means the configured agent.
"""

from __future__ import annotations

import builtins
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.mentions import bare_nick
from deskassist.core.models import Customer, CustomerCard, CustomerGroup, GroupChange
from deskassist.core.nick_index import NickIndex
from deskassist.i18n import N_, _, ngettext
from deskassist.services.agents import AgentIds
from deskassist.services.session import Session
from deskassist.storage.customers_repo import CasesRepo, CustomersRepo, FollowUpsRepo
from deskassist.storage.database import written
from deskassist.storage.team_repo import note_history

nick_indexes: weakref.WeakKeyDictionary[object, tuple[NickIndex, tuple[int, str]]] = weakref.WeakKeyDictionary()
"""One nick index per open database, with the (max id, max updated) it has seen."""

_log = log.get("notes")

PLATFORMS: dict[str, str] = {
    "taobao": N_("Taobao"), "tmall": N_("Tmall"), "pinduoduo": N_("Pinduoduo"), "jd": N_("JD"),
    "douyin": N_("Douyin"), "wechat": N_("WeChat"), "other": N_("Other platform"),
}
_PLATFORM_ALIASES = {"淘宝": "taobao", "天猫": "tmall", "拼多多": "pinduoduo", "pdd": "pinduoduo", "京东": "jd",
                     "抖音": "douyin", "微信": "wechat", "其他": "other", "其它": "other"}
BUILTIN_GROUPS: dict[str, str] = {"inquiry": N_("Inquiry"), "buyer": N_("Buyer"), "vip": N_("VIP")}
_GROUP_ALIASES = {"咨询": "inquiry", "买家": "buyer", "vip": "vip", "inquiry": "inquiry", "buyer": "buyer"}
LOST_REASONS: dict[str, str] = {
    "price": N_("Price too high"), "quality": N_("Doubts about quality"), "style": N_("Did not like the style"),
    "competitor": N_("Cheaper elsewhere"), "no_discount": N_("No discount"),
    "no_free_shipping": N_("No free shipping"), "courier": N_("Courier"),
}
_LOST_ALIASES = {"价格高": "price", "价格太高": "price", "太贵": "price", "质量": "quality", "质量顾虑": "quality",
                 "款式": "style", "竞品": "competitor", "竞品更便宜": "competitor", "别家更便宜": "competitor",
                 "没有优惠": "no_discount", "无优惠": "no_discount", "不包邮": "no_free_shipping",
                 "快递": "courier"}
MAX_NICK = 64


def label_of(labels: dict[str, str], key: str) -> str:
    """Translated label of a known key (labels: key -> English); an unknown key (a shop's own name) as it is."""
    return _(labels[key]) if key in labels else key


def key_of(labels: dict[str, str], aliases: dict[str, str], text: str, unknown: str, choices: str,
           by_label: bool = False) -> str:
    """The key `text` names: the key itself (any case), a Chinese alias, or with by_label the English or
    translated label. Else UserError(unknown), a translated message with {name} and {choices}."""
    value = text.strip()
    key = aliases.get(value, value.lower())
    if key in labels:
        return key
    if by_label:
        for known, label in labels.items():
            if value.casefold() in (label.casefold(), _(label).casefold()):
                return known
    raise UserError(unknown.format(name=value, choices=choices))


def platform_label(key: str) -> str:
    return label_of(PLATFORMS, key)


def group_label(key: str) -> str:
    """Translated name of a built-in group; a shop's own group is its own name."""
    return label_of(BUILTIN_GROUPS, key)


def lost_reason_label(key: str) -> str:
    return label_of(LOST_REASONS, key)


def resolve_platform(text: str) -> str:
    return key_of(PLATFORMS, _PLATFORM_ALIASES, text, _("Unknown platform: {name} (choose one of: {choices})"),
                  ", ".join(PLATFORMS), by_label=True)


def resolve_lost_reason(text: str) -> str:
    if not text.strip():
        return ""
    return key_of(LOST_REASONS, _LOST_ALIASES, text, _("Unknown reason: {name} (choose one of: {choices})"),
                  ", ".join(LOST_REASONS), by_label=True)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without '#', blanks or duplicates, in the order given."""
    cleaned = (t.strip().lstrip("#").strip() for t in tags)
    return tuple(dict.fromkeys(t for t in cleaned if t))


def nick_keys(nick: str) -> tuple[str, str, str]:
    """(case-folded nick, full pinyin, initials); pypinyin is only imported for nicks with non-ASCII letters."""
    key = nick.casefold()
    if nick.isascii():
        return key, key, key
    from deskassist.core.pinyin import pinyin_keys

    full, initials = pinyin_keys(nick)
    return key, full, initials


@dataclass
class CustomerSnapshot:
    """Everything a delete takes away, so an undo can put it back exactly."""

    customer: Customer
    history: list[GroupChange] = field(default_factory=list)
    links: dict[str, list[int]] = field(default_factory=dict)


MAX_SALUTATION = 20
NICK_CHOICES = ("nick", "昵称")  # buyer.salutation values that mean "the buyer's nickname"


def shop_address(choice: str, nick: str) -> str:
    """The shop's form of address for a buyer without their own: a word (亲, 宝 ...) or, for nick, the nickname."""
    choice = (choice or "").strip()
    return nick if choice.lower() in NICK_CHOICES else choice


def check_salutation(text: str) -> str:
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_SALUTATION:
        raise UserError(_("A form of address holds at most {max} characters").format(max=MAX_SALUTATION))
    if any(mark in cleaned for mark in "{}"):
        raise UserError(_("A form of address cannot contain braces"))
    return cleaned


class CustomerService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.db = session.db
        self.repo = CustomersRepo(session.db)
        self.agent_ids = AgentIds(session)

    def _now(self) -> str:
        return stamp(self.session.clock.now())

    def _changed(self, ids: Iterable[int] | None = None) -> None:
        """Customers (their groups, tags, nicks) changed; memos, follow-ups and cases show them too."""
        self.session.changes.publish("customers", ids)

    # groups ------------------------------------------------------------------------------------------------
    def groups(self) -> list[CustomerGroup]:
        return self.repo.groups()

    def resolve_group(self, text: str) -> str:
        value = text.strip()
        key = _GROUP_ALIASES.get(value.lower(), _GROUP_ALIASES.get(value, value))
        if self.repo.group_exists(key):
            return key
        for known, label in BUILTIN_GROUPS.items():
            if value.casefold() in (label.casefold(), _(label).casefold()):
                return known
        raise UserError(_("Unknown group: {name} (groups: {choices})").format(
            name=value, choices=", ".join(g.key for g in self.repo.groups())))

    def add_group(self, name: str) -> CustomerGroup:
        name = name.strip()
        if not name or len(name) > 32:
            raise UserError(_("A group name needs 1 to 32 characters"))
        try:
            self.resolve_group(name)
        except UserError:
            pass
        else:
            raise UserError(_("The group {name} already exists").format(name=name))
        with self.db.atomic():
            self.repo.add_group(name)
            self._changed()
        log.event(_log, "group_added")
        return next(g for g in self.repo.groups() if g.key == name)

    def delete_group(self, key: str) -> None:
        key = self.resolve_group(key)
        group = next(g for g in self.repo.groups() if g.key == key)
        if group.builtin:
            raise UserError(_("The built-in group {name} cannot be deleted").format(name=group_label(key)))
        if group.members:
            raise UserError(ngettext("The group {name} still has {count} customer; move them first",
                                     "The group {name} still has {count} customers; move them first",
                                     group.members).format(name=key, count=group.members))
        with self.db.atomic():
            self.repo.delete_group(key)
            self._changed()

    # customers ---------------------------------------------------------------------------------------------
    def _check_nick(self, nick: str) -> str:
        nick = bare_nick(nick)
        if not nick or len(nick) > MAX_NICK or any(ch in nick for ch in "\r\n\t"):
            raise UserError(_("A nickname needs 1 to {max} characters on one line").format(max=MAX_NICK))
        return nick

    def _row(self, nick: str, platform: str, group: str, note: str, phone: str, lost_reason: str,
             lost_note: str, agent_id: int | None, now: str) -> dict[str, Any]:
        key, full, initials = nick_keys(nick)
        return {"nick": nick, "nick_key": key, "nick_pinyin": full, "nick_initials": initials,
                "platform": platform, "group_key": group, "note": note, "phone": _phone_text(phone),
                "lost_reason": lost_reason, "lost_note": lost_note, "lost_at": now if lost_reason or lost_note else None,
                "agent_id": agent_id, "created": now, "updated": now}

    def add(self, nick: str, platform: str = "other", group: str = "inquiry", tags: Iterable[str] = (),
            note: str = "", phone: str = "", lost_reason: str = "", lost_note: str = "",
            agent: str | None = None) -> Customer:
        nick = self._check_nick(nick)
        platform_key = resolve_platform(platform)
        group_key = self.resolve_group(group)
        reason = resolve_lost_reason(lost_reason)
        _check_phone(phone)
        if self.repo.by_nick(nick) is not None:
            raise UserError(_("A customer with this nickname already exists"))
        now = self._now()
        with self.db.atomic():
            who = self.agent_ids.for_writing(agent)
            customer_id = self.repo.insert(
                self._row(nick, platform_key, group_key, note.strip(), phone, reason, lost_note.strip(), who, now),
                clean_tags(tags))
            self.repo.add_change(customer_id, None, group_key, who, now)
            self._changed([customer_id])
        log.event(_log, "customer_added", customer_id=customer_id)
        return written(self.repo.get(customer_id))

    def find(self, nick: str) -> Customer | None:
        return self.repo.by_nick(bare_nick(nick))

    def by_id(self, customer_id: int) -> Customer | None:
        return self.repo.get(customer_id)

    def get(self, nick: str) -> Customer:
        customer = self.find(nick)
        if customer is None:
            raise UserError(_("No customer with this nickname"))
        return customer

    def update(self, nick: str, *, platform: str | None = None, note: str | None = None, phone: str | None = None,
               tags: Iterable[str] | None = None, lost_reason: str | None = None,
               lost_note: str | None = None, salutation: str | None = None) -> Customer:
        customer = self.get(nick)
        fields: dict[str, Any] = {}
        if salutation is not None:
            fields["salutation"] = check_salutation(salutation)
        if platform is not None:
            fields["platform"] = resolve_platform(platform)
        if note is not None:
            fields["note"] = note.strip()
        if phone is not None:
            _check_phone(phone)
            fields["phone"] = _phone_text(phone)
        if lost_reason is not None:
            fields["lost_reason"] = resolve_lost_reason(lost_reason)
        if lost_note is not None:
            fields["lost_note"] = lost_note.strip()
        now = self._now()
        reason = fields.get("lost_reason", customer.lost_reason)
        why = fields.get("lost_note", customer.lost_note)
        if (reason, why) != (customer.lost_reason, customer.lost_note):
            fields["lost_at"] = now if reason or why else None  # the day the reason was given counts in reports
        fields["updated"] = now
        with self.db.atomic():
            self.repo.update(customer.id, fields)
            if tags is not None:
                self.repo.set_tags(customer.id, clean_tags(tags))
            self._changed([customer.id])
        log.event(_log, "customer_updated", customer_id=customer.id, fields=sorted(fields))
        return written(self.repo.get(customer.id))

    def address(self, customer: Customer | None) -> str:
        """How phrases address this buyer ({客户}): their own 称呼, else the shop's choice; never the raw
        platform nick (「tb_小王2024您好」) unless the shop chose the nickname."""
        if customer is not None and customer.salutation:
            return customer.salutation
        return shop_address(self.session.settings.get("buyer.salutation"), customer.nick if customer else "")

    def add_tags(self, nick: str, tags: Iterable[str]) -> Customer:
        customer = self.get(nick)
        return self.update(customer.nick, tags=customer.tags + clean_tags(tags))

    def remove_tags(self, nick: str, tags: Iterable[str]) -> Customer:
        customer = self.get(nick)
        dropped = set(clean_tags(tags))
        return self.update(customer.nick, tags=[t for t in customer.tags if t not in dropped])

    def set_group(self, nick: str, group: str, agent: str | None = None) -> Customer:
        customer = self.get(nick)
        key = self.resolve_group(group)
        if key == customer.group:
            return customer
        now = self._now()
        with self.db.atomic():
            who = self.agent_ids.for_writing(agent)
            self.repo.update(customer.id, {"group_key": key, "updated": now})
            self.repo.add_change(customer.id, customer.group, key, who, now)
            self._changed([customer.id])
        log.event(_log, "customer_group_changed", customer_id=customer.id)
        return written(self.repo.get(customer.id))

    def history(self, nick: str) -> list[GroupChange]:
        return self.repo.changes(self.get(nick).id)

    def delete(self, nick: str) -> Customer:
        customer = self.get(nick)
        with self.db.atomic():
            self.repo.delete(customer.id)
            self._changed([customer.id])
        log.event(_log, "customer_deleted", customer_id=customer.id)
        return customer

    def snapshot(self, nick: str) -> CustomerSnapshot:
        customer = self.get(nick)
        return CustomerSnapshot(customer, self.repo.changes(customer.id), self.repo.links(customer.id))

    def restore(self, snapshot: CustomerSnapshot) -> Customer:
        c = snapshot.customer
        if self.repo.by_nick(c.nick) is not None:
            raise UserError(_("A customer with this nickname already exists"))
        group = c.group if self.repo.group_exists(c.group) else "inquiry"
        row = self._row(c.nick, c.platform, group, c.note, c.phone, c.lost_reason, c.lost_note, c.agent_id,
                        c.created)
        row.update({"id": c.id, "updated": c.updated, "lost_at": c.lost_at, "salutation": c.salutation})
        with self.db.atomic():
            self.repo.insert(row, c.tags)
            self.repo.restore_changes(snapshot.history)
            self.repo.relink(c.id, snapshot.links)
            self._changed([c.id])
        log.event(_log, "customer_restored", customer_id=c.id)
        return written(self.repo.get(c.id))

    def list(self, group: str | None = None, tag: str | None = None, limit: int | None = None,
             offset: int = 0) -> list[Customer]:
        key = self.resolve_group(group) if group else None
        tag_key = clean_tags([tag])[0] if tag and clean_tags([tag]) else None
        return self.repo.list(key, tag_key, limit, offset)

    def recent(self, limit: int = 8) -> builtins.list[Customer]:
        return self.repo.recent(limit)

    def tags(self) -> builtins.list[tuple[str, int]]:
        return self.repo.all_tags()

    def lookup(self, query: str, limit: int = 20) -> builtins.list[Customer]:
        text = query.strip()
        if text.startswith("#"):
            tag = text.lstrip("#").strip()
            return self.repo.find_tag_prefix(tag, limit) if tag else []
        text = bare_nick(text)
        if not text:
            return []
        found: dict[int, Customer] = {}

        def take(customers: list[Customer]) -> None:
            for c in customers:
                if len(found) < limit:
                    found.setdefault(c.id, c)

        key = text.casefold()
        take(self.repo.find_prefix("nick_key", key, limit))
        compact = "".join(ch for ch in key if ch.isascii() and ch.isalnum())
        if compact and len(found) < limit:
            take(self.repo.find_prefix("nick_initials", compact, limit))
            if len(found) < limit:
                take(self.repo.find_prefix("nick_pinyin", compact, limit))
        if len(found) < limit:
            take(self._find_inside(key, compact, limit - len(found), set(found)))
        if len(found) < limit:
            take(self.repo.find_tag_prefix(text, limit))
        return list(found.values())

    def _find_inside(self, key: str, compact: str, limit: int, skip: set[int]) -> builtins.list[Customer]:
        """Customers whose nick, pinyin or initials contain the query anywhere (小王, xw, xiaowang)."""
        index = self._nick_index()
        ids: list[int] = []
        for query in dict.fromkeys(q for q in (key, compact) if q):
            for customer_id in index.search(query, limit + len(skip)):
                if customer_id not in skip and customer_id not in ids:
                    ids.append(customer_id)
        return self.repo.by_ids(ids[:limit])

    def warm_up(self) -> None:
        """Build the nick index now (otherwise the first lookup does: ~3 s at 100,000 customers, the benchmark)."""
        self._nick_index()

    def _nick_index(self) -> NickIndex:
        """This database's nick index, brought up to date with customers added or changed since (by any
        process: the marks are read from the database each time)."""
        index, marks = nick_indexes.get(self.db, (None, (0, "")))
        current = self.repo.search_marks()
        if index is None or current != marks:
            index = index or NickIndex()
            for customer_id, *keys in self.repo.search_keys_since(marks[0], marks[1]):
                index.add(customer_id, keys)
            nick_indexes[self.db] = (index, current)
        return index

    def resolve(self, query: str) -> Customer | None:
        """The buyer an `@nick` means: the exact nickname, else the first prefix/initials match."""
        text = bare_nick(query)
        if not text:
            return None
        exact = self.repo.by_nick(text)
        if exact is not None:
            return exact
        same_key = self.repo.by_nick_key(text.casefold())
        if same_key:
            return same_key[0]
        found = [c for c in self.lookup(text, limit=1)]
        return found[0] if found else None

    def card(self, customer: Customer | str) -> CustomerCard:
        if isinstance(customer, str):
            customer = self.get(customer)
        return CustomerCard(
            customer=customer,
            followups=FollowUpsRepo(self.db).open(customer.id),
            cases=CasesRepo(self.db).list(open_only=True, customer_id=customer.id),
            history=self.repo.changes(customer.id),
            note_history=note_history(self.db, customer.id),
        )

    def group_keys(self, customer: Customer | None) -> tuple[str, ...]:
        return (customer.group,) if customer is not None else ()


def _phone_text(phone: str) -> str:
    """The phone in ASCII digits: one copied in full width (１３８…) is the same number."""
    return unicodedata.normalize("NFKC", phone).strip()


def _check_phone(phone: str) -> None:
    text = _phone_text(phone)
    if text and (len(text) > 20 or not all(ch.isdigit() or ch in "+- " for ch in text)):
        raise UserError(_("Not a phone number: use digits, spaces, + and - only"))
