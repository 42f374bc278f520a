"""The quick memo box while an input method composes: Enter and Esc belong to the input method then."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from deskassist.services.memos import MemoService
from deskassist.ui.notes.memo_capture import MemoCaptureBox

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def memos(empty_session) -> MemoService:
    empty_session.settings.set("agent.name", "小王")
    return MemoService(empty_session)


@pytest.fixture
def box(qtbot, memos) -> MemoCaptureBox:
    widget = MemoCaptureBox(memos)
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def compose(widget, preedit: str) -> None:
    """What an input method sends while the agent types pinyin that is not yet committed."""
    QApplication.sendEvent(widget, QInputMethodEvent(preedit, []))


def commit(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_enter_while_composing_neither_saves_nor_closes(qtbot, box, memos) -> None:
    commit(box.editor, "明天")
    compose(box.editor, "cuifu")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.isVisible()
    assert memos.list() == []
    assert not box.message.isVisibleTo(box)


def test_escape_while_composing_does_not_leave(qtbot, box, memos) -> None:
    compose(box.editor, "cuifu")
    left: list[bool] = []
    box.left.connect(lambda: left.append(True))
    qtbot.keyClick(box.editor, Qt.Key.Key_Escape)
    assert box.isVisible()
    assert left == []


def test_after_the_commit_enter_saves(qtbot, box, memos) -> None:
    commit(box.editor, "明天")
    compose(box.editor, "cuifu")
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    commit(box.editor, "催付")
    with qtbot.waitSignal(box.memo_saved):
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert [m.text for m in memos.list()] == ["明天催付"]
    assert not box.isVisible()


def test_a_composition_cancelled_by_the_input_method_frees_enter(qtbot, box, memos) -> None:
    commit(box.editor, "记一笔")
    compose(box.editor, "cui")
    compose(box.editor, "")  # the input method dropped its preedit (the agent deleted the pinyin)
    with qtbot.waitSignal(box.memo_saved):
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert [m.text for m in memos.list()] == ["记一笔"]


def test_reopening_forgets_a_composition_left_behind(qtbot, box, memos) -> None:
    compose(box.editor, "cui")
    box.leave()
    box.editor.setPlainText("记一笔")
    box.open()
    with qtbot.waitSignal(box.memo_saved):
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)
