"""Shift handover: the reminder before a shift ends, writing the note, carrying open items over, the
acknowledgement by the next shift, history, and export (team-chat text, Markdown, CSV).

Shift arithmetic (which shift a note belongs to, when to remind, who still has to acknowledge) is kept here
rather than in the window or the app's timer, so the CLI and the tests see the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from deskassist import log
from deskassist.core import shifts as shift_math
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.mentions import mentioned_nicks
from deskassist.core.models import HandoverItem, HandoverNote
from deskassist.core.shifts import Shift, ShiftSpan
from deskassist.i18n import N_, _
from deskassist.services.agents import AgentIds
from deskassist.services.customers import CustomerService, key_of, label_of
from deskassist.services.export_writer import Sheet, csv_text, write_csv, write_text, write_xlsx
from deskassist.services.session import Session
from deskassist.storage.database import written
from deskassist.storage.handover_repo import HandoverRepo

_log = log.get("handover")

HANDOVER_KINDS: dict[str, str] = {"reply": N_("Waiting for a reply"), "chase": N_("Unpaid order to chase"),
                                  "aftersales": N_("After-sales in progress"), "notice": N_("Promotion or notice"),
                                  "other": N_("Other")}
_KIND_ALIASES = {"待回复": "reply", "催付": "chase", "售后": "aftersales", "通知": "notice", "其他": "other",
                 "其它": "other"}
MAX_SUMMARY = 4000


def kind_label(key: str) -> str:
    return label_of(HANDOVER_KINDS, key)


def resolve_kind(text: str) -> str:
    return key_of(HANDOVER_KINDS, _KIND_ALIASES, text, _("Unknown item kind: {name} (choose one of: {choices})"),
                  "reply 待回复, chase 催付, aftersales 售后, notice 通知, other 其他")


@dataclass
class ItemDraft:
    kind: str
    text: str
    buyer: str | None = None


def parse_item(spec: str) -> ItemDraft:
    """"KIND:TEXT" (a full-width colon works too); UserError when there is no kind or no text."""
    kind, sep, text = spec.replace("：", ":", 1).partition(":")
    if not sep or not text.strip():
        raise UserError(_("An item is written KIND:TEXT, for example chase:remind about the unpaid order"))
    return ItemDraft(resolve_kind(kind), text.strip())


class HandoverService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = HandoverRepo(session.db)
        self.customers = CustomerService(session)
        self.agent_ids = AgentIds(session)

    def _now(self, now: datetime | None = None) -> datetime:
        return now or self.session.clock.now()

    def shifts(self) -> list[Shift]:
        return shift_math.shifts_from(self.session.settings.shifts())

    def current_shift(self, now: datetime | None = None) -> ShiftSpan | None:
        return shift_math.span_at(self.shifts(), self._now(now))

    def shift_for(self, now: datetime | None = None) -> ShiftSpan | None:
        return shift_math.shift_for(self.shifts(), self._now(now),
                                    int(self.session.settings.get("handover.overtime_minutes")))

    def _minutes(self) -> int:
        return int(self.session.settings.get("handover.reminder_minutes"))

    def reminder_due(self, now: datetime | None = None) -> ShiftSpan | None:
        moment = self._now(now)
        span = shift_math.reminder_due(self.shifts(), moment, self._minutes())
        if span is None:
            return None
        latest = self.repo.latest()
        if latest is not None and latest.created >= stamp(span.start):
            return None
        return span

    def next_reminder(self, now: datetime | None = None) -> datetime | None:
        return shift_math.next_reminder(self.shifts(), self._now(now), self._minutes())

    def write(self, summary: str, items: list[ItemDraft] | tuple[ItemDraft, ...] = (),
              agent: str | None = None) -> HandoverNote:
        summary = summary.strip()
        if not summary and not items:
            raise UserError(_("A handover note needs a summary or at least one item"))
        if len(summary) > MAX_SUMMARY:
            raise UserError(_("A summary holds at most {max} characters").format(max=MAX_SUMMARY))
        rows = []
        for draft in items:
            kind = resolve_kind(draft.kind)
            text = draft.text.strip()
            if not text:
                raise UserError(_("An item needs some text"))
            customer_id = None
            if draft.buyer:
                customer_id = self.customers.get(draft.buyer).id
            else:
                for nick in mentioned_nicks(text):
                    found = self.customers.find(nick)
                    if found is not None:
                        customer_id = found.id
                        break
            rows.append((kind, text, customer_id))
        now = self._now()
        span = self.shift_for(now)
        shift_name = span.name if span else ""
        shift_date = (span.date if span else now.date()).isoformat()
        with self.session.db.atomic():
            note_id = self.repo.insert_note(shift_name, shift_date, self.agent_ids.for_writing(agent), summary,
                                            stamp(now), rows)
            self.session.changes.publish("handover", [note_id])
        log.event(_log, "handover_written", note_id=note_id, items=len(rows))
        return self.get(note_id)

    def latest(self) -> HandoverNote | None:
        return self.repo.latest()

    def get(self, note_id: int) -> HandoverNote:
        note = self.repo.get(note_id)
        if note is None:
            raise UserError(_("No handover note with number {id}").format(id=note_id))
        return note

    def open_items(self) -> list[HandoverItem]:
        return self.repo.open_items()

    def set_item_done(self, item_id: int, done: bool = True, agent: str | None = None) -> HandoverItem:
        item = self.repo.item(item_id)
        if item is None:
            raise UserError(_("No handover item with number {id}").format(id=item_id))
        if item.done != done:
            with self.session.db.atomic():
                self.repo.set_item_done(item_id, stamp(self._now()) if done else None,
                                        self.agent_ids.for_writing(agent) if done else None)
                self.session.changes.publish("handover")
            log.event(_log, "handover_item_done" if done else "handover_item_reopened", item_id=item_id)
        return written(self.repo.item(item_id))

    def pending_ack(self, agent: str | None = None, now: datetime | None = None) -> HandoverNote | None:
        who = self.agent_ids.for_reading(agent)
        span = self.current_shift(now)
        if span is None:
            return None
        note = self.repo.latest(before=stamp(span.start))
        if note is None or any(a.agent_id == who for a in note.acks) or (who and note.author_id == who):
            return None
        return note

    def ack(self, note_id: int | None = None, agent: str | None = None) -> HandoverNote:
        if note_id is None:
            note = self.pending_ack(agent) or self.repo.latest()
            if note is None:
                raise UserError(_("There is no handover note yet"))
        else:
            note = self.get(note_id)
        who = self.agent_ids.for_reading(agent)
        if who is not None and note.author_id == who:
            raise UserError(_("You wrote handover note {id}; the next shift acknowledges it").format(id=note.id))
        with self.session.db.atomic():
            self.repo.ack(note.id, self.agent_ids.for_writing(agent), stamp(self._now()))
            self.session.changes.publish("handover", [note.id])
        log.event(_log, "handover_acknowledged", note_id=note.id)
        return self.get(note.id)

    def history(self, start: date | None = None, end: date | None = None, author: str | None = None,
                shift: str | None = None, limit: int = 200) -> list[HandoverNote]:
        author_id = self.agent_ids.for_reading(author) if author is not None else None
        return self.repo.history(start.isoformat() if start else None, end.isoformat() if end else None,
                                 author_id, shift, limit, by_author=author is not None)

    # export ------------------------------------------------------------------------------------------------
    def _item_line(self, item: HandoverItem) -> str:
        mark = "✓" if item.done else "□"
        buyer = f" @{item.nick}" if item.nick and f"@{item.nick}" not in item.text else ""
        carried = _(" (carried over)") if item.carried else ""
        return f"{mark} [{kind_label(item.kind)}] {item.text}{buyer}{carried}"

    def _heading(self, note: HandoverNote) -> str:
        return _("Handover {date} {shift}, written by {author} at {time}").format(
            date=note.shift_date, shift=note.shift or "-", author=note.author or "-", time=note.created[11:16])

    def export_text(self, note: HandoverNote) -> str:
        lines = [self._heading(note)]
        if note.summary:
            lines += ["", note.summary]
        if note.items:
            lines += ["", _("Items:")] + [self._item_line(i) for i in note.items]
        if note.acks:
            lines += ["", _("Acknowledged by: {names}").format(
                names=", ".join(f"{a.agent or '-'} {a.at[11:16]}" for a in note.acks))]
        return "\n".join(lines) + "\n"

    def export_markdown(self, note: HandoverNote) -> str:
        lines = [f"# {self._heading(note)}", ""]
        if note.summary:
            lines += [note.summary, ""]
        if note.items:
            lines += [f"## {_('Items')}", ""]
            for item in note.items:
                buyer = f" (@{item.nick})" if item.nick and f"@{item.nick}" not in item.text else ""
                carried = _(" (carried over)") if item.carried else ""
                lines.append(f"- [{'x' if item.done else ' '}] **{kind_label(item.kind)}** {item.text}{buyer}{carried}")
            lines.append("")
        if note.acks:
            lines += [f"## {_('Acknowledged by')}", ""]
            lines += [f"- {a.agent or '-'} {a.at}" for a in note.acks]
            lines.append("")
        return "\n".join(lines)

    def _csv_rows(self, note: HandoverNote) -> list[list[Any]]:
        rows: list[list[Any]] = [["note_id", "shift_date", "shift", "author", "created", "summary", "item_id", "kind",
                                  "kind_label", "text", "buyer", "done", "done_by", "done_at", "carried"]]
        base = [note.id, note.shift_date, note.shift, note.author, note.created, note.summary]
        if not note.items:
            rows.append(base + [""] * 9)
        for item in note.items:
            rows.append(base + [item.id, item.kind, kind_label(item.kind), item.text, item.nick, int(item.done),
                                item.done_by or "", item.done_at or "", int(item.carried)])
        return rows

    def export_csv(self, note: HandoverNote) -> str:
        """One row per item, cells neutralised like every spreadsheet export."""
        return csv_text(self._csv_rows(note))

    def export(self, note: HandoverNote, path: str | Path) -> Path:
        """By suffix: .md Markdown, .csv CSV (UTF-8 with BOM), .xlsx Excel, anything else plain text; owner-only."""
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            target = write_csv(path, self._csv_rows(note))
        elif suffix == ".xlsx":
            target = write_xlsx(path, [Sheet(_("Handover"), self._csv_rows(note))])
        else:
            target = write_text(path, self.export_markdown(note) if suffix == ".md" else self.export_text(note))
        log.event(_log, "handover_exported", note_id=note.id, format=suffix or "txt")
        return target
