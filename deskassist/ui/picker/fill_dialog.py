"""The small dialog that asks for a phrase's fill-in fields ({?尺码}, {?颜色:红色|白色}) before it is pasted."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from deskassist.core.templating import FillField
from deskassist.i18n import _
from deskassist.ui.widgets.icons import icon


class FillDialog(QDialog):
    """One row per field: a text box, or an editable choice box when the field lists choices."""

    def __init__(self, fields: Sequence[FillField], title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Fill in the blanks"))
        self.setWindowIcon(icon())
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self._editors: dict[str, QLineEdit | QComboBox] = {}
        layout = QFormLayout(self)
        if title:
            heading = QLabel(title)
            heading.setWordWrap(True)
            layout.addRow(heading)
        for field in fields:
            editor: QLineEdit | QComboBox
            if field.choices:
                editor = QComboBox()
                editor.setEditable(True)
                editor.addItems(list(field.choices))
            else:
                editor = QLineEdit()
            editor.setObjectName(f"fill:{field.name}")
            self._editors[field.name] = editor
            layout.addRow(field.name, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Paste"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        if self._editors:
            next(iter(self._editors.values())).setFocus()

    def editor(self, name: str) -> QLineEdit | QComboBox:
        return self._editors[name]

    def values(self) -> dict[str, str]:
        """The answers by field name, as typed or chosen."""
        return {name: (e.currentText() if isinstance(e, QComboBox) else e.text()).strip()
                for name, e in self._editors.items()}
