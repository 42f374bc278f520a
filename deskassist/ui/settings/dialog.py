"""The settings dialog: every option of deskassist.settings.OPTIONS, grouped, with inline validation.

Widgets are chosen from the option's type, labels come from its description, validation is
settings.coerce (the same rules as `deskassist config set`). OK saves only the keys that changed and
only when every field is valid; a bad field keeps the dialog open with its message beside it.
"""

from __future__ import annotations

import contextlib
import json
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskassist import log, paths
from deskassist.core.errors import UserError
from deskassist.core.keys import parse_combo
from deskassist.core.paste import PROGRAM_PRESETS
from deskassist.i18n import N_, _, pgettext
from deskassist.settings import OPTIONS, Option, Settings, coerce, parse_shifts
from deskassist.ui.settings.hotkey_edit import HotkeyCaptureEdit
from deskassist.ui.widgets import file_dialogs

# (title, key prefixes) in the order of the tabs; options of no listed prefix land in "Other".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Agent and shop"), ("agent.", "shop.")),
    (N_("Hotkeys"), ("hotkeys.",)),
    (N_("Paste"), ("paste.",)),
    (N_("Interface"), ("ui.",)),
    (N_("Backups"), ("backup.",)),
    (N_("Shifts, handover and memos"), ("shifts.", "handover.", "memo.")),
)
OTHER_GROUP = N_("Other")

CHOICE_LABELS: dict[str, str] = {
    "auto": N_("Same as the system"), "zh_CN": "简体中文", "en": "English",
    "left": N_("Left edge"), "right": N_("Right edge"), "none": N_("Not docked"),
    "selection": N_("The selection (X11)"), "copy": N_("Copy with Ctrl+C"),
}
SLOTS_ACTION = N_("Pinned phrases (with 1 to 9)")
_ERROR_STYLE = "color: #c0392b;"


def checked(opt: Option, value: Any) -> Any:
    """settings.coerce plus the dialog's own rule: pinned slots take modifiers only (with Ctrl, Alt or Win)."""
    value = coerce(opt, value)
    if opt.key == "hotkeys.slot_modifiers":
        parts = value.split("+")
        if not set(parts) <= {"Ctrl", "Alt", "Shift", "Meta"} or not set(parts) & {"Ctrl", "Alt", "Meta"}:
            raise UserError(_("Choose modifier keys only, with Ctrl, Alt or Win (for example Ctrl+Alt)"))
    return value


def group_of(opt: Option) -> str:
    for title, prefixes in GROUPS:
        if opt.key.startswith(prefixes):
            return title
    return OTHER_GROUP


class IntSettingSpin(QSpinBox):
    """A spin box whose arrows keep within the option's range but whose text may go outside it.

    Typed values outside the range stay visible (instead of being silently corrected on focus out), so
    the dialog can say what is wrong.
    """

    def __init__(self, opt: Option, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = opt.minimum if opt.minimum is not None else -(10 ** 9)
        self._high = opt.maximum if opt.maximum is not None else 10 ** 9
        self.setRange(-(10 ** 9), 10 ** 9)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setToolTip(_("From {minimum} to {maximum}").format(minimum=self._low, maximum=self._high))

    def stepBy(self, steps: int) -> None:
        self.setValue(max(self._low, min(self._high, self.value() + steps)))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() > self._low:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < self._high:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags


class TableEdit(QWidget):
    """A small table of text rows with Add and Remove beside it (the mapping and shift options)."""

    changed = Signal()

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        self.add_button = QPushButton(_("Add"), self)
        self.remove_button = QPushButton(pgettext("application row", "Remove"), self)  # one word, one translation
        self.add_button.clicked.connect(lambda: self._add_row())
        self.remove_button.clicked.connect(self._remove_row)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def _add_row(self, *texts: str) -> None:
        """A row with texts (an empty one from Add, focused for typing)."""
        was_blocked = self.table.blockSignals(True)  # one change per row, not one per cell
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            self.table.setItem(row, column, QTableWidgetItem(texts[column] if column < len(texts) else ""))
        self.table.blockSignals(was_blocked)
        if not texts:
            self.table.setCurrentCell(row, 0)
            self.changed.emit()

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()


class MappingEdit(TableEdit):
    """A small two-column table (application, key) for mapping options."""

    def __init__(self, value: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__([_("Application"), _("Key")], parent)
        self.set_value(value)

    def set_value(self, value: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for name, key in value.items():
            self._add_row(name, key)

    def value(self) -> dict[str, str]:
        """The rows as a mapping; raises UserError for a row with a key but no application."""
        mapping: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name_item, key_item = self.table.item(row, 0), self.table.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            key = key_item.text().strip() if key_item else ""
            if key and not name:
                raise UserError(_("Row {row}: name the application").format(row=row + 1))
            if name:
                mapping[name] = key
        return mapping


class ShiftsEdit(TableEdit):
    """Shifts as a small table (name, start, end) instead of the 「白班=09:00-17:00; …」 text it is stored as."""

    def __init__(self, value: str, parent: QWidget | None = None) -> None:
        super().__init__([_("Shift"), _("Starts"), _("Ends")], parent)
        self.table.setToolTip(_("Times as HH:MM, for example 09:00; a shift ending at midnight ends at 24:00"))
        self.set_value(value)

    def set_value(self, value: str) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        try:
            shifts = parse_shifts(value)
        except UserError:
            shifts = []
        for name, start, end in shifts:
            self._add_row(name, f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}")
        self.table.blockSignals(False)

    def value(self) -> str:
        """The rows in the stored syntax; UserError names the row that is wrong."""
        parts = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(3)]
            name, start, end = ((cell.text().strip() if cell is not None else "") for cell in cells)
            if not (name or start or end):
                continue
            if not name or any(ch in name for ch in "=;"):
                raise UserError(_("Row {row}: name the shift (without = or ;)").format(row=row + 1))
            part = f"{name}={start.replace('：', ':')}-{end.replace('：', ':')}"
            try:
                parse_shifts(part)
            except UserError:
                raise UserError(_("Row {row}: times as HH:MM, for example 09:00 to 17:00").format(
                    row=row + 1)) from None
            parts.append(part)
        return "; ".join(parts)


class CollapsibleSection(QWidget):
    """A titled section that starts folded: settings most agents never need stay out of the way."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(self)
        self.toggle.setText(title)
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.body = QWidget(self)
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(12, 0, 0, 0)
        self.column.setSpacing(4)
        self.body.setVisible(False)
        self.toggle.toggled.connect(self.set_expanded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)
        self.body.setVisible(expanded)


def presets_text() -> str:
    """The chat clients DeskAssist already knows (paste key and pauses set for them), one per line."""
    programs: dict[str, list[str]] = {}
    for program, preset in PROGRAM_PRESETS.items():
        programs.setdefault(preset.label, []).append(program)
    return "\n".join(_("{client}: {programs}").format(client=label, programs=", ".join(names))
                     for label, names in programs.items())


class OptionField:
    """One option's editor widget, its current (raw) value and its inline error label."""

    def __init__(self, opt: Option, value: Any, dialog: SettingsDialog) -> None:
        self.option = opt
        self.initial = value
        self.error = QLabel(dialog)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.widget: QWidget = self._make_widget(value, dialog)

    def _make_widget(self, value: Any, dialog: SettingsDialog) -> QWidget:
        opt = self.option
        if opt.type == "bool":
            box = QCheckBox(dialog)
            box.setChecked(bool(value))
            box.toggled.connect(lambda _checked: dialog.recheck(self))
            return box
        if opt.type == "int":
            spin = IntSettingSpin(opt, dialog)
            spin.setValue(int(value))
            spin.lineEdit().textChanged.connect(lambda _text: dialog.recheck(self))
            return spin
        if opt.type == "choice":
            combo = QComboBox(dialog)
            for choice in opt.choices:
                combo.addItem(_(CHOICE_LABELS.get(choice, choice)), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(lambda _i: dialog.recheck(self))
            return combo
        if opt.type in ("hotkey", "keys"):
            edit = HotkeyCaptureEdit(
                value, dialog,
                validator=partial(checked, opt),
                allow_modifiers_only=opt.type == "keys",
                allow_empty=opt.type == "hotkey",
            )
            if opt.type == "hotkey":
                edit.set_conflict_check(lambda text: dialog.hotkey_conflict(self, text))
            edit.hotkey_changed.connect(lambda _text: dialog.validate_all_hotkeys())
            edit.refused.connect(lambda message: self.show_error(message))
            edit.capturing_changed.connect(dialog.hotkey_capture_active)
            return edit
        if opt.type == "mapping":
            return MappingEdit(dict(value), dialog)
        if opt.type == "shifts":
            shifts = ShiftsEdit(str(value), dialog)
            shifts.changed.connect(lambda: dialog.recheck(self))
            return shifts
        line = QLineEdit(dialog)
        line.setText(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        line.textChanged.connect(lambda _text: dialog.recheck(self))
        return line

    def set_value(self, value: Any) -> None:
        """Show a stored value (after a restore) and clear the message."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, IntSettingSpin):
            widget.setValue(int(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, HotkeyCaptureEdit):
            widget.setHotkey(value)
        elif isinstance(widget, MappingEdit):
            widget.set_value(dict(value))
        elif isinstance(widget, ShiftsEdit):
            widget.set_value(str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        self.initial = value
        self.show_error("")

    def raw_value(self) -> Any:
        """What the user entered, before validation (spin box text as typed)."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, IntSettingSpin):
            return widget.cleanText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, HotkeyCaptureEdit):
            return widget.hotkey()
        if isinstance(widget, (MappingEdit, ShiftsEdit)):
            return widget.value()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class SettingsDialog(QDialog):
    """Edit every option; OK saves the changed ones, Cancel leaves everything as it was.

    session (optional) gives the data folder for "Back up now" / "Restore…" on the Backups tab.
    """

    # True while a key field has focus; the app should pause its global hotkeys meanwhile (X11 grabs).
    hotkey_capture_active = Signal(bool)
    # A backup was restored into the open database (the change feed already told every cache and view).
    restored = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None, session: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session = session
        self.setWindowTitle(_("DeskAssist settings"))
        self.fields: dict[str, OptionField] = {}
        self.tabs = QTabWidget(self)
        pages: dict[str, QVBoxLayout] = {}
        for title in [t for t, _prefixes in GROUPS] + [OTHER_GROUP]:
            members = [o for o in OPTIONS if group_of(o) == title]
            if not members:
                continue
            page = QWidget()
            column = QVBoxLayout(page)
            column.setSpacing(4)
            pages[title] = column
            scroll = QScrollArea(self.tabs)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, _(title))
            advanced: CollapsibleSection | None = None
            if title == "Paste":
                self._add_presets(column)
                advanced = CollapsibleSection(_("Advanced: timings and keys per program"), page)
                self.paste_advanced = advanced
            for opt in members:
                is_advanced = advanced is not None and (opt.type in ("int", "mapping"))
                self._add_field(advanced.column if advanced is not None and is_advanced else column, opt)
            if advanced is not None:
                column.addWidget(advanced)
        if self.session is not None and "Backups" in pages:
            self._add_backup_buttons(pages["Backups"])
        for column in pages.values():
            column.addStretch(1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(760, 600)

    def _add_presets(self, column: QVBoxLayout) -> None:
        """The chat clients whose paste key and pauses are already set, so the agent need not tune them."""
        title = QLabel(_("Chat clients set up already"), self)
        title.setStyleSheet("font-weight: bold")
        self.presets_label = QLabel(presets_text(), self)
        self.presets_label.setWordWrap(True)
        self.presets_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(title)
        column.addWidget(self.presets_label)

    def _add_field(self, column: QVBoxLayout, opt: Option) -> None:
        """The option's description above its widget (a check box carries it as its own text)."""
        field = OptionField(opt, self.settings.get(opt.key), self)
        self.fields[opt.key] = field
        field.widget.setToolTip(field.widget.toolTip() or opt.key)
        if isinstance(field.widget, QCheckBox):
            field.widget.setText(_(opt.description))
            column.addSpacing(6)
        else:
            # the shifts table needs no syntax; the description (also the CLI's) explains the stored text
            text = _("Shifts: name, start and end (HH:MM)") if opt.type == "shifts" else _(opt.description)
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setBuddy(field.widget)
            column.addSpacing(8)
            column.addWidget(label)
            if isinstance(field.widget, (IntSettingSpin, HotkeyCaptureEdit, QComboBox)):
                field.widget.setMaximumWidth(320)
        column.addWidget(field.widget)
        if opt.key == "ui.language":
            note = QLabel(_("A new language shows after DeskAssist restarts"), self)
            note.setEnabled(False)
            column.addWidget(note)
        column.addWidget(field.error)

    # -- validation --------------------------------------------------------------------------------------

    def field(self, key: str) -> OptionField:
        return self.fields[key]

    def validate_field(self, field: OptionField) -> Any:
        """Coerce one field; shows or clears its message. Returns the value, or raises UserError."""
        try:
            value = checked(field.option, field.raw_value())
        except UserError as exc:
            field.show_error(str(exc))
            advanced = getattr(self, "paste_advanced", None)
            if advanced is not None and advanced.body.isAncestorOf(field.widget):
                advanced.set_expanded(True)  # a folded section never hides a message
            raise
        if field.option.type == "hotkey":
            message = self.hotkey_conflict(field, value)
            if message:
                field.show_error(message)
                raise UserError(message)
        field.show_error("")
        return value

    def recheck(self, field: OptionField) -> None:
        """After an edit: refresh the field's message (slots must not raise)."""
        with contextlib.suppress(UserError):
            self.validate_field(field)

    def validate_all_hotkeys(self) -> None:
        """Refresh every key field's message (a change in one may settle or create a conflict)."""
        for field in self.fields.values():
            if field.option.type in ("hotkey", "keys"):
                with contextlib.suppress(UserError):
                    self.validate_field(field)

    def hotkey_conflict(self, field: OptionField, text: str) -> str | None:
        """A message naming the action that already uses `text`, or None."""
        if not text:
            return None
        for other in self.fields.values():
            if other is field or other.option.type != "hotkey":
                continue
            if self._same_combo(other.raw_value(), text):
                return _("{combo} is already used for: {action}").format(
                    combo=text, action=_(other.option.description))
        slots = self.fields.get("hotkeys.slot_modifiers")
        if slots is not None:
            try:
                combo = parse_combo(text)
                slot_mods = str(coerce(slots.option, slots.raw_value()))
            except UserError:
                return None
            if combo.key in "123456789" and len(combo.key) == 1 and "+".join(combo.modifiers) == slot_mods:
                return _("{combo} is already used for: {action}").format(combo=text, action=_(SLOTS_ACTION))
        return None

    @staticmethod
    def _same_combo(a: str, b: str) -> bool:
        if not a or not b:
            return False
        try:
            return parse_combo(a) == parse_combo(b)
        except UserError:
            return a == b

    def changed_values(self) -> dict[str, Any]:
        """Every valid changed value; raises UserError (after marking every bad field) when any is bad."""
        values: dict[str, Any] = {}
        first_bad: OptionField | None = None
        for key, field in self.fields.items():
            try:
                value = self.validate_field(field)
            except UserError:
                first_bad = first_bad or field
                continue
            if value != self.settings.get(key):
                values[key] = value
        if first_bad is not None:
            self.tabs.setCurrentIndex(next(i for i in range(self.tabs.count())
                                           if (page := self.tabs.widget(i)) and page.isAncestorOf(first_bad.widget)))
            first_bad.widget.setFocus()
            raise UserError(_("Please correct the marked settings"))
        return values

    def accept(self) -> None:
        try:
            values = self.changed_values()
        except UserError as exc:
            self._show_status(str(exc), error=True)
            return
        for key, value in values.items():
            try:
                self.settings.set(key, value)
            except UserError as exc:
                self.fields[key].show_error(str(exc))
                self._show_status(_("Please correct the marked settings"), error=True)
                return
        log.event(log.get("ui"), "settings_saved", changed=len(values))
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        """Opened (again) from the tray: show what is stored now, not edits left from a cancelled visit."""
        if not event.spontaneous():
            for key, field in self.fields.items():
                field.set_value(self.settings.get(key))
            self._show_status("")
        super().showEvent(event)

    def show_stored_values(self) -> None:
        """Settings changed elsewhere while the dialog is open (`deskassist config set`, a restore): a field
        the user has not touched shows the new value, so OK never writes back the old one; an edited field
        keeps the user's edit."""
        for key, field in self.fields.items():
            stored = self.settings.get(key)
            if stored == field.initial:
                continue
            try:
                untouched = checked(field.option, field.raw_value()) == field.initial
            except UserError:
                untouched = False
            if untouched:
                field.set_value(stored)

    def _show_status(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet(_ERROR_STYLE if error else "")
        self.status.setText(message)

    # -- backups -----------------------------------------------------------------------------------------

    def _add_backup_buttons(self, column: QVBoxLayout) -> None:
        self.backup_button = QPushButton(_("Back up now"), self)
        self.restore_button = QPushButton(_("Restore…"), self)
        self.backup_button.clicked.connect(self._back_up_now)
        self.restore_button.clicked.connect(self._restore)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        column.addSpacing(12)
        column.addLayout(row)

    def _back_up_now(self) -> None:
        from deskassist.services import backup

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = backup.backup(self.session)
        except UserError as exc:
            self._show_status(str(exc), error=True)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._show_status(_("Backed up to {path}").format(path=path))

    def _restore(self) -> None:
        from deskassist.services import backup

        folder = paths.backup_dir(Path(self.session.data_dir))
        chosen = file_dialogs.open_file(self, _("Restore a backup"),
                                        _("DeskAssist backups (*.db);;All files (*)"),
                                        start=folder if folder.is_dir() else None)
        if chosen is None:
            return
        name = str(chosen)
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace the current phrases, customers and notes with this backup? "
              "The current database is backed up first."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = backup.restore(self.session, Path(name))
        except UserError as exc:
            self._show_status(str(exc), error=True)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for key, field in self.fields.items():
            field.set_value(self.settings.get(key))
        self._show_status(_("Restored from {path}; the data as it was is kept in {copy}").format(
            path=name, copy=result.safety_copy))
        self.restored.emit()
