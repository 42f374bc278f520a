"""A read-only table of records (cases, customers, memos …): one row per record, whole-row single selection.

The notes windows each kept a list of the records they show next to a QTableWidget and looked rows up by
index; this keeps the two together so "which record is selected" has one answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

Cells = Callable[[Any], Sequence[str]]
Styler = Callable[[QTableWidgetItem, Any, int], None]


def read_only_table(table: QTableWidget, headers: Sequence[str], stretch: int | None = None) -> QTableWidget:
    """Headers, no editing, no row numbers; `stretch` column takes the spare width (None: all columns)."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    if stretch is None:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[str]],
              style: Callable[[QTableWidgetItem, int, int], None] | None = None) -> None:
    """Replace the table's contents with `rows` of texts; `style(item, row, column)` may dress each cell."""
    table.setRowCount(len(rows))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if style is not None:
                style(item, row, column)
            table.setItem(row, column, item)


class RecordTable(QTableWidget):
    """Rows of records; `cells(record)` gives the texts of a row, the record behind it stays reachable."""

    def __init__(self, headers: Sequence[str], stretch: int, key: Callable[[Any], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        read_only_table(self, headers, stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._records: list[Any] = []
        self._key = key

    def set_records(self, records: Iterable[Any], cells: Cells, style: Styler | None = None) -> None:
        """Show `records`, one row each; `style(item, record, column)` may dress a cell (colour, tooltip).

        With a `key`, the record selected before stays selected when it is still shown, else the first row is.
        """
        keep = self.selected_record() if self._key is not None else None
        self._records = list(records)
        fill_rows(self, [cells(record) for record in self._records],
                  None if style is None else lambda item, row, column: style(item, self._records[row], column))
        if self._key is not None and (keep is None or not self.select_key(self._key(keep))) and self._records:
            self.selectRow(0)

    def records(self) -> list[Any]:
        return list(self._records)

    def selected_record(self) -> Any | None:  # whatever record type the window shows
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._records):
            return None
        return self._records[rows[0].row()]

    def select_key(self, key: Any) -> bool:  # the key the table was made with (an id, a nick)
        key_of = self._key
        return key_of is not None and self.select_where(lambda record: key_of(record) == key)

    def select_where(self, matches: Callable[[Any], bool]) -> bool:
        """Select the first row whose record matches; False (selection unchanged) when none does."""
        for row, record in enumerate(self._records):
            if matches(record):
                self.selectRow(row)
                return True
        return False
