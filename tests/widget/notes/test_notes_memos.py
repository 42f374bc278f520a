"""The quick memo box and the memo book window, on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from deskassist.services.customers import CustomerService
from deskassist.services.memos import MemoService
from deskassist.ui.notes.memo_capture import MemoCaptureBox
from deskassist.ui.notes.memos import MemoWindow

# The offscreen platform has no window manager to pass size hints or stacking to; those warnings say nothing
# about our code.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def memos(empty_session):
    empty_session.settings.set("agent.name", "小王")
    CustomerService(empty_session).add("lily2024", platform="taobao", group="vip")
    return MemoService(empty_session)


@pytest.fixture
def box(qtbot, memos):
    widget = MemoCaptureBox(memos)
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def test_enter_saves_the_memo_with_tag_and_buyer(qtbot, box, memos):
    qtbot.keyClicks(box.editor, "ask @lily2024 about size #size")
    with qtbot.waitSignal(box.memo_saved) as saved:
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    memo = memos.get(saved.args[0])
    assert memo.text == "ask @lily2024 about size #size"
    assert memo.nick == "lily2024"
    assert memo.tags == ("size",)
    assert memo.agent == "小王"
    assert not box.isVisible()
    assert box.editor.toPlainText() == ""


def test_shift_enter_makes_a_new_line_and_does_not_save(qtbot, box, memos):
    qtbot.keyClicks(box.editor, "first")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box.editor, "second")
    assert box.isVisible()
    assert memos.list() == []
    qtbot.keyClick(box.editor, Qt.Key.Key_Enter)
    assert [m.text for m in memos.list()] == ["first\nsecond"]


def test_escape_leaves_without_saving_and_keeps_the_draft(qtbot, box, memos):
    qtbot.keyClicks(box.editor, "half written")
    with qtbot.waitSignal(box.left):
        qtbot.keyClick(box.editor, Qt.Key.Key_Escape)
    assert not box.isVisible()
    assert memos.list() == []
    box.open()
    assert box.editor.toPlainText() == "half written"


def test_chinese_memo_and_unknown_buyer(qtbot, box, memos):
    box.editor.setPlainText("@不存在的人 明天再问尺码 #尺码偏大")
    with qtbot.waitSignal(box.unlinked):
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    (memo,) = memos.list()
    assert memo.text == "@不存在的人 明天再问尺码 #尺码偏大"
    assert memo.tags == ("尺码偏大",)
    assert memo.customer_id is None


def test_chinese_typed_through_an_input_method_then_enter(qtbot, box, memos):
    commit = QInputMethodEvent()
    commit.setCommitString("催付款 #催付")
    QApplication.sendEvent(box.editor, commit)
    assert box.editor.toPlainText() == "催付款 #催付"
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert [(m.text, m.tags) for m in memos.list()] == [("催付款 #催付", ("催付",))]


def test_empty_memo_says_so_and_stays_open(qtbot, box, memos):
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.isVisible()
    assert "empty" in box.message.text()
    assert box.message.isVisibleTo(box)
    assert memos.list() == []


def test_too_long_memo_is_refused_with_the_text_kept(qtbot, box, memos):
    box.editor.setPlainText("x" * 5000)
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.isVisible()
    assert "at most" in box.message.text()
    assert len(box.editor.toPlainText()) == 5000
    assert memos.list() == []


# -- memo window -------------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, memos):
    memos.add("催付 @lily2024 下午三点")
    memos.add("活动价格明天调整 #活动")
    memos.add("remember the courier change")
    widget = MemoWindow(memos)
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # keyboard shortcuts need the active window
    return widget


def _texts(window: MemoWindow) -> list[str]:
    return [window.table.cell_text(row, 1) for row in range(window.table.row_count())]


def test_window_lists_newest_first_and_searches_two_chinese_characters(qtbot, window):
    assert window.windowTitle() == "Memo book of 小王"
    assert _texts(window) == ["remember the courier change", "活动价格明天调整 #活动", "催付 @lily2024 下午三点"]
    window.search.setText("价格")
    qtbot.waitUntil(lambda: _texts(window) == ["活动价格明天调整 #活动"])
    assert window.count_label.text() == "1 found"
    window.search.setText("#活动")
    qtbot.waitUntil(lambda: _texts(window) == ["活动价格明天调整 #活动"])
    window.search.setText("@lily")
    qtbot.waitUntil(lambda: _texts(window) == ["催付 @lily2024 下午三点"])
    assert window.table.cell_text(0, 2) == "lily2024"


def test_pin_moves_a_memo_to_the_top(qtbot, window):
    window.table.selectRow(2)
    window.pin_button.click()
    assert _texts(window)[0] == "催付 @lily2024 下午三点"
    assert window.table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Pinned"  # beside the drawn pin
    assert window.pin_button.text() == "Un&pin"


def test_done_hides_the_memo_unless_done_ones_are_shown(qtbot, window):
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "remember the courier change" not in _texts(window)
    assert window.message.text() == "Memo marked done."
    window.show_done.setChecked(True)
    row = _texts(window).index("remember the courier change")
    assert window.table.cell_text(row, 5) == "Done"


def test_edit_changes_the_text_and_tags(qtbot, window, memos):
    window.table.selectRow(0)
    window.edit_button.click()
    assert window.editor.toPlainText() == "remember the courier change"
    window.editor.setPlainText("快递改成顺丰 #快递")
    window.save_button.click()
    assert _texts(window)[0] == "快递改成顺丰 #快递"
    assert window.table.cell_text(0, 3) == "#快递"
    assert window.message.text() == "Memo changed."


def test_new_memo_from_the_window(qtbot, window, memos):
    window.new_button.click()
    window.editor.setPlainText("新的备忘")
    window.save_button.click()
    assert "新的备忘" in _texts(window)
    assert len(memos.list()) == 4


def test_delete_key_deletes_and_undo_brings_it_back(qtbot, window, memos):
    window.table.selectRow(1)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "活动价格明天调整 #活动" not in _texts(window)
    assert window.message.text() == "Memo deleted."
    assert window.undo_button.isVisible()
    assert len(memos.list()) == 2
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "活动价格明天调整 #活动" in _texts(window)
    assert window.message.text() == "Memo restored."
    assert not window.undo_button.isVisible()
    assert len(memos.list()) == 3


@pytest.mark.parametrize(("key", "modifier"), [
    (Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier),  # the button's mnemonic: 保存(S)
    (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
])
def test_the_save_keys_work_while_typing_in_the_editor(qtbot, window, memos, key, modifier):
    """Issue 12: Alt+S typed an "s" into the memo instead of saving; Ctrl+Enter did nothing."""
    window.new_button.click()
    window.editor.setFocus()
    window.editor.setPlainText("新的备忘")
    qtbot.keyClick(window.editor, key, modifier)
    assert "新的备忘" in _texts(window) and window.message.text() == "Memo saved."
