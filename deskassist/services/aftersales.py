"""After-sales cases (售后登记): returns, exchanges, refunds, re-sends and complaints with their status.

Kinds and statuses are stored as English keys so that Chinese or English input and translated labels all
map to the same rows; `agent=None` means the configured agent, as everywhere in services.
"""

from __future__ import annotations

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import AftersalesCase
from deskassist.i18n import N_, _
from deskassist.services.agents import AgentIds
from deskassist.services.customers import CustomerService, key_of, label_of
from deskassist.services.session import Session
from deskassist.storage.customers_repo import CasesRepo

_log = log.get("notes")

CASE_KINDS: dict[str, str] = {"return": N_("Return"), "exchange": N_("Exchange"), "refund": N_("Refund"),
                              "resend": N_("Re-send"), "complaint": N_("Complaint")}
_KIND_ALIASES = {"退货": "return", "换货": "exchange", "退款": "refund", "补发": "resend", "投诉": "complaint"}
CASE_STATUSES: dict[str, str] = {"open": N_("Open"), "in_progress": N_("In progress"), "done": N_("Done")}
_STATUS_ALIASES = {"待处理": "open", "处理中": "in_progress", "进行中": "in_progress", "已完成": "done",
                   "完成": "done", "in-progress": "in_progress", "progress": "in_progress"}


def kind_label(key: str) -> str:
    return label_of(CASE_KINDS, key)


def status_label(key: str) -> str:
    return label_of(CASE_STATUSES, key)


def resolve_kind(text: str) -> str:
    return key_of(CASE_KINDS, _KIND_ALIASES, text, _("Unknown case kind: {name} (choose one of: {choices})"),
                  "return 退货, exchange 换货, refund 退款, resend 补发, complaint 投诉")


def resolve_status(text: str) -> str:
    return key_of(CASE_STATUSES, _STATUS_ALIASES, text, _("Unknown status: {name} (choose one of: {choices})"),
                  ", ".join(CASE_STATUSES))


class AftersalesService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = CasesRepo(session.db)
        self.customers = CustomerService(session)
        self.agent_ids = AgentIds(session)

    def add(self, kind: str, order_no: str = "", buyer: str | None = None, notes: str = "",
            agent: str | None = None) -> AftersalesCase:
        key = resolve_kind(kind)
        customer_id = self.customers.get(buyer).id if buyer else None
        with self.session.db.atomic():
            case_id = self.repo.insert(key, order_no.strip(), customer_id, notes.strip(),
                                       self.agent_ids.for_writing(agent), stamp(self.session.clock.now()))
            self.session.changes.publish("cases", [case_id])
        log.event(_log, "case_added", case_id=case_id, kind=key)
        return self.get(case_id)

    def get(self, case_id: int) -> AftersalesCase:
        found = self.repo.get(case_id)
        if found is None:
            raise UserError(_("No after-sales case with number {id}").format(id=case_id))
        return found

    def list(self, status: str | None = None, open_only: bool = False, buyer: str | None = None,
             kind: str | None = None) -> list[AftersalesCase]:
        return self.repo.list(resolve_status(status) if status else None, open_only,
                              self.customers.get(buyer).id if buyer else None,
                              resolve_kind(kind) if kind else None)

    def set_status(self, case_id: int, status: str, agent: str | None = None) -> AftersalesCase:
        self.get(case_id)
        key = resolve_status(status)
        now = stamp(self.session.clock.now())
        with self.session.db.atomic():
            self.repo.update(case_id, {"status": key, "updated": now, "closed_at": now if key == "done" else None})
            self.session.changes.publish("cases", [case_id])
        log.event(_log, "case_status", case_id=case_id, status=key)
        return self.get(case_id)

    def add_note(self, case_id: int, text: str, agent: str | None = None) -> AftersalesCase:
        case = self.get(case_id)
        if not text.strip():
            raise UserError(_("A note needs some text"))
        now = stamp(self.session.clock.now())
        who = self.agent_ids.name(agent)  # written into the note's text, as the agent is called today
        line = f"[{now}{' ' + who if who else ''}] {text.strip()}"
        notes = f"{case.notes}\n{line}" if case.notes else line
        with self.session.db.atomic():
            self.repo.update(case_id, {"notes": notes, "updated": now})
            self.session.changes.publish("cases", [case_id])
        return self.get(case_id)
