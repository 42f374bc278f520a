"""Reports for operations, per day or week: tables, bar charts drawn with QPainter, export to CSV/XLSX.

QtCharts is not part of PySide6-Essentials, so BarChartWidget paints its own bars.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.i18n import _, pgettext
from deskassist.services.customers import lost_reason_label
from deskassist.services.reports import Report, ReportSection
from deskassist.ui.widgets import file_dialogs
from deskassist.ui.widgets.dates import pydate, qdate
from deskassist.ui.widgets.forms import add_shortcuts
from deskassist.ui.widgets.record_table import CellLook, RecordTable

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.core.clock import Clock
    from deskassist.services.reports import ReportService


class BarChartWidget(QWidget):
    """Labelled bars, longest value full width; values written at the end of each bar."""

    BAR_HEIGHT = 20
    GAP = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._bars: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(80)

    def set_data(self, title: str, bars: list[tuple[str, float]]) -> None:
        self._title = title
        self._bars = list(bars)
        self.setAccessibleName(title)
        self.setToolTip("\n".join(f"{label}: {value:g}" for label, value in self._bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[tuple[str, float]]:
        return list(self._bars)

    def title(self) -> str:
        return self._title

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._bars))
        return QSize(420, 36 + rows * (self.BAR_HEIGHT + self.GAP))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        painter.setPen(palette.windowText().color())
        painter.drawText(QRectF(4, 4, self.width() - 8, 20), Qt.AlignmentFlag.AlignLeft, self._title)
        if not self._bars:
            painter.drawText(QRectF(4, 28, self.width() - 8, 20), Qt.AlignmentFlag.AlignLeft, _("No data"))
            painter.end()
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _v in self._bars) + 12,
                          self.width() // 3)
        biggest = max(value for _l, value in self._bars) or 1.0
        value_width = max(metrics.horizontalAdvance(f"{value:g}") for _l, value in self._bars) + 8
        room = max(10.0, self.width() - label_width - value_width - 12)
        color = QColor("#3b7dd8")
        y = 28.0
        for label, value in self._bars:
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.setPen(palette.windowText().color())
            painter.drawText(QRectF(4, y, label_width - 8, self.BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)
            length = room * (value / biggest) if value > 0 else 0.0
            painter.fillRect(QRectF(label_width, y + 2, length, self.BAR_HEIGHT - 4), color)
            painter.drawText(QRectF(label_width + length + 4, y, value_width, self.BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{value:g}")
            y += self.BAR_HEIGHT + self.GAP
        painter.end()


class TrendChartWidget(QWidget):
    """Counts per day as groups of vertical bars, one colour per series, with a legend: the week at a glance."""

    COLORS = ("#3b7dd8", "#43a047", "#fb8c00", "#8e24aa", "#e53935")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._days: list[str] = []
        self._series: list[tuple[str, list[int]]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(200)

    def set_data(self, title: str, days: list[str], series: list[tuple[str, list[int]]]) -> None:
        self._title, self._days, self._series = title, list(days), [(n, list(v)) for n, v in series]
        self.setAccessibleName(title)
        self.setToolTip("\n".join(f"{day}: " + ", ".join(f"{name} {values[i]}" for name, values in self._series)
                                  for i, day in enumerate(self._days)))
        self.update()

    def series(self) -> list[tuple[str, list[int]]]:
        return [(name, list(values)) for name, values in self._series]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(420, 220)

    def legend_boxes(self) -> list[QRectF]:
        """Where each series' swatch and name go: on as many lines as the width needs, never cut off."""
        metrics = QFontMetrics(self.font())
        line = metrics.height() + 4
        boxes, x, y = [], 4.0, 4.0 + line
        for name, _values in self._series:
            width = 14 + metrics.horizontalAdvance(name) + 4
            if x > 4 and x + width > self.width() - 4:
                x, y = 4.0, y + line
            boxes.append(QRectF(x, y, width, line))
            x += width + 10
        return boxes

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        text_color = palette.windowText().color()
        painter.setPen(text_color)
        line = metrics.height() + 4
        painter.drawText(QRectF(4, 4, self.width() - 8, line), Qt.AlignmentFlag.AlignLeft, self._title)
        boxes = self.legend_boxes()
        for index, ((name, _values), box) in enumerate(zip(self._series, boxes, strict=True)):
            colour = QColor(self.COLORS[index % len(self.COLORS)])
            painter.fillRect(QRectF(box.left(), box.top() + 4, 10, 10), colour)
            painter.drawText(QRectF(box.left() + 14, box.top(), box.width() - 14, line),
                             Qt.AlignmentFlag.AlignLeft, name)
        top = (boxes[-1].bottom() if boxes else 4 + line) + 4
        bottom = self.height() - line - 4
        biggest = max((v for _n, values in self._series for v in values), default=0)
        if not self._days or biggest == 0:
            painter.drawText(QRectF(4, top, self.width() - 8, line), Qt.AlignmentFlag.AlignLeft, _("No data"))
            painter.end()
            return
        slot = (self.width() - 8) / len(self._days)
        bar = max(2.0, (slot - 8) / max(1, len(self._series)))
        for day_index, day in enumerate(self._days):
            left = 4 + day_index * slot + 4
            for index, (_name, values) in enumerate(self._series):
                height = (bottom - top) * values[day_index] / biggest
                painter.fillRect(QRectF(left + index * bar, bottom - height, bar - 1, height),
                                 QColor(self.COLORS[index % len(self.COLORS)]))
            painter.setPen(text_color)
            painter.drawText(QRectF(4 + day_index * slot, bottom + 2, slot, line), Qt.AlignmentFlag.AlignHCenter,
                             metrics.elidedText(day, Qt.TextElideMode.ElideRight, int(slot)))
        painter.end()


def _align_counts(_row: object, column: int) -> CellLook | None:
    return CellLook(right=True) if column > 0 else None


class ReportTree(QTreeWidget):
    """The counts grouped: each section once, in bold with its subtotal, its rows indented under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([_("Item"), _("Count")])
        self.setAccessibleName(_("Counts"))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.headerItem().setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_sections(self, sections: list[ReportSection]) -> None:
        self.clear()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for section in sections:
            head = QTreeWidgetItem([section.name, "" if section.subtotal is None else str(section.subtotal)])
            font = head.font(0)
            font.setBold(True)
            for column in (0, 1):
                head.setFont(column, font)
            head.setTextAlignment(1, right)
            for label, count in section.items:
                row = QTreeWidgetItem(head, [label, str(count)])
                row.setTextAlignment(1, right)
            self.addTopLevelItem(head)
            head.setExpanded(True)


class ReportsWindow(QWidget):
    """Pick a day or a week; see the counts, the charts and export them."""

    def __init__(self, reports: ReportService, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.reports = reports
        self.clock = clock
        self.report: Report | None = None
        self.setObjectName("reportsWindow")
        self.setWindowTitle(_("Reports"))
        self.resize(860, 600)
        self.period = QComboBox()
        self.period.setAccessibleName(_("Period"))
        self.period.addItem(pgettext("report period", "Day"), "day")
        self.period.addItem(pgettext("report period", "Week"), "week")
        self.day = QDateEdit(qdate(clock.now().date()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(_("Date"))
        self.previous_button = QPushButton(_("◀ &Earlier"))
        self.next_button = QPushButton(_("&Later ▶"))
        self.today_button = QPushButton(_("&Today"))
        self.export_button = QPushButton(_("E&xport…"))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.day.setDate(qdate(self.clock.now().date())))
        self.export_button.clicked.connect(lambda: self.export_to())
        self.range_label = QLabel("")
        self.range_label.setStyleSheet("font-weight: bold")
        self.table = ReportTree()
        self.daily = RecordTable([_("Day"), _("Phrases used"), _("Customers added"), _("Follow-ups done"),
                                  _("Cases opened"), _("Cases closed")], stretch=None, fit=range(6))
        self.trend_chart = TrendChartWidget()
        self.phrase_chart = BarChartWidget()
        self.lost_chart = BarChartWidget()
        self.message = QLabel("")
        self.message.setWordWrap(True)

        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.addWidget(self.trend_chart)
        charts_layout.addWidget(self.phrase_chart)
        charts_layout.addWidget(self.lost_chart)
        charts_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        tables = QWidget()
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(self.table, 3)
        tables_layout.addWidget(self.daily, 1)
        splitter = QSplitter()
        splitter.addWidget(tables)
        splitter.addWidget(scroll)
        splitter.setSizes([1, 1])  # half each: the per-day table's six columns need the room
        top = QHBoxLayout()
        for widget in (self.period, self.previous_button, self.day, self.next_button, self.today_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.range_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        add_shortcuts(self, [(_("Close"), "Esc", self.close)])
        self.refresh()

    def step(self, direction: int) -> None:
        days = 7 if self.period.currentData() == "week" else 1
        self.day.setDate(self.day.date().addDays(direction * days))

    def refresh(self) -> None:
        chosen = pydate(self.day.date())
        report = self.reports.week(chosen) if self.period.currentData() == "week" else self.reports.day(chosen)
        self.report = report
        last = report.end - timedelta(days=1)
        if report.period == "week":
            self.range_label.setText(_("Week {start} to {end}").format(start=report.start.isoformat(),
                                                                       end=last.isoformat()))
        else:
            self.range_label.setText(_("Day {day}").format(day=report.start.isoformat()))
        self.table.set_sections(report.sections())
        self.daily.set_records(report.daily, lambda day: (day.day.isoformat(), day.phrase_uses, day.customers_added,
                                                          day.followups_done, day.cases_opened, day.cases_closed),
                               _align_counts)
        self.daily.setVisible(report.period == "week")
        self.trend_chart.set_data(
            _("Per day"), [day.day.strftime("%m-%d") for day in report.daily],
            [(_("Phrases used"), [day.phrase_uses for day in report.daily]),
             (_("Customers added"), [day.customers_added for day in report.daily]),
             (_("Follow-ups done"), [day.followups_done for day in report.daily]),
             (_("Cases opened"), [day.cases_opened for day in report.daily]),
             (_("Cases closed"), [day.cases_closed for day in report.daily])])
        self.phrase_chart.set_data(_("Phrases used per category"), [(c, float(n)) for c, n in report.chart()])
        lost = sorted(report.lost_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        self.lost_chart.set_data(_("Why buyers did not buy"),
                                 [(lost_reason_label(k), float(n)) for k, n in lost])

    def export_to(self, path: str | None = None) -> None:
        if self.report is None:
            return
        if path is None:
            suggested = f"report-{self.report.period}-{self.report.start.isoformat()}.xlsx"
            chosen = file_dialogs.save_file(self, _("Export report"), suggested,
                                            _("Excel workbook (*.xlsx);;CSV (*.csv)"))
            if chosen is None:
                return
            path = str(chosen[0])
        try:
            target = self.reports.export(self.report, path)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("Exported to {path}").format(path=target))
