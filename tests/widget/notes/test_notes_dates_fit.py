"""Dates and times in the notes windows read on one line: the follow-ups' due time, the cases' last update
and the report's days were squeezed into two lines or cut to 「2026-1…」 at the windows' own sizes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QTableView

from deskassist.services.aftersales import AftersalesService
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.reports import ReportService
from deskassist.ui.notes.aftersales import AftersalesWindow
from deskassist.ui.notes.followups import FollowUpsWindow
from deskassist.ui.notes.reports import ReportsWindow
from deskassist.ui.widgets.record_table import RecordTable


def _fits(table: RecordTable, column: int) -> bool:
    """The widest cell of the column (and its header) fits without wrapping or eliding."""
    metrics = table.fontMetrics()
    texts = [table.cell_text(row, column) for row in range(table.row_count())]
    widest = max(metrics.horizontalAdvance(text) for text in texts)
    header = table.horizontalHeader()
    header_text = table.model().headerData(column, header.orientation())
    return table.columnWidth(column) >= max(widest, header.fontMetrics().horizontalAdvance(header_text)) + 4


def _shown(qtbot, window) -> None:  # noqa: ANN001 - any notes window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)


def test_follow_up_due_time_on_one_line(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 28, 9, 20)
    FollowUpService(session).add("催付：拍下未付款", "10分钟后")
    window = FollowUpsWindow(FollowUpService(session), clock)
    _shown(qtbot, window)
    window.refresh()
    assert window.table.cell_text(0, 0) == "2026-11-28 09:30"
    assert _fits(window.table, 0)


def test_case_update_time_on_one_line(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 28, 9, 20)
    CustomerService(session).add("tb_小王2024")
    AftersalesService(session).add("refund", "T20261128001", buyer="tb_小王2024")
    window = AftersalesWindow(AftersalesService(session))
    _shown(qtbot, window)
    window.refresh()
    assert window.table.cell_text(0, 5).startswith("2026-11-28")
    assert _fits(window.table, 5)


def test_report_days_and_counts_are_not_cut(qtbot, session, clock) -> None:
    clock.moment = datetime(2026, 11, 28, 9, 20)
    window = ReportsWindow(ReportService(session), clock)
    _shown(qtbot, window)
    window.period.setCurrentIndex(window.period.findData("week"))
    daily: QTableView = window.daily
    assert all(_fits(daily, column) for column in range(daily.model().columnCount()))
