"""Undo and redo of a delete in every window that deletes, header sorting and kept selections in the record tables.

Each test looks at what the user sees (rows, undo action texts), with real services on a real SQLite file.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.memos import MemoService
from deskassist.ui.library.manager import PhraseManagerWindow
from deskassist.ui.notes.customers import CustomersWindow
from deskassist.ui.notes.followups import FollowUpsWindow
from deskassist.ui.notes.memos import MemoWindow
from deskassist.ui.widgets.record_table import RecordTable

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # keyboard shortcuts need the active window
    return widget


def _column(table: RecordTable, column: int) -> list[str]:
    return [table.cell_text(row, column) for row in range(table.row_count())]


@pytest.fixture
def customers(empty_session):
    empty_session.settings.set("agent.name", "小王")
    service = CustomerService(empty_session)
    service.add("lily2024", platform="taobao", group="vip")
    service.add("王小姐", platform="pinduoduo", group="buyer")
    service.add("zhangsan", platform="jd", group="inquiry")
    return service


def test_customer_delete_undone_and_redone_from_the_keyboard(qtbot, customers):
    window = _shown(qtbot, CustomersWindow(customers))
    window.select_nick("王小姐")
    window.table.setFocus()
    window.delete_button.click()
    assert "王小姐" not in _column(window.table, 0)
    assert window.undo_action.text() == "Undo Delete customer 王小姐"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert "王小姐" in _column(window.table, 0)
    assert window.selected_customer().nick == "王小姐"
    assert window.redo_action.isEnabled()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL_SHIFT)
    assert "王小姐" not in _column(window.table, 0)
    assert customers.find("王小姐") is None
    assert window.message.text() == "Customer deleted."


def test_memo_delete_undone_and_redone(qtbot, empty_session):
    memos = MemoService(empty_session)
    for text in ("催付 下午三点", "活动价格明天调整", "快递换了"):
        memos.add(text)
    window = _shown(qtbot, MemoWindow(memos))
    window.select_memo(next(m.id for m in window.shown_memos() if m.text == "活动价格明天调整"))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "活动价格明天调整" not in _column(window.table, 1)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert "活动价格明天调整" in _column(window.table, 1)
    assert window.selected_memo().text == "活动价格明天调整"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL_SHIFT)
    assert "活动价格明天调整" not in _column(window.table, 1)
    assert sorted(m.text for m in memos.list()) == sorted(["快递换了", "催付 下午三点"])


def test_follow_up_delete_undone_and_redone(qtbot, empty_session, clock):
    followups = FollowUpService(empty_session)
    followups.add("催付款", "15:00")
    followups.add("回访", "16:00")
    window = _shown(qtbot, FollowUpsWindow(followups, clock))
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert _column(window.table, 1) == ["回访"]
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert _column(window.table, 1) == ["催付款", "回访"]
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL_SHIFT)  # deletes the restored one (it has a new id)
    assert _column(window.table, 1) == ["回访"]
    assert [f.text for f in followups.open()] == ["回访"]


def test_phrase_delete_undone_and_redone_in_the_manager(qtbot, session):
    window = _shown(qtbot, PhraseManagerWindow(session))
    phrase = window.service.list()[0]
    assert window.select_phrase(phrase.id)
    window.delete_action.trigger()
    assert phrase.id not in [p.id for p in window.service.list()]
    QTest.keyClick(window.phrases_view, Qt.Key.Key_Z, CTRL)
    assert phrase.title in [window.phrase_model.phrase_at(r).title for r in range(window.phrase_model.rowCount())]
    QTest.keyClick(window.phrases_view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert phrase.id not in [p.id for p in window.service.list()]
    assert phrase.title not in [window.phrase_model.phrase_at(r).title
                                for r in range(window.phrase_model.rowCount())]


def test_clicking_a_header_sorts_and_the_selection_follows_the_record(qtbot, customers):
    window = _shown(qtbot, CustomersWindow(customers))
    service_order = _column(window.table, 0)
    header = window.table.horizontalHeader()
    platform_x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(platform_x, header.height() // 2))
    platforms = _column(window.table, 1)
    assert platforms == sorted(platforms, key=str.casefold) and _column(window.table, 0) != service_order
    window.select_nick("zhangsan")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(platform_x, header.height() // 2))
    assert _column(window.table, 1) == sorted(platforms, key=str.casefold, reverse=True)
    assert window.selected_customer().nick == "zhangsan"
    assert [c.nick for c in window.shown_customers()] == _column(window.table, 0)


def test_selection_kept_across_a_refresh_with_a_new_record(qtbot, customers):
    window = _shown(qtbot, CustomersWindow(customers))
    window.select_nick("王小姐")
    customers.add("aaa_first", platform="taobao", group="vip")
    window.refresh()
    assert "aaa_first" in _column(window.table, 0)
    assert window.selected_customer().nick == "王小姐"
    assert window.table.cell_text(window.table.currentIndex().row(), 0) == "王小姐"


def test_an_undo_the_service_refuses_is_said_and_leaves_the_stack(qtbot, customers):
    window = _shown(qtbot, CustomersWindow(customers))
    window.select_nick("zhangsan")
    window.table.setFocus()
    window.delete_button.click()
    assert customers.find("zhangsan") is None
    customers.add("zhangsan", platform="taobao", group="buyer")  # someone else took the nick meanwhile
    qtbot.keyClick(window.table, Qt.Key.Key_Z, CTRL)
    assert window.message.text() == "A customer with this nickname already exists"
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert [c.platform for c in customers.list() if c.nick == "zhangsan"] == ["taobao"]
