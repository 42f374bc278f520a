"""The reports window's per-day trend: counts a shop manager reads (phrases, customers, follow-ups, cases),
painted as bars in proportion with QPainter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from deskassist.services.aftersales import AftersalesService
from deskassist.services.customers import CustomerService
from deskassist.services.reports import ReportService
from deskassist.ui.notes.reports import ReportsWindow, TrendChartWidget


def test_week_view_shows_customers_and_cases_per_day(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 21, 11, 0)
    CustomerService(session).add("a1")
    clock.moment = datetime(2026, 11, 22, 10, 0)
    CustomerService(session).add("a2")
    case = AftersalesService(session).add("refund", "A1", buyer="a2")
    AftersalesService(session).set_status(case.id, "done")
    window = ReportsWindow(ReportService(session), clock)
    qtbot.addWidget(window)
    window.period.setCurrentIndex(window.period.findData("week"))
    series = dict(window.trend_chart.series())
    assert series["Customers added"][-2:] == [1, 1]
    assert series["Cases opened"] == [0, 0, 0, 0, 0, 0, 1] and series["Cases closed"][-1] == 1
    cases = window.table.findItems("After-sales cases", Qt.MatchFlag.MatchExactly)[0]
    assert (cases.child(0).text(0), cases.child(0).text(1)) == ("Opened", "1")


def test_trend_bars_are_in_proportion(qtbot) -> None:
    chart = TrendChartWidget()
    qtbot.addWidget(chart)
    chart.resize(300, 220)
    chart.set_data("Per day", ["11-21", "11-22"], [("Uses", [10, 5])])
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    chart.render(image)
    bar = 0xFF3B7DD8

    def bar_height(x: int) -> int:
        return sum(1 for y in range(image.height()) if image.pixel(x, y) == bar)

    # each day has a 146-px slot; x > 20 leaves out the legend swatch at the top left
    heights = [max(bar_height(x) for x in range(left, left + 140) if x > 20) for left in (4, 150)]
    assert heights[0] > 60 and abs(heights[1] - heights[0] / 2) <= 1
    chart.set_data("Nothing", [], [])
    chart.render(image)  # "No data" without error


def test_legend_wraps_instead_of_running_off_the_chart(qtbot) -> None:
    """In English the fifth legend entry (Cases closed) was cut at the chart's right edge."""
    chart = TrendChartWidget()
    qtbot.addWidget(chart)
    chart.resize(420, 240)
    names = ["Phrases used", "Customers added", "Follow-ups done", "Cases opened", "Cases closed"]
    chart.set_data("Per day", ["11-27", "11-28"], [(name, [1, 2]) for name in names])
    boxes = chart.legend_boxes()
    assert len(boxes) == len(names)
    assert all(box.left() >= 0 and box.right() <= chart.width() for box in boxes)
    assert all(not a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert len({box.top() for box in boxes}) == 2  # two legend lines at this width
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    chart.render(image)  # paints with the wrapped legend
