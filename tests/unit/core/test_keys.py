"""Key combinations as text: parsing, canonical spelling, and which combos may be global hotkeys."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.core.keys import KeyCombo, canonical_modifier, check_global_hotkey, parse_combo
from deskassist.i18n import set_language


@pytest.mark.parametrize(("text", "canonical"), [
    ("ctrl+alt+space", "Ctrl+Alt+Space"),
    ("Alt + Ctrl + SPACE", "Ctrl+Alt+Space"),
    ("control+v", "Ctrl+V"),
    ("win+shift+a", "Shift+Meta+A"),
    ("super+1", "Meta+1"),
    ("cmd+alt+p", "Alt+Meta+P"),
    ("shift+insert", "Shift+Insert"),
    ("ctrl+return", "Ctrl+Enter"),
    ("escape", "Esc"),
    ("f5", "F5"),
    ("ctrl+pageup", "Ctrl+PageUp"),
    ("ctrl+ctrl+b", "Ctrl+B"),
    ("enter", "Enter"),
])
def test_parse_and_canonical_spelling(text: str, canonical: str) -> None:
    assert str(parse_combo(text)) == canonical


def test_parse_gives_modifiers_in_canonical_order() -> None:
    assert parse_combo("meta+shift+alt+ctrl+x") == KeyCombo(("Ctrl", "Alt", "Shift", "Meta"), "X")


@pytest.mark.parametrize(("text", "message"), [
    ("", "Not a key combination: "),
    ("   ", "Not a key combination:    "),
    ("ctrl+", "Not a key combination: ctrl+"),
    ("ctrl++v", "Not a key combination: ctrl++v"),
    ("hyper+v", "Unknown modifier key hyper in hyper+v"),
    ("ctrl+alt", "A key combination must end with a key that is not a modifier: ctrl+alt"),
    ("ctrl+f13", "Unknown key f13 in ctrl+f13"),
    ("ctrl+vv", "Unknown key vv in ctrl+vv"),
])
def test_malformed_combos_are_user_errors(text: str, message: str) -> None:
    with pytest.raises(UserError) as error:
        parse_combo(text)
    assert str(error.value) == message


def test_canonical_modifier() -> None:
    assert [canonical_modifier(n) for n in ("control", " WIN ", "super", "cmd", "Alt", "shift", "v")] == [
        "Ctrl", "Meta", "Meta", "Meta", "Alt", "Shift", None]


@pytest.mark.parametrize("text", ["Ctrl+Alt+Space", "ctrl+alt+p", "alt+1", "win+j", "ctrl+shift+v", "Ctrl+F9"])
def test_fit_global_hotkeys(text: str) -> None:
    assert check_global_hotkey(text) == parse_combo(text)


@pytest.mark.parametrize(("text", "message"), [
    ("shift+a", "A global hotkey needs Ctrl, Alt or Win: shift+a"),
    ("f1", "A global hotkey needs Ctrl, Alt or Win: f1"),
    ("ctrl+space", "Ctrl+Space switches the Chinese input method; choose another hotkey"),
    ("ctrl+shift+,", "Ctrl+Shift belongs to the input method; choose another hotkey"),
    ("win+space", "Meta+Space belongs to the input method; choose another hotkey"),
    ("ctrl+.", "Ctrl+. belongs to the input method; choose another hotkey"),
])
def test_reserved_or_weak_global_hotkeys_are_refused(text: str, message: str) -> None:
    with pytest.raises(UserError) as error:
        check_global_hotkey(text)
    assert str(error.value) == message


def test_errors_in_chinese() -> None:
    set_language("zh_CN")
    try:
        with pytest.raises(UserError) as reserved:
            check_global_hotkey("ctrl+space")
        with pytest.raises(UserError) as ime:
            check_global_hotkey("win+space")
        with pytest.raises(UserError) as bad:
            parse_combo("ctrl+f13")
    finally:
        set_language("en")
    assert str(reserved.value) == "Ctrl+Space 用于切换中文输入法，请换一个快捷键"
    assert str(ime.value) == "Meta+Space 归输入法使用，请换一个快捷键"
    assert str(bad.value) == "ctrl+f13 中的按键 f13 无法识别"
