"""After-sales cases (售后登记): list by status, register a case, move its status, add a dated note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.core.models import AftersalesCase
from deskassist.i18n import _
from deskassist.services.aftersales import CASE_KINDS, CASE_STATUSES, kind_label, status_label
from deskassist.ui.notes.buyer_card import attach_buyer_completer
from deskassist.ui.widgets.forms import add_shortcuts, error_label, finish_form
from deskassist.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.aftersales import AftersalesService


class CaseDialog(QDialog):
    """Register a case: kind, order number, buyer, notes."""

    def __init__(self, cases: AftersalesService, buyer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases = cases
        self.created: AftersalesCase | None = None
        self.setWindowTitle(_("New after-sales case"))
        self.kind = QComboBox()
        for key in CASE_KINDS:
            self.kind.addItem(kind_label(key), key)
        self.order_no = QLineEdit()
        self.order_no.setPlaceholderText(_("Order number"))
        self.buyer = QLineEdit(buyer)
        self.buyer.setPlaceholderText(_("Nickname (optional)"))
        attach_buyer_completer(self.buyer, cases.customers)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        self.message = error_label()
        form = QFormLayout()
        form.addRow(_("&Kind"), self.kind)
        form.addRow(_("&Order"), self.order_no)
        form.addRow(_("&Buyer"), self.buyer)
        form.addRow(_("&Notes"), self.notes)
        finish_form(self, form, self.message, self.save)

    def save(self) -> None:
        try:
            self.created = self.cases.add(self.kind.currentData(), self.order_no.text(),
                                          buyer=self.buyer.text().strip() or None, notes=self.notes.toPlainText())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class AftersalesWindow(QWidget):
    """Cases newest first, filtered by status; the selected case's notes below with a field to add one."""

    changed = Signal()

    def __init__(self, cases: AftersalesService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.cases = cases
        self.setObjectName("aftersalesWindow")
        self.setWindowTitle(_("After-sales cases"))
        self.resize(760, 500)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Status"))
        self.status_filter.addItem(_("Not done"), "__open__")
        self.status_filter.addItem(_("All"), None)
        for key in CASE_STATUSES:
            self.status_filter.addItem(status_label(key), key)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = RecordTable([_("No."), _("Kind"), _("Order"), _("Buyer"), _("Status"), _("Updated")],
                                 stretch=2, key=lambda case: case.id, fit=(0, 5))
        self.table.selection_changed.connect(self._show_selected)
        self.notes_view = QPlainTextEdit()
        self.notes_view.setReadOnly(True)
        self.notes_view.setAccessibleName(_("Case notes"))
        self.note_input = QLineEdit()
        self.note_input.setPlaceholderText(_("Add a note to the case and press Enter"))
        self.note_input.returnPressed.connect(self.add_note)
        self.set_status = QComboBox()
        self.set_status.setAccessibleName(_("New status"))
        for key in CASE_STATUSES:
            self.set_status.addItem(status_label(key), key)
        self.status_button = QPushButton(_("Set &status"))
        self.status_button.clicked.connect(self.apply_status)
        self.new_button = QPushButton(_("&New case…"))
        self.new_button.clicked.connect(lambda: self.new_case())
        self.message = QLabel("")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show:")))
        top.addWidget(self.status_filter)
        top.addStretch(1)
        top.addWidget(self.new_button)
        status_row = QHBoxLayout()
        status_row.addWidget(self.set_status)
        status_row.addWidget(self.status_button)
        status_row.addWidget(self.note_input, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.notes_view, 1)
        layout.addLayout(status_row)
        layout.addWidget(self.message)
        add_shortcuts(self, [(_("New case"), "Ctrl+N", self.new_case), (_("Close"), "Esc", self.close)])
        self.refresh()

    def refresh(self) -> None:
        choice = self.status_filter.currentData()
        cases = self.cases.list(open_only=True) if choice == "__open__" else self.cases.list(status=choice)
        self.table.set_records(cases, lambda case: (case.id, kind_label(case.kind), case.order_no, case.nick,
                                                    status_label(case.status), case.updated[:16]))
        self._show_selected()

    def shown_cases(self) -> list[AftersalesCase]:
        return self.table.records()

    def selected(self) -> AftersalesCase | None:
        return self.table.selected_record()

    def select_case(self, case_id: int) -> bool:
        return self.table.select_key(case_id)

    def _show_selected(self) -> None:
        case = self.selected()
        for widget in (self.status_button, self.set_status, self.note_input):
            widget.setEnabled(case is not None)
        self.notes_view.setPlainText(case.notes if case else "")
        if case is not None:
            self.set_status.setCurrentIndex(max(0, self.set_status.findData(case.status)))

    def new_case(self, buyer: str = "") -> AftersalesCase | None:
        dialog = CaseDialog(self.cases, buyer, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
            return None
        self.message.setText(_("Case {id} registered.").format(id=dialog.created.id))
        self.refresh()
        self.select_case(dialog.created.id)
        self.changed.emit()
        return dialog.created

    def apply_status(self) -> None:
        case = self.selected()
        if case is None:
            return
        updated = self.cases.set_status(case.id, self.set_status.currentData())
        self.message.setText(_("Case {id} is now: {status}").format(id=case.id, status=status_label(updated.status)))
        self.refresh()
        self.changed.emit()

    def add_note(self) -> None:
        case = self.selected()
        if case is None:
            return
        try:
            self.cases.add_note(case.id, self.note_input.text())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.note_input.clear()
        self.message.setText(_("Note added to case {id}.").format(id=case.id))
        self.refresh()
