"""A hotkey typed with the Chinese input method in full-width mode (Ｃｔｒｌ＋Ａｌｔ＋Ｑ) is the same hotkey:
stored as Ctrl+Alt+Q, so that X11 and Windows can grab it, instead of failing at every start."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.core.keys import KeyCombo, check_global_hotkey, parse_combo
from deskassist.settings import Settings


@pytest.mark.parametrize("text", ["Ｃｔｒｌ＋Ａｌｔ＋Ｑ", "Ctrl+Alt+Ｑ", "ｃｔｒｌ ＋ ａｌｔ ＋ ｑ", "Ctrl+Alt+q"])
def test_full_width_letters_and_plus_are_the_ascii_combo(text: str) -> None:
    assert parse_combo(text) == KeyCombo(("Ctrl", "Alt"), "Q")
    assert str(check_global_hotkey(text)) == "Ctrl+Alt+Q"


def test_full_width_digit_slot_and_space() -> None:
    assert parse_combo("Ctrl+Alt+１") == KeyCombo(("Ctrl", "Alt"), "1")
    assert parse_combo("Ｃｔｒｌ＋Ａｌｔ＋Ｓｐａｃｅ") == KeyCombo(("Ctrl", "Alt"), "Space")


def test_the_setting_stores_the_ascii_spelling(empty_session) -> None:
    settings: Settings = empty_session.settings
    assert settings.set("hotkeys.suggest", "Ctrl+Alt+Ｑ") == "Ctrl+Alt+Q"
    with pytest.raises(UserError):
        settings.set("hotkeys.suggest", "Ctrl+Alt+＋")
