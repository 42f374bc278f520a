"""The hotkey capture field records what is pressed and refuses what an input method owns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from deskassist.ui.settings.hotkey_edit import HotkeyCaptureEdit

# The offscreen platform says this whenever a window is shown; it is not a fault of ours.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def show(qtbot):
    """Put a field in a shown window next to a plain line edit (so focus can move); keeps it alive."""
    windows: list[QWidget] = []

    def _show(edit: HotkeyCaptureEdit) -> QWidget:
        window = QWidget()
        layout = QVBoxLayout(window)
        layout.addWidget(edit)
        layout.addWidget(QLineEdit(window))
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        edit.setFocus()
        return window

    return _show


def test_pressing_a_combination_records_it(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+Space")
    show(edit)
    with qtbot.waitSignal(edit.hotkey_changed) as changed:
        QTest.keyClick(edit, Qt.Key.Key_K, CTRL_ALT)
    assert changed.args == ["Ctrl+Alt+K"]
    assert edit.hotkey() == "Ctrl+Alt+K"
    assert edit.text() == "Ctrl+Alt+K"


def test_letters_typed_alone_are_refused_and_old_value_kept(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+P")
    show(edit)
    with qtbot.waitSignal(edit.refused) as refused:
        QTest.keyClick(edit, Qt.Key.Key_A)
    assert "needs Ctrl, Alt or Win" in refused.args[0]
    assert edit.text() == "Ctrl+Alt+P"
    assert edit.hotkey() == "Ctrl+Alt+P"


def test_ctrl_space_is_refused_for_the_input_method(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+Space")
    show(edit)
    with qtbot.waitSignal(edit.refused) as refused:
        QTest.keyClick(edit, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert "input method" in refused.args[0]
    assert edit.hotkey() == "Ctrl+Alt+Space"


def test_conflict_check_refuses_with_its_message(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+M",
                             conflict_check=lambda text: "taken by the picker" if text == "Ctrl+Alt+Space" else None)
    show(edit)
    with qtbot.waitSignal(edit.refused) as refused:
        QTest.keyClick(edit, Qt.Key.Key_Space, CTRL_ALT)
    assert refused.args == ["taken by the picker"]
    assert edit.hotkey() == "Ctrl+Alt+M"


def test_backspace_clears_and_tab_moves_focus(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+M")
    window = show(edit)
    qtbot.waitUntil(edit.hasFocus)
    with qtbot.waitSignal(edit.hotkey_changed) as changed:
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
    assert changed.args == [""]
    assert edit.text() == ""
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    other = window.findChildren(QLineEdit)[-1]
    qtbot.waitUntil(other.hasFocus)


def test_modifiers_alone_are_recorded_when_allowed(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt", validator=lambda text: text, allow_modifiers_only=True)
    show(edit)
    with qtbot.waitSignal(edit.hotkey_changed) as changed:
        QTest.keyPress(edit, Qt.Key.Key_Control)
        QTest.keyPress(edit, Qt.Key.Key_Shift, Qt.KeyboardModifier.ControlModifier)
        QTest.keyRelease(edit, Qt.Key.Key_Shift, Qt.KeyboardModifier.ControlModifier
                         | Qt.KeyboardModifier.ShiftModifier)
        QTest.keyRelease(edit, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["Ctrl+Shift"]


def test_window_shortcuts_do_not_steal_the_combination(qtbot, show) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    edit = HotkeyCaptureEdit("")
    window = show(edit)
    fired = []
    action = QAction(window)
    action.setShortcut(QKeySequence("Ctrl+S"))
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    QTest.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert edit.hotkey() == "Ctrl+S"
    assert fired == []


def test_focus_tells_when_capturing_starts_and_ends(qtbot, show) -> None:
    edit = HotkeyCaptureEdit("Ctrl+Alt+M")
    states: list[bool] = []
    edit.capturing_changed.connect(states.append)
    window = show(edit)
    qtbot.waitUntil(lambda: states == [True])
    window.findChildren(QLineEdit)[-1].setFocus()
    qtbot.waitUntil(lambda: states == [True, False])
