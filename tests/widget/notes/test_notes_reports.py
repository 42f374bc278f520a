"""Reports window (tables, QPainter bar charts, export) and the agents dialog, on a real database."""

from __future__ import annotations

import csv
from datetime import datetime

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QImage

from deskassist.services.agents import AgentService
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.phrases import PhraseService
from deskassist.services.reports import ReportService
from deskassist.ui.notes.agents import AgentsDialog
from deskassist.ui.notes.reports import BarChartWidget, ReportsWindow


@pytest.fixture
def reports(session, clock):
    """Two days of work: phrases used in two categories, lost buyers, a follow-up done."""
    phrases = PhraseService(session)
    by_category: dict[str, list] = {}
    for phrase in phrases.list():
        by_category.setdefault(phrase.category, []).append(phrase)
    first, second = sorted(by_category)[:2]
    clock.moment = datetime(2026, 11, 21, 11, 0)  # Saturday
    phrases.record_use(by_category[first][0].id, agent="小王")
    clock.moment = datetime(2026, 11, 22, 10, 0)  # Sunday
    for _ in range(3):
        phrases.record_use(by_category[first][0].id, agent="小王")
    phrases.record_use(by_category[second][0].id, agent="小王")
    customers = CustomerService(session)
    customers.add("a1", lost_reason="price")
    customers.add("a2", lost_reason="price")
    customers.add("a3", lost_reason="courier")
    followups = FollowUpService(session)
    done = followups.add("催付", "09:00")
    followups.done(done.id)
    service = ReportService(session)
    service.categories = (first, second)
    return service


def _rows(window: ReportsWindow) -> list[tuple[str, str, str]]:
    """(section, item, count) for each row of the grouped tree; a section's subtotal as ("…", "Total", n)."""
    rows = []
    for i in range(window.table.topLevelItemCount()):
        head = window.table.topLevelItem(i)
        rows += [(head.text(0), head.child(j).text(0), head.child(j).text(1)) for j in range(head.childCount())]
        if head.text(1):
            rows.append((head.text(0), "Total", head.text(1)))
    return rows


def test_day_report_shows_counts_and_charts(qtbot, reports):
    first, second = reports.categories
    window = ReportsWindow(reports, reports.session.clock)
    qtbot.addWidget(window)
    window.show()
    assert window.range_label.text() == "Day 2026-11-22"
    rows = _rows(window)
    assert ("Phrases used", first, "3") in rows and ("Phrases used", second, "1") in rows
    assert ("Phrases used", "Total", "4") in rows
    assert ("Follow-ups", "Done", "1") in rows
    assert ("Why buyers did not buy", "Price too high", "2") in rows
    assert window.phrase_chart.bars() == [(first, 3.0), (second, 1.0)]
    assert window.lost_chart.bars() == [("Price too high", 2.0), ("Courier", 1.0)]
    assert window.lost_chart.title() == "Why buyers did not buy"
    assert not window.daily.isVisible()


def test_week_report_and_stepping_back(qtbot, reports):
    first, _second = reports.categories
    window = ReportsWindow(reports, reports.session.clock)
    qtbot.addWidget(window)
    window.show()
    window.period.setCurrentIndex(window.period.findData("week"))
    assert window.range_label.text() == "Week 2026-11-16 to 2026-11-22"
    assert ("Phrases used", first, "4") in _rows(window)
    daily = [(window.daily.cell_text(r, 0), window.daily.cell_text(r, 1)) for r in range(7)]
    assert daily[5:] == [("2026-11-21", "1"), ("2026-11-22", "4")]
    assert window.daily.isVisible()
    window.previous_button.click()
    assert window.range_label.text() == "Week 2026-11-09 to 2026-11-15"
    assert window.phrase_chart.bars() == []
    window.today_button.click()
    assert window.range_label.text() == "Week 2026-11-16 to 2026-11-22"


def test_export_to_xlsx_and_csv(qtbot, reports, tmp_path):
    first, _second = reports.categories
    window = ReportsWindow(reports, reports.session.clock)
    qtbot.addWidget(window)
    window.export_to(str(tmp_path / "day.xlsx"))
    assert window.message.text() == f"Exported to {tmp_path / 'day.xlsx'}"
    sheet = load_workbook(tmp_path / "day.xlsx").active
    values = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert ("Phrases used", first, 3) in values
    window.export_to(str(tmp_path / "day.csv"))
    with open(tmp_path / "day.csv", encoding="utf-8-sig", newline="") as fh:
        assert ["Why buyers did not buy", "Price too high", "2"] in list(csv.reader(fh))
    window.export_to(str(tmp_path / "no-such-folder" / "day.csv"))
    assert window.message.text().startswith(f"{tmp_path / 'no-such-folder' / 'day.csv'} cannot be written")


def test_bar_chart_paints_bars_in_proportion(qtbot):
    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.resize(400, 120)
    chart.set_data("Uses", [("long", 10.0), ("half", 5.0)])
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    chart.render(image)
    bar = 0xFF3B7DD8

    def bar_length(y: int) -> int:
        return sum(1 for x in range(image.width()) if image.pixel(x, y) == bar)

    first_row_y = 28 + BarChartWidget.BAR_HEIGHT // 2
    second_row_y = first_row_y + BarChartWidget.BAR_HEIGHT + BarChartWidget.GAP
    long_bar, half_bar = bar_length(first_row_y), bar_length(second_row_y)
    assert long_bar > 100
    assert abs(half_bar - long_bar / 2) <= 2
    chart.set_data("Nothing", [])
    chart.render(image)  # the empty chart paints its "No data" line without error


def test_agents_dialog_adds_switches_and_removes(qtbot, empty_session):
    agents = AgentService(empty_session)
    switched: list[str] = []

    def switch(name: str) -> None:
        agents.switch(name)
        switched.append(name)

    dialog = AgentsDialog(agents, switch)
    qtbot.addWidget(dialog)
    dialog.name.setText("小美")
    dialog.number.setText("1024")
    dialog.add_button.click()
    assert dialog.message.text() == "Agent 小美 added."
    dialog.name.setText("小美")
    dialog.add_button.click()
    assert dialog.message.text() == "The agent 小美 already exists"
    dialog.list.setCurrentRow(0)
    dialog.switch_button.click()
    assert switched == ["小美"] and empty_session.agent == "小美"
    assert dialog.list.item(0).text() == "小美 (ID 1024) — at the desk"
    dialog.remove_button.click()
    assert dialog.message.text() == "小美 is at the desk: switch to another agent first"
    assert [a.name for a in agents.list()] == ["小美"]  # the agent named in Settings stays listed (issue 12)
