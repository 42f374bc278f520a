"""The quick memo box that Ctrl+Alt+M opens over any program: write, Enter, back to work.

Keys go through an event filter (never a keyPressEvent override: PySide6 6.12 leaks through those):
Enter saves, Shift+Enter starts a new line, Esc leaves and keeps the draft for next time; while an input
method composes (pinyin not yet committed), Enter and Esc are the input method's, as in the picker.
`@nick` links a buyer and `#tag` tags the memo; both stay in the text as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.models import Memo
from deskassist.i18n import _
from deskassist.services.memos import parse_memo

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.memos import MemoService

_log = log.get("notes")


class MemoCaptureBox(QFrame):
    """A small frameless box on top of everything; saves through the memo service (MemoService)."""

    memo_saved = Signal(int)
    unlinked = Signal(int)  # saved, but the @nick named no known customer
    left = Signal()

    def __init__(self, memos: MemoService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.memos = memos
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
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._clear_message)

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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
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

    # -- saving ----------------------------------------------------------------------------------------

    def save(self) -> Memo | None:
        """Store the memo; on a problem say so in the box and keep the text."""
        text = self.editor.toPlainText().strip()
        if not text:
            self._show_message(_("The memo is empty: write something first, or press Esc to leave."))
            return None
        try:
            memo = self.memos.add(text)
        except UserError as exc:
            self._show_message(str(exc))
            return None
        _tags, nicks = parse_memo(text)
        log.event(_log, "memo_saved", memo_id=memo.id, tags=len(memo.tags), linked=memo.customer_id is not None)
        self.editor.clear()
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
