"""A field that records a key combination by pressing it (for hotkeys and paste keys).

Keys are caught in an event filter, never through keyPressEvent/keyReleaseEvent overrides (PySide6 6.12
leaks through those). Plain Tab and Esc pass through so the dialog stays keyboard-navigable; plain
Backspace or Delete clears the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from deskassist.core.errors import UserError
from deskassist.core.keys import check_global_hotkey
from deskassist.i18n import _

_MODIFIER_KEYS: dict[int, str] = {  # event.key() is an int; Qt.Key is an IntEnum
    Qt.Key.Key_Control: "Ctrl", Qt.Key.Key_Alt: "Alt", Qt.Key.Key_AltGr: "Alt", Qt.Key.Key_Shift: "Shift",
    Qt.Key.Key_Meta: "Meta", Qt.Key.Key_Super_L: "Meta", Qt.Key.Key_Super_R: "Meta",
}
_MODIFIER_FLAGS = (
    (Qt.KeyboardModifier.ControlModifier, "Ctrl"), (Qt.KeyboardModifier.AltModifier, "Alt"),
    (Qt.KeyboardModifier.ShiftModifier, "Shift"), (Qt.KeyboardModifier.MetaModifier, "Meta"),
)
_ORDER = ("Ctrl", "Alt", "Shift", "Meta")
_NAMED = {
    Qt.Key.Key_Space: "Space", Qt.Key.Key_Return: "Enter", Qt.Key.Key_Enter: "Enter", Qt.Key.Key_Tab: "Tab",
    Qt.Key.Key_Backtab: "Tab", Qt.Key.Key_Escape: "Esc", Qt.Key.Key_Insert: "Insert",
    Qt.Key.Key_Delete: "Delete", Qt.Key.Key_Home: "Home", Qt.Key.Key_End: "End",
    Qt.Key.Key_PageUp: "PageUp", Qt.Key.Key_PageDown: "PageDown", Qt.Key.Key_Up: "Up",
    Qt.Key.Key_Down: "Down", Qt.Key.Key_Left: "Left", Qt.Key.Key_Right: "Right",
    Qt.Key.Key_Backspace: "Backspace",
    **{getattr(Qt.Key, f"Key_F{n}"): f"F{n}" for n in range(1, 13)},
}


def key_name(key: int) -> str | None:
    """The core/keys.py spelling of a Qt key ("Space", "A", "1"), or None for keys we do not record."""
    try:
        key = Qt.Key(key)
    except ValueError:
        return None
    if key in _NAMED:
        return _NAMED[key]
    code = int(key.value)
    if 0x21 <= code <= 0x7E:
        return chr(code).upper()
    return None


def modifier_names(modifiers: Qt.KeyboardModifier) -> list[str]:
    return [name for flag, name in _MODIFIER_FLAGS if modifiers & flag]


class HotkeyCaptureEdit(QLineEdit):
    """Press a combination to record it; refused combinations leave the old value and emit `refused`.

    validator: turns the pressed text into the stored spelling or raises UserError (default: a global
    hotkey via check_global_hotkey). conflict_check: returns a message when another action holds the combo.
    allow_modifiers_only: record "Ctrl+Alt" when only modifiers were pressed and released (slot modifiers).
    allow_empty: plain Backspace/Delete clears the field (an empty hotkey is switched off).
    """

    hotkey_changed = Signal(str)
    refused = Signal(str)
    # True while the field has focus: the app pauses its global grabs, or X11 would deliver a grabbed
    # combination to the grab (opening the picker) instead of to this field.
    capturing_changed = Signal(bool)

    def __init__(self, value: str = "", parent: QWidget | None = None, *,
                 validator: Callable[[str], str] | None = None,
                 conflict_check: Callable[[str], str | None] | None = None,
                 allow_modifiers_only: bool = False, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self._value = value
        self._validator = validator or (lambda text: str(check_global_hotkey(text)))
        self._conflict_check = conflict_check
        self._allow_modifiers_only = allow_modifiers_only
        self._allow_empty = allow_empty
        self._held: set[str] = set()
        self._peak: set[str] = set()
        self._key_seen = False
        self.setReadOnly(True)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setPlaceholderText(_("Press a key combination"))
        self.setToolTip(_("Press the keys together to record them; Backspace clears"))
        self.setText(value)
        self.installEventFilter(self)

    def hotkey(self) -> str:
        return self._value

    def setHotkey(self, value: str) -> None:
        """Set the value without validation (it comes from the settings, already checked)."""
        self._value = value
        self.setText(value)

    def set_conflict_check(self, check: Callable[[str], str | None] | None) -> None:
        self._conflict_check = check

    # -- key capture -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self:
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            # Claim every combination while focused, so window shortcuts (Ctrl+S ...) do not steal it.
            if self._passes_through(event):  # type: ignore[arg-type]
                return False
            event.accept()
            return True
        if kind == QEvent.Type.KeyPress:
            return self._on_press(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyRelease:
            return self._on_release(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.FocusIn:
            self.capturing_changed.emit(True)
        elif kind == QEvent.Type.FocusOut:
            self._reset_capture()
            self.setText(self._value)
            self.capturing_changed.emit(False)
        return False

    @staticmethod
    def _passes_through(event: QKeyEvent) -> bool:
        plain = not modifier_names(event.modifiers()) or modifier_names(event.modifiers()) == ["Shift"]
        return plain and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape)

    def _on_press(self, event: QKeyEvent) -> bool:
        if self._passes_through(event):
            return False
        key = event.key()
        mods = set(modifier_names(event.modifiers()))
        if key in _MODIFIER_KEYS:
            self._held = mods | {_MODIFIER_KEYS[key]}
            self._peak |= self._held
            if not event.isAutoRepeat():
                self.setText("+".join(m for m in _ORDER if m in self._held) + "+…")
            return True
        if event.isAutoRepeat():
            return True
        self._key_seen = True
        if not mods and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            if self._allow_empty:
                self._accept("")
            else:
                self.refused.emit(_("This key is needed; press another combination"))
            return True
        name = key_name(key)
        if name is None:
            self.refused.emit(_("This key cannot be used in a shortcut"))
            self.setText(self._value)
            return True
        self._try("+".join([*(m for m in _ORDER if m in mods), name]))
        return True

    def _on_release(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key not in _MODIFIER_KEYS:
            return not self._passes_through(event)
        if event.isAutoRepeat():
            return True
        self._held = set(modifier_names(event.modifiers())) - {_MODIFIER_KEYS[key]}
        if not self._held:
            if not self._key_seen and self._allow_modifiers_only and self._peak:
                self._try("+".join(m for m in _ORDER if m in self._peak))
            else:
                self.setText(self._value)
            self._reset_capture()
        return True

    def _reset_capture(self) -> None:
        self._held, self._peak, self._key_seen = set(), set(), False

    def _try(self, text: str) -> None:
        try:
            value = self._validator(text)
        except UserError as exc:
            self.setText(self._value)
            self.refused.emit(str(exc))
            return
        message = self._conflict_check(value) if self._conflict_check else None
        if message:
            self.setText(self._value)
            self.refused.emit(message)
            return
        self._accept(value)

    def _accept(self, value: str) -> None:
        self.setText(value)
        if value != self._value:
            self._value = value
            self.hotkey_changed.emit(value)
