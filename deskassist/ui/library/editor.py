"""The phrase editor: fields of one phrase, a live preview of the rendered text and house-style warnings.

The preview renders with the agent's own settings (name, shop) and a sample buyer, so the agent sees the
message as a buyer would. Lint findings are listed and underlined in the body; code and pinned-slot
conflicts are shown beside their fields before saving, naming the phrase that holds them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.core.lint import LintIssue, lint
from deskassist.core.models import Phrase, PhraseDraft
from deskassist.core.paste import split_messages
from deskassist.core.templating import PLACEHOLDERS, fill_fields, render
from deskassist.i18n import N_, _, ngettext, pgettext
from deskassist.services.phrases import PhraseService, derive_title
from deskassist.settings import Settings
from deskassist.ui.library.models import phrase_label

# (menu label, text inserted, part of it selected afterwards so the agent can type over it)
PLACEHOLDER_MENU: tuple[tuple[str, str, str], ...] = (
    (N_("Agent name"), "{客服}", ""),
    (N_("Agent ID"), "{工号}", ""),
    (N_("Shop name"), "{店铺}", ""),
    (N_("Buyer nickname"), "{客户}", ""),
    (N_("Date"), "{日期}", ""),
    (N_("Time"), "{时间}", ""),
    (N_("Weekday"), "{星期}", ""),
    (N_("Clipboard text"), "{剪贴板}", ""),
    ("", "", ""),
    (N_("Field asked when pasting"), "{?尺码}", "尺码"),
    (N_("Field with choices"), "{?颜色:红色|白色|黑色}", "颜色:红色|白色|黑色"),
)
BUILT_IN_GROUPS: tuple[tuple[str, str], ...] = (
    ("inquiry", N_("Inquiries")), ("buyer", N_("Buyers")), ("vip", N_("VIP")),
)
_ERROR_STYLE = "color: #c0392b;"
_CHECK_DELAY_MS = 120


def sample_fills(body: str) -> dict[str, str]:
    """Fill-in fields shown in the preview as their first choice, or their name when free text."""
    return {f.name: (f.choices[0] if f.choices else f.name) for f in fill_fields(body)}


class PhraseEditor(QWidget):
    """Edit one phrase (or a new one). `saved` carries the stored Phrase; `dirty_changed` follows edits."""

    saved = Signal(object)
    dirty_changed = Signal(bool)

    def __init__(self, service: PhraseService, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self._phrase: Phrase | None = None
        self._loaded: PhraseDraft = PhraseDraft(category="", body="")
        self._dirty = False
        self._issues: list[LintIssue] = []
        self._slot_holder: Phrase | None = None  # the other phrase on the chosen pinned slot
        self._slot_taken_from: int | None = None  # that phrase's id once the agent chose to take the slot
        self.locked = False  # a team phrase on an agent's desk
        self._build()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(_CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_conflicts)
        self.load(None)

    # -- layout --------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.category_combo = QComboBox(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(_("Taken from the start of the text when empty"))
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setPlaceholderText(_("The reply as the buyer will read it; with split sending on, each line goes as its own message"))
        self.body_edit.setMinimumHeight(110)
        self.insert_button = QToolButton(self)
        self.insert_button.setText(_("Insert placeholder"))
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_menu = QMenu(self.insert_button)
        for label, text, selected in PLACEHOLDER_MENU:
            if not label:
                self.insert_menu.addSeparator()
                continue
            action = QAction(f"{_(label)}  {text}", self.insert_menu)
            action.triggered.connect(lambda _checked=False, t=text, s=selected: self.insert_placeholder(t, s))
            self.insert_menu.addAction(action)
        self.insert_button.setMenu(self.insert_menu)
        self.length_label = QLabel(self)
        self.length_label.setEnabled(False)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(_("Letters or digits you type in the picker, e.g. fh"))
        self.code_error = self._error_label()
        self.pinned_combo = QComboBox(self)
        self.pinned_combo.addItem(_("None"), None)
        for slot in range(1, 10):
            self.pinned_combo.addItem(str(slot), slot)
        self.pinned_error = self._error_label()
        self.take_slot_button = QPushButton(_("Move the slot here"), self)
        self.take_slot_button.setToolTip(_("The other phrase loses the slot when this one is saved"))
        self.take_slot_button.setVisible(False)
        self.take_slot_button.clicked.connect(self.take_slot)
        self.group_boxes: dict[str, QCheckBox] = {}
        groups_row = QHBoxLayout()
        for key, label in BUILT_IN_GROUPS:
            box = QCheckBox(_(label), self)
            self.group_boxes[key] = box
            groups_row.addWidget(box)
        self.other_groups_edit = QLineEdit(self)
        self.other_groups_edit.setPlaceholderText(_("Other groups, separated by commas"))
        groups_row.addWidget(self.other_groups_edit, 1)

        body_tools = QHBoxLayout()
        body_tools.addWidget(self.insert_button)
        body_tools.addStretch(1)
        body_tools.addWidget(self.length_label)
        body_column = QVBoxLayout()
        body_column.addWidget(self.body_edit, 1)
        body_column.addLayout(body_tools)

        form = QFormLayout()
        form.addRow(_("Category"), self.category_combo)
        form.addRow(_("Title"), self.title_edit)
        body_label = QLabel(_("Text"), self)
        body_label.setBuddy(self.body_edit)
        details = QFormLayout()  # below the text, which takes the spare height
        details.addRow(_("Short code"), self._with_error(self.code_edit, self.code_error))
        pinned_row = QHBoxLayout()
        pinned_row.addWidget(self.pinned_error, 1)
        pinned_row.addWidget(self.take_slot_button)
        pinned_column = QVBoxLayout()
        pinned_column.setSpacing(2)
        pinned_column.addWidget(self.pinned_combo)
        pinned_column.addLayout(pinned_row)
        details.addRow(_("Pinned slot"), pinned_column)
        details.addRow(_("For customer groups"), groups_row)

        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(70)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.split_label = QLabel(self)
        self.split_label.setEnabled(False)
        preview_box = QGroupBox(_("Preview (as a buyer sees it)"), self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        preview_layout.addWidget(self.split_label)

        self._build_questions()

        self.lint_list = QListWidget(self)
        self.lint_list.setMaximumHeight(90)
        self.lint_list.itemActivated.connect(self._select_issue)
        self.lint_list.itemClicked.connect(self._select_issue)
        self.lint_box = QGroupBox(_("House-style warnings"), self)
        QVBoxLayout(self.lint_box).addWidget(self.lint_list)

        self.error_label = self._error_label()
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setToolTip(_("Save the phrase (Ctrl+S)"))
        self.revert_button = QPushButton(_("Revert"), self)
        self.revert_button.setToolTip(_("Throw away the changes since the last save"))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(body_label)
        layout.addLayout(body_column, 3)
        layout.addLayout(details)
        layout.addWidget(preview_box, 2)
        layout.addWidget(self.questions_box, 1)
        layout.addWidget(self.lint_box)
        layout.addLayout(buttons)

        for signal in (self.title_edit.textChanged, self.code_edit.textChanged,
                       self.other_groups_edit.textChanged):
            signal.connect(self._edited)
        self.body_edit.textChanged.connect(self._body_edited)
        self.category_combo.currentIndexChanged.connect(self._edited)
        self.pinned_combo.currentIndexChanged.connect(self._edited)
        self.pinned_combo.currentIndexChanged.connect(self._pinned_changed)
        self.code_edit.textChanged.connect(self._check_timer_start)
        for box in self.group_boxes.values():
            box.toggled.connect(self._edited)

        order = self.tab_chain()
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def tab_chain(self) -> list[QWidget]:
        """The editor's fields in Tab order (the window links them after its own lists)."""
        return [self.category_combo, self.title_edit, self.body_edit, self.insert_button, self.code_edit,
                self.pinned_combo, *self.group_boxes.values(), self.other_groups_edit, self.questions_list,
                self.question_edit, self.question_add_button, self.question_remove_button, self.lint_list,
                self.revert_button, self.save_button]

    def _build_questions(self) -> None:
        """Example buyer questions (问法): what buyers type when this phrase is the answer (suggested replies)."""
        self.questions_list = QListWidget(self)
        self.questions_list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.questions_list.setMaximumHeight(110)
        self.question_edit = QLineEdit(self)
        self.question_edit.setPlaceholderText(_("A buyer's question in their words, e.g. 包邮不"))
        self.question_edit.returnPressed.connect(self.add_question)
        self.question_add_button = QPushButton(_("Add"), self)
        self.question_add_button.clicked.connect(self.add_question)
        self.question_remove_button = QPushButton(pgettext("buyer question", "Remove"), self)
        self.question_remove_button.setToolTip(_("Remove the selected questions (learned ones too)"))
        self.question_remove_button.clicked.connect(self.remove_selected_questions)
        row = QHBoxLayout()
        row.addWidget(self.question_edit, 1)
        row.addWidget(self.question_add_button)
        row.addWidget(self.question_remove_button)
        self.questions_box = QGroupBox(_("Buyer questions this phrase answers (问法)"), self)
        box_layout = QVBoxLayout(self.questions_box)
        box_layout.addWidget(self.questions_list)
        box_layout.addLayout(row)

    def _question_item(self, text: str, learned: bool) -> QListWidgetItem:
        item = QListWidgetItem(text + ("  " + _("(learned)") if learned else ""))
        item.setData(Qt.ItemDataRole.UserRole, text)
        if learned:
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip(_("Learned from a reply you picked for this message"))
        return item

    def question_texts(self) -> list[str]:
        return [self.questions_list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.questions_list.count())]

    def add_question(self) -> None:
        """Add the typed question (once) to the list; saved with the phrase."""
        text = " ".join(self.question_edit.text().split())
        if text and text not in self.question_texts():
            self.questions_list.addItem(self._question_item(text, learned=False))
            self._edited()
        self.question_edit.clear()

    def remove_selected_questions(self) -> None:
        for item in self.questions_list.selectedItems():
            self.questions_list.takeItem(self.questions_list.row(item))
        self._edited()

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(_ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _with_error(self, field: QWidget, error: QLabel) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        return column

    # -- loading -------------------------------------------------------------------------------------------

    def set_categories(self, names: list[str]) -> None:
        """The category choices (keeps the current choice when it still exists)."""
        current = self.category_combo.currentText()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItems(names)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findText(current)))
        self.category_combo.blockSignals(False)

    def rename_category_choice(self, old: str, new: str) -> None:
        """A category was renamed: follow it without counting as an edit."""
        index = self.category_combo.findText(old)
        if index >= 0:
            self.category_combo.setItemText(index, new)
        if self._loaded.category == old:
            self._loaded = dataclasses.replace(self._loaded, category=new)
        if self._phrase is not None and self._phrase.category == old:
            self._phrase = dataclasses.replace(self._phrase, category=new)

    def phrase(self) -> Phrase | None:
        """The stored phrase being edited (None for a new one)."""
        return self._phrase

    def phrase_id(self) -> int | None:
        return self._phrase.id if self._phrase else None

    def load(self, phrase: Phrase | None, category: str | None = None) -> None:
        """Show a stored phrase, or an empty new one in `category`; the editor is clean afterwards."""
        self._phrase = phrase
        self._slot_taken_from = None
        self._check_timer.stop()
        widgets = [self.category_combo, self.title_edit, self.body_edit, self.code_edit, self.pinned_combo,
                   self.other_groups_edit, *self.group_boxes.values()]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            name = phrase.category if phrase else (category or self.category_combo.currentText())
            if name and self.category_combo.findText(name) < 0:
                self.category_combo.addItem(name)
            self.category_combo.setCurrentIndex(max(0, self.category_combo.findText(name)))
            self.title_edit.setText(phrase.title if phrase else "")
            self.body_edit.setPlainText(phrase.body if phrase else "")
            self.code_edit.setText((phrase.code or "") if phrase else "")
            self.pinned_combo.setCurrentIndex(max(0, self.pinned_combo.findData(phrase.pinned if phrase else None)))
            groups = set(phrase.groups) if phrase else set()
            for key, box in self.group_boxes.items():
                box.setChecked(key in groups)
            self.other_groups_edit.setText(", ".join(g for g in (phrase.groups if phrase else ())
                                                     if g not in self.group_boxes))
            self.questions_list.clear()
            self.question_edit.clear()
            for question in (self.service.question_rows(phrase.id) if phrase is not None else ()):
                self.questions_list.addItem(self._question_item(question.text, question.source == "learned"))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.heading.setText(_("New phrase") if phrase is None else phrase_label(phrase))  # no internal id
        read_only = getattr(self.service, "read_only", None)
        self.locked = bool(phrase is not None and read_only is not None and read_only(phrase.id))
        for widget in widgets:
            widget.setEnabled(not self.locked)
        if self.locked:
            assert phrase is not None
            self.heading.setText(_("{title}: the shop's standard phrase (team), read-only").format(
                title=phrase_label(phrase)))
        self.error_label.setVisible(False)
        self._loaded = self.draft()
        self._set_dirty(False)
        self._body_changed()
        self.check_conflicts()

    def revert(self) -> None:
        self.load(self._phrase, self._loaded.category)

    # -- the draft -----------------------------------------------------------------------------------------

    def draft(self) -> PhraseDraft:
        """What the fields say now."""
        groups = [key for key, box in self.group_boxes.items() if box.isChecked()]
        groups += [g.strip() for g in self.other_groups_edit.text().replace("，", ",").split(",") if g.strip()]
        return PhraseDraft(
            category=self.category_combo.currentText().strip(),
            body=self.body_edit.toPlainText(),
            title=self.title_edit.text().strip(),
            code=self.code_edit.text().strip() or None,
            pinned=self.pinned_combo.currentData(),
            groups=tuple(dict.fromkeys(groups)),
            questions=tuple(self.question_texts()),
        )

    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self.revert_button.setEnabled(dirty)

    def _edited(self, *_args: object) -> None:
        self._set_dirty(self.draft() != self._loaded or self._slot_taken_from is not None)

    def _body_edited(self) -> None:
        self._edited()
        self._body_changed()

    def _check_timer_start(self) -> None:
        self._check_timer.start()

    # -- preview and lint ----------------------------------------------------------------------------------

    def preview_context(self, body: str) -> Any:
        """The render context of the preview: the agent's real settings (an unset name or shop stays empty, as
        a buyer would see it, and is warned about), a sample buyer, fields as samples."""
        return self.service.context(buyer=_("Sample buyer"), fills=sample_fills(body),
                                    clipboard=_("(clipboard text)"))

    def _body_changed(self) -> None:
        body = self.body_edit.toPlainText()
        rendered = render(body, self.preview_context(body))
        self.preview.setPlainText(rendered)
        messages = len(split_messages(rendered))
        splitting = (self.settings is not None and self.settings.get("paste.auto_send")
                     and self.settings.get("paste.split_lines"))
        self.split_label.setText(ngettext("Sent as {count} message, one per line", "Sent as {count} messages, one per line", messages).format(count=messages)
                                 if splitting and messages > 1 else "")
        self.split_label.setVisible(bool(self.split_label.text()))
        self.length_label.setText(ngettext("{count} character", "{count} characters", len(body)).format(count=len(body)))
        self._issues = lint(body)
        self.lint_list.clear()
        empty = self.service.empty_placeholders(body, buyer=_("Sample buyer"))
        if empty:
            QListWidgetItem("⚠ " + _("Not set yet, left empty: {names} (Settings or the first-run setup)").format(
                names="、".join("{" + PLACEHOLDERS.get(name, name) + "}" for name in empty)), self.lint_list)
        for issue in self._issues:
            item = QListWidgetItem(issue.message, self.lint_list)
            item.setData(Qt.ItemDataRole.UserRole, (issue.start, issue.end))
        count = self.lint_list.count()
        self.lint_box.setTitle(_("House-style warnings ({count})").format(count=count))
        self.lint_box.setVisible(count > 0)  # no empty framed box
        self.title_edit.setPlaceholderText(derive_title(body) or _("Taken from the start of the text when empty"))
        self._highlight(self._issues)

    def _highlight(self, issues: list[LintIssue]) -> None:
        """Underline each finding's range in the body (ExtraSelections follow the text, not the blocks)."""
        selections = []
        length = len(self.body_edit.toPlainText())
        for issue in issues:
            start, end = max(0, issue.start), min(length, issue.end)
            if end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor("#d35400"))
            fmt.setBackground(QColor(255, 200, 120, 90))
            fmt.setToolTip(issue.message)
            fmt.setProperty(QTextFormat.Property.UserProperty, issue.kind)
            selection.format = fmt
            cursor = QTextCursor(self.body_edit.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.body_edit.setExtraSelections(selections)

    def _select_issue(self, item: QListWidgetItem) -> None:
        start, end = item.data(Qt.ItemDataRole.UserRole)
        cursor = self.body_edit.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()

    def insert_placeholder(self, text: str, selected: str = "") -> None:
        """Insert at the caret; select the part the agent will want to change (a field's name)."""
        cursor = self.body_edit.textCursor()
        start = cursor.selectionStart()
        cursor.insertText(text)
        if selected:
            offset = start + text.index(selected)
            cursor.setPosition(offset)
            cursor.setPosition(offset + len(selected), QTextCursor.MoveMode.KeepAnchor)
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()

    # -- conflicts and saving ------------------------------------------------------------------------------

    def conflicts(self) -> dict[str, str]:
        """Field name -> message for the code and pinned slot held by another phrase."""
        found: dict[str, str] = {}
        own = self.phrase_id()
        code = self.code_edit.text().strip()
        if code:
            holder = self.service.by_code(code)
            if holder is not None and holder.id != own:
                found["code"] = _("The code {code} is already used by “{title}” ({category})").format(
                    code=code, title=holder.title, category=holder.category)
        slot = self.pinned_combo.currentData()
        holder = self.service.by_pinned(slot) if slot is not None else None
        self._slot_holder = holder if holder is not None and holder.id != own else None
        if self._slot_holder is not None and self._slot_holder.id != self._slot_taken_from:
            found["pinned"] = _("Slot {slot} is held by “{title}” ({category})").format(
                slot=slot, title=self._slot_holder.title, category=self._slot_holder.category)
        return found

    def check_conflicts(self, *_args: object) -> dict[str, str]:
        """Show conflicts beside their fields (and a taken-over slot as a note); returns the conflicts."""
        found = self.conflicts()
        for key, label in (("code", self.code_error), ("pinned", self.pinned_error)):
            label.setStyleSheet(_ERROR_STYLE)
            label.setText(found.get(key, ""))
            label.setVisible(key in found)
        self.take_slot_button.setVisible("pinned" in found)
        if "pinned" not in found and self._slot_holder is not None:
            self.pinned_error.setStyleSheet("")
            self.pinned_error.setText(_("Slot {slot} moves here from “{title}” when you save").format(
                slot=self.pinned_combo.currentData(), title=self._slot_holder.title))
            self.pinned_error.setVisible(True)
        return found

    def _pinned_changed(self) -> None:
        self._slot_taken_from = None
        self.check_conflicts()
        self._edited()

    def take_slot(self) -> None:
        """Saving will move the chosen pinned slot from the phrase holding it to this one."""
        if self._slot_holder is not None:
            self._slot_taken_from = self._slot_holder.id
            self._edited()
        self.check_conflicts()

    def save(self) -> Phrase | None:
        """Store the draft; on a problem the message shows in the editor and None comes back."""
        self._check_timer.stop()
        if self.locked:
            self._show_error(_("Only a supervisor can change the shop's standard phrases."))
            return None
        draft = self.draft()
        problem = self._problem(draft)
        if problem:
            self._show_error(problem)
            return None
        try:
            if self._slot_holder is not None and self._slot_holder.id == self._slot_taken_from:
                with self.service.batch():  # the other phrase gives up the slot only if this save works
                    self.service.update(self._slot_holder.id, pinned=None)
                    stored = self._store(draft)
            else:
                stored = self._store(draft)
        except UserError as exc:
            self._show_error(str(exc))
            return None
        self.load(stored)
        self.saved.emit(stored)
        return stored

    def _store(self, draft: PhraseDraft) -> Phrase:
        if self._phrase is None:
            return self.service.add(draft)
        return self.service.update(self._phrase.id, category=draft.category, title=draft.title, body=draft.body,
                                   code=draft.code, pinned=draft.pinned, groups=draft.groups,
                                   questions=draft.questions)

    def _problem(self, draft: PhraseDraft) -> str | None:
        if not draft.body.strip():
            self.body_edit.setFocus()
            return _("Write the text of the phrase first")
        if not draft.category:
            self.category_combo.setFocus()
            return _("Choose a category (add one on the left first)")
        found = self.check_conflicts()
        if found:
            (self.code_edit if "code" in found else self.pinned_combo).setFocus()
            return _("Resolve the marked conflicts first")
        return None

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
