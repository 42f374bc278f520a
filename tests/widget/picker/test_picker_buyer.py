"""`@nick` in the picker makes a buyer current: {客户} fills with them, their card shows, their group ranks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from deskassist.core.models import PhraseDraft
from deskassist.services.customers import CustomerService
from deskassist.services.phrases import PhraseService
from deskassist.ui.library.models import PhraseRole
from deskassist.ui.notes.buyer_card import BuyerCardWidget
from deskassist.ui.notes.feature import CurrentBuyer
from deskassist.ui.picker.popup import PickerPopup


@pytest.fixture
def phrases(empty_session) -> PhraseService:
    service = PhraseService(empty_session)
    common = service.add(PhraseDraft(category="问候", title="普通问候", body="您好 {客户}，欢迎光临", code="ptwh"))
    service.record_use(common.id)  # used more: first for an ordinary buyer
    service.add(PhraseDraft(category="问候", title="贵宾问候", body="尊敬的 {客户}，感谢您一直以来的支持",
                            code="gbwh", groups=("vip",)))
    return service


@pytest.fixture
def buyer(empty_session) -> CurrentBuyer:
    customers = CustomerService(empty_session)
    customers.add("lily_2026", platform="taobao", group="vip", tags=["尺码偏大"], note="喜欢白色")
    return CurrentBuyer(customers)


@pytest.fixture
def picker(qtbot, phrases, buyer) -> PickerPopup:
    popup = PickerPopup(phrases, groups=lambda: buyer.groups)
    card = BuyerCardWidget(closable=True)
    card.follow(buyer)
    popup.attach_buyer(buyer, card)
    qtbot.addWidget(popup)
    popup.popup(QPoint(100, 100))
    qtbot.waitExposed(popup)
    return popup


def titles(picker: PickerPopup) -> list[str]:
    return [picker.model.index(r, 0).data(PhraseRole.Title) for r in range(picker.model.rowCount())]


def type_and_settle(qtbot, picker: PickerPopup, text: str) -> None:
    qtbot.keyClicks(picker.search_field, text)
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())


def test_at_nick_then_enter_makes_the_buyer_current_without_pasting(qtbot, picker, buyer) -> None:
    assert picker.buyer_card.isHidden()
    type_and_settle(qtbot, picker, "@lil")
    assert "lily_2026" in picker.buyer_hint.text()
    with qtbot.assertNotEmitted(picker.phrase_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert buyer.nick == "lily_2026"
    assert picker.search_field.text() == ""
    assert picker.buyer_card.isVisible()
    shown = picker.buyer_card.shown_text()
    assert "lily_2026" in shown and "尺码偏大" in shown  # collapsed: one line, the note in its tool tip
    assert "喜欢白色" in picker.buyer_card.summary_label.toolTip()
    qtbot.keyClick(picker.search_field, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert "喜欢白色" in picker.buyer_card.shown_text()


def test_vip_phrases_rank_first_for_a_vip_buyer(qtbot, picker, buyer) -> None:
    type_and_settle(qtbot, picker, "wh")
    assert titles(picker)[:2] == ["普通问候", "贵宾问候"]
    picker.search_field.clear()
    type_and_settle(qtbot, picker, "@lily_2026 wh")
    assert buyer.nick == "lily_2026"
    assert picker.search_field.text() == "wh"
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())
    assert titles(picker)[0] == "贵宾问候"


def test_unknown_buyer_is_said_and_nothing_changes(qtbot, picker, buyer) -> None:
    type_and_settle(qtbot, picker, "@nobody ")
    assert buyer.nick == ""
    assert "nobody" in picker.buyer_hint.text()
    assert picker.buyer_card.isHidden()


def test_enter_on_a_lone_at_clears_the_current_buyer(qtbot, picker, buyer) -> None:
    buyer.set_nick("lily_2026")
    assert picker.buyer_card.isVisible()
    type_and_settle(qtbot, picker, "@")
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert buyer.nick == ""
    assert picker.buyer_card.isHidden()


@pytest.mark.parametrize("ending", ["，", "。", "、", "；", "\u3000", " "])
def test_a_chinese_mark_ends_the_nick_in_the_picker_as_in_memos(qtbot, picker, buyer, ending: str) -> None:
    picker.search_field.setText(f"@lily_2026{ending}wh")
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())
    assert buyer.nick == "lily_2026"
    assert picker.search_field.text() == "wh"


def test_at_unknown_then_enter_offers_to_add_the_buyer_and_never_pastes(qtbot, picker, buyer, empty_session) -> None:
    """Issue 12: `@unknown` then Enter silently pasted the top phrase."""
    type_and_settle(qtbot, picker, "@newbuyer ptwh")
    assert "Enter adds them as a new customer" in picker.buyer_hint.text()
    with qtbot.assertNotEmitted(picker.phrase_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert picker.buyer_hint.text() == "No customer @newbuyer. Press Enter again to add them as a new customer."
    assert CustomerService(empty_session).find("newbuyer") is None
    with qtbot.assertNotEmitted(picker.phrase_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert buyer.nick == "newbuyer" and CustomerService(empty_session).find("newbuyer") is not None
    qtbot.waitUntil(lambda: picker.search_field.text() == "ptwh")  # the rest of the line is the search
    with qtbot.waitSignal(picker.phrase_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)  # now Enter pastes as usual


def test_the_buyer_card_is_one_line_above_a_full_width_list(qtbot, picker, buyer) -> None:
    list_width = picker.results.width()
    type_and_settle(qtbot, picker, "@lily_2026 ")
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())
    card = picker.buyer_card
    assert card.isVisible() and card.collapsed
    assert picker.results.width() == list_width  # no longer 40 % of the width beside the list
    assert card.height() <= card.fontMetrics().height() * 3
    assert card.geometry().bottom() < picker.results.geometry().top()
    card.details_button.click()
    assert not card.collapsed and card.note_label.isVisible()


def test_tab_keeps_the_focus_in_the_search_so_space_never_clears_the_buyer(qtbot, picker, buyer) -> None:
    type_and_settle(qtbot, picker, "@lily_2026 ")
    assert buyer.nick == "lily_2026"
    for _ in range(3):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Tab)
        assert picker.search_field.hasFocus()
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Backtab)
    assert picker.search_field.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert buyer.nick == "lily_2026"


def test_the_list_shows_whole_rows_only(qtbot, picker, buyer) -> None:
    type_and_settle(qtbot, picker, "@lily_2026 ")
    row = picker.results.sizeHintForRow(0)
    assert row > 0
    assert picker.results.viewport().height() % row == 0
    assert picker.results.viewport().height() // row >= 6


def test_at_nick_finds_a_buyer_by_the_middle_of_the_nick_and_its_pinyin(qtbot, picker, buyer) -> None:
    buyer._customers.add("tb_小王2024", platform="taobao")
    for query in ("@小王", "@xw", "@xiaowang"):
        picker.search_field.setText(query)  # what an input method commits
        qtbot.waitUntil(lambda: not picker._search_timer.isActive())
        assert "tb_小王2024" in picker.buyer_hint.text(), query
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert buyer.nick == "tb_小王2024"
