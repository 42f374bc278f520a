"""Undo for deletions: a small stack of "how to put it back" steps and a status-bar toast with an Undo button.

Deleting asks no questions; the toast ("Deleted … Undo") and Ctrl+Z bring the thing back. Reusable by any
window that deletes (phrases, categories, memos, customers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from deskassist.i18n import _

TOAST_MS = 10_000


@dataclass
class UndoStep:
    """What was done (shown to the user) and how to put it back."""

    label: str
    undo: Callable[[], object]


class UndoStack(QObject):
    """Last in, first out; `undone` carries the label of the step just undone."""

    changed = Signal()
    undone = Signal(str)

    def __init__(self, parent: QObject | None = None, limit: int = 50) -> None:
        super().__init__(parent)
        self._steps: list[UndoStep] = []
        self._limit = limit

    def push(self, label: str, undo: Callable[[], object]) -> None:
        self._steps.append(UndoStep(label, undo))
        del self._steps[: -self._limit]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._steps)

    def top_label(self) -> str:
        return self._steps[-1].label if self._steps else ""

    def undo(self) -> str | None:
        """Undo the latest step; returns its label (None when there was nothing to undo).

        The step leaves the stack only when putting it back worked, so a failure can be retried.
        """
        if not self._steps:
            return None
        step = self._steps[-1]
        step.undo()
        self._steps.pop()
        self.changed.emit()
        self.undone.emit(step.label)
        return step.label

    def clear(self) -> None:
        self._steps.clear()
        self.changed.emit()


class UndoToast(QWidget):
    """ "Deleted “…”  [Undo]" for a few seconds; put it in a status bar (addWidget)."""

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
