"""The shared frame of the small add/edit dialogs: form rows, a red message line, Save and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.i18n import _

Shortcut = tuple[str, str, Callable[[], object]]


def error_label() -> QLabel:
    """Where a dialog says what is wrong with the input (red, wraps)."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    return label


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], None], save_text: str | None = None) -> QDialogButtonBox:
    """Save (runs `on_save`, which accepts the dialog when it worked) and Cancel (rejects)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text or _("Save"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons


def finish_form(dialog: QDialog, form: QFormLayout, message: QLabel, on_save: Callable[[], None]) -> QVBoxLayout:
    """Lay the dialog out as: form rows, the message line, Save/Cancel."""
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addWidget(save_cancel_buttons(dialog, on_save))
    return layout


def add_shortcuts(widget: QWidget, shortcuts: list[Shortcut]) -> None:
    """Window-wide shortcuts as (description, keys, slot), active while focus is anywhere in `widget`."""
    for text, keys, slot in shortcuts:
        action = QAction(text, widget)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        widget.addAction(action)
