"""Records (cases, customers, memos …) in a table: one model per window, sorted by clicking a header.

Every notes window shows its records through the same pieces: `RecordModel` (a QAbstractTableModel over the
records, one row each) behind a QSortFilterProxyModel in a `RecordTable` view, so "which record is selected"
has one answer whatever order the user sorted into, and the selection survives a refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Cells = Callable[[Any], Sequence[Any]]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class CellLook:
    """How one cell stands out: a tooltip, struck through (done), a colour (due), right-aligned (counts), an
    icon; `icon_only` shows the icon without the text, which stays as tool tip and accessible name."""

    tooltip: str | None = None
    struck: bool = False
    color: str | None = None
    right: bool = False
    icon: QIcon | None = None
    icon_only: bool = False


Styler = Callable[[Any, int], CellLook | None]
Index = QModelIndex | QPersistentModelIndex


class RecordModel(QAbstractTableModel):
    """The records a window shows; `cells(record)` gives a row's values (shown as text, sorted as they are)."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._records: list[Any] = []
        self._rows: list[Sequence[Any]] = []
        self._style: Styler | None = None
        self._looks: dict[tuple[int, int], CellLook | None] = {}

    def set_records(self, records: Iterable[Any], cells: Cells, style: Styler | None = None) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._rows = [cells(record) for record in self._records]
        self._style = style
        self._looks = {}
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def records(self) -> list[Any]:
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        value = self._rows[row][column]
        text = "" if value is None else str(value)
        if role == Qt.ItemDataRole.DisplayRole:
            look = self._look(row, column)
            return "" if look is not None and look.icon_only and look.icon is not None else text
        if role == SORT_ROLE:
            return value
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleTextRole):
            look = self._look(row, column)
            if look is None or look.icon is None:
                return None
            return look.icon if role == Qt.ItemDataRole.DecorationRole else text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole):
            look = self._look(row, column)
            if look is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return look.tooltip if look.tooltip or not look.icon_only else text
            if role == Qt.ItemDataRole.FontRole and look.struck:
                font = QFont()
                font.setStrikeOut(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and look.color:
                return QBrush(QColor(look.color))
            if role == Qt.ItemDataRole.TextAlignmentRole and look.right:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _look(self, row: int, column: int) -> CellLook | None:
        if self._style is None:
            return None
        if (row, column) not in self._looks:
            self._looks[(row, column)] = self._style(self._records[row], column)
        return self._looks[(row, column)]


class RecordTable(QTableView):
    """A read-only, sortable view of a RecordModel with whole-row single selection.

    `key(record)` names a record across refreshes (an id, a nick): the selected record stays selected when
    it is still shown, else the first row is.
    """

    selection_changed = Signal()
    record_activated = Signal(object)

    def __init__(self, headers: Sequence[str], stretch: int | None, key: Callable[[Any], Any] | None = None,
                 parent: QWidget | None = None, fit: Sequence[int] = ()) -> None:
        """`stretch`: the column that takes the spare width (None: all columns share it); `fit`: columns as
        wide as their widest cell, so a date such as 「2026-11-28 09:30」 stays on one line."""
        super().__init__(parent)
        self.record_model = RecordModel(headers, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.record_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(self.proxy)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        if stretch is None:
            self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column in fit:
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order first
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.selectionModel().selectionChanged.connect(lambda _new, _old: self.selection_changed.emit())
        self.activated.connect(lambda index: self.record_activated.emit(self.record_at(index.row())))
        self._key = key

    def set_records(self, records: Iterable[Any], cells: Cells, style: Styler | None = None) -> None:
        """Show `records`, one row each (in the sorted order the user chose, if any)."""
        keep = self.selected_record() if self._key is not None else None
        self.record_model.set_records(records, cells, style)
        if self._key is not None and (keep is None or not self.select_key(self._key(keep))) and self.row_count():
            self.selectRow(0)

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def cell_text(self, row: int, column: int) -> str:
        """The text the user sees at a row (as sorted on screen) and column."""
        return str(self.proxy.index(row, column).data() or "")

    def record_at(self, row: int) -> Any:
        return self.record_model.record(self.proxy.mapToSource(self.proxy.index(row, 0)).row())

    def records(self) -> list[Any]:
        """The records in the order shown."""
        return [self.record_at(row) for row in range(self.row_count())]

    def selected_record(self) -> Any | None:
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.row_count():
            return None
        return self.record_at(rows[0].row())

    def select_key(self, key: Any) -> bool:  # the key the table was made with (an id, a nick)
        key_of = self._key
        return key_of is not None and self.select_where(lambda record: key_of(record) == key)

    def select_where(self, matches: Callable[[Any], bool]) -> bool:
        """Select the first shown row whose record matches; False (selection unchanged) when none does."""
        for row in range(self.row_count()):
            if matches(self.record_at(row)):
                self.selectRow(row)
                return True
        return False

    def selectRow(self, row: int) -> None:
        """Select and make current, so the keyboard goes on from the selected row."""
        index = self.proxy.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.scrollTo(index)
