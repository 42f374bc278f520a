"""Key combinations as Windows sees them: RegisterHotKey's flags and virtual keys, SendInput event lists.

Pure (no ctypes): what the backend sends is decided here and tested on Linux.
"""

from __future__ import annotations

from collections.abc import Iterable

from deskassist.core.keys import KeyCombo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.i18n import _

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x0001, 0x0002, 0x0004, 0x0008, 0x4000
_MOD_FLAGS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
VK_SHIFT, VK_CONTROL, VK_MENU = 0x10, 0x11, 0x12
VK_LSHIFT, VK_RSHIFT, VK_LCONTROL, VK_RCONTROL, VK_LMENU, VK_RMENU = 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5
VK_LWIN, VK_RWIN = 0x5B, 0x5C
VK_RETURN = 0x0D
VK_MENU_MASK = 0xE8
"""Unassigned virtual key (AutoHotkey's recommended #MenuMaskKey): tapped between a lone Alt/Win going down
and up, it tells Windows a combination was typed, so no menu bar or Start menu opens. Also a harmless input
that lets SetForegroundWindow through."""
_MODIFIER_DOWN_VKS = {"Ctrl": VK_LCONTROL, "Alt": VK_LMENU, "Shift": VK_LSHIFT, "Meta": VK_LWIN}
SIDED_MODIFIER_VKS = (VK_LSHIFT, VK_RSHIFT, VK_LCONTROL, VK_RCONTROL, VK_LMENU, VK_RMENU, VK_LWIN, VK_RWIN)
MODIFIER_VKS = (VK_SHIFT, VK_CONTROL, VK_MENU, *SIDED_MODIFIER_VKS)
MENU_OPENERS = {VK_LMENU, VK_RMENU, VK_LWIN, VK_RWIN}
MOUSE_VKS = {0x01, 0x02, 0x04, 0x05, 0x06}
_VK_NAMED = {"Space": 0x20, "Enter": 0x0D, "Esc": 0x1B, "Tab": 0x09, "Insert": 0x2D, "Delete": 0x2E,
             "Home": 0x24, "End": 0x23, "PageUp": 0x21, "PageDown": 0x22, "Up": 0x26, "Down": 0x28,
             "Left": 0x25, "Right": 0x27, "Backspace": 0x08, **{f"F{n}": 0x6F + n for n in range(1, 13)}}
_VK_PUNCTUATION = {";": 0xBA, "=": 0xBB, "+": 0xBB, ",": 0xBC, "-": 0xBD, ".": 0xBE, "/": 0xBF, "`": 0xC0,
                   "[": 0xDB, "\\": 0xDC, "]": 0xDD, "'": 0xDE}
EXTENDED_VKS = {0x2D, 0x2E, 0x24, 0x23, 0x21, 0x22, 0x26, 0x28, 0x25, 0x27, VK_RCONTROL, VK_RMENU,
                VK_LWIN, VK_RWIN}
"""Keys that need KEYEVENTF_EXTENDEDKEY: without it Insert arrives as numpad 0 when NumLock is off."""

KeyEvent = tuple[int, bool, bool]
"""(virtual key, up, extended), as win32.Win32Api.send_keys takes them."""


def key_code(key: str) -> int:
    """The virtual-key code of a non-modifier key name ("V", "Space", "F5", ",")."""
    if key in _VK_NAMED:
        return _VK_NAMED[key]
    if len(key) == 1 and key.isascii() and key.isalnum():
        return ord(key.upper())
    if key in _VK_PUNCTUATION:
        return _VK_PUNCTUATION[key]
    raise HotkeyUnavailable(_("The key {key} is not on this keyboard").format(key=key))


def hotkey_code(combo: KeyCombo) -> tuple[int, int]:
    """(modifier flags, virtual key) for RegisterHotKey; MOD_NOREPEAT so a held key fires once."""
    flags = MOD_NOREPEAT
    for modifier in combo.modifiers:
        flags |= _MOD_FLAGS[modifier]
    return flags, key_code(combo.key)


def _event(vk: int, up: bool) -> KeyEvent:
    return vk, up, vk in EXTENDED_VKS


def combo_events(combo: KeyCombo) -> list[KeyEvent]:
    """Modifiers down, key down and up, modifiers up in reverse: one SendInput batch."""
    mods = [_MODIFIER_DOWN_VKS[m] for m in combo.modifiers]
    vk = key_code(combo.key)
    return ([_event(m, False) for m in mods] + [_event(vk, False), _event(vk, True)]
            + [_event(m, True) for m in reversed(mods)])


def release_events(held: Iterable[int]) -> list[KeyEvent]:
    """Key-ups for the modifiers still down, masked: if Alt or Win is among them, the menu-mask key is
    tapped first, so their key-up does not open the window's menu bar or the Start menu."""
    held = [vk for vk in held if vk in SIDED_MODIFIER_VKS]
    if not held:
        return []
    events = []
    if MENU_OPENERS.intersection(held):
        events += [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False)]
    return events + [_event(vk, True) for vk in held]


def mask_tap() -> list[KeyEvent]:
    """The menu-mask key down and up: an input event that changes nothing in any program."""
    return [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False)]
