"""A pinned memo is marked with a drawn pin icon, not 📌 (an empty box without an emoji font); the word
置顶 stays as its tool tip and accessible name, and the column still sorts pinned memos together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from deskassist.i18n import set_language
from deskassist.services.memos import MemoService
from deskassist.ui.notes.memos import MemoWindow
from deskassist.ui.widgets.icons import pin_icon


def test_pinned_memo_shows_the_drawn_pin_with_the_word_as_tooltip(qtbot, empty_session) -> None:
    empty_session.settings.set("agent.name", "小王")
    memos = MemoService(empty_session)
    memos.pin(memos.add("restock the red socks").id)
    memos.add("call the courier")
    set_language("zh_CN")
    try:
        window = MemoWindow(memos)
        qtbot.addWidget(window)
        window.refresh()
        pinned, plain = window.table.model().index(0, 0), window.table.model().index(1, 0)
    finally:
        set_language("en")
    icon = pinned.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and icon.cacheKey() == pin_icon().cacheKey()
    assert pinned.data() == ""  # no character that could come out as a box
    assert pinned.data(Qt.ItemDataRole.ToolTipRole) == "置顶"
    assert pinned.data(Qt.ItemDataRole.AccessibleTextRole) == "置顶"
    assert plain.data(Qt.ItemDataRole.DecorationRole) is None and plain.data() == ""


def test_written_time_fits_on_one_line(qtbot, empty_session) -> None:
    """The 记录时间 column was so narrow that 「2026-11-28 10:58」 wrapped onto two lines."""
    empty_session.settings.set("agent.name", "小王")
    memos = MemoService(empty_session)
    memos.pin(memos.add("restock the red socks").id)
    set_language("zh_CN")
    try:
        window = MemoWindow(memos)
        qtbot.addWidget(window)
        window.resize(720, 520)
        window.show()
        window.refresh()
        column = 4
        written = window.table.cell_text(0, column)
        needed = window.table.fontMetrics().horizontalAdvance(written)
        header = window.table.horizontalHeader()
        header_needed = header.fontMetrics().horizontalAdvance(window.table.model().headerData(
            column, Qt.Orientation.Horizontal))
    finally:
        set_language("en")
    assert len(written) == 16
    assert window.table.columnWidth(column) >= max(needed, header_needed) + 4  # the cell margins
    assert window.table.columnWidth(0) >= 16 + 8  # the pin fits
