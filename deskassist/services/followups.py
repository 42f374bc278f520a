"""Follow-ups ("chase payment at 15:00", "ask about the size tomorrow"): listed in one place until done.

Due times are accepted as free text (core.when) so an agent can type them as they speak; the service turns
them into datetimes once, and `agent=None` means the configured agent.
"""

from __future__ import annotations

from datetime import datetime

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import FollowUp
from deskassist.core.when import parse_when
from deskassist.i18n import _
from deskassist.services.agents import AgentIds
from deskassist.services.customers import CustomerService
from deskassist.services.session import Session
from deskassist.storage.customers_repo import FollowUpsRepo
from deskassist.storage.database import written

_log = log.get("notes")


def parse_due(text: str, now: datetime) -> datetime:
    """A due time from what an agent types (core.when: 10分钟后, 明天下午3点, 周五, +30m ...); UserError if not."""
    return parse_when(text, now)


class FollowUpService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = FollowUpsRepo(session.db)
        self.customers = CustomerService(session)
        self.agent_ids = AgentIds(session)

    def parse_due(self, text: str) -> datetime:
        return parse_due(text, self.session.clock.now())

    def add(self, text: str, due: datetime | str, buyer: str | None = None, agent: str | None = None) -> FollowUp:
        text = text.strip()
        if not text:
            raise UserError(_("A follow-up needs some text"))
        moment = self.parse_due(due) if isinstance(due, str) else due
        customer_id = self.customers.get(buyer).id if buyer else None
        with self.session.db.atomic():
            followup_id = self.repo.insert(text, stamp(moment), customer_id, self.agent_ids.for_writing(agent),
                                           stamp(self.session.clock.now()))
            self.session.changes.publish("followups", [followup_id])
        log.event(_log, "followup_added", followup_id=followup_id)
        return written(self.repo.get(followup_id))

    def get(self, followup_id: int) -> FollowUp:
        found = self.repo.get(followup_id)
        if found is None:
            raise UserError(_("No follow-up with number {id}").format(id=followup_id))
        return found

    def due(self, now: datetime | None = None) -> list[FollowUp]:
        return self.repo.due(stamp(now or self.session.clock.now()))

    def open(self) -> list[FollowUp]:
        return self.repo.open()

    def done(self, followup_id: int, agent: str | None = None) -> FollowUp:
        found = self.get(followup_id)
        if found.done:
            return found
        with self.session.db.atomic():
            self.repo.set_done(followup_id, stamp(self.session.clock.now()), self.agent_ids.for_writing(agent))
            self.session.changes.publish("followups", [followup_id])
        log.event(_log, "followup_done", followup_id=followup_id)
        return self.get(followup_id)

    def reopen(self, followup_id: int) -> FollowUp:
        self.get(followup_id)
        with self.session.db.atomic():
            self.repo.set_done(followup_id, None, None)
            self.session.changes.publish("followups", [followup_id])
        return self.get(followup_id)

    def delete(self, followup_id: int) -> FollowUp:
        found = self.get(followup_id)
        with self.session.db.atomic():
            self.repo.delete(followup_id)
            self.session.changes.publish("followups", [followup_id])
        return found
