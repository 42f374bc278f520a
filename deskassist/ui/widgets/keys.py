"""Hotkeys as the user reads them. Menus show shortcuts through Qt's own (translated) wording, 「Ctrl+Alt+空格」
in Chinese; every other text naming a hotkey goes through here so that the tray, the tool tip, the about window
and the first-run setup all say the same."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def combo_text(combo: str) -> str:
    """`Ctrl+Alt+Space` in the UI language, as a menu shows it; a partial combo (`Ctrl+Alt` before 1…9) or one
    Qt cannot parse stays as written."""
    sequence = QKeySequence(combo)
    if sequence.isEmpty():
        return combo
    return sequence.toString(QKeySequence.SequenceFormat.NativeText) or combo


def modifiers_text(modifiers: str) -> str:
    """`Ctrl+Alt` (the pinned slots' modifiers) in the UI language."""
    shown = combo_text(f"{modifiers}+A")
    return shown[:-2] if shown.endswith("+A") else modifiers
