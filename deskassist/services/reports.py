"""Daily and weekly reports for operations: phrases used per category, follow-ups done, handover items,
customers added, after-sales cases opened and closed, and why buyers did not buy; chart data for the window;
export to CSV or XLSX.

One Report value feeds the window's charts, the --json output and the exports, so the numbers agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.i18n import N_, _
from deskassist.services.customers import lost_reason_label
from deskassist.services.export_writer import Row, Sheet, write_csv, write_xlsx
from deskassist.services.handover import kind_label
from deskassist.services.session import Session
from deskassist.storage.customers_repo import CustomersRepo, FollowUpsRepo
from deskassist.storage.handover_repo import HandoverRepo
from deskassist.storage.reports_repo import ReportsRepo

_log = log.get("notes")
SECTIONS = {"phrases": N_("Phrases used"), "followups": N_("Follow-ups"), "handover": N_("Handover items"),
            "customers": N_("Customers"), "cases": N_("After-sales cases"), "lost": N_("Why buyers did not buy")}


@dataclass
class DayCount:
    day: date
    phrase_uses: int = 0
    followups_done: int = 0
    customers_added: int = 0
    cases_opened: int = 0
    cases_closed: int = 0


@dataclass(frozen=True)
class ReportSection:
    name: str
    items: list[tuple[str, int]]
    subtotal: int | None = None


@dataclass
class Report:
    period: str
    start: date
    end: date
    phrase_uses: dict[str, int] = field(default_factory=dict)
    followups_done: int = 0
    followups_added: int = 0
    handover_items: dict[str, int] = field(default_factory=dict)
    handover_items_done: int = 0
    handover_notes: int = 0
    customers_added: int = 0
    cases_opened: int = 0
    cases_closed: int = 0
    lost_reasons: dict[str, int] = field(default_factory=dict)
    daily: list[DayCount] = field(default_factory=list)

    def chart(self) -> list[tuple[str, int]]:
        return sorted(self.phrase_uses.items(), key=lambda kv: (-kv[1], kv[0]))

    def sections(self) -> list[ReportSection]:
        """The counts by section, as a shop manager reads them; a subtotal where the rows make one whole."""
        lost = sorted(self.lost_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        return [
            ReportSection(_(SECTIONS["phrases"]), self.chart(), sum(self.phrase_uses.values())),
            ReportSection(_(SECTIONS["followups"]), [(_("Added"), self.followups_added),
                                                     (_("Done"), self.followups_done)]),
            ReportSection(_(SECTIONS["handover"]), [
                (_("Notes written"), self.handover_notes),
                *((kind_label(k), n) for k, n in sorted(self.handover_items.items())),
                (_("Items done"), self.handover_items_done)]),
            ReportSection(_(SECTIONS["customers"]), [(_("Added"), self.customers_added)]),
            ReportSection(_(SECTIONS["cases"]), [(_("Opened"), self.cases_opened), (_("Closed"), self.cases_closed)]),
            ReportSection(_(SECTIONS["lost"]), [(lost_reason_label(k), n) for k, n in lost],
                          sum(self.lost_reasons.values())),
        ]

    def rows(self) -> list[tuple[str, str, int]]:
        """The sections flattened for CSV, XLSX and the CLI: (section, item, count), a subtotal as "Total"."""
        rows: list[tuple[str, str, int]] = []
        for section in self.sections():
            rows += [(section.name, label, count) for label, count in section.items]
            if section.subtotal is not None:
                rows.append((section.name, _("Total"), section.subtotal))
        return rows

    def to_dict(self) -> dict:
        return {"period": self.period, "start": self.start.isoformat(),
                "end": (self.end - timedelta(days=1)).isoformat(), "phrase_uses": self.phrase_uses,
                "followups_added": self.followups_added, "followups_done": self.followups_done,
                "handover_notes": self.handover_notes, "handover_items": self.handover_items,
                "handover_items_done": self.handover_items_done, "customers_added": self.customers_added,
                "cases_opened": self.cases_opened, "cases_closed": self.cases_closed,
                "lost_reasons": self.lost_reasons,
                "daily": [{"day": d.day.isoformat(), "phrase_uses": d.phrase_uses,
                           "followups_done": d.followups_done, "customers_added": d.customers_added,
                           "cases_opened": d.cases_opened, "cases_closed": d.cases_closed} for d in self.daily]}


class ReportService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = ReportsRepo(session.db)

    def _today(self) -> date:
        return self.session.clock.now().date()

    def day(self, day: date | None = None) -> Report:
        start = day or self._today()
        return self._build("day", start, start + timedelta(days=1))

    def week(self, day: date | None = None) -> Report:
        anchor = day or self._today()
        start = anchor - timedelta(days=anchor.weekday())
        return self._build("week", start, start + timedelta(days=7))

    def _build(self, period: str, start: date, end: date) -> Report:
        lo, hi = stamp(datetime.combine(start, time())), stamp(datetime.combine(end, time()))
        db = self.session.db
        followups = FollowUpsRepo(db)
        items, items_done = HandoverRepo(db).item_counts(lo, hi)
        report = Report(
            period=period, start=start, end=end,
            phrase_uses=self.repo.phrase_uses(lo, hi),
            followups_done=len(followups.done_between(lo, hi)),
            followups_added=self.repo.followups_added(lo, hi),
            handover_items=items, handover_items_done=items_done,
            handover_notes=self.repo.handover_notes(lo, hi),
            lost_reasons=CustomersRepo(db).lost_reason_counts(lo, hi),
        )
        uses, done = self.repo.daily(lo, hi)
        added = self.repo.per_day("customers", "created", lo, hi)
        opened = self.repo.per_day("aftersales_cases", "created", lo, hi)
        closed = self.repo.per_day("aftersales_cases", "closed_at", lo, hi)
        report.customers_added, report.cases_opened = sum(added.values()), sum(opened.values())
        report.cases_closed = sum(closed.values())
        day = start
        while day < end:
            key = day.isoformat()
            report.daily.append(DayCount(day, uses.get(key, 0), done.get(key, 0), added.get(key, 0),
                                         opened.get(key, 0), closed.get(key, 0)))
            day += timedelta(days=1)
        return report

    def export(self, report: Report, path: str | Path) -> Path:
        """CSV (the counts), or XLSX when path ends in .xlsx (the counts and a per-day sheet)."""
        title = _("Report {start} to {end}").format(start=report.start.isoformat(),
                                                     end=(report.end - timedelta(days=1)).isoformat())
        header = [_("Section"), _("Item"), _("Count")]
        counts = report.rows()
        if Path(path).suffix.lower() == ".xlsx":
            summary: list[Row] = [[title], header, *counts]
            per_day: list[Row] = [[_("Day"), _("Phrases used"), _("Follow-ups done"), _("Customers added"),
                                   _("Cases opened"), _("Cases closed")],
                                  *((d.day.isoformat(), d.phrase_uses, d.followups_done, d.customers_added,
                                     d.cases_opened, d.cases_closed) for d in report.daily)]
            target = write_xlsx(path, [Sheet(_("Report"), summary), Sheet(_("Per day"), per_day)])
        else:
            target = write_csv(path, [header, *counts])
        log.event(_log, "report_exported", period=report.period, format=target.suffix.lower() or "csv")
        return target
