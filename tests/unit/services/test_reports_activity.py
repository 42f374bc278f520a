"""What a shop manager reads per day: customers added and after-sales cases opened and closed, beside phrases
and follow-ups, on a real SQLite file; the counts reach the export."""

from __future__ import annotations

import csv
from datetime import date, datetime

from deskassist.services.aftersales import AftersalesService
from deskassist.services.customers import CustomerService
from deskassist.services.reports import ReportService


def test_customers_and_cases_are_counted_per_day(empty_session, tmp_path) -> None:
    s = empty_session
    s.clock.moment = datetime(2026, 11, 21, 10, 0)
    CustomerService(s).add("a1")
    cases = AftersalesService(s)
    first = cases.add("refund", "A100", buyer="a1")
    s.clock.moment = datetime(2026, 11, 22, 9, 0)
    CustomerService(s).add("a2")
    CustomerService(s).add("a3")
    cases.add("return", "A101")
    cases.set_status(first.id, "done")

    week = ReportService(s).week(date(2026, 11, 22))
    assert (week.customers_added, week.cases_opened, week.cases_closed) == (3, 2, 1)
    assert [(d.customers_added, d.cases_opened, d.cases_closed) for d in week.daily][-2:] == [(1, 1, 0), (2, 1, 1)]
    day = ReportService(s).day(date(2026, 11, 22))
    assert (day.customers_added, day.cases_opened, day.cases_closed) == (2, 1, 1)
    assert day.to_dict()["daily"][0]["cases_closed"] == 1

    with ReportService(s).export(day, tmp_path / "r.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert ["After-sales cases", "Opened", "1"] in rows and ["After-sales cases", "Closed", "1"] in rows
    assert ["Customers", "Added", "2"] in rows
