"""The customer-notes half of the tray app, plugged in by `install(app)`.

The tray app calls install() once it is up (a guarded import, so the app runs without this feature). It adds
the tray menu entries (customers, memos, follow-ups, after-sales, handover, reports, switch agent), registers
the memo hotkey through the app's HotkeyBridge and starts timers for due follow-ups and the shift handover
reminder/acknowledgement. Time always comes from session.clock, so tests drive it with a fixed clock.

`CurrentBuyer` is the one piece of state the picker, the side panel and rendering ({客户}) share.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from deskassist import log
from deskassist.core.models import Customer, CustomerCard

_log = log.get("notes")


class CurrentBuyer(QObject):
    """The buyer the agent is talking to now. `changed` fires when it is set, refreshed or cleared."""

    changed = Signal()

    def __init__(self, customers, parent: QObject | None = None) -> None:  # noqa: ANN001 - CustomerService
        super().__init__(parent)
        self._customers = customers
        self._card: CustomerCard | None = None

    @property
    def customer(self) -> Customer | None:
        return self._card.customer if self._card else None

    @property
    def card(self) -> CustomerCard | None:
        return self._card

    @property
    def nick(self) -> str:
        """What {客户}/{buyer} renders: the nickname, or "" without a current buyer."""
        return self._card.customer.nick if self._card else ""

    @property
    def groups(self) -> tuple[str, ...]:
        """Group keys for ranking phrases marked for this buyer's group first."""
        return self._customers.group_keys(self.customer)

    def set_nick(self, query: str) -> Customer | None:
        """`@nick` (exact, else the best prefix/initials match) becomes current; None when nobody matches."""
        customer = self._customers.resolve(query)
        if customer is None:
            return None
        self.set_customer(customer)
        return customer

    def set_customer(self, customer: Customer) -> None:
        self._card = self._customers.card(customer)
        log.event(_log, "buyer_current", customer_id=customer.id)
        self.changed.emit()

    def refresh(self) -> None:
        """Reload the card (after a follow-up, case or group change); drops a buyer that was deleted."""
        if self._card is None:
            return
        customer = self._customers.by_id(self._card.customer.id)
        self._card = self._customers.card(customer) if customer else None
        self.changed.emit()

    def clear(self) -> None:
        if self._card is None:
            return
        self._card = None
        self.changed.emit()
