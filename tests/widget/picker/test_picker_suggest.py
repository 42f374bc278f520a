"""The picker showing a buyer's message with suggested phrases (the suggest hotkey's view)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from deskassist.services.phrases import PhraseService
from deskassist.services.suggest import SuggestService
from deskassist.ui.library.models import PhraseRole
from deskassist.ui.picker.popup import PickerPopup


@pytest.fixture
def phrases(session) -> PhraseService:
    return PhraseService(session)


@pytest.fixture
def picker(qtbot, phrases) -> PickerPopup:
    popup = PickerPopup(phrases)
    qtbot.addWidget(popup)
    return popup


def codes(picker: PickerPopup) -> list[str]:
    return [picker.model.index(r, 0).data(PhraseRole.Code) for r in range(picker.model.rowCount())]


def test_the_message_shows_above_its_suggestions_and_enter_takes_the_first(qtbot, session, phrases,
                                                                          picker) -> None:
    suggested = [p for p, _s in SuggestService(session, phrases).suggest("亲 包邮不", limit=5)]
    picker.popup_suggestions("亲 包邮不", suggested, QPoint(100, 100))
    qtbot.waitExposed(picker)
    assert picker.message_label.isVisible() and "亲 包邮不" in picker.message_label.text()
    assert codes(picker) == [p.code for p in suggested] and codes(picker)[0] == "by"
    emitted: list[tuple] = []
    picker.suggestion_chosen.connect(lambda message, pid: emitted.append(("learn", message, pid)))
    picker.phrase_chosen.connect(lambda pid, send: emitted.append(("paste", pid, send)))
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    # the paste first: learning is a database write the chat window's clipboard request must not wait for
    assert emitted == [("paste", suggested[0].id, False), ("learn", "亲 包邮不", suggested[0].id)]


def test_typing_filters_as_usual_and_clearing_brings_the_suggestions_back(qtbot, session, phrases,
                                                                          picker) -> None:
    suggested = [p for p, _s in SuggestService(session, phrases).suggest("几天到", limit=3)]
    picker.popup_suggestions("几天到", suggested, QPoint(100, 100))
    qtbot.keyClicks(picker.search_field, "tkdz")  # not a code of the suggestions: the full library is searched
    qtbot.waitUntil(lambda: codes(picker) != [p.code for p in suggested])
    assert picker.message_label.isVisible()
    picker.search_field.clear()
    qtbot.waitUntil(lambda: codes(picker) == [p.code for p in suggested])
    with qtbot.waitSignal(picker.suggestion_chosen) as blocker:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert blocker.args == ["几天到", suggested[1].id]


def test_the_plain_picker_shows_no_message_and_learns_nothing(qtbot, phrases, picker) -> None:
    picker.popup_suggestions("在吗", phrases.list()[:2], QPoint(100, 100))
    picker.hide()
    picker.popup(QPoint(100, 100))
    qtbot.waitExposed(picker)
    assert not picker.message_label.isVisible()
    qtbot.waitUntil(lambda: picker.model.rowCount() == min(50, len(phrases.list())))  # filled once on screen
    with qtbot.assertNotEmitted(picker.suggestion_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
