"""The memo book, one per agent: capture, list, search (two-character Chinese words too), pin, edit, done,
delete with undo.

API (`agent=None` means the configured agent, session.agent):

    parse_memo(text) -> (tags, nicks)       "#tag" and "@nick" words found in the text

    class MemoService:
        def __init__(self, session: Session) -> None
        def add(self, text, buyer=None, tags=(), pinned=False, agent=None) -> Memo
            tags from the text's #words are added; buyer (or the first @nick of the text that names a known
            customer) is linked; an explicit unknown buyer is a UserError
        def get(self, memo_id) -> Memo                       UserError if absent or deleted
        def list(self, include_done=False, agent=None, limit=None) -> list[Memo]   open first, pinned first, newest
        def search(self, query, include_done=True, agent=None, limit=100) -> list[Memo]
            every word must appear; "#tag" words match tags, "@nick" words match the linked buyer's nick prefix
        def edit(self, memo_id, text, buyer=None, tags=None) -> Memo   tags/buyer re-read from the new text
        def pin(self, memo_id, pinned=True) -> Memo
        def done(self, memo_id, done=True) -> Memo
        def delete(self, memo_id) -> Memo                    soft delete; returns the memo for undo
        def restore(self, memo_id) -> Memo                   undo a delete
        def bulk_add(self, rows) -> int                      [(text, tags)] for the benchmark / imports
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import Memo
from deskassist.i18n import _
from deskassist.services.customers import CustomerService, clean_tags
from deskassist.services.session import Session
from deskassist.storage.memos_repo import MemosRepo

_log = log.get("notes")
_TAG = re.compile(r"(?:^|(?<=\s))#([^\s#@]+)")
_NICK = re.compile(r"(?:^|(?<=\s))@([^\s#@]+)")
MAX_MEMO = 4000


def parse_memo(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The #tags and @nicks written in a memo."""
    tags = clean_tags(m.rstrip("，,。.;；:：!！?？") for m in _TAG.findall(text))
    nicks = tuple(dict.fromkeys(m.rstrip("，,。.;；:：!！?？") for m in _NICK.findall(text)))
    return tags, nicks


class MemoService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = MemosRepo(session.db)
        self.customers = CustomerService(session)

    def _agent(self, agent: str | None) -> str:
        return self.session.agent if agent is None else agent

    def _now(self) -> str:
        return stamp(self.session.clock.now())

    def _link(self, text: str, buyer: str | None, tags: Iterable[str]) -> tuple[int | None, tuple[str, ...]]:
        text_tags, nicks = parse_memo(text)
        customer_id = None
        if buyer:
            customer_id = self.customers.get(buyer).id
        else:
            for nick in nicks:
                found = self.customers.find(nick)
                if found is not None:
                    customer_id = found.id
                    break
        return customer_id, clean_tags([*text_tags, *tags])

    @staticmethod
    def _check(text: str) -> str:
        text = text.strip()
        if not text:
            raise UserError(_("A memo needs some text"))
        if len(text) > MAX_MEMO:
            raise UserError(_("A memo holds at most {max} characters").format(max=MAX_MEMO))
        return text

    def add(self, text: str, buyer: str | None = None, tags: Iterable[str] = (), pinned: bool = False,
            agent: str | None = None) -> Memo:
        text = self._check(text)
        customer_id, all_tags = self._link(text, buyer, tags)
        with self.session.db.atomic():
            memo_id = self.repo.insert(self._agent(agent), text, customer_id, all_tags, pinned, self._now())
        log.event(_log, "memo_added", memo_id=memo_id, tags=len(all_tags), linked=customer_id is not None)
        return self.repo.get(memo_id)

    def bulk_add(self, rows: Sequence[tuple[str, Sequence[str]]], agent: str | None = None) -> int:
        who, now = self._agent(agent), self._now()
        count = self.repo.bulk_insert([(who, text, None, clean_tags(tags), now) for text, tags in rows])
        log.event(_log, "memos_bulk_added", count=count)
        return count

    def get(self, memo_id: int) -> Memo:
        memo = self.repo.get(memo_id)
        if memo is None or memo.deleted_at is not None:
            raise UserError(_("No memo with number {id}").format(id=memo_id))
        return memo

    def list(self, include_done: bool = False, agent: str | None = None, limit: int | None = None) -> list[Memo]:
        return self.repo.list(self._agent(agent), include_done, limit)

    def search(self, query: str, include_done: bool = True, agent: str | None = None,
               limit: int = 100) -> list[Memo]:
        words, tags, nicks = [], [], []
        for word in query.split():
            if word.startswith("#") and len(word) > 1:
                tags.append(word[1:])
            elif word.startswith("@") and len(word) > 1:
                nicks.append(word[1:])
            else:
                words.append(word)
        if not (words or tags or nicks):
            return self.list(include_done, agent, limit)
        return self.repo.search(self._agent(agent), words, tags, nicks, include_done, limit)

    def edit(self, memo_id: int, text: str, buyer: str | None = None, tags: Iterable[str] | None = None) -> Memo:
        self.get(memo_id)
        text = self._check(text)
        customer_id, all_tags = self._link(text, buyer, tags or ())
        with self.session.db.atomic():
            self.repo.update(memo_id, {"text": text, "customer_id": customer_id, "tags": all_tags,
                                       "updated": self._now()})
        log.event(_log, "memo_edited", memo_id=memo_id)
        return self.get(memo_id)

    def pin(self, memo_id: int, pinned: bool = True) -> Memo:
        self.get(memo_id)
        with self.session.db.atomic():
            self.repo.update(memo_id, {"pinned": int(pinned)})
        return self.get(memo_id)

    def done(self, memo_id: int, done: bool = True) -> Memo:
        memo = self.get(memo_id)
        if memo.done != done:
            with self.session.db.atomic():
                self.repo.update(memo_id, {"done_at": self._now() if done else None})
            log.event(_log, "memo_done" if done else "memo_reopened", memo_id=memo_id)
        return self.get(memo_id)

    def delete(self, memo_id: int) -> Memo:
        memo = self.get(memo_id)
        with self.session.db.atomic():
            self.repo.update(memo_id, {"deleted_at": self._now()})
        log.event(_log, "memo_deleted", memo_id=memo_id)
        return memo

    def restore(self, memo_id: int) -> Memo:
        memo = self.repo.get(memo_id)
        if memo is None:
            raise UserError(_("No memo with number {id}").format(id=memo_id))
        with self.session.db.atomic():
            self.repo.update(memo_id, {"deleted_at": None})
        log.event(_log, "memo_restored", memo_id=memo_id)
        return self.get(memo_id)
