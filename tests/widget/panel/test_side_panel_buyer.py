"""One click on a buyer in the side panel makes them current; the app then renders {客户} with them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from deskassist.services.customers import CustomerService
from deskassist.services.phrases import PhraseService
from deskassist.ui.notes.feature import CurrentBuyer
from deskassist.ui.panel.side_panel import SidePanel


@pytest.fixture
def buyer(session, clock) -> CurrentBuyer:
    customers = CustomerService(session)
    customers.add("old_buyer", group="buyer")
    clock.advance(minutes=5)
    customers.add("new_vip", group="vip")
    return CurrentBuyer(customers)


@pytest.fixture
def panel(qtbot, session, buyer) -> SidePanel:
    widget = SidePanel(PhraseService(session), session.settings, state_dir=session.data_dir)
    widget.attach_buyer(buyer)
    qtbot.addWidget(widget)
    widget.present()
    qtbot.waitExposed(widget)
    return widget


def shown_buyers(panel: SidePanel) -> list[str]:
    return [panel.buyers.item(i).text() for i in range(panel.buyers.count())]


def click_buyer(qtbot, panel: SidePanel, nick: str) -> None:
    item = panel.buyers.findItems(nick, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(panel.buyers.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.buyers.visualItemRect(item).center())


def test_recently_changed_buyers_are_offered_newest_first(panel) -> None:
    assert shown_buyers(panel) == ["new_vip", "old_buyer"]
    assert panel.buyer_label.text() == "No current buyer: click one below"
    assert panel.buyers.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_click_makes_the_buyer_current_and_a_second_click_clears(qtbot, panel, buyer) -> None:
    click_buyer(qtbot, panel, "old_buyer")
    assert buyer.nick == "old_buyer" and buyer.groups == ("buyer",)
    assert panel.buyer_label.text() == "Current buyer: old_buyer"
    assert shown_buyers(panel)[0] == "old_buyer"  # the one chosen this session comes first
    click_buyer(qtbot, panel, "old_buyer")
    assert buyer.nick == ""


def test_a_panel_click_pastes_with_the_buyer_chosen_in_the_panel(qtbot, session, make_desk) -> None:
    CustomerService(session).add("lily_2026", group="vip")
    CustomerService(session).update("lily_2026", salutation="Lily姐")  # {客户} is the form of address
    desk = make_desk(load_features=True)
    desk.panel.present()
    qtbot.waitExposed(desk.panel)
    click_buyer(qtbot, desk.panel, "lily_2026")
    row = next(r for r in range(desk.panel.model.rowCount()) if "{客户}" in desk.panel.model.phrase_at(r).body)
    qtbot.mouseClick(desk.panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=desk.panel.list.visualRect(desk.panel.model.index(row, 0)).center())
    desktop = desk.backends.keys
    qtbot.waitUntil(lambda: any(key == "Ctrl+V" for key, _text in desktop.keys), timeout=5000)
    pasted = next(text for key, text in desktop.keys if key == "Ctrl+V")
    assert "Lily姐" in pasted and "{客户}" not in pasted


def test_the_current_buyer_s_tags_and_note_show_under_the_header(qtbot, panel, buyer) -> None:
    """Issue 12: the buyer header sat over an empty box."""
    buyer._customers.update("old_buyer", tags=["尺码偏大"], note="喜欢白色")
    buyer.set_nick("old_buyer")
    assert panel.buyer_details.isVisible()
    assert "尺码偏大" in panel.buyer_details.text() and "喜欢白色" in panel.buyer_details.text()
    buyer.clear()
    assert not panel.buyer_details.isVisible()


def test_no_empty_box_when_there_are_no_recent_buyers(qtbot, session) -> None:
    widget = SidePanel(PhraseService(session), session.settings, state_dir=session.data_dir)
    widget.attach_buyer(CurrentBuyer(CustomerService(session)))
    qtbot.addWidget(widget)
    widget.present()
    assert widget.buyers.isHidden()
