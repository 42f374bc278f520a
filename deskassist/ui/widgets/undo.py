"""Undo for the windows that delete: one QUndoStack per window, a command per deletion, a toast to take it back.

Deleting asks no questions; the toast ("Deleted … Undo"), Ctrl+Z and Ctrl+Shift+Z move along the window's
stack. What is needed to put a thing back (snapshots, deleted rows) stays in the services; a command only
calls them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from deskassist.core.errors import UserError
from deskassist.i18n import _

TOAST_MS = 10_000
UNDO_LIMIT = 50


class ServiceCommand(QUndoCommand):
    """A change made through a service: `do` makes it (again on redo), `undo` puts things back.

    A service refusing (UserError) is reported through `report` and the command leaves the stack, so the
    stack never claims a state the database does not have.
    """

    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object],
                 report: Callable[[str], object]) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._report = report
        self.failed = False

    def redo(self) -> None:
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except UserError as exc:
            self.failed = True
            self.setObsolete(True)
            self._report(str(exc))


def undo_stack_with_actions(window: QWidget, may_move: Callable[[], bool] | None = None,
                            ) -> tuple[QUndoStack, QAction, QAction]:
    """A stack for `window` and its Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z) actions, added to the window.

    The actions read "Undo Deleted “…”" in the user's language and are disabled when there is nothing to do.
    `may_move` is asked first (say, to keep a half-typed edit from being dropped by the reload).
    """
    stack = QUndoStack(window)
    stack.setUndoLimit(UNDO_LIMIT)
    undo = stack.createUndoAction(window, _("Undo"))
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    redo = stack.createRedoAction(window, _("Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    if may_move is not None:
        for action, step in ((undo, stack.undo), (redo, stack.redo)):
            action.triggered.disconnect()
            action.triggered.connect(lambda _checked=False, s=step: s() if may_move() else None)
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.addAction(action)
    return stack, undo, redo


class UndoToast(QWidget):
    """ "Deleted “…”  [Undo]" for a few seconds; put it in a status bar or a window's bottom row."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, timeout_ms: int = TOAST_MS) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.button = QPushButton(_("Undo"), self)
        self.button.setToolTip(_("Put back what was just deleted (Ctrl+Z)"))
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, undoable: bool = True) -> None:
        """Show text (with the Undo button when undoable) until the timeout."""
        self.label.setText(text)
        self.button.setVisible(undoable)
        self.show()
        self._timer.start()

    def _clicked(self) -> None:
        self.hide()
        self.undo_clicked.emit()
