"""The current buyer's card: group, tags, note, masked phone, open follow-ups and after-sales cases.

A plain widget fed with a CustomerCard, so the picker, the side panel and the customer window embed the same
thing. The phone stays masked until the agent presses "Show" (customer data is confidential).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.models import CustomerCard
from deskassist.core.ports import CurrentBuyer
from deskassist.i18n import _
from deskassist.services.aftersales import kind_label, status_label
from deskassist.services.customers import group_label, platform_label

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.customers import CustomerService


def attach_buyer_completer(field: QLineEdit, customers: CustomerService) -> QCompleter:
    """Suggest nicknames (prefix, pinyin initials) while the agent types into a buyer field."""
    model = QStringListModel(field)
    completer = QCompleter(model, field)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    field.setCompleter(completer)

    def suggest(text: str) -> None:
        model.setStringList([c.nick for c in customers.lookup(text, limit=10)] if text.strip() else [])

    field.textEdited.connect(suggest)
    return completer


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class BuyerCardWidget(QFrame):
    """Shows one CustomerCard (or a hint when no buyer is current). `cleared` asks to drop the buyer."""

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None, closable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("buyerCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._card: CustomerCard | None = None
        self._revealed = False
        self.nick_label = QLabel()
        self.nick_label.setTextFormat(Qt.TextFormat.PlainText)
        self.nick_label.setStyleSheet("font-weight: bold; font-size: 14px")
        self.nick_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tags_label = QLabel()
        self.tags_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tags_label.setWordWrap(True)
        self.phone_label = QLabel()
        self.phone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reveal_button = QPushButton(_("Show"))
        self.reveal_button.setToolTip(_("Show the full phone number"))
        self.reveal_button.clicked.connect(self.toggle_phone)
        self.note_label = QLabel()
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setWordWrap(True)
        self.open_label = QLabel()
        self.open_label.setTextFormat(Qt.TextFormat.RichText)
        self.open_label.setWordWrap(True)
        self.close_button = QPushButton(_("Clear"))
        self.close_button.setToolTip(_("No current buyer"))
        self.close_button.clicked.connect(self.cleared.emit)
        self._closable = closable
        self._collapsible = False
        self.collapsed = False
        self.summary_label = QLabel()  # the one line a collapsed card shows beside the nick
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.hide()
        self.details_button = QToolButton()  # as small as its ▸: a push button is as wide as 「清除」
        self.details_button.setAutoRaise(True)
        self.details_button.clicked.connect(self.toggle_details)
        self.details_button.hide()

        head = QHBoxLayout()
        head.addWidget(self.details_button)
        head.addWidget(self.nick_label)
        head.addWidget(self.summary_label, 1)
        head.addWidget(self.close_button)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone_label, 1)
        phone_row.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(head)
        layout.addWidget(self.meta_label)
        layout.addWidget(self.tags_label)
        layout.addLayout(phone_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.open_label)
        layout.addStretch(1)
        self.set_card(None)

    def make_collapsible(self) -> None:
        """One line (nick, group, tags) until the agent expands it: the picker's phrases keep the width."""
        self._collapsible = True
        self.collapsed = True
        for button in (self.details_button, self.close_button, self.reveal_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays in the picker's search field
        self.set_card(self._card)

    def toggle_details(self) -> None:
        """Expand or collapse the card (its ▸/▾ button; Ctrl+B in the picker)."""
        if self._collapsible:
            self.collapsed = not self.collapsed
            self.set_card(self._card)

    def follow(self, buyer: CurrentBuyer) -> None:
        """Show whatever buyer is current from now on; "Clear" drops the current buyer."""
        buyer.changed.connect(lambda: self.set_card(buyer.card))
        self.cleared.connect(buyer.clear)
        self.set_card(buyer.card)

    def card(self) -> CustomerCard | None:
        return self._card

    def set_card(self, card: CustomerCard | None) -> None:
        """Show a buyer (the phone masked again) or the empty hint."""
        self._card = card
        self._revealed = False
        if card is None:
            self.nick_label.setText(_("No current buyer"))
            self.meta_label.setText(_("Type @ and a nickname in the picker to pick one."))
            for widget in (self.tags_label, self.phone_label, self.reveal_button, self.note_label,
                           self.open_label, self.close_button):
                widget.hide()
            self.meta_label.show()
            self._apply_collapse()
            return
        customer = card.customer
        self.nick_label.setText(customer.nick)
        self.meta_label.setText(_("{group} · {platform}").format(
            group=group_label(customer.group), platform=platform_label(customer.platform)))
        self.meta_label.show()
        self.tags_label.setText(_("Tags: {tags}").format(tags=", ".join(customer.tags)) if customer.tags else "")
        self.tags_label.setVisible(bool(customer.tags))
        self.note_label.setText(_("Note: {note}").format(note=customer.note) if customer.note else "")
        self.note_label.setVisible(bool(customer.note))
        self.phone_label.setVisible(bool(customer.phone))
        self.reveal_button.setVisible(bool(customer.phone))
        self._show_phone()
        lines = []
        for followup in card.followups:
            lines.append(_("Follow-up {due}: {text}").format(due=followup.due[:16], text=_escape(followup.text)))
        for case in card.cases:
            lines.append(_("After-sales {kind} ({status}) {order}").format(
                kind=kind_label(case.kind), status=status_label(case.status),
                order=_escape(case.order_no)))
        self.open_label.setText("<br>".join(lines))
        self.open_label.setVisible(bool(lines))
        self.close_button.setVisible(self._closable)
        self._apply_collapse()

    def _apply_collapse(self) -> None:
        folded = self._collapsible and self.collapsed and self._card is not None
        self.details_button.setVisible(self._collapsible and self._card is not None)
        self.details_button.setText("▸" if folded else "▾")
        self.details_button.setToolTip(_("Show the buyer's details (Ctrl+B)") if folded
                                       else _("Hide the buyer's details (Ctrl+B)"))
        self.details_button.setAccessibleName(self.details_button.toolTip())
        self.summary_label.setVisible(folded)
        if not folded or self._card is None:
            return
        customer = self._card.customer
        parts = [group_label(customer.group), *customer.tags]
        line = " · ".join(part for part in parts if part)
        self.summary_label.setText(line)
        self.summary_label.setToolTip(self.shown_text_expanded())
        for widget in (self.meta_label, self.tags_label, self.phone_label, self.reveal_button, self.note_label,
                       self.open_label):
            widget.hide()

    def shown_text_expanded(self) -> str:
        """The details a collapsed card hides, for its tool tip."""
        if self._card is None:
            return ""
        customer = self._card.customer
        lines = [customer.nick, self.meta_label.text()]
        if customer.tags:
            lines.append(self.tags_label.text())
        if customer.note:
            lines.append(self.note_label.text())
        return "\n".join(lines)

    def toggle_phone(self) -> None:
        self._revealed = not self._revealed
        self._show_phone()

    def _show_phone(self) -> None:
        if self._card is None:
            return
        customer = self._card.customer
        phone = customer.phone if self._revealed else customer.masked_phone
        self.phone_label.setText(_("Phone: {phone}").format(phone=phone))
        self.reveal_button.setText(_("Hide") if self._revealed else _("Show"))

    def shown_text(self) -> str:
        """Everything the card shows as plain text, for tests and screen readers."""
        shown = (self.nick_label, self.summary_label, self.meta_label, self.tags_label, self.phone_label,
                 self.note_label, self.open_label)
        parts = [w.text() for w in shown if not w.isHidden() and w.text()]
        return "\n".join(parts)
