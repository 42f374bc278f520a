"""The memo book window: the agent's memos, search (two-character Chinese words too), pin, edit, done, delete.

Deleting is undoable (the Undo button in the bar that appears, Ctrl+Z; Ctrl+Shift+Z redoes), as the memo service keeps deleted
memos until they are restored or the window forgets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.core.models import Memo
from deskassist.i18n import _, ngettext
from deskassist.ui.widgets.forms import add_shortcuts
from deskassist.ui.widgets.icons import pin_icon
from deskassist.ui.widgets.record_table import CellLook, RecordTable
from deskassist.ui.widgets.undo import ServiceCommand, undo_stack_with_actions

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.memos import MemoService

COLUMNS = ("pinned", "text", "buyer", "tags", "created", "done")
LIST_LIMIT = 500


def _memo_cells(memo: Memo) -> tuple[str, ...]:
    first_line = memo.text.splitlines()[0] if memo.text else ""
    return (_("Pinned") if memo.pinned else "", first_line, memo.nick, " ".join(f"#{t}" for t in memo.tags),
            memo.created[:16], _("Done") if memo.done else "")


def _dress_memo_cell(memo: Memo, column: int) -> CellLook:
    """The whole text as the memo column's tooltip; done memos struck through; pinned ones get the drawn pin."""
    if column == COLUMNS.index("pinned") and memo.pinned:
        return CellLook(icon=pin_icon(), icon_only=True, struck=memo.done)
    return CellLook(tooltip=memo.text if column == COLUMNS.index("text") else None, struck=memo.done)


def _is_save_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = event.key()
    if mods == Qt.KeyboardModifier.ControlModifier:
        return key in (Qt.Key.Key_S, Qt.Key.Key_Return, Qt.Key.Key_Enter)
    return mods == Qt.KeyboardModifier.AltModifier and key == Qt.Key.Key_S


class MemoWindow(QWidget):
    """List + search + an editor below; every change goes through the memo service."""

    def __init__(self, memos: MemoService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.memos = memos
        self.setObjectName("memoWindow")
        self.setWindowTitle(_("Memo book"))
        self.resize(720, 520)
        self._editing: int | None = None
        self.undo_stack, self.undo_action, self.redo_action = undo_stack_with_actions(self, self._editor_idle)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search memos (text, buyer or tag)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search memos"))
        self.show_done = QCheckBox(_("Show done"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.show_done.toggled.connect(lambda _c: self.refresh())

        self.table = RecordTable([_("Pinned"), _("Memo"), _("Buyer"), _("Tags"), _("Written"), _("Done")],
                                 stretch=COLUMNS.index("text"), key=lambda memo: memo.id,
                                 fit=[COLUMNS.index(name) for name in ("pinned", "created", "done")])
        self.table.selection_changed.connect(self._update_buttons)
        self.table.record_activated.connect(lambda _i: self.edit_selected())

        self.new_button = QPushButton(_("&New"))
        self.pin_button = QPushButton(_("&Pin"))
        self.done_button = QPushButton(_("Mark &done"))
        self.edit_button = QPushButton(_("&Edit"))
        self.delete_button = QPushButton(_("De&lete"))
        self.new_button.clicked.connect(self.new_memo)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.done_button.clicked.connect(self.toggle_done)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(_("Write a memo. @nick links a buyer, #tag tags it"))
        self.editor.setAccessibleName(_("Memo text"))
        self.editor.setFixedHeight(90)
        self.save_button = QPushButton(_("&Save"))

        self.cancel_button = QPushButton(_("Cancel"))
        self.save_button.clicked.connect(self.save_editor)
        self.editor.installEventFilter(self)
        self.cancel_button.clicked.connect(self.cancel_editor)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        self.undo_stack.canUndoChanged.connect(self.undo_button.setVisible)
        self.count_label = QLabel("")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_done)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.pin_button, self.done_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.save_button)
        edit_row.addWidget(self.cancel_button)
        edit_row.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.message, 1)
        bar.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        layout.addLayout(edit_row)
        layout.addLayout(bar)

        add_shortcuts(self, [
            (_("Find"), "Ctrl+F", self._focus_search),
            (_("Delete memo"), "Delete", self.delete_selected),
            (_("Pin or unpin"), "Ctrl+P", self.toggle_pin),
            (_("Mark done or open"), "Ctrl+D", self.toggle_done),
            (_("New memo"), "Ctrl+N", self.new_memo),
            (_("Close"), "Esc", self.close),
        ])
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self._search_timer.stop()  # a search typed just before closing has nothing to show any more
        super().hideEvent(event)

    # -- list ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        agent = self.memos.session.agent
        self.setWindowTitle(_("Memo book of {agent}").format(agent=agent) if agent else _("Memo book"))
        query = self.search.text().strip()
        keep = self.selected_memo()
        try:
            if query:
                memos = self.memos.search(query, include_done=self.show_done.isChecked(), limit=LIST_LIMIT)
            else:
                memos = self.memos.list(include_done=self.show_done.isChecked(), limit=LIST_LIMIT)
        except UserError as exc:
            self._say(str(exc))
            return
        self.table.set_records(memos, _memo_cells, _dress_memo_cell)
        self.table.resizeColumnToContents(0)
        if len(memos) >= LIST_LIMIT:
            self.count_label.setText(_("Showing the first {count}; search to narrow down").format(count=len(memos)))
        elif query:
            self.count_label.setText(_("{count} found").format(count=len(memos)))
        else:
            self.count_label.setText(ngettext("{count} memo", "{count} memos", len(memos)).format(count=len(memos)))
        if keep is not None:
            self.select_memo(keep.id)
        elif memos:
            self.table.selectRow(0)
        self._update_buttons()

    def shown_memos(self) -> list[Memo]:
        return self.table.records()

    def selected_memo(self) -> Memo | None:
        return self.table.selected_record()

    def select_memo(self, memo_id: int) -> bool:
        return self.table.select_where(lambda memo: memo.id == memo_id)

    def _update_buttons(self) -> None:
        memo = self.selected_memo()
        for button in (self.pin_button, self.done_button, self.edit_button, self.delete_button):
            button.setEnabled(memo is not None)
        self.pin_button.setText(_("Un&pin") if memo and memo.pinned else _("&Pin"))
        self.done_button.setText(_("Re&open") if memo and memo.done else _("Mark &done"))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # -- actions ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Save keys in the editor, taken before the shortcut system: Ctrl+S, Ctrl+Enter and Alt+S (the
        button's 保存(S)); a QPushButton shortcut would have replaced the mnemonic, so Alt+S typed an "s"."""
        if watched is self.editor and isinstance(event, QKeyEvent) and _is_save_key(event):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.save_editor()
                return True
        return super().eventFilter(watched, event)

    def new_memo(self) -> None:
        self._editing = None
        self.editor.clear()
        self.editor.setFocus()
        self._say(_("Write the new memo and press Save (Ctrl+S)."))

    def edit_selected(self) -> None:
        memo = self.selected_memo()
        if memo is None:
            return
        self._editing = memo.id
        self.editor.setPlainText(memo.text)
        self.editor.setFocus()
        self._say(_("Editing the selected memo; Save (Ctrl+S) keeps the change."))

    def cancel_editor(self) -> None:
        self._editing = None
        self.editor.clear()
        self._say("")
        self.table.setFocus()

    def save_editor(self) -> None:
        text = self.editor.toPlainText().strip()
        if not text:
            self._say(_("The memo is empty: write something first."))
            return
        try:
            if self._editing is None:
                memo = self.memos.add(text)
                self._say(_("Memo saved."))
            else:
                memo = self.memos.edit(self._editing, text)
                self._say(_("Memo changed."))
        except UserError as exc:
            self._say(str(exc))
            return
        self._editing = None
        self.editor.clear()
        self.refresh()
        self.select_memo(memo.id)
        self.table.setFocus()

    def toggle_pin(self) -> None:
        memo = self.selected_memo()
        if memo is None:
            return
        self.memos.pin(memo.id, not memo.pinned)
        self._say(_("Memo unpinned.") if memo.pinned else _("Memo pinned to the top."))
        self.refresh()
        self.select_memo(memo.id)

    def toggle_done(self) -> None:
        memo = self.selected_memo()
        if memo is None:
            return
        self.memos.done(memo.id, not memo.done)
        self._say(_("Memo open again.") if memo.done else _("Memo marked done."))
        self.refresh()

    def delete_selected(self) -> None:
        memo = self.selected_memo()
        if memo is None or self.editor.hasFocus() or self.search.hasFocus():
            return
        row = self.table.currentIndex().row()

        def delete() -> None:
            self.memos.delete(memo.id)
            self._say(_("Memo deleted."))
            self.refresh()
            if self.table.row_count():
                self.table.selectRow(min(row, self.table.row_count() - 1))

        def restore() -> None:
            restored = self.memos.restore(memo.id)
            self._say(_("Memo restored."))
            self.refresh()
            self.select_memo(restored.id)

        first_line = memo.text.splitlines()[0] if memo.text else ""
        self.undo_stack.push(ServiceCommand(_("Delete memo “{text}”").format(text=first_line[:20]), delete, restore,
                                            lambda text: QMessageBox.warning(self, _("Memo book"), text)))

    def undo_delete(self) -> None:
        if self._editor_idle():
            self.undo_stack.undo()

    def _editor_idle(self) -> bool:
        """Ctrl+Z in the editor is the editor's own; the list's undo waits until it is left."""
        return not self.editor.hasFocus()
