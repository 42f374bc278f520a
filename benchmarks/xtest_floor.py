"""The floor for hotkey -> text: the least an X11 tool can do, in one python-xlib process.

`python benchmarks/xtest_floor.py TEXT` (DISPLAY set): grabs Ctrl+Alt+1 on the root window; on the press it
ends the keyboard grab, takes the CLIPBOARD with TEXT, lets go of the held Ctrl and Alt (else the target
sees Ctrl+Alt+V) and presses Ctrl+V with XTest, then serves the target's selection requests. No backup,
no restore, no focus check, no database: what is left is X itself. Prints {"event": "ready"} on stdout.
Used by benchmarks/side_by_side.py as the "floor" column.
"""

from __future__ import annotations

import json
import sys

from Xlib import XK, X, Xatom
from Xlib import display as xdisplay
from Xlib.ext import xtest
from Xlib.protocol import event as xevent


def grab_slot(disp: xdisplay.Display) -> dict[str, int]:
    """Grab Ctrl+Alt+1 on the root window (with any lock state); the keycodes the floor presses."""
    code = {name: disp.keysym_to_keycode(XK.string_to_keysym(name)) for name in ("Control_L", "Alt_L", "v", "1")}
    for lock in (0, X.LockMask, X.Mod2Mask, X.LockMask | X.Mod2Mask):
        disp.screen().root.grab_key(code["1"], X.ControlMask | X.Mod1Mask | lock, False, X.GrabModeAsync,
                                    X.GrabModeAsync)
    disp.sync()
    return code


def send_ctrl_v(disp: xdisplay.Display, code: dict[str, int]) -> None:
    """Let go of the held Ctrl and Alt (else the target sees Ctrl+Alt+V), then Ctrl+V by XTest."""
    xtest.fake_input(disp, X.KeyRelease, code["Alt_L"])
    xtest.fake_input(disp, X.KeyRelease, code["Control_L"])
    xtest.fake_input(disp, X.KeyPress, code["Control_L"])
    xtest.fake_input(disp, X.KeyPress, code["v"])
    xtest.fake_input(disp, X.KeyRelease, code["v"])
    xtest.fake_input(disp, X.KeyRelease, code["Control_L"])
    disp.flush()


def main() -> int:
    text = sys.argv[1].encode("utf-8")
    disp = xdisplay.Display()
    root = disp.screen().root
    owner = root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
    atom = disp.intern_atom
    clipboard, targets, utf8 = atom("CLIPBOARD"), atom("TARGETS"), atom("UTF8_STRING")
    text_targets = {utf8, atom("text/plain;charset=utf-8"), atom("TEXT"), atom("text/plain")}
    code = grab_slot(disp)
    sys.stdout.write(json.dumps({"event": "ready"}) + "\n")
    sys.stdout.flush()
    while True:
        ev = disp.next_event()
        if ev.type == X.KeyPress and ev.detail == code["1"]:
            disp.ungrab_keyboard(X.CurrentTime)
            owner.set_selection_owner(clipboard, ev.time)
            send_ctrl_v(disp, code)
        elif ev.type == X.SelectionRequest:
            prop = ev.property or ev.target
            requestor = ev.requestor
            if ev.target == targets:
                requestor.change_property(prop, Xatom.ATOM, 32, [targets, *text_targets])
            elif ev.target in text_targets:
                requestor.change_property(prop, ev.target if ev.target != atom("TEXT") else utf8, 8, text)
            else:
                prop = X.NONE
            reply = xevent.SelectionNotify(time=ev.time, requestor=requestor, selection=ev.selection,
                                           target=ev.target, property=prop)
            requestor.send_event(reply)
            disp.flush()


if __name__ == "__main__":
    sys.exit(main())
