"""The collapsed buyer card (one line above the picker's phrases) starts with a small ▸, then the nick: the
toggle was a push button as wide as 「清除」, leaving an empty gap before the buyer's name at 1366×768."""

from __future__ import annotations

from deskassist.services.customers import CustomerService
from deskassist.ui.notes.buyer_card import BuyerCardWidget


def test_collapsed_card_puts_the_nick_right_after_a_small_toggle(qtbot, session) -> None:
    customers = CustomerService(session)
    customers.add("tb_小王2024", group="vip", tags=["尺码偏大"])
    card = BuyerCardWidget(closable=True)
    qtbot.addWidget(card)
    card.make_collapsible()
    card.set_card(customers.card("tb_小王2024"))
    card.resize(540, 60)
    card.show()
    qtbot.waitExposed(card)
    toggle = card.details_button
    arrow = toggle.fontMetrics().horizontalAdvance("▸")
    assert toggle.isVisible() and toggle.text() == "▸"
    assert toggle.width() <= arrow + 24
    assert card.nick_label.geometry().left() - toggle.geometry().right() <= 12
    assert toggle.toolTip()  # says what it does (Ctrl+B)
