"""Follow-ups in one place until done: due ones first and marked, add, done (undo), delete (undo)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import FollowUp
from deskassist.i18n import N_, _
from deskassist.ui.notes.buyer_card import attach_buyer_completer
from deskassist.ui.widgets.dates import qdatetime
from deskassist.ui.widgets.forms import add_shortcuts, error_label, finish_form
from deskassist.ui.widgets.record_table import CellLook, RecordTable
from deskassist.ui.widgets.undo import ServiceCommand, undo_stack_with_actions

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.core.clock import Clock
    from deskassist.services.followups import FollowUpService

DUE_COLOR = "#b00020"


QUICK_TIMES = ("10分钟后", "半小时后", "1小时后", "明天上午10点")
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))


class FollowUpDialog(QDialog):
    """Text, when (as agents say it: 10分钟后, 明天下午3点, 周五; or picked on a calendar) and the buyer,
    pre-filled with the current one. The moment it understood is shown under the field while typing."""

    def __init__(self, followups: FollowUpService, buyer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.followups = followups
        self.created: FollowUp | None = None
        self.setWindowTitle(_("New follow-up"))
        self.text = QLineEdit()
        self.text.setMinimumWidth(320)  # room for the placeholders (the dialog was 200 px wide)
        self.text.setPlaceholderText(_("e.g. chase payment, ask about the size"))
        self.due = QLineEdit()
        self.due.setPlaceholderText(_("10分钟后, 明天下午3点, 周五, 15:00"))
        self.picker = QDateTimeEdit()
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.picker.setDateTime(qdatetime(followups.parse_due("1小时后").replace(second=0)))
        self.picker.setAccessibleName(_("Pick the date and time"))
        self.picker.dateTimeChanged.connect(self._picked)
        self.understood = QLabel("")
        self.understood.setObjectName("followupUnderstood")
        self.understood.setWordWrap(True)
        quick = QHBoxLayout()
        for words in QUICK_TIMES:
            button = QPushButton(words)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, w=words: self.due.setText(w))
            quick.addWidget(button)
        quick.addStretch(1)
        when_row = QHBoxLayout()
        when_row.addWidget(self.due, 1)
        when_row.addWidget(self.picker)
        self.buyer = QLineEdit(buyer)
        self.buyer.setPlaceholderText(_("Nickname (optional)"))
        attach_buyer_completer(self.buyer, followups.customers)
        self.message = error_label()
        form = QFormLayout()
        form.addRow(_("&What"), self.text)
        when_label = QLabel(_("&When"))
        when_label.setBuddy(self.due)  # the row is a layout: without a buddy Qt shows the "&" itself
        form.addRow(when_label, when_row)
        form.addRow("", quick)
        form.addRow("", self.understood)
        form.addRow(_("&Buyer"), self.buyer)
        layout = finish_form(self, form, self.message, self.save)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # grows to fit its messages
        self.due.textChanged.connect(self._typed)
        self.text.setFocus()

    def _typed(self, text: str) -> None:
        """Say what the typed time means (明天下午3点 -> 2026-11-29 15:00 星期日) and move the calendar there."""
        if not text.strip():
            self.understood.setText("")
            return
        try:
            moment = self.followups.parse_due(text)
        except UserError:
            self.understood.setText(_("Not understood yet"))
            return
        self.understood.setText("→ " + moment.strftime("%Y-%m-%d %H:%M ") + _(WEEKDAYS[moment.weekday()]))
        self.picker.blockSignals(True)
        self.picker.setDateTime(qdatetime(moment.replace(second=0)))
        self.picker.blockSignals(False)

    def _picked(self, value: QDateTime) -> None:
        self.due.setText(value.toString("yyyy-MM-dd HH:mm"))

    def save(self) -> None:
        try:
            self.created = self.followups.add(self.text.text(), self.due.text(),
                                              buyer=self.buyer.text().strip() or None)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class FollowUpsWindow(QWidget):
    """Open follow-ups, soonest first; the due ones are marked. Done and delete can be undone."""

    changed = Signal()

    def __init__(self, followups: FollowUpService, clock: Clock, parent: QWidget | None = None,
                 current_nick: Callable[[], str] | None = None) -> None:
        """current_nick: the buyer the agent talks to now; a new follow-up is for them unless changed."""
        super().__init__(parent, Qt.WindowType.Window)
        self.followups = followups
        self.clock = clock
        self._current_nick = current_nick or (lambda: "")
        self.setObjectName("followupsWindow")
        self.setWindowTitle(_("Follow-ups"))
        self.resize(640, 420)
        self.undo_stack, self.undo_action, self.redo_action = undo_stack_with_actions(self)
        self.table = RecordTable([_("Due"), _("What"), _("Buyer"), _("State")], stretch=1,
                                 key=lambda followup: followup.id, fit=(0, 3))
        self.table.record_activated.connect(lambda _i: self.mark_done())
        self.new_button = QPushButton(_("&New follow-up…"))
        self.done_button = QPushButton(_("Mark &done"))
        self.delete_button = QPushButton(_("De&lete"))
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.hide()
        self.undo_stack.canUndoChanged.connect(self.undo_button.setVisible)
        self.new_button.clicked.connect(lambda: self.new_followup())
        self.done_button.clicked.connect(self.mark_done)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.done_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.message, 1)
        bar.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(bar)
        add_shortcuts(self, [(_("New follow-up"), "Ctrl+N", self.new_followup),
                             (_("Mark done"), "Ctrl+D", self.mark_done),
                             (_("Delete follow-up"), "Delete", self.delete_selected),
                             (_("Close"), "Esc", self.close)])
        self.refresh()

    def refresh(self) -> None:
        now = stamp(self.clock.now())
        items = self.followups.open()

        def mark_due(followup: FollowUp, _column: int) -> CellLook | None:
            return CellLook(color=DUE_COLOR) if followup.due <= now else None

        self.table.set_records(items, lambda f: (f.due[:16], f.text, f.nick,
                                                 _("Due now") if f.due <= now else _("Later")), mark_due)
        due_count = sum(1 for f in items if f.due <= now)
        self.message.setText(_("{open} open, {due} due now").format(open=len(items), due=due_count)
                             if not self.undo_button.isVisible() else self.message.text())
        if items and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        for button in (self.done_button, self.delete_button):
            button.setEnabled(bool(items))

    def shown_followups(self) -> list[FollowUp]:
        return self.table.records()

    def selected(self) -> FollowUp | None:
        return self.table.selected_record()

    def new_followup(self, buyer: str = "") -> FollowUp | None:
        dialog = FollowUpDialog(self.followups, buyer or self._current_nick(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.undo_button.hide()
        self.refresh()
        self.changed.emit()
        return dialog.created

    def mark_done(self) -> None:
        followup = self.selected()
        if followup is None:
            return

        def done() -> None:
            self.followups.done(followup.id)
            self._changed(_("Follow-up done."))

        def reopen() -> None:
            self.followups.reopen(followup.id)
            self._changed(_("Follow-up open again."))

        self.undo_stack.push(ServiceCommand(_("Mark “{text}” done").format(text=followup.text), done, reopen,
                                            self.message.setText))

    def delete_selected(self) -> None:
        followup = self.selected()
        if followup is None:
            return
        current = [followup.id]  # putting it back gives it a new id; a redo deletes that one

        def delete() -> None:
            self.followups.delete(current[0])
            self._changed(_("Follow-up deleted."))

        def restore() -> None:
            current[0] = self.followups.add(followup.text, followup.due, buyer=followup.nick or None,
                                            agent=followup.agent).id
            self._changed(_("Follow-up restored."))

        self.undo_stack.push(ServiceCommand(_("Delete follow-up “{text}”").format(text=followup.text), delete,
                                            restore, self.message.setText))

    def undo(self) -> None:
        self.undo_stack.undo()

    def _changed(self, text: str) -> None:
        self.refresh()
        self.message.setText(text)
        self.changed.emit()
