"""The memo book, one per agent: capture, list, search (two-character Chinese words too), pin, edit, done,
delete with undo.

Search matches plain substrings, so two-character Chinese words work without a tokenizer, over an in-memory
index per agent that keeps it at milliseconds for 100,000 memos; `agent=None` means the configured agent.
"""

from __future__ import annotations

import builtins
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.mentions import MENTION_MARKS, bare_nick, find_tags, mentioned_nicks
from deskassist.core.models import Memo
from deskassist.i18n import _
from deskassist.services.agents import AgentIds
from deskassist.services.changes import Change
from deskassist.services.customers import CustomerService, clean_tags
from deskassist.services.session import Session
from deskassist.storage.database import written
from deskassist.storage.memos_repo import MemosRepo

_log = log.get("notes")
MAX_MEMO = 4000
SMALL_CHANGE = 64  # more changed memos than this: the index is loaded again rather than patched


def parse_memo(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The #tags and @nicks written in a memo (read by core.mentions, as everywhere else)."""
    return clean_tags(find_tags(text)), mentioned_nicks(text)


@dataclass(slots=True)
class _Entry:
    id: int
    done: bool
    pinned: bool
    updated: str
    key: str  # lower-cased text, "#tag" words and "@nick": what a query's words are looked for in


def _fold(text: str) -> str:
    """Lower-case ASCII only, as SQLite's lower() does when the index is loaded; queries fold the same way."""
    return text.translate(_ASCII_LOWER)


def _key(text: str, tags: Iterable[str], nick: str) -> str:
    return _fold("\n".join((text, " ".join(f"#{t}" for t in tags), f"@{nick}" if nick else "")))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_SEP = "\x00"


class _MemoIndex:
    """Every memo of each agent in display order (open, pinned, newest), searched by substring in Python:
    a few ms for 100,000 memos, two-character Chinese words included. One per session, shared by its
    MemoService objects and kept current by the change feed (memos patched in by id; a buyer changed or
    another process's commit drops it). The keys are also joined into one string per agent, so a needle is
    found with str.find (C speed) instead of a Python loop. Agents are their ids (None: no agent
    configured), so a rename changes nothing here."""

    def __init__(self, session: Session) -> None:
        self._changes = session.changes
        self._repo = MemosRepo(session.db)
        self.agents: dict[int | None, list[_Entry]] = {}
        self.unsorted: set[int | None] = set()
        self.blobs: dict[int | None, tuple[str, list[int]]] = {}
        session.changes.subscribe(self._changed)

    def _changed(self, change: Change) -> None:
        if not self.agents or not change.touches("memos", "customers"):
            return
        if change.kind != "memos" or change.ids is None or len(change.ids) > SMALL_CHANGE:
            self.agents, self.unsorted, self.blobs = {}, set(), {}
            return
        for memo_id in change.ids:
            self.put(self._repo.get(memo_id), memo_id)

    def search(self, repo: MemosRepo, agent: int | None, needles: list[str], include_done: bool, limit: int) -> list[int]:
        entries = self.entries(repo, agent)
        if agent not in self.blobs:
            starts, offset = [], 0
            for entry in entries:
                starts.append(offset)
                offset += len(entry.key) + 1
            self.blobs[agent] = (_SEP.join(e.key.replace(_SEP, " ") for e in entries), starts)
        blob, starts = self.blobs[agent]
        needles = sorted({_fold(n).replace(_SEP, " ") for n in needles}, key=len, reverse=True)
        first, rest = needles[0], needles[1:]
        found: list[int] = []
        pos = blob.find(first)
        while pos != -1 and len(found) < limit:
            index = bisect_right(starts, pos) - 1
            entry = entries[index]
            if (include_done or not entry.done) and all(n in entry.key for n in rest):
                found.append(entry.id)
            pos = blob.find(first, starts[index + 1]) if index + 1 < len(starts) else -1
        return found

    def entries(self, repo: MemosRepo, agent: int | None) -> list[_Entry]:
        self._changes.check_external()  # another process's memo is found at once, app or no app
        if agent not in self.agents:
            self.agents[agent] = [_Entry(i, bool(done), bool(pinned), updated, key)
                                  for i, done, pinned, updated, key in repo.index_rows(agent)]
        if agent in self.unsorted:
            found = self.agents[agent]
            found.sort(key=lambda e: (e.updated, e.id), reverse=True)
            found.sort(key=lambda e: (e.done, not e.pinned))
            self.unsorted.discard(agent)
            self.blobs.pop(agent, None)
        return self.agents[agent]

    def put(self, memo: Memo | None, memo_id: int) -> None:
        """Keep the loaded agents' entries in step after a memo changed (None: it is gone)."""
        for agent, entries in self.agents.items():
            if any(e.id == memo_id for e in entries):
                self.agents[agent] = [e for e in entries if e.id != memo_id]
                self.unsorted.add(agent)
        if memo is not None and memo.deleted_at is None and memo.agent_id in self.agents:
            self.agents[memo.agent_id].append(
                _Entry(memo.id, memo.done, memo.pinned, memo.updated, _key(memo.text, memo.tags, memo.nick)))
            self.unsorted.add(memo.agent_id)


class MemoService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = MemosRepo(session.db)
        self.customers = CustomerService(session)
        self.agent_ids = AgentIds(session)

    @property
    def _index(self) -> _MemoIndex:
        return self.session.shared(_MemoIndex)

    def _changed(self, memo_id: int | None) -> None:
        """Inside the write's transaction: the feed tells the index and the views after the commit."""
        self.session.changes.publish("memos", None if memo_id is None else [memo_id])

    def _book(self, agent: str | None) -> int | None:
        """The agent id whose memo book a read means (agent None: the configured agent)."""
        return self.agent_ids.for_reading(agent)

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
            memo_id = self.repo.insert(self.agent_ids.for_writing(agent), text, customer_id, all_tags, pinned,
                                       self._now())
            self._changed(memo_id)
        log.event(_log, "memo_added", memo_id=memo_id, tags=len(all_tags), linked=customer_id is not None)
        return written(self.repo.get(memo_id))

    def get(self, memo_id: int) -> Memo:
        memo = self.repo.get(memo_id)
        if memo is None or memo.deleted_at is not None:
            raise UserError(_("No memo with number {id}").format(id=memo_id))
        return memo

    def list(self, include_done: bool = False, agent: str | None = None, limit: int | None = None) -> list[Memo]:
        return self.repo.list(self._book(agent), include_done, limit)

    def search(self, query: str, include_done: bool = True, agent: str | None = None,
               limit: int = 100) -> builtins.list[Memo]:
        words, tags, nicks = [], [], []
        for word in query.split():
            if word.startswith("#") and len(word) > 1:
                tags.append(word[1:])
            elif word.startswith(tuple(MENTION_MARKS)) and bare_nick(word):
                nicks.append(bare_nick(word))
            else:
                words.append(word)
        if not (words or tags or nicks):
            return self.list(include_done, agent, limit)
        needles = [*words, *(f"#{t}" for t in tags), *(f"@{n}" for n in nicks)]
        return self.repo.by_ids(self._index.search(self.repo, self._book(agent), needles, include_done, limit))

    def edit(self, memo_id: int, text: str, buyer: str | None = None, tags: Iterable[str] | None = None) -> Memo:
        self.get(memo_id)
        text = self._check(text)
        customer_id, all_tags = self._link(text, buyer, tags or ())
        with self.session.db.atomic():
            self.repo.update(memo_id, {"text": text, "customer_id": customer_id, "tags": all_tags,
                                       "updated": self._now()})
            self._changed(memo_id)
        log.event(_log, "memo_edited", memo_id=memo_id)
        return self.get(memo_id)

    def pin(self, memo_id: int, pinned: bool = True) -> Memo:
        self.get(memo_id)
        with self.session.db.atomic():
            self.repo.update(memo_id, {"pinned": int(pinned)})
            self._changed(memo_id)
        return self.get(memo_id)

    def done(self, memo_id: int, done: bool = True) -> Memo:
        memo = self.get(memo_id)
        if memo.done != done:
            with self.session.db.atomic():
                self.repo.update(memo_id, {"done_at": self._now() if done else None})
                self._changed(memo_id)
            log.event(_log, "memo_done" if done else "memo_reopened", memo_id=memo_id)
        return self.get(memo_id)

    def delete(self, memo_id: int) -> Memo:
        memo = self.get(memo_id)
        with self.session.db.atomic():
            self.repo.update(memo_id, {"deleted_at": self._now()})
            self._changed(memo_id)
        log.event(_log, "memo_deleted", memo_id=memo_id)
        return memo

    def restore(self, memo_id: int) -> Memo:
        memo = self.repo.get(memo_id)
        if memo is None:
            raise UserError(_("No memo with number {id}").format(id=memo_id))
        with self.session.db.atomic():
            self.repo.update(memo_id, {"deleted_at": None})
            self._changed(memo_id)
        log.event(_log, "memo_restored", memo_id=memo_id)
        return self.get(memo_id)
