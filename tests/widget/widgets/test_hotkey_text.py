"""Hotkeys named in texts read as the tray menu shows them, in the UI language."""

from __future__ import annotations

from deskassist.qt.translators import apply_language
from deskassist.ui.widgets.keys import combo_text, modifiers_text


def test_combos_in_chinese_and_english(qapp) -> None:
    apply_language("zh_CN")
    try:
        chinese = [combo_text(c) for c in ("Ctrl+Alt+Space", "Ctrl+Shift+Return", "Ctrl+Alt+P")]
        slots = modifiers_text("Ctrl+Alt")
    finally:
        apply_language("en")
    assert chinese == ["Ctrl+Alt+空格", "Ctrl+Shift+回车", "Ctrl+Alt+P"]
    assert slots == "Ctrl+Alt"
    assert combo_text("Ctrl+Alt+Space") == "Ctrl+Alt+Space"


def test_what_qt_cannot_read_stays_as_written(qapp) -> None:
    assert combo_text("") == ""
    assert combo_text("Ctrl+Alt") == "Ctrl+Alt"
    assert modifiers_text("Ctrl+Alt") == "Ctrl+Alt"
