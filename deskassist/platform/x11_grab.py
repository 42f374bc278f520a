"""XGrabKey for the hotkeys with nothing but python-xlib loaded, so the app can hold its hotkeys ~100 ms after
it starts (before Qt and the UI are imported); X11HotkeySource adopts the connection and its grabs.

A passive grab belongs to the connection that made it: handing the connection over keeps every grab, and a
hotkey pressed meanwhile waits in that connection for the hotkey thread instead of reaching the chat window.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass, field

from Xlib import XK, X, error
from Xlib import display as xdisplay

from deskassist.core.keys import KeyCombo

_KEYSYM_NAMES = {"Space": "space", "Enter": "Return", "Esc": "Escape", "Tab": "Tab", "Insert": "Insert",
                 "Delete": "Delete", "Home": "Home", "End": "End", "PageUp": "Prior", "PageDown": "Next",
                 "Up": "Up", "Down": "Down", "Left": "Left", "Right": "Right", "Backspace": "BackSpace",
                 **{f"F{n}": f"F{n}" for n in range(1, 13)}}

Grab = tuple[int, int]
"""(keycode, modifier mask) of one hotkey, without the lock variants."""


_EXTENSIONS_LOCK = threading.Lock()


def open_display(name: str | None = None, extensions: Collection[str] = ()) -> xdisplay.Display:
    """A connection set up for the core protocol and only the named extensions (e.g. "XTEST", "XFIXES").

    Display() otherwise imports every extension module python-xlib knows and queries each one the server has:
    13 round trips on Xvfb (15-30 ms of a start-up) and some 20 modules kept in memory that DeskAssist never
    uses. python-xlib reads that list from a module global; the lock keeps two threads opening connections here
    from seeing each other's list (every DeskAssist connection is opened here)."""
    from Xlib import ext

    with _EXTENSIONS_LOCK:
        known = ext.__extensions__
        ext.__extensions__ = [entry for entry in known if entry[0] in extensions]
        try:
            return xdisplay.Display(name)
        finally:
            ext.__extensions__ = known


def keysym_for(key: str) -> int:
    """The X keysym of a KeyCombo key ("V", "1", "Space", "F5", ",")."""
    if key in _KEYSYM_NAMES:
        return XK.string_to_keysym(_KEYSYM_NAMES[key])
    if len(key) == 1 and 0x20 <= ord(key.lower()) <= 0x7E:
        return ord(key.lower())  # Latin-1 keysyms equal their character codes
    return XK.string_to_keysym(key)


def modifier_masks(disp: xdisplay.Display) -> dict[str, int]:
    """Masks of Ctrl/Shift/Alt/Meta and of NumLock, read from the server's modifier map."""
    masks = {"Ctrl": X.ControlMask, "Shift": X.ShiftMask, "Alt": X.Mod1Mask, "Meta": X.Mod4Mask,
             "NumLock": X.Mod2Mask}
    wanted = {"Alt": ("Alt_L", "Alt_R", "Meta_L"), "Meta": ("Super_L", "Super_R", "Hyper_L"),
              "NumLock": ("Num_Lock",)}
    mapping = disp.get_modifier_mapping()
    for name, keysyms in wanted.items():
        codes = {disp.keysym_to_keycode(XK.string_to_keysym(k)) for k in keysyms} - {0}
        for index in range(3, 8):  # Mod1 .. Mod5
            if codes & set(mapping[index]):
                masks[name] = 1 << index
                break
    return masks


def lock_variants(masks: dict[str, int]) -> tuple[int, ...]:
    """A grab holds only for the exact modifier state: CapsLock and NumLock on or off are four grabs."""
    lock, numlock = X.LockMask, masks["NumLock"]
    return (0, lock, numlock, lock | numlock)


def grab_for(disp: xdisplay.Display, masks: dict[str, int], combo: KeyCombo) -> Grab | None:
    """(keycode, mask) of combo; None when its key is not on this keyboard."""
    keycode = disp.keysym_to_keycode(keysym_for(combo.key))
    if not keycode:
        return None
    mask = 0
    for modifier in combo.modifiers:
        mask |= masks[modifier]
    return keycode, mask


@dataclass
class HeldHotkeys:
    """An open X connection holding hotkey grabs, for X11HotkeySource to adopt."""

    disp: xdisplay.Display
    masks: dict[str, int]
    grabs: dict[str, Grab] = field(default_factory=dict)
    """name -> grab, for those this connection holds (a combo another program holds is not here)."""


def grab_hotkeys(disp: xdisplay.Display, combos: dict[str, KeyCombo]) -> HeldHotkeys:
    """Grab every combo on the root window with one round trip; a combo another program holds (BadAccess), or a
    second name for the same keys, is left out (the app tries it again and reports it)."""
    root = disp.screen().root
    masks = modifier_masks(disp)
    variants = lock_variants(masks)
    held = HeldHotkeys(disp, masks)
    tried: dict[str, tuple[Grab, error.CatchError]] = {}
    for name, combo in combos.items():
        grab = grab_for(disp, masks, combo)
        if grab is None or any(grab == other for other, _catch in tried.values()):
            continue
        catch = error.CatchError(error.BadAccess)
        for variant in variants:
            root.grab_key(grab[0], grab[1] | variant, False, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
        tried[name] = (grab, catch)
    disp.sync()  # every grab is in force on the server now, or its error has come back
    refused = False
    for name, (grab, catch) in tried.items():
        if catch.get_error() is None:
            held.grabs[name] = grab
            continue
        refused = True  # a variant may have been granted: let go of all four
        for variant in variants:
            root.ungrab_key(grab[0], grab[1] | variant)
    if refused:
        disp.sync()
    return held
