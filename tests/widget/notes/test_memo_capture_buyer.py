"""The quick memo box and the buyer: the current buyer is linked (visibly, removably); `@` offers nicks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from deskassist.services.customers import CustomerService
from deskassist.services.memos import MemoService
from deskassist.ui.notes.memo_capture import MemoCaptureBox

# the completer popup grabs the keyboard, which the offscreen platform cannot do
POPUP_NOISE = pytest.mark.qt_log_ignore("does not support (grabbing the keyboard|raise|propagateSizeHints)")


@pytest.fixture
def customers(empty_session) -> CustomerService:
    empty_session.settings.set("agent.name", "小王")
    service = CustomerService(empty_session)
    service.add("tb_小王2024")
    service.add("tb_小李")
    return service


@pytest.fixture
def memos(empty_session, customers) -> MemoService:
    return MemoService(empty_session)


def make_box(qtbot, memos, customers, current: str | None) -> MemoCaptureBox:
    buyer = customers.get(current) if current else None
    widget = MemoCaptureBox(memos, lookup=lambda query, limit: customers.lookup(query, limit=limit),
                            current=lambda: buyer)
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def test_the_current_buyer_is_linked_and_shown(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, "tb_小李")
    assert box.link_row.isVisible() and "tb_小李" in box.link_label.text()
    qtbot.keyClicks(box.editor, "wants the red one")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.last_saved is not None and box.last_saved.nick == "tb_小李"
    assert "@" not in box.last_saved.text


def test_the_link_can_be_removed(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, "tb_小李")
    qtbot.mouseClick(box.unlink_button, Qt.MouseButton.LeftButton)
    assert not box.link_row.isVisible()
    qtbot.keyClicks(box.editor, "restock socks")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.last_saved is not None and box.last_saved.customer_id is None


def test_without_a_current_buyer_nothing_is_linked(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, None)
    assert not box.link_row.isVisible()


def test_an_at_nick_in_the_text_wins_over_the_current_buyer(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, "tb_小李")
    box.editor.setPlainText("call back @tb_小王2024 tomorrow")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.last_saved is not None and box.last_saved.nick == "tb_小王2024"


@POPUP_NOISE
def test_typing_at_offers_nicks_and_enter_takes_one_without_saving(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, None)
    box.editor.insertPlainText("ask @tb_小王")  # as an input method commits it
    popup = box.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert box.completer.model().stringList()[0] == "tb_小王2024"
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert box.editor.toPlainText() == "ask @tb_小王2024 "
    assert box.isVisible() and box.last_saved is None
    qtbot.keyClicks(box.editor, "about size")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.last_saved is not None and box.last_saved.nick == "tb_小王2024"


@POPUP_NOISE
def test_escape_closes_the_nick_list_but_not_the_box(qtbot, memos, customers) -> None:
    box = make_box(qtbot, memos, customers, None)
    qtbot.keyClicks(box.editor, "@tb")
    popup = box.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible() and box.isVisible()
    assert box.editor.toPlainText() == "@tb"
