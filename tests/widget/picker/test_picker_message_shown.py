"""The buyer's message above the suggestions, as selected in a chat window: a whole conversation or a message
with control characters and bidi overrides must not push the list out of sight or show reversed text and
boxes; what is learned on a pick stays the message as it was read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from deskassist.services.phrases import PhraseService
from deskassist.services.suggest import SuggestService
from deskassist.ui.picker.popup import PickerPopup

UNSAFE = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.fixture
def phrases(session) -> PhraseService:
    return PhraseService(session)


@pytest.fixture
def picker(qtbot, phrases) -> PickerPopup:
    popup = PickerPopup(phrases)
    qtbot.addWidget(popup)
    return popup


def test_control_characters_and_bidi_overrides_are_not_shown(qtbot, session, phrases, picker) -> None:
    message = "\u202e\x00\x07 包邮吗\u202c\n在吗"
    suggested = [p for p, _s in SuggestService(session, phrases).suggest(message, limit=5)]
    picker.popup_suggestions(message, suggested, QPoint(100, 100))
    qtbot.waitExposed(picker)
    shown = picker.message_label.text()
    assert "包邮吗 在吗" in shown
    assert not [c for c in shown if c in UNSAFE]
    with qtbot.waitSignal(picker.suggestion_chosen) as blocker:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert blocker.args == [message, suggested[0].id]


def test_a_long_selection_keeps_the_list_in_sight(qtbot, session, phrases, picker) -> None:
    message = "包邮吗" * 166 + "包邮"  # 500 characters, as the suggest hotkey passes at most
    suggested = [p for p, _s in SuggestService(session, phrases).suggest(message, limit=9)]
    picker.popup_suggestions(message, suggested, QPoint(100, 100))
    qtbot.waitExposed(picker)
    lines = picker.message_label.height() / picker.message_label.fontMetrics().lineSpacing()
    assert lines < 3.5
    assert picker.message_label.text().endswith("…")
    assert picker.message_label.toolTip().endswith("包邮")  # the whole message on hover
