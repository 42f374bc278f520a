"""Fill a data folder fast for a benchmark: many rows in one transaction, through the repositories.

The app never writes in bulk (an import goes row by row, with its checks), so this lives here, not in the
services. Call these before the service has searched: the memo search index is not told about the new rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from deskassist.core.clock import stamp
from deskassist.services.agents import AgentIds
from deskassist.services.customers import clean_tags, nick_keys
from deskassist.services.session import Session
from deskassist.storage.customers_repo import CustomersRepo
from deskassist.storage.memos_repo import MemosRepo


def add_customers(session: Session, nicks_and_notes: Iterable[tuple[str, str]]) -> int:
    """Customers (nick, note) of the configured agent, in group inquiry; returns how many were written."""
    now = stamp(session.clock.now())
    with session.db.atomic():
        agent_id = AgentIds(session).for_writing(None)
        rows = []
        for nick, note in nicks_and_notes:
            key, full, initials = nick_keys(nick)
            rows.append({"nick": nick, "nick_key": key, "nick_pinyin": full, "nick_initials": initials,
                         "platform": "other", "group_key": "inquiry", "note": note, "phone": "",
                         "lost_reason": "", "lost_note": "", "lost_at": None, "agent_id": agent_id,
                         "created": now, "updated": now})
        return CustomersRepo(session.db).bulk_insert(rows, [() for _ in rows])


def add_memos(session: Session, texts_and_tags: Sequence[tuple[str, Sequence[str]]]) -> int:
    """Memos (text, tags) of the configured agent, not linked to a buyer; returns how many were written."""
    now = stamp(session.clock.now())
    with session.db.atomic():
        agent_id = AgentIds(session).for_writing(None)
        return MemosRepo(session.db).bulk_insert(
            [(agent_id, text, None, clean_tags(tags), now) for text, tags in texts_and_tags])
