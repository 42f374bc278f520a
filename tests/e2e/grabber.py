"""Another X client that grabs one key combination first (argv[1], e.g. "Ctrl+Alt+2") and holds it.

Prints {"event": "grabbed"} once the grab is in place, then waits until it is killed.
"""

from __future__ import annotations

import json
import sys
import time

from Xlib import XK, X, display, error

MASKS = {"ctrl": X.ControlMask, "alt": X.Mod1Mask, "shift": X.ShiftMask, "meta": X.Mod4Mask}


def main() -> int:
    *mods, key = sys.argv[1].lower().split("+")
    disp = display.Display()
    root = disp.screen().root
    keysym = XK.string_to_keysym({"space": "space"}.get(key, key))
    keycode = disp.keysym_to_keycode(keysym)
    mask = 0
    for mod in mods:
        mask |= MASKS[mod]
    catch = error.CatchError(error.BadAccess)
    for extra in (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask):
        root.grab_key(keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
    disp.sync()
    if catch.get_error():
        print(json.dumps({"event": "failed"}), flush=True)
        return 1
    print(json.dumps({"event": "grabbed", "keycode": keycode}), flush=True)
    while True:
        while disp.pending_events():
            disp.next_event()
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
