"""Daily and weekly reports on a real SQLite file, and their CSV/XLSX exports."""

from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.handover import HandoverService, parse_item
from deskassist.services.reports import ReportService


def _use(session, category: str, at: str) -> None:
    """What PhraseService.record_use writes (table phrase_uses from m001)."""
    with session.db.atomic():
        session.db.execute("INSERT INTO phrase_uses (phrase_id, category, agent_id, at) VALUES (NULL, ?, NULL, ?)",
                           [category, at])


@pytest.fixture
def filled(empty_session):
    s = empty_session
    for at in ("2026-11-22 09:10:00", "2026-11-22 11:00:00", "2026-11-21 15:00:00"):
        _use(s, "问候", at)
    _use(s, "发货", "2026-11-22 12:00:00")
    _use(s, "发货", "2026-11-15 23:59:59")  # the Sunday before: outside the week
    customers = CustomerService(s)
    customers.add("a1", lost_reason="价格太高")
    customers.add("a2", lost_reason="price")
    customers.add("a3", lost_reason="不包邮", lost_note="运费贵")
    followups = FollowUpService(s)
    done = followups.add("催付", "11:00")
    followups.add("回访", "明天 10:00")
    followups.done(done.id)
    s.clock.moment = datetime(2026, 11, 22, 16, 50)
    HandoverService(s).write("交班", [parse_item("chase:A"), parse_item("chase:B"), parse_item("notice:C")])
    return s


def test_day_report(filled) -> None:
    report = ReportService(filled).day()
    assert report.phrase_uses == {"问候": 2, "发货": 1}
    assert report.chart() == [("问候", 2), ("发货", 1)]
    assert (report.followups_added, report.followups_done) == (2, 1)
    assert (report.handover_notes, report.handover_items, report.handover_items_done) == (1, {"chase": 2,
                                                                                              "notice": 1}, 0)
    assert report.lost_reasons == {"price": 2, "no_free_shipping": 1}
    assert [(d.day, d.phrase_uses) for d in report.daily] == [(date(2026, 11, 22), 3)]
    assert ReportService(filled).day(date(2026, 11, 21)).phrase_uses == {"问候": 1}


def test_week_report_runs_monday_to_sunday(filled) -> None:
    report = ReportService(filled).week()
    assert (report.start, report.end) == (date(2026, 11, 16), date(2026, 11, 23))
    assert report.phrase_uses == {"问候": 3, "发货": 1}
    assert [d.phrase_uses for d in report.daily] == [0, 0, 0, 0, 0, 1, 3]
    assert report.to_dict()["end"] == "2026-11-22"


def test_exports(tmp_path, filled) -> None:
    service = ReportService(filled)
    report = service.day()
    path = service.export(report, tmp_path / "day.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Section", "Item", "Count"]
    assert ["Phrases used", "问候", "2"] in rows
    assert ["Why buyers did not buy", "Price too high", "2"] in rows
    assert ["Handover items", "Unpaid order to chase", "2"] in rows
    xlsx = service.export(service.week(), tmp_path / "week.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ["Follow-ups", "Done", 1] in values
    assert [list(r) for r in book.worksheets[1].iter_rows(values_only=True)][-1] == ["2026-11-22", 3, 1, 3, 0, 0]
