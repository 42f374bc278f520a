"""Shift handover windows: write the note, acknowledge the last shift's note, browse the history and export.

Open items of earlier notes carry over until someone ticks them done; the acknowledgement dialog cannot be
dismissed without acknowledging, and records who and when. A note exports as team-chat text (copied, or
pasted through the app's paste engine), Markdown or CSV.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.core.models import HandoverItem, HandoverNote
from deskassist.i18n import _
from deskassist.services.handover import HANDOVER_KINDS, ItemDraft, kind_label
from deskassist.ui.notes.buyer_card import attach_buyer_completer
from deskassist.ui.widgets import file_dialogs
from deskassist.ui.widgets.dates import pydate, qdate
from deskassist.ui.widgets.forms import add_shortcuts, error_label, save_cancel_buttons
from deskassist.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.customers import CustomerService
    from deskassist.services.handover import HandoverService



def clock_time(moment: datetime) -> str:
    """HH:MM, with a shift ending at midnight shown as 24:00 (as the shift settings write it)."""
    return "24:00" if (moment.hour, moment.minute) == (0, 0) else moment.strftime("%H:%M")


def item_text(item: HandoverItem) -> str:
    """One line per item as the windows show it: [kind] text @buyer (carried over)."""
    buyer = f" @{item.nick}" if item.nick and f"@{item.nick}" not in item.text else ""
    carried = _(" (from an earlier shift)") if item.carried else ""
    return f"[{kind_label(item.kind)}] {item.text}{buyer}{carried}"


def _checkable_items(items: list[HandoverItem], widget: QListWidget) -> None:
    widget.clear()
    for item in items:
        row = QListWidgetItem(item_text(item))
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        row.setCheckState(Qt.CheckState.Checked if item.done else Qt.CheckState.Unchecked)
        row.setData(Qt.ItemDataRole.UserRole, item.id)
        widget.addItem(row)


class ItemRow(QWidget):
    """One new item: kind, text, optional buyer, a button to drop the row."""

    removed = Signal(object)

    def __init__(self, customers: CustomerService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Item kind"))
        for key in HANDOVER_KINDS:
            self.kind.addItem(kind_label(key), key)
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("What the next shift must know or do"))
        self.buyer = QLineEdit()
        self.buyer.setPlaceholderText(_("Nickname (optional)"))
        self.buyer.setMaximumWidth(160)
        if customers is not None:
            attach_buyer_completer(self.buyer, customers)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(_("Remove this item"))
        self.remove.setAccessibleName(_("Remove this item"))
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buyer)
        layout.addWidget(self.remove)

    def draft(self) -> ItemDraft | None:
        text = self.text.text().strip()
        if not text:
            return None
        return ItemDraft(self.kind.currentData(), text, self.buyer.text().strip() or None)


class HandoverWriteDialog(QDialog):
    """The handover note for the shift that is ending: carried-over items to tick off, a summary, new items."""

    def __init__(self, handover: HandoverService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handover = handover
        self.written: HandoverNote | None = None
        self.setObjectName("handoverWriteDialog")
        self.setWindowTitle(_("Handover note"))
        self.resize(640, 520)
        span = handover.shift_for()  # the same rule as the note's own shift: the two never disagree
        if span is not None and span.end <= handover.session.clock.now():
            heading = _("Handover for {shift} {date}, ended at {end}").format(
                shift=span.name, date=span.date.isoformat(), end=clock_time(span.end))
        elif span is not None:
            heading = _("Handover for {shift} {date}, ends at {end}").format(
                shift=span.name, date=span.date.isoformat(), end=clock_time(span.end))
        else:
            heading = _("Handover note (outside the configured shifts)")
        self.heading = QLabel(heading)
        self.heading.setStyleSheet("font-weight: bold")
        self.carried = QListWidget()
        self.carried.setAccessibleName(_("Open items from earlier shifts"))
        _checkable_items(handover.open_items(), self.carried)
        carried_box = QGroupBox(_("Open items from earlier shifts (tick the ones that are done)"))
        carried_layout = QVBoxLayout(carried_box)
        self.carried.setMaximumHeight(140)
        carried_layout.addWidget(self.carried)
        carried_box.setVisible(self.carried.count() > 0)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(_("Summary: how the shift went, news from the morning meeting …"))
        self.summary.setAccessibleName(_("Summary"))
        self.rows: list[ItemRow] = []
        self.rows_layout = QVBoxLayout()
        self.add_button = QPushButton(_("&Add item"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.message = error_label()
        buttons = save_cancel_buttons(self, self.save, _("Save note"))
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        items_box = QGroupBox(_("Items for the next shift"))
        items_layout = QVBoxLayout(items_box)
        items_layout.addLayout(self.rows_layout)
        items_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(carried_box)
        layout.addWidget(QLabel(_("Summary")))
        layout.addWidget(self.summary, 1)
        layout.addWidget(items_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.add_row()

    def add_row(self) -> ItemRow:
        row = ItemRow(self.handover.customers)
        row.removed.connect(self._remove_row)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        row.text.setFocus()
        return row

    def _remove_row(self, row: ItemRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()

    def ticked_done(self) -> list[int]:
        return [self.carried.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.carried.count())
                if self.carried.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        """Write the note; nothing is written when the service refuses it (the message says why)."""
        drafts = [d for d in (row.draft() for row in self.rows) if d is not None]
        try:
            self.written = self.handover.write(self.summary.toPlainText(), drafts)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        for item_id in self.ticked_done():
            self.handover.set_item_done(item_id)
        self.accept()


class HandoverAckDialog(QDialog):
    """The previous shift's note, opened by the agent from the tray's reminder; 稍后提醒 or closing puts it off
    (the reminder comes back), acknowledging records who and when."""

    acknowledged = Signal(object)  # HandoverNote
    later_requested = Signal()

    def __init__(self, handover: HandoverService, note: HandoverNote, agents: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handover = handover
        self.note = note
        self.setObjectName("handoverAckDialog")
        self.setWindowTitle(_("Handover from {shift} — please read").format(shift=note.shift or "-"))
        self.resize(560, 460)
        self.heading = QLabel(_("{author} handed over the {shift} shift of {date} at {time}.").format(
            author=note.author or _("(no agent)"), shift=note.shift or "-", date=note.shift_date,
            time=note.created[11:16]))
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold")
        self.summary = QPlainTextEdit(note.summary)
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName(_("Summary"))
        self.items = QListWidget()
        self.items.setAccessibleName(_("Items"))
        _checkable_items(note.items, self.items)
        self.agent = QComboBox()
        self.agent.setEditable(True)
        self.agent.setAccessibleName(_("Acknowledged by"))
        names = list(dict.fromkeys([handover.session.agent, *(agents or [])]))
        self.agent.addItems([n for n in names if n])
        self.agent.setCurrentText(handover.session.agent)
        self.message = error_label()
        self.ack_button = QPushButton(_("I have read it — &acknowledge"))
        self.ack_button.clicked.connect(self.acknowledge)
        self.later_button = QPushButton(_("Remind me &later"))
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Acknowledged &by"), self.agent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(_("Summary")))
        layout.addWidget(self.summary, 1)
        layout.addWidget(QLabel(_("Items (tick the ones you have done)")))
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.ack_button)
        layout.addLayout(buttons)
        self.ack_button.setDefault(True)

    def reject(self) -> None:
        """稍后提醒, Esc and the close button: not acknowledged; the tray reminds again later."""
        self.later_requested.emit()
        super().reject()

    def acknowledge(self) -> None:
        who = self.agent.currentText().strip()
        if not who:
            self.message.setText(_("Please say who is acknowledging (your agent name)."))
            self.agent.setFocus()
            return
        try:
            for row in range(self.items.count()):
                entry = self.items.item(row)
                done = entry.checkState() == Qt.CheckState.Checked
                item_id = entry.data(Qt.ItemDataRole.UserRole)
                if done != next(i.done for i in self.note.items if i.id == item_id):
                    self.handover.set_item_done(item_id, done, agent=who)
            self.note = self.handover.ack(self.note.id, agent=who)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.acknowledged.emit(self.note)
        self.accept()


def _note_cells(note: HandoverNote) -> tuple[str, ...]:
    acks = ", ".join(f"{a.agent or '-'} {a.at[5:16]}" for a in note.acks) or _("(not yet)")
    return (note.shift_date, note.shift, note.author, str(len(note.items)), str(len(note.open_items)), acks)


class HandoverHistoryWindow(QWidget):
    """Every note, newest first, filtered by dates, author and shift; the selected note with its items."""

    write_requested = Signal()

    def __init__(self, handover: HandoverService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.handover = handover
        self.setObjectName("handoverHistoryWindow")
        self.setWindowTitle(_("Handover history"))
        self.resize(820, 560)
        today = qdate(handover.session.clock.now().date())
        self.use_dates = QCheckBox(_("&From"))
        self.start = QDateEdit(today.addDays(-7))
        self.end = QDateEdit(today)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.use_dates.toggled.connect(lambda _c: self.refresh())
        self.author = QComboBox()
        self.author.setAccessibleName(_("Author"))
        self.shift = QComboBox()
        self.shift.setAccessibleName(_("Shift"))
        self.shift.addItem(_("All shifts"), None)
        for shift in handover.shifts():
            self.shift.addItem(shift.name, shift.name)
        self.author.currentIndexChanged.connect(lambda _i: self.refresh())
        self.shift.currentIndexChanged.connect(lambda _i: self.refresh())

        self.table = RecordTable([_("Date"), _("Shift"), _("Author"), _("Items"), _("Open"), _("Acknowledged by")],
                                 stretch=5, key=lambda note: note.id)
        self.table.selection_changed.connect(self._show_selected)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(_("Handover note"))
        self.items = QListWidget()
        self.items.setAccessibleName(_("Items"))
        self.items.itemChanged.connect(self._item_toggled)

        self.write_button = QPushButton(_("&Write handover…"))
        self.write_button.clicked.connect(self.write_requested.emit)
        self.copy_button = QPushButton(_("&Copy as text"))
        self.copy_button.clicked.connect(self.copy_text)
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.clicked.connect(lambda: self.export_to())
        self.ack_button = QPushButton(_("Ac&knowledge"))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.message = QLabel("")
        self.message.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.use_dates)
        filters.addWidget(self.start)
        filters.addWidget(QLabel(_("to")))
        filters.addWidget(self.end)
        filters.addWidget(self.author)
        filters.addWidget(self.shift)
        filters.addStretch(1)
        filters.addWidget(self.write_button)
        actions = QHBoxLayout()
        for button in (self.copy_button, self.export_button, self.ack_button):
            actions.addWidget(button)
        actions.addStretch(1)
        detail_row = QHBoxLayout()
        detail_row.addWidget(self.detail, 3)
        detail_row.addWidget(self.items, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 2)
        layout.addLayout(detail_row, 2)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        add_shortcuts(self, [(_("Close"), "Esc", self.close)])
        self.reload_authors()
        self.refresh()

    def reload_authors(self) -> None:
        keep = self.author.currentData()
        authors = sorted({n.author for n in self.handover.history(limit=1000) if n.author})
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem(_("All authors"), None)
        for name in authors:
            self.author.addItem(name, name)
        self.author.setCurrentIndex(max(0, self.author.findData(keep)))
        self.author.blockSignals(False)

    def refresh(self) -> None:
        dated = self.use_dates.isChecked()
        self.start.setEnabled(dated)
        self.end.setEnabled(dated)
        notes = self.handover.history(
            start=pydate(self.start.date()) if dated else None, end=pydate(self.end.date()) if dated else None,
            author=self.author.currentData(), shift=self.shift.currentData())
        self.table.set_records(notes, _note_cells)
        self._show_selected()

    def shown_notes(self) -> list[HandoverNote]:
        return self.table.records()

    def selected_note(self) -> HandoverNote | None:
        return self.table.selected_record()

    def select_note(self, note_id: int) -> bool:
        return self.table.select_key(note_id)

    def _show_selected(self) -> None:
        note = self.selected_note()
        for button in (self.copy_button, self.export_button, self.ack_button):
            button.setEnabled(note is not None)
        self.items.blockSignals(True)
        if note is None:
            self.detail.setPlainText(_("No handover notes match."))
            self.items.clear()
        else:
            self.detail.setPlainText(self.handover.export_text(note))
            _checkable_items(note.items, self.items)
        self.items.blockSignals(False)

    def _item_toggled(self, entry: QListWidgetItem) -> None:
        done = entry.checkState() == Qt.CheckState.Checked
        self.handover.set_item_done(entry.data(Qt.ItemDataRole.UserRole), done)
        self.message.setText(_("Item marked done.") if done else _("Item open again."))
        self.refresh()

    # -- export ----------------------------------------------------------------------------------------

    def copy_text(self) -> None:
        note = self.selected_note()
        if note is None:
            return
        QGuiApplication.clipboard().setText(self.handover.export_text(note))
        self.message.setText(_("Copied; paste it into the team chat."))

    def export_to(self, path: str | None = None) -> None:
        note = self.selected_note()
        if note is None:
            return
        if path is None:
            suggested = f"handover-{note.shift_date}-{note.id}.md"
            chosen = file_dialogs.save_file(self, _("Export handover note"), suggested,
                                            _("Markdown (*.md);;CSV (*.csv);;Text (*.txt)"))
            if chosen is None:
                return
            path = str(chosen[0])
        try:
            target = self.handover.export(note, path)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("Exported to {path}").format(path=target))

    def acknowledge_selected(self) -> None:
        note = self.selected_note()
        if note is None:
            return
        self.handover.ack(note.id)
        self.message.setText(_("Acknowledged."))
        self.refresh()
