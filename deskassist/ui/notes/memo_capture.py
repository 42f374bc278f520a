"""The quick memo box that Ctrl+Alt+M opens over any program: write, Enter, back to work.

Keys go through an event filter (never a keyPressEvent override: PySide6 6.12 leaks through those):
Enter saves, Shift+Enter starts a new line, Esc leaves and keeps the draft for next time; while an input
method composes (pinyin not yet committed), Enter and Esc are the input method's, as in the picker.
`@nick` links a buyer and `#tag` tags the memo; both stay in the text as written. Typing `@` offers the
customers' nicks (prefix and pinyin, as the picker's buyer field); the buyer being served now is linked
unless the agent removes the link or names another buyer with `@`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.models import Customer, Memo
from deskassist.i18n import _
from deskassist.services.memos import parse_memo

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.memos import MemoService

_log = log.get("notes")
_MENTION_BEFORE_CURSOR = re.compile(r"[@＠]([^\s@＠#＃，。！？；：、,;:!?]*)$")


class MemoCaptureBox(QFrame):
    """A small frameless box on top of everything; saves through the memo service (MemoService)."""

    memo_saved = Signal(int)
    unlinked = Signal(int)  # saved, but the @nick named no known customer
    left = Signal()

    def __init__(self, memos: MemoService, parent: QWidget | None = None,
                 lookup: Callable[[str, int], list[Customer]] | None = None,
                 current: Callable[[], Customer | None] | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.memos = memos
        self._lookup = lookup
        self._current = current
        self.linked: Customer | None = None  # the buyer the memo is about, shown and removable
        self.last_saved: Memo | None = None
        self._composing = False  # an input method holds uncommitted text (preedit) in the editor
        self.setObjectName("memoCaptureBox")
        self.setWindowTitle(_("Quick memo"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(380)
        self.title = QLabel(_("Quick memo"))
        self.title.setStyleSheet("font-weight: bold")
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(_("Write a memo. @nick links a buyer, #tag tags it"))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(96)
        self.editor.setAccessibleName(_("Memo text"))
        self.hint = QLabel(_("Enter saves · Shift+Enter new line · Esc leaves"))
        self.hint.setStyleSheet("color: gray")
        self.link_row = QWidget()
        self.link_label = QLabel("")
        self.unlink_button = QToolButton()
        self.unlink_button.setText("×")
        self.unlink_button.setAutoRaise(True)
        self.unlink_button.setToolTip(_("Do not link this memo to the buyer"))
        self.unlink_button.setAccessibleName(_("Remove the link to the buyer"))
        self.unlink_button.clicked.connect(lambda: self.set_linked(None))
        link_layout = QHBoxLayout(self.link_row)
        link_layout.setContentsMargins(0, 0, 0, 0)
        link_layout.addWidget(self.link_label, 1)
        link_layout.addWidget(self.unlink_button)
        self.link_row.hide()
        self.completer = QCompleter(QStringListModel(self), self)
        self.completer.setWidget(self.editor)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self._complete_mention)
        self._popup().installEventFilter(self)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.link_row)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._clear_message)
        self.editor.textChanged.connect(self._offer_nicks)

    # -- the buyer this memo is about ------------------------------------------------------------------

    def set_linked(self, customer: Customer | None) -> None:
        self.linked = customer
        if customer is None:
            self.link_row.hide()
        else:
            self.link_label.setText(_("About buyer: {nick}").format(nick=customer.nick))
            self.link_row.show()

    # -- @nick completion ------------------------------------------------------------------------------

    def _mention_prefix(self) -> str | None:
        """What follows the `@` just before the cursor, or None when the cursor is not in a mention."""
        cursor = self.editor.textCursor()
        before = cursor.block().text()[:cursor.positionInBlock()]
        match = _MENTION_BEFORE_CURSOR.search(before)
        return match.group(1) if match else None

    def _offer_nicks(self) -> None:
        prefix = self._mention_prefix()
        popup = self._popup()
        if prefix is None or self._lookup is None or self._composing:
            popup.hide()
            return
        nicks = [customer.nick for customer in self._lookup("@" + prefix, 8)]
        if not nicks:
            popup.hide()
            return
        model = self.completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(nicks)
        rect = self.editor.cursorRect()
        rect.setWidth(max(180, popup.sizeHintForColumn(0) + 24))
        self.completer.complete(rect)
        popup.setCurrentIndex(model.index(0, 0))

    def _complete_mention(self, nick: str) -> None:
        """Replace the typed part after `@` with the chosen nick and a space."""
        prefix = self._mention_prefix()
        if prefix is None:
            return
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(nick + " ")
        self.editor.setTextCursor(cursor)
        self._popup().hide()

    # -- showing ---------------------------------------------------------------------------------------

    def open(self) -> None:
        """Show near the mouse pointer on its screen, focused, with any draft kept from last time."""
        self.adjustSize()
        pos = QCursor.pos()
        screen = QGuiApplication.screenAt(pos) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        x = min(max(pos.x() - self.width() // 2, area.left()), area.right() - self.width())
        y = min(max(pos.y() - self.height() // 2, area.top()), area.bottom() - self.height())
        self.move(x, y)
        self._composing = False
        self.set_linked(self._current() if self._current is not None else None)
        self.show()
        self.raise_()
        self.activateWindow()
        self.editor.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        _log.info("memo_box_opened")

    def leave(self) -> None:
        self.hide()
        self.left.emit()

    # -- keys ------------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            log.event(_log, "memo_box_active")  # keys typed from now on land in the box
        return super().event(event)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a QCompleter always makes its list view
        return popup

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._popup():
            return self._popup_key(event)
        if watched is not self.editor:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            self._composing = bool(event.preeditString())
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._composing:
                    return True  # Enter belongs to the input method: never save half-typed pinyin
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.editor.insertPlainText("\n")
                else:
                    self.save()
                return True
            if key == Qt.Key.Key_Escape:
                if self._composing:
                    return False  # the input method cancels its composition; the box stays
                self.leave()
                return True
        return super().eventFilter(watched, event)

    def _popup_key(self, event: QEvent) -> bool:
        """Enter/Tab take the highlighted nick, Esc closes the list only: QCompleter would hand Enter to
        the editor, where it would start a new line or save the memo."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        popup = self._popup()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            index = popup.currentIndex()
            if index.isValid():
                self._complete_mention(str(index.data()))
            popup.hide()
            return True
        if event.key() == Qt.Key.Key_Escape:
            popup.hide()
            return True
        return False

    # -- saving ----------------------------------------------------------------------------------------

    def save(self) -> Memo | None:
        """Store the memo; on a problem say so in the box and keep the text."""
        text = self.editor.toPlainText().strip()
        if not text:
            self._show_message(_("The memo is empty: write something first, or press Esc to leave."))
            return None
        _tags, nicks = parse_memo(text)
        buyer = self.linked.nick if self.linked is not None and not nicks else None
        try:
            memo = self.memos.add(text, buyer=buyer)
        except UserError as exc:
            self._show_message(str(exc))
            return None
        log.event(_log, "memo_saved", memo_id=memo.id, tags=len(memo.tags), linked=memo.customer_id is not None)
        self.last_saved = memo
        self.editor.clear()
        self.set_linked(None)
        self.hide()
        self.memo_saved.emit(memo.id)
        if nicks and memo.customer_id is None:
            self.unlinked.emit(memo.id)
        return memo

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _clear_message(self) -> None:
        if self.message.isVisible():
            self.message.hide()
