"""The dialog that asks for a phrase's fill-in fields ({?尺码}, {?颜色:红色|白色}) before it is pasted.

It shows the sentence being answered, rendered so far, with each field highlighted where it goes (the agent
used to see a 201×95 box with a bare label); date fields get a calendar.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from deskassist.core.templating import FillField
from deskassist.i18n import _
from deskassist.ui.widgets.icons import icon

MIN_WIDTH = 440
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around a field while the sentence is rendered
DATE_WORDS = ("日期", "date", "到货日", "发货日")

Editor = QLineEdit | QComboBox | QDateEdit


def is_date_field(name: str) -> bool:
    """{?发货日期}, {?date}: a calendar beats typing 11月22日 by hand."""
    folded = name.casefold()
    return any(word in folded for word in DATE_WORDS)


def chat_date(date: QDate) -> str:
    """The form dates take in Chinese chat (and in {日期}): 11月22日."""
    return f"{date.month()}月{date.day()}日"


class FillDialog(QDialog):
    """One row per field: a text box, an editable choice box for choices, or a date box with a calendar.

    sentence(fills) renders the phrase with those fill-ins (the app's renderer: buyer, shop ... filled in);
    without it the dialog shows no sentence.
    """

    def __init__(self, fields: Sequence[FillField], title: str = "", parent: QWidget | None = None,
                 sentence: Callable[[Mapping[str, str]], str] | None = None, today: QDate | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.WindowTitleHint
                         | Qt.WindowType.WindowCloseButtonHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(_("Fill in the blanks"))
        self.setWindowIcon(icon())
        self.setMinimumWidth(MIN_WIDTH)
        self._sentence = sentence
        self._fields = list(fields)
        self._editors: dict[str, Editor] = {}
        self._current = self._fields[0].name if self._fields else ""
        layout = QFormLayout(self)
        if title:
            heading = QLabel(title)
            heading.setWordWrap(True)
            heading.setTextFormat(Qt.TextFormat.PlainText)
            layout.addRow(heading)
        self.sentence_label = QLabel()
        self.sentence_label.setObjectName("fillSentence")
        self.sentence_label.setTextFormat(Qt.TextFormat.RichText)
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.sentence_label.setMargin(6)
        self.sentence_label.setVisible(sentence is not None)
        layout.addRow(self.sentence_label)
        for field in self._fields:
            editor = self._editor_for(field, today or QDate.currentDate())
            editor.setObjectName(f"fill:{field.name}")
            editor.installEventFilter(self)
            self._editors[field.name] = editor
            layout.addRow(field.name, editor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Paste"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        if self._editors:
            next(iter(self._editors.values())).setFocus()
        self.show_sentence()

    def _editor_for(self, field: FillField, today: QDate) -> Editor:
        if field.choices:
            box = QComboBox()
            box.setEditable(True)
            box.addItems(list(field.choices))
            box.currentTextChanged.connect(lambda _t: self.show_sentence())
            return box
        if is_date_field(field.name):
            date = QDateEdit(today)
            date.setCalendarPopup(True)
            date.setDisplayFormat("M月d日")
            date.dateChanged.connect(lambda _d: self.show_sentence())
            return date
        line = QLineEdit()
        line.setPlaceholderText(field.name)
        line.textChanged.connect(lambda _t: self.show_sentence())
        return line

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for name, editor in self._editors.items():
                if editor is watched:
                    self._current = name
                    self.show_sentence()
        return super().eventFilter(watched, event)

    def editor(self, name: str) -> Editor:
        return self._editors[name]

    def values(self) -> dict[str, str]:
        """The answers by field name, as typed or chosen (dates as 11月22日)."""
        return {name: self._value(editor) for name, editor in self._editors.items()}

    @staticmethod
    def _value(editor: Editor) -> str:
        if isinstance(editor, QDateEdit):
            return chat_date(editor.date())
        return (editor.currentText() if isinstance(editor, QComboBox) else editor.text()).strip()

    def show_sentence(self) -> None:
        """The phrase as it will read, each field marked where it goes (the one being typed underlined)."""
        if self._sentence is None or not hasattr(self, "sentence_label"):
            return
        marks = {field.name: f"{_OPEN}{i}{_CLOSE}" for i, field in enumerate(self._fields)}
        try:
            text = self._sentence(marks)
        except Exception:  # noqa: BLE001 - a phrase deleted meanwhile: the paste itself will say so
            self.sentence_label.clear()
            return
        shown = html.escape(text).replace("\n", "<br>")
        for i, field in enumerate(self._fields):
            value = self._value(self._editors[field.name]) if field.name in self._editors else ""
            style = "background-color:#fff0a8;" + ("text-decoration:underline;font-weight:bold;"
                                                   if field.name == self._current else "")
            shown = shown.replace(f"{_OPEN}{i}{_CLOSE}",
                                  f'<span style="{style}">{html.escape(value or "[" + field.name + "]")}</span>')
        self.sentence_label.setText(shown)
