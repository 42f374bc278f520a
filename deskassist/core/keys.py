"""Key combinations as text ("Ctrl+Alt+Space"): parsing and normalising, shared by hotkeys and paste keys."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from deskassist.core.errors import UserError
from deskassist.i18n import _

MODIFIERS = ("Ctrl", "Alt", "Shift", "Meta")
_MOD_ALIASES = {"ctrl": "Ctrl", "control": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta",
                "win": "Meta", "super": "Meta", "cmd": "Meta"}
NAMED_KEYS = ("Space", "Enter", "Return", "Tab", "Esc", "Escape", "Insert", "Delete", "Home", "End",
              "PageUp", "PageDown", "Up", "Down", "Left", "Right", "Backspace",
              *(f"F{n}" for n in range(1, 13)))


@dataclass(frozen=True)
class KeyCombo:
    """Modifiers in canonical order plus one key ("V", "Space", "1", "F5")."""

    modifiers: tuple[str, ...]
    key: str

    def __str__(self) -> str:
        return "+".join((*self.modifiers, self.key))


def parse_combo(text: str) -> KeyCombo:
    """Parse "ctrl+alt+space" into KeyCombo(("Ctrl", "Alt"), "Space"); raises UserError when malformed."""
    text = unicodedata.normalize("NFKC", text)  # full-width Ｃｔｒｌ＋Ｑ, as a Chinese input method types it
    parts = [p.strip() for p in text.replace(" ", "").split("+")]
    if not text.strip() or any(not p for p in parts):
        raise UserError(_("Not a key combination: {text}").format(text=text))
    *mods, key = parts
    modifiers = []
    for mod in mods:
        canonical = _MOD_ALIASES.get(mod.lower())
        if canonical is None:
            raise UserError(_("Unknown modifier key {key} in {text}").format(key=mod, text=text))
        modifiers.append(canonical)
    if key.lower() in _MOD_ALIASES:
        raise UserError(_("A key combination must end with a key that is not a modifier: {text}").format(text=text))
    named = {k.lower(): k for k in NAMED_KEYS}
    if key.lower() in named:
        key = {"Return": "Enter", "Escape": "Esc"}.get(named[key.lower()], named[key.lower()])
    elif len(key) == 1 and key.isprintable():
        key = key.upper()
    else:
        raise UserError(_("Unknown key {key} in {text}").format(key=key, text=text))
    ordered = tuple(m for m in MODIFIERS if m in modifiers)
    return KeyCombo(ordered, key)


def canonical_modifier(name: str) -> str | None:
    """"control", "win", "super" ... -> "Ctrl", "Meta" ...; None when name is not a modifier key."""
    return _MOD_ALIASES.get(name.strip().lower())


# Win+Space switches the Windows input method; Ctrl+. toggles Chinese/English punctuation in pinyin IMEs
_IME_COMBOS = {(("Meta",), "Space"), (("Ctrl",), ".")}


def check_global_hotkey(text: str) -> KeyCombo:
    """A combo fit for a global hotkey: at least Ctrl or Alt or Meta, not one an input method owns."""
    combo = parse_combo(text)
    if not set(combo.modifiers) & {"Ctrl", "Alt", "Meta"}:
        raise UserError(_("A global hotkey needs Ctrl, Alt or Win: {text}").format(text=text))
    if combo.modifiers == ("Ctrl",) and combo.key == "Space":
        raise UserError(_("Ctrl+Space switches the Chinese input method; choose another hotkey"))
    if combo.modifiers == ("Ctrl", "Shift") and len(combo.key) == 1 and not combo.key.isalnum():
        raise UserError(_("Ctrl+Shift belongs to the input method; choose another hotkey"))
    if (combo.modifiers, combo.key) in _IME_COMBOS:
        raise UserError(_("{combo} belongs to the input method; choose another hotkey").format(combo=combo))
    return combo
