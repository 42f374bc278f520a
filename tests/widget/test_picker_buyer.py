"""`@nick` in the picker makes a buyer current: {客户} fills with them, their card shows, their group ranks first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

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
    assert "lily_2026" in shown and "尺码偏大" in shown and "喜欢白色" in shown


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
