"""The reports window's counts read like a shop manager's sheet: each section once, its rows under it, a
subtotal where the rows are parts of one whole (phrases per category, reasons buyers did not buy)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QTreeWidgetItem

from deskassist.services.aftersales import AftersalesService
from deskassist.services.customers import CustomerService
from deskassist.services.phrases import PhraseService
from deskassist.services.reports import ReportService
from deskassist.ui.notes.reports import ReportsWindow


def _children(item: QTreeWidgetItem) -> list[tuple[str, str]]:
    return [(item.child(i).text(0), item.child(i).text(1)) for i in range(item.childCount())]


def _sections(window: ReportsWindow) -> dict[str, QTreeWidgetItem]:
    tree = window.table
    return {tree.topLevelItem(i).text(0): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}


def test_each_section_is_named_once_with_its_rows_under_it(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 22, 10, 0)
    phrases = PhraseService(session)
    greeting, stock = phrases.list()[0], next(p for p in phrases.list() if p.category != phrases.list()[0].category)
    for _ in range(3):
        phrases.record_use(greeting.id, agent="小王")
    phrases.record_use(stock.id, agent="小王")
    customers = CustomerService(session)
    customers.add("a1", lost_reason="price")
    customers.add("a2", lost_reason="price")
    customers.add("a3", lost_reason="courier")
    AftersalesService(session).add("refund", "A1", buyer="a1")
    window = ReportsWindow(ReportService(session), clock)
    qtbot.addWidget(window)
    window.show()

    tree = window.table
    names = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert names == ["Phrases used", "Follow-ups", "Handover items", "Customers", "After-sales cases",
                     "Why buyers did not buy"]
    sections = _sections(window)
    used = sections["Phrases used"]
    assert used.text(1) == "4" and used.isExpanded() and used.font(0).bold()
    assert _children(used) == [(greeting.category, "3"), (stock.category, "1")]  # no "Total" row: the subtotal
    assert sections["Why buyers did not buy"].text(1) == "3"
    assert _children(sections["Why buyers did not buy"]) == [("Price too high", "2"), ("Courier", "1")]
    assert sections["Follow-ups"].text(1) == ""  # added and done are not parts of one whole
    assert _children(sections["After-sales cases"]) == [("Opened", "1"), ("Closed", "0")]
    assert all(tree.topLevelItem(i).child(j).text(0) not in names
               for i in range(len(names)) for j in range(tree.topLevelItem(i).childCount()))


def test_week_per_day_table_has_every_daily_count(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 22, 10, 0)
    CustomerService(session).add("a1")
    case = AftersalesService(session).add("refund", "A1", buyer="a1")
    AftersalesService(session).set_status(case.id, "done")
    window = ReportsWindow(ReportService(session), clock)
    qtbot.addWidget(window)
    window.period.setCurrentIndex(window.period.findData("week"))
    headers = [window.daily.model().headerData(c, window.daily.horizontalHeader().orientation())
               for c in range(window.daily.model().columnCount())]
    assert headers == ["Day", "Phrases used", "Customers added", "Follow-ups done", "Cases opened", "Cases closed"]
    assert [window.daily.cell_text(6, c) for c in range(6)] == ["2026-11-22", "0", "1", "0", "1", "1"]
