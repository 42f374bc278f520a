"""The customer window: buyers by group and tag, their card, group changes with who/when, add/edit/delete.

Lookup uses the customer service (nickname prefix, pinyin initials, tag), so the window stays fast with a
hundred thousand buyers; the list shows at most LIST_LIMIT rows and says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.core.models import Customer
from deskassist.i18n import _, ngettext
from deskassist.services.customers import (
    LOST_REASONS,
    PLATFORMS,
    CustomerSnapshot,
    group_label,
    lost_reason_label,
    platform_label,
)
from deskassist.ui.notes.buyer_card import BuyerCardWidget
from deskassist.ui.widgets.forms import add_shortcuts, error_label, finish_form
from deskassist.ui.widgets.record_table import RecordTable
from deskassist.ui.widgets.undo import ServiceCommand, undo_stack_with_actions

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.customers import CustomerService

LIST_LIMIT = 500
_TAG_SPLIT = re.compile(r"[\s,，、;；]+")


def split_tags(text: str) -> list[str]:
    """'尺码偏大, 犹豫 #价格敏感' -> ['尺码偏大', '犹豫', '价格敏感']."""
    return [t.lstrip("#") for t in _TAG_SPLIT.split(text) if t.strip().lstrip("#")]


class CustomerDialog(QDialog):
    """Add a buyer or edit one (the nickname is fixed once saved; the group has its own control)."""

    def __init__(self, customers: CustomerService, customer: Customer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customers = customers
        self.customer = customer
        self.result_customer: Customer | None = None
        self.setWindowTitle(_("Edit customer") if customer else _("New customer"))
        self.nick = QLineEdit(customer.nick if customer else "")
        self.nick.setReadOnly(customer is not None)
        self.platform = QComboBox()
        for key in PLATFORMS:
            self.platform.addItem(platform_label(key), key)
        self.group = QComboBox()
        for group in customers.groups():
            self.group.addItem(group_label(group.key), group.key)
        self.group.setEnabled(customer is None)
        self.tags = QLineEdit(" ".join(customer.tags) if customer else "")
        self.tags.setPlaceholderText(_("Tags separated by spaces or commas"))
        self.note = QPlainTextEdit(customer.note if customer else "")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.phone = QLineEdit(customer.phone if customer else "")
        self.phone.setPlaceholderText(_("Optional; shown masked"))
        self.phone.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.lost_reason = QComboBox()
        self.lost_reason.addItem(_("(bought, or not known)"), "")
        for key in LOST_REASONS:
            self.lost_reason.addItem(lost_reason_label(key), key)
        self.lost_note = QLineEdit(customer.lost_note if customer else "")
        self.lost_note.setPlaceholderText(_("Why they did not buy, in their words"))
        if customer:
            self.platform.setCurrentIndex(max(0, self.platform.findData(customer.platform)))
            self.group.setCurrentIndex(max(0, self.group.findData(customer.group)))
            self.lost_reason.setCurrentIndex(max(0, self.lost_reason.findData(customer.lost_reason)))
        self.message = error_label()
        form = QFormLayout()
        form.addRow(_("&Nickname"), self.nick)
        form.addRow(_("&Platform"), self.platform)
        form.addRow(_("&Group"), self.group)
        form.addRow(_("&Tags"), self.tags)
        form.addRow(_("N&ote"), self.note)
        form.addRow(_("P&hone"), self.phone)
        form.addRow(_("Did not buy &because"), self.lost_reason)
        form.addRow(_("Reason in &words"), self.lost_note)
        finish_form(self, form, self.message, self.save)

    def save(self) -> None:
        """Write through the service; on a problem say so and keep the dialog open with everything typed."""
        try:
            if self.customer is None:
                self.result_customer = self.customers.add(
                    self.nick.text(), platform=self.platform.currentData(), group=self.group.currentData(),
                    tags=split_tags(self.tags.text()), note=self.note.toPlainText(), phone=self.phone.text(),
                    lost_reason=self.lost_reason.currentData(), lost_note=self.lost_note.text())
            else:
                self.result_customer = self.customers.update(
                    self.customer.nick, platform=self.platform.currentData(), note=self.note.toPlainText(),
                    phone=self.phone.text(), tags=split_tags(self.tags.text()),
                    lost_reason=self.lost_reason.currentData(), lost_note=self.lost_note.text())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class CustomersWindow(QWidget):
    """Search and groups on the left, the selected buyer's card and actions on the right."""

    current_requested = Signal(object)  # Customer: "make this the current buyer"
    followup_requested = Signal(str)  # nick
    case_requested = Signal(str)  # nick

    def __init__(self, customers: CustomerService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.customers = customers
        self.setObjectName("customersWindow")
        self.setWindowTitle(_("Customers"))
        self.resize(860, 540)
        self.undo_stack, self.undo_action, self.redo_action = undo_stack_with_actions(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Nickname, pinyin initials or #tag"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search customers"))
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName(_("Group"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.group_filter.currentIndexChanged.connect(lambda _i: self.refresh())

        self.table = RecordTable([_("Nickname"), _("Platform"), _("Group"), _("Tags")], stretch=3,
                                 key=lambda customer: customer.nick)
        self.table.selection_changed.connect(self._show_selected)
        self.table.record_activated.connect(lambda _i: self.make_current())
        self.count_label = QLabel("")

        self.card = BuyerCardWidget(closable=False)
        self.history_label = QLabel("")
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.move_group = QComboBox()
        self.move_group.setAccessibleName(_("Move to group"))
        self.move_button = QPushButton(_("&Move to group"))
        self.move_button.clicked.connect(self.move_selected)
        self.new_button = QPushButton(_("&New customer"))
        self.edit_button = QPushButton(_("&Edit"))
        self.current_button = QPushButton(_("Make &current"))
        self.current_button.setToolTip(_("Use this buyer for {buyer} in phrases and show their card in the picker"))
        self.followup_button = QPushButton(_("&Follow-up…"))
        self.case_button = QPushButton(_("&After-sales…"))
        self.delete_button = QPushButton(_("De&lete"))
        self.new_button.clicked.connect(self.new_customer)
        self.edit_button.clicked.connect(self.edit_selected)
        self.current_button.clicked.connect(self.make_current)
        self.followup_button.clicked.connect(lambda: self._emit_for_selected(self.followup_requested))
        self.case_button.clicked.connect(lambda: self._emit_for_selected(self.case_requested))
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        self.undo_stack.canUndoChanged.connect(self.undo_button.setVisible)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.group_filter)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.card, 1)
        right_layout.addWidget(QLabel(_("Group changes")))
        right_layout.addWidget(self.history_label)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_group, 1)
        move_row.addWidget(self.move_button)
        right_layout.addLayout(move_row)
        for row_buttons in ((self.current_button, self.edit_button, self.delete_button),
                            (self.followup_button, self.case_button)):
            row = QHBoxLayout()
            for button in row_buttons:
                row.addWidget(button)
            right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        add_shortcuts(self, [(_("Find"), "Ctrl+F", self._focus_search),
                             (_("New customer"), "Ctrl+N", self.new_customer),
                             (_("Close"), "Esc", self.close)])
        self.reload_groups()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()  # a search typed just before closing has nothing to show any more
        super().hideEvent(event)

    # -- list ------------------------------------------------------------------------------------------

    def reload_groups(self) -> None:
        keep = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(_("All groups"), None)
        self.move_group.clear()
        for group in self.customers.groups():
            text = _("{group} ({count})").format(group=group_label(group.key), count=group.members)
            self.group_filter.addItem(text, group.key)
            self.move_group.addItem(group_label(group.key), group.key)
        self.group_filter.setCurrentIndex(max(0, self.group_filter.findData(keep)))
        self.group_filter.blockSignals(False)

    def refresh(self) -> None:
        query = self.search.text().strip()
        group = self.group_filter.currentData()
        if query:
            found = self.customers.lookup(query, limit=LIST_LIMIT)
            if group:
                found = [c for c in found if c.group == group]
        else:
            found = self.customers.list(group=group, limit=LIST_LIMIT)
        self.table.set_records(found, lambda customer: (customer.nick, platform_label(customer.platform),
                                                        group_label(customer.group), " ".join(customer.tags)))
        if len(found) >= LIST_LIMIT:
            self.count_label.setText(_("Showing the first {count}; search to narrow down").format(count=len(found)))
        else:
            self.count_label.setText(ngettext("{count} customer", "{count} customers", len(found)).format(count=len(found)))
        self._show_selected()

    def shown_customers(self) -> list[Customer]:
        return self.table.records()

    def selected_customer(self) -> Customer | None:
        return self.table.selected_record()

    def select_nick(self, nick: str) -> bool:
        return self.table.select_key(nick)

    def _show_selected(self) -> None:
        customer = self.selected_customer()
        for button in (self.edit_button, self.current_button, self.followup_button, self.case_button,
                       self.delete_button, self.move_button, self.move_group):
            button.setEnabled(customer is not None)
        if customer is None:
            self.card.set_card(None)
            self.history_label.setText("")
            return
        card = self.customers.card(customer)
        self.card.set_card(card)
        self.move_group.setCurrentIndex(max(0, self.move_group.findData(customer.group)))
        lines = []
        for change in card.history:
            old = group_label(change.old_group) if change.old_group else _("(new)")
            lines.append(_("{at} {agent}: {old} → {new}").format(
                at=change.at[:16], agent=change.agent or _("(no agent)"), old=old, new=group_label(change.new_group)))
        self.history_label.setText("\n".join(lines))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _emit_for_selected(self, signal: SignalInstance) -> None:
        customer = self.selected_customer()
        if customer is not None:
            signal.emit(customer.nick)

    # -- actions ---------------------------------------------------------------------------------------

    def new_customer(self) -> Customer | None:
        dialog = CustomerDialog(self.customers, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_customer is None:
            return None
        self.message.setText(_("Customer added."))
        self.reload_groups()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh()
        self.select_nick(dialog.result_customer.nick)
        return dialog.result_customer

    def edit_selected(self) -> None:
        customer = self.selected_customer()
        if customer is None:
            return
        dialog = CustomerDialog(self.customers, customer, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.message.setText(_("Customer saved."))
            self.refresh()

    def move_selected(self) -> None:
        customer = self.selected_customer()
        group = self.move_group.currentData()
        if customer is None or not group or group == customer.group:
            return
        try:
            self.customers.set_group(customer.nick, group)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("Moved to {group}.").format(group=group_label(group)))
        self.reload_groups()
        self.refresh()

    def make_current(self) -> None:
        customer = self.selected_customer()
        if customer is not None:
            self.current_requested.emit(customer)
            self.message.setText(_("Current buyer set."))

    def delete_selected(self) -> None:
        customer = self.selected_customer()
        if customer is None or self.search.hasFocus():
            return
        nick = customer.nick
        kept: list[CustomerSnapshot] = []

        def delete() -> None:
            kept[:] = [self.customers.snapshot(nick)]  # history and links to follow-ups, cases, memos
            self.customers.delete(nick)
            self.message.setText(_("Customer deleted."))
            self._reload()

        def restore() -> None:
            self.customers.restore(kept[0])
            self.message.setText(_("Customer restored."))
            self._reload()
            self.select_nick(nick)

        self.undo_stack.push(ServiceCommand(_("Delete customer {nick}").format(nick=nick), delete, restore,
                                            self.message.setText))

    def undo_delete(self) -> None:
        self.undo_stack.undo()

    def _reload(self) -> None:
        self.reload_groups()
        self.refresh()
