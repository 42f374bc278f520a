"""Linux/X11 backends through python-xlib: XGrabKey hotkeys, XTest keys, input focus, keymap, XDG autostart.

The hotkey source owns its own X connection on its own thread (python-xlib connections are not shared
between threads); everything else shares one connection used from the Qt main thread. After the picker's
hotkey it keeps the keyboard grab X started with the press (as rofi does) and holds the keys typed until the
picker has the focus, so none of them reaches the chat window meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from Xlib import XK, X, Xatom, error
from Xlib import display as xdisplay
from Xlib.ext import xfixes, xtest
from Xlib.protocol import event as xevent

from deskassist import log
from deskassist.core.keys import KeyCombo
from deskassist.core.placement import Rect
from deskassist.core.ports import HeldKey, HotkeyUnavailable, WindowHandle
from deskassist.i18n import _
from deskassist.platform.x11_grab import (
    Grab,
    HeldHotkeys,
    grab_for,
    keysym_for,
    lock_variants,
    modifier_masks,
    open_display,
)

FOCUS_GIVEN_FRESH_S = 0.05
"""has_focus() right after activate() (the paste's own check) needs no second round trip within this time."""

_log = log.get("hotkey")

MANAGED_REMEMBERED = 8
KEYMAP_FRESH_S = 0.005
"""A keymap read this recent answers release_modifiers() too (read in the same paste step)."""
_MODIFIER_KEYSYMS = {"Ctrl": "Control_L", "Alt": "Alt_L", "Shift": "Shift_L", "Meta": "Super_L"}
XK.load_keysym_group("xkb")  # ISO_Left_Tab, ISO_Level3_Shift
_MODIFIER_KEYSYMS_HELD = frozenset(XK.string_to_keysym(name) for name in (
    "Shift_L", "Shift_R", "Control_L", "Control_R", "Alt_L", "Alt_R", "Meta_L", "Meta_R", "Super_L", "Super_R",
    "Hyper_L", "Hyper_R", "ISO_Level3_Shift", "Caps_Lock", "Num_Lock", "Mode_switch"))
_HELD_KEY_NAMES = {XK.string_to_keysym(name): name for name in (
    "Return", "KP_Enter", "Escape", "BackSpace", "Delete", "Tab", "ISO_Left_Tab", "Up", "Down", "Left", "Right",
    "Prior", "Next", "Home", "End")}
"""Keys without text that the picker handles, by the names HeldKey carries."""
HOLD_LIMIT_S = 1.0
"""The longest the keyboard is held for a window that never becomes active: then it is let go."""


def keys_down(keymap: Sequence[int]) -> set[int]:
    """Keycodes down in a QueryKeymap reply (32 bytes, one bit per keycode)."""
    return {index * 8 + bit for index, byte in enumerate(keymap) if byte for bit in range(8) if byte >> bit & 1}


class PressKeymap:
    """The keymap the hotkey thread reads right after handing a press over, while the UI thread wakes up and
    puts the text on the clipboard: the paste then finds the keys it must wait for or release already read,
    instead of waiting for its own round trip just before the paste key (0.2 ms there).

    One read per press, taken once (a later paste reads its own), and only while fresh: a read sent more than
    KEYMAP_FRESH_S ago says too little about now."""

    def __init__(self) -> None:
        self._latest: tuple[float, threading.Event, list[set[int] | None]] | None = None
        self.fresh_s = KEYMAP_FRESH_S

    def reading(self) -> Callable[[set[int] | None], None]:
        """Hotkey thread, before its read is sent: the call that publishes what it read (None: it failed)."""
        done = threading.Event()
        result: list[set[int] | None] = [None]
        self._latest = (time.monotonic(), done, result)

        def publish(down: set[int] | None) -> None:
            result[0] = down
            done.set()

        return publish

    def take(self) -> tuple[float, set[int]] | None:
        """UI thread: when the last press's read was sent and the keys down then, if that was within
        KEYMAP_FRESH_S (waiting for a reply still on its way at most that long); None: read it yourself."""
        latest, self._latest = self._latest, None
        if latest is None:
            return None
        sent, done, result = latest
        left = sent + self.fresh_s - time.monotonic()
        if left <= 0 or not done.wait(left) or result[0] is None:
            return None
        return sent, result[0]


class _PackedRequest:
    """A request whose bytes were packed before (python-xlib's protocol display sends `_binary` and numbers it
    in `_serial`; one that expects no reply is not kept, so an error for it goes to the default handler, as for
    xtest.fake_input)."""

    __slots__ = ("_binary", "_serial")

    def __init__(self, binary: bytes) -> None:
        self._binary = binary
        self._serial: int | None = None


def _keycode(disp: xdisplay.Display, key: str) -> int:
    code = disp.keysym_to_keycode(keysym_for(key))
    if not code:
        raise HotkeyUnavailable(_("The key {key} is not on this keyboard").format(key=key))
    return code


class X11HotkeySource:
    """Global hotkeys with XGrabKey on the root window; NumLock/CapsLock variants are grabbed too.

    `adopt`: the connection the early start grabbed the hotkeys on (platform/x11_grab.py). Its grabs stay in
    force: registering the same combo under the same name keeps the grab, presses made during start-up are
    delivered once the thread runs, and release_unclaimed() lets go of those the app did not register.
    """

    def __init__(self, display_name: str | None = None, adopt: HeldHotkeys | None = None) -> None:
        self._display_name = display_name
        self._adopt = adopt
        self._unclaimed: set[str] = set(adopt.grabs) if adopt else set()
        self._kept = 0  # adopted grabs the app registered again (kept as they were)
        self._callback: Callable[[str], None] | None = None
        self._commands: queue.Queue[tuple[Callable[[], Any], Future]] = queue.Queue()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._grabs: dict[str, Grab] = {}  # name -> (keycode, mask)
        self._by_key: dict[Grab, str] = {}
        self._disp: xdisplay.Display | None = None
        self._ready = threading.Event()
        self._start_error: BaseException | None = None
        self._keycodes: frozenset[int] = frozenset()
        self._hold_names: frozenset[str] = frozenset()
        self._holding_until: float | None = None  # monotonic deadline while the keyboard is held
        self._held: list[HeldKey] = []
        self._on_focused: Callable[[int], None] | None = None
        self._watched: set[int] = set()
        self.press_keymap = PressKeymap()
        """Read after each press whose paste may follow at once (not the hotkeys that hold the keyboard)."""

    # -- public, called from the UI thread --------------------------------------------------------

    def hold_keyboard_for(self, names: Iterable[str], on_focused: Callable[[int], None]) -> None:
        self._hold_names = frozenset(names)
        self._on_focused = on_focused

    def watch_focus(self, window: WindowHandle) -> None:
        """Asks for FocusIn on the window without waiting: called as the picker shows."""
        self._ensure_thread()
        self._commands.put((lambda: self._watch_focus(window), Future()))
        os.write(self._wake_w, b"x")

    def release_keyboard(self) -> list[HeldKey]:
        return self._call(self._release_hold) if self._thread is not None else []

    def start(self, on_hotkey: Callable[[str], None]) -> None:
        self._callback = on_hotkey
        self._ensure_thread()

    def register(self, name: str, combo: KeyCombo) -> None:
        self._call(lambda: self._grab(name, combo))

    def unregister(self, name: str) -> None:
        self._call(lambda: self._ungrab(name))

    def unregister_all(self) -> None:
        self._call(self._ungrab_all)

    def _ungrab_all(self) -> None:
        for name in list(self._grabs):
            self._ungrab(name)

    def release_unclaimed(self) -> None:
        """Once the app has registered what it wants: ungrab what the early start took that it did not."""
        if self._adopt is None:
            return
        released = sorted(self._unclaimed)
        if released:
            self._call(self._ungrab_unclaimed)
        log.event(_log, "early_grabs_settled", kept=self._kept, released=released)

    def _ungrab_unclaimed(self) -> None:
        for name in list(self._unclaimed):
            self._ungrab(name)

    def stop(self) -> None:
        if self._thread is None and self._adopt is not None:
            self._adopt.disp.close()  # never started: closing the connection ends its grabs
            self._adopt = None
        if self._thread is None or not self._thread.is_alive():
            return
        with contextlib.suppress(HotkeyUnavailable, TimeoutError):
            self.unregister_all()
        self._stopping = True
        os.write(self._wake_w, b"x")
        self._thread.join(2)

    # -- the X thread ------------------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="x11-hotkeys", daemon=True)
            self._thread.start()
            self._ready.wait(5)
        if self._start_error is not None:
            raise HotkeyUnavailable(_("Cannot reach the X display: {reason}").format(
                reason=self._start_error)) from self._start_error

    def _call(self, work: Callable[[], Any]) -> Any:
        self._ensure_thread()
        if self._thread is None or not self._thread.is_alive():
            raise HotkeyUnavailable(_("The hotkey service has stopped; restart DeskAssist"))
        future: Future = Future()
        self._commands.put((work, future))
        os.write(self._wake_w, b"x")
        return future.result(timeout=5)

    def _run(self) -> None:
        try:
            if self._adopt is not None:
                self._disp, self._masks = self._adopt.disp, self._adopt.masks
                self._grabs = dict(self._adopt.grabs)
                self._by_key = {grab: name for name, grab in self._grabs.items()}
                self._keycodes = frozenset(code for code, _mask in self._grabs.values())
            else:
                self._disp = open_display(self._display_name)  # grabs need only the core protocol
                self._masks = modifier_masks(self._disp)
            self._root = self._disp.screen().root
            self._variants = lock_variants(self._masks)
            self._relevant = self._masks["Ctrl"] | self._masks["Shift"] | self._masks["Alt"] | self._masks["Meta"]
        except Exception as exc:  # noqa: BLE001 - reported to the caller of start()/register()
            self._start_error = exc
            self._ready.set()
            return
        self._ready.set()
        self._last_release: tuple[int, int] | None = None
        fd = self._disp.fileno()
        readable: list[int] = []
        while not self._stopping:
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
            self._run_commands()
            try:
                self._handle_pending()
            except error.ConnectionClosedError:
                _log.error("x connection closed")
                return
            if self._holding_until is not None and time.monotonic() >= self._holding_until:
                log.event(_log, "hold_expired", keys=len(self._held))
                self._let_keys_through()  # nobody took the keys: the keyboard is not kept any longer
            # events first, then sleep: an adopted connection may hold presses made during start-up.
            # No timeout unless the keyboard is held: the thread sleeps until a key, a command or stop()
            # (0 wake-ups when idle)
            timeout = None if self._holding_until is None else max(0.0, self._holding_until - time.monotonic())
            readable, _w, _x = select.select([fd, self._wake_r], [], [], timeout)
        self._disp.close()

    def _handle_pending(self) -> None:
        """Hotkey presses fire; other keys that reach us are those typed while the keyboard is held."""
        assert self._disp is not None
        while self._disp.pending_events():
            ev = self._disp.next_event()
            if ev.type == X.KeyRelease:
                self._last_release = (ev.detail, ev.time)
            elif ev.type == X.FocusIn:
                if (self._holding_until is not None and self._on_focused is not None
                        and ev.detail not in (X.NotifyPointer, X.NotifyPointerRoot, X.NotifyDetailNone)):
                    self._on_focused(ev.window.id)  # it is active now: it takes the held keys
            elif ev.type == X.KeyPress:
                name = self._by_key.get((ev.detail, ev.state & self._relevant))
                if name and self._last_release == (ev.detail, ev.time):
                    continue  # auto-repeat of a hotkey: a fake release and press with the same time
                if not name:
                    if self._holding_until is not None:
                        self._keep(ev.detail, ev.state)
                    continue
                if name not in self._hold_names:
                    self._let_keys_through()
                if self._callback:
                    self._callback(name)  # first: the UI thread starts showing while the grab below is made
                if name in self._hold_names:
                    self._hold(ev.time)
                else:
                    self._read_keymap_for_paste()

    def _read_keymap_for_paste(self) -> None:
        """While the UI thread starts the paste this press may ask for (see PressKeymap)."""
        assert self._disp is not None
        publish = self.press_keymap.reading()
        try:
            publish(keys_down(self._disp.query_keymap()))
        except error.XError:
            publish(None)

    def _hold(self, when: int) -> None:
        """Turn the grab X started with this press into one that lasts past its release: the keys typed
        until the window it opens is active are kept for it (release_keyboard)."""
        assert self._disp is not None
        self._held = []
        status = self._root.grab_keyboard(False, X.GrabModeAsync, X.GrabModeAsync, when)
        if status == X.GrabSuccess:
            self._holding_until = time.monotonic() + HOLD_LIMIT_S
        else:
            log.event(_log, "hold_failed", status=status)

    def _keep(self, keycode: int, state: int) -> None:
        assert self._disp is not None
        shifted = bool(state & X.ShiftMask)
        keysym = self._disp.keycode_to_keysym(keycode, 1 if shifted else 0) or self._disp.keycode_to_keysym(
            keycode, 0)
        if not keysym or keysym in _MODIFIER_KEYSYMS_HELD:
            return  # modifiers travel in the state of the keys they modify
        if 0x20 <= keysym <= 0xFF:
            text = chr(keysym)
        elif keysym & 0xFF000000 == 0x01000000:
            text = chr(keysym & 0xFFFFFF)
        else:
            text = ""
        if text.isalpha():
            text = text.upper() if shifted != bool(state & X.LockMask) else text.lower()
        modifiers = frozenset(m for m in ("Ctrl", "Alt", "Shift", "Meta") if state & self._masks[m])
        key = text or _HELD_KEY_NAMES.get(keysym, "")
        if not key:
            return  # F-keys, media keys ...: nothing the picker's search field does anything with
        if "Ctrl" in modifiers and len(text) == 1 and "@" <= text.upper() <= "_":
            text = chr(ord(text.upper()) & 0x1F)  # what X gives the focused window: Ctrl+T types no "t"
        self._held.append(HeldKey(key, text, modifiers))

    def _watch_focus(self, window: int) -> None:
        assert self._disp is not None
        if window in self._watched:
            return
        catch = error.CatchError(error.BadWindow)
        self._disp.create_resource_object("window", window).change_attributes(
            event_mask=X.FocusChangeMask, onerror=catch)
        self._disp.flush()
        self._watched.add(window)

    def _release_hold(self) -> list[HeldKey]:
        """The held keys, everything the X server sent before it let the keyboard go included."""
        assert self._disp is not None
        if self._holding_until is not None:
            self._disp.ungrab_keyboard(X.CurrentTime)
            self._disp.sync()
            self._handle_pending()
            self._holding_until = None
        held, self._held = self._held, []
        return held

    def _let_keys_through(self) -> None:
        """End the keyboard grab X started with this press, so the paste keys reach the chat window at
        once (the paste's own key presses also stop the held key from auto-repeating)."""
        assert self._disp is not None
        self._holding_until = None
        self._held = []  # keys held for a window that did not take them in time are not typed anywhere later
        self._disp.ungrab_keyboard(X.CurrentTime)
        self._disp.flush()

    def grabbed_keycodes(self) -> frozenset[int]:
        """Keys of the registered hotkeys (the paste engine need not wait for them: their grab ends at once)."""
        return self._keycodes

    def _run_commands(self) -> None:
        while True:
            try:
                work, future = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                future.set_result(work())
            except BaseException as exc:  # noqa: BLE001 - handed back to the calling thread
                future.set_exception(exc)

    def _grab(self, name: str, combo: KeyCombo) -> None:
        assert self._disp is not None
        grab = grab_for(self._disp, self._masks, combo)
        if grab is not None and self._grabs.get(name) == grab:
            if name in self._unclaimed:  # held since the early start: keep it, never ungrab and grab again
                self._unclaimed.discard(name)
                self._kept += 1
            return
        self._ungrab(name)
        keycode = _keycode(self._disp, combo.key)
        mask = grab[1] if grab is not None else 0
        holder = self._by_key.get((keycode, mask))
        if holder in self._unclaimed:  # the early start took these keys for a name the app no longer uses
            self._ungrab(holder)
        if (keycode, mask) in self._by_key:
            raise HotkeyUnavailable(_("{combo} is already used by another DeskAssist hotkey").format(
                combo=str(combo)))
        catch = error.CatchError(error.BadAccess)
        for variant in self._variants:
            self._root.grab_key(keycode, mask | variant, False, X.GrabModeAsync, X.GrabModeAsync,
                                onerror=catch)
        self._disp.sync()
        if catch.get_error() is not None:
            for variant in self._variants:
                self._root.ungrab_key(keycode, mask | variant)
            self._disp.sync()
            raise HotkeyUnavailable(_("{combo} is already taken by another program").format(combo=str(combo)),
                                    taken=True)
        self._grabs[name] = (keycode, mask)
        self._by_key[(keycode, mask)] = name
        self._keycodes = frozenset(code for code, _mask in self._grabs.values())

    def _ungrab(self, name: str) -> None:
        assert self._disp is not None
        grab = self._grabs.pop(name, None)
        self._unclaimed.discard(name)
        if grab is None:
            return
        self._by_key.pop(grab, None)
        self._keycodes = frozenset(code for code, _mask in self._grabs.values())
        keycode, mask = grab
        for variant in self._variants:
            self._root.ungrab_key(keycode, mask | variant)
        self._disp.sync()


class X11Desktop:
    """Key sending (XTest), focus and keymap on one X connection used from the UI thread."""

    def __init__(self, display_name: str | None = None) -> None:
        self.disp = open_display(display_name, extensions=("XTEST", "XFIXES"))
        if not self.disp.query_extension("XTEST"):
            raise HotkeyUnavailable(_("The X server has no XTEST extension; pasting cannot press keys"))
        self.root = self.disp.screen().root
        self.ignored_keycodes: Callable[[], frozenset[int]] = frozenset
        """Keys keys_held() leaves out: the hotkeys' own keys (their grab ends when they fire)."""
        self._atoms: dict[str, int] = {}
        self._modifier_codes = {name: self.disp.keysym_to_keycode(XK.string_to_keysym(keysym))
                                for name, keysym in _MODIFIER_KEYSYMS.items()}
        mapping = self.disp.get_modifier_mapping()
        locks = {self.disp.keysym_to_keycode(XK.string_to_keysym(k)) for k in ("Num_Lock", "Caps_Lock")}
        self._all_modifier_codes = ({code for index in (0, 2, 3, 4, 5, 6, 7) for code in mapping[index]}
                                    - locks - {0})
        self._last_down: tuple[float, set[int]] | None = None
        self._held_at_last_read: set[int] = set()
        """Non-modifier keys down at the last keys_held() (what guard_held_keys() guards)."""
        self._guarded: set[int] = set()
        """Keys passively grabbed on this connection so that their auto-repeat comes here (HeldKeyGuard)."""
        self._focus_given: tuple[WindowHandle, float] | None = None
        """The window activate() gave the focus to without a window manager, and when (see has_focus)."""
        self._focus_input: int | None = None
        """The X input focus window the facts below were read for (they are refreshed when it changes)."""
        self._focus_top: WindowHandle | None = None
        self._names: tuple[WindowHandle, list[str]] | None = None
        self._clipboard_changes = 0
        self._managed_when_focused: dict[WindowHandle, bool] = {}
        """Whether a window manager ran when these windows were last read as focused (a picker's paste gives
        the focus back the same way, without asking again); the last few windows only."""
        self._last_round_trip = 0.0
        """When the request of the last round trip went out (monotonic): events sent before then are read."""
        self._fake_inputs: dict[tuple[int, int], bytes] = {}
        """XTest key events packed once: python-xlib packs each request in Python (40 µs a key, cold)."""
        self.press_keymap: PressKeymap | None = None
        """The hotkey thread's keymap read at the last press (the first keymap read after it uses it)."""
        self._xfixes_event: int | None = None
        self._watch_clipboard()

    def _watch_clipboard(self) -> None:
        """XFixes tells this connection of every change of the CLIPBOARD owner, in the server's order."""
        info = self.disp.query_extension("XFIXES")
        if info is None:
            return
        self.disp.xfixes_query_version()
        mask = (xfixes.XFixesSetSelectionOwnerNotifyMask | xfixes.XFixesSelectionWindowDestroyNotifyMask
                | xfixes.XFixesSelectionClientCloseNotifyMask)
        self.disp.xfixes_select_selection_input(self.root, self._atom("CLIPBOARD"), mask)
        self._xfixes_event = info.first_event + xfixes.XFixesSelectionNotify
        self.disp.sync()

    def _take_events(self) -> None:
        """Handle what this connection was sent: clipboard owner changes, the focused window's end."""
        while self.disp.pending_events():
            ev = self.disp.next_event()
            if ev.type == self._xfixes_event:
                self._clipboard_changes += 1
            elif ev.type == X.DestroyNotify:
                self._forget_focus()

    def _forget_focus(self) -> None:
        if self._focus_input is not None:
            old = self.disp.create_resource_object("window", self._focus_input)
            old.change_attributes(event_mask=0, onerror=error.CatchError())
        self._focus_input = self._focus_top = self._names = None

    # -- ClipboardWatch ----------------------------------------------------------------------------

    def _sync(self) -> None:
        """A round trip: every event sent before it (clipboard owner changes) has reached this connection."""
        sent = time.monotonic()
        self.disp.sync()
        self._last_round_trip = sent

    def mark(self) -> object:
        self._sync()
        self._take_events()
        return self._clipboard_changes if self._xfixes_event is not None else None

    def changed_since(self, mark: object, after: float | None = None) -> bool:
        if mark is None:
            return True
        if after is not None and self._last_round_trip >= after:
            self._take_events()  # a reply read since then came after every change made before it
            return self._clipboard_changes != mark
        return self.mark() != mark

    def _atom(self, name: str) -> int:
        if name not in self._atoms:
            self._atoms[name] = self.disp.intern_atom(name)
        return self._atoms[name]

    # -- KeySender ---------------------------------------------------------------------------------

    def _fake_key(self, event_type: int, keycode: int) -> None:
        """xtest.fake_input(self.disp, event_type, keycode), its bytes packed at the first use."""
        binary = self._fake_inputs.get((event_type, keycode))
        if binary is None:
            binary = self._fake_inputs[(event_type, keycode)] = xtest.FakeInput._request.to_binary(
                opcode=self.disp.display.get_extension_major(xtest.extname), event_type=event_type,
                detail=keycode, time=X.CurrentTime, root=X.NONE, x=0, y=0)
        self.disp.display.send_request(_PackedRequest(binary), False)

    def send(self, combo: KeyCombo) -> None:
        key = _keycode(self.disp, combo.key)
        modifiers = [self._modifier_codes[m] for m in combo.modifiers]
        for code in modifiers:
            self._fake_key(X.KeyPress, code)
        self._fake_key(X.KeyPress, key)
        self._fake_key(X.KeyRelease, key)
        for code in reversed(modifiers):
            self._fake_key(X.KeyRelease, code)
        self.disp.flush()  # no round trip: this thread must be free to serve the target's clipboard request

    # -- ModifierState -----------------------------------------------------------------------------

    def _down(self) -> set[int]:
        """Keys down now: the hotkey thread's read just after the press when it is fresh, else read here."""
        at_press = self.press_keymap.take() if self.press_keymap is not None else None
        if at_press is not None:
            self._last_down = at_press
            return at_press[1]
        sent = time.monotonic()
        down = keys_down(self.disp.query_keymap())
        self._last_round_trip = sent  # also the clipboard watch's: owner changes made before it have been read
        self._last_down = (sent, down)
        return down

    def keys_held(self) -> bool:
        """Also keeps the keymap for the release_modifiers() that follows when nothing is held."""
        self._held_at_last_read = self._down() - self._all_modifier_codes - self.ignored_keycodes()
        return bool(self._held_at_last_read)

    def modifiers_held(self) -> bool:
        return bool(self._down() & self._all_modifier_codes)

    def release_modifiers(self) -> None:
        """Release the modifiers down at the last keymap read (keys_held(), just before, in the same paste
        step), else read it now. A release of a key let go meanwhile is dropped by the server."""
        last, self._last_down = self._last_down, None
        fresh = last is not None and time.monotonic() - last[0] < KEYMAP_FRESH_S
        held = (last[1] if fresh and last is not None else self._down()) & self._all_modifier_codes
        for code in sorted(held):
            self._fake_key(X.KeyRelease, code)
        if held:
            self.disp.flush()  # the paste key comes after these on the same connection: no round trip

    # -- HeldKeyGuard ------------------------------------------------------------------------------

    def guard_held_keys(self) -> bool:
        """A passive grab on each key down at the last keys_held(), with any modifiers: the key was pressed
        before the grab, so nothing changes until X repeats it; a repeat (a press of a key already down)
        activates the grab and comes to this connection instead of the chat window, and so does the key's
        release (events read here are dropped by _take_events). Checked with a round trip: another program
        grabbing the key (BadAccess) leaves it unguarded, and then the paste waits as before."""
        new = self._held_at_last_read - self._guarded
        if not new:
            return bool(self._held_at_last_read)
        refused = error.CatchError(error.BadAccess)
        for code in new:
            self.root.grab_key(code, X.AnyModifier, False, X.GrabModeAsync, X.GrabModeAsync, onerror=refused)
        self._sync()
        if refused.get_error() is not None:
            for code in new:
                self.root.ungrab_key(code, X.AnyModifier)
            self.disp.flush()
            log.event(_log, "key_guard_refused")
            return False
        self._guarded |= new
        return True

    def guarded_keys_up(self) -> bool:
        if not self._guarded:
            return True
        up = self._guarded - self._down()
        for code in up:
            self.root.ungrab_key(code, X.AnyModifier)
        self._guarded -= up
        if up:
            self.disp.flush()
        self._take_events()  # the repeats and releases the guard caught: nobody wants them
        return not self._guarded

    # -- ActiveWindow ------------------------------------------------------------------------------

    def has_window_manager(self) -> bool:
        """A window manager that keeps _NET_ACTIVE_WINDOW runs (then focus goes through it)."""
        check = self.root.get_full_property(self._atom("_NET_SUPPORTING_WM_CHECK"), Xatom.WINDOW)
        if not check or not check.value:
            return False
        supported = self.root.get_full_property(self._atom("_NET_SUPPORTED"), Xatom.ATOM)
        return bool(supported) and self._atom("_NET_ACTIVE_WINDOW") in supported.value

    def _top_level(self, window_id: int) -> int | None:
        """The nearest ancestor (or the window) that names its program (WM_CLASS); else the root's child."""
        window = self.disp.create_resource_object("window", window_id)
        candidate = None
        try:
            while True:
                if window.get_wm_class() is not None:
                    return window.id
                tree = window.query_tree()
                if tree.parent.id == self.root.id or tree.parent.id == 0:
                    candidate = window.id
                    break
                window = tree.parent
        except (error.BadWindow, error.BadDrawable):
            return None
        return candidate

    def focused(self) -> WindowHandle | None:
        """The focused top-level window. One round trip while the input focus stays in the same window (a
        paste into the chat the agent is typing in); read in full, window manager included, when it moved."""
        sent = time.monotonic()
        try:
            focus = self.disp.get_input_focus().focus
        except error.XError:
            return None
        self._last_round_trip = sent
        self._take_events()
        focus_id = focus if isinstance(focus, int) else focus.id
        if focus_id in (0, 1, self.root.id):  # None / PointerRoot
            self._forget_focus()
            return None
        if focus_id == self._focus_input:
            return self._focus_top
        self._forget_focus()
        try:
            top = self._read_focused(focus_id)
        except error.XError:
            return None
        watched = self.disp.create_resource_object("window", focus_id)
        catch = error.CatchError()
        watched.change_attributes(event_mask=X.StructureNotifyMask, onerror=catch)  # its DestroyNotify ends
        self.disp.sync()  # the facts: an id the server hands out again must not inherit them
        if catch.get_error() is None:
            self._focus_input, self._focus_top = focus_id, top
        return top

    def _read_focused(self, focus_id: int) -> WindowHandle | None:
        managed = self.has_window_manager()
        top = None
        if managed:
            active = self.root.get_full_property(self._atom("_NET_ACTIVE_WINDOW"), Xatom.WINDOW)
            if active and active.value and active.value[0]:
                top = int(active.value[0])
        top = top or self._top_level(focus_id)
        if top is not None:
            self._managed_when_focused.pop(top, None)
            self._managed_when_focused[top] = managed
            if len(self._managed_when_focused) > MANAGED_REMEMBERED:
                del self._managed_when_focused[next(iter(self._managed_when_focused))]
        return top

    def activate(self, window: WindowHandle) -> bool:
        """Without a window manager the focus is set here, so the facts of window are known at once: the
        focus check that follows costs one round trip. With one, the manager moves it in its own time."""
        target = self.disp.create_resource_object("window", window)
        catch = error.CatchError()
        managed = self._managed_when_focused.get(window)
        if managed is None:
            managed = self.has_window_manager()
        if managed:
            message = xevent.ClientMessage(window=target, client_type=self._atom("_NET_ACTIVE_WINDOW"),
                                           data=(32, [2, X.CurrentTime, 0, 0, 0]))
            self.root.send_event(message, event_mask=X.SubstructureRedirectMask | X.SubstructureNotifyMask,
                                 onerror=catch)
        else:
            self._forget_focus()
            target.configure(stack_mode=X.Above, onerror=catch)
            target.set_input_focus(X.RevertToParent, X.CurrentTime, onerror=catch)
            target.change_attributes(event_mask=X.StructureNotifyMask, onerror=catch)
        self._sync()
        if catch.get_error() is not None:
            return False
        if not managed:
            self._focus_input = self._focus_top = window
            self._focus_given = (window, time.monotonic())
        return True

    def has_focus(self, window: WindowHandle) -> bool:
        """Whether the input focus is in window. Known facts answer at once; otherwise the way up from the
        focus window is walked (one request per level) instead of reading who the focus belongs to in
        full: after the picker closes the focus is still on one of our windows, or on none."""
        sent = time.monotonic()
        given, self._focus_given = self._focus_given, None
        if given is not None and given[0] == window and sent - given[1] < FOCUS_GIVEN_FRESH_S:
            return True  # activate() set it just now, without a window manager, and X raised no error
        try:
            focus = self.disp.get_input_focus().focus
        except error.XError:
            return False
        self._last_round_trip = sent
        self._take_events()
        focus_id = focus if isinstance(focus, int) else focus.id
        if focus_id == self._focus_input and focus_id not in (0, 1):
            return self._focus_top == window
        if focus_id in (0, 1, self.root.id):
            return False
        current = focus_id
        try:
            while current != window:
                parent = self.disp.create_resource_object("window", current).query_tree().parent.id
                if parent in (0, self.root.id):
                    return False
                current = parent
        except (error.BadWindow, error.BadDrawable):
            return False
        return True

    def caret(self, window: WindowHandle) -> Rect | None:
        """X11 has no common way to ask a program for its text caret."""
        return None

    def window_rect(self, window: WindowHandle) -> Rect | None:
        """Where window is on the root window (the picker keeps away from its middle)."""
        try:
            target = self.disp.create_resource_object("window", window)
            geometry = target.get_geometry()
            origin = self.root.translate_coords(target, 0, 0)
        except error.XError:
            return None
        return Rect(origin.x, origin.y, geometry.width, geometry.height)

    def app_names(self, window: WindowHandle) -> Sequence[str]:
        """Program names of window (WM_CLASS, /proc comm and argv[0]); kept while it stays focused."""
        self._take_events()  # the window's end, if X has told us, drops them
        if self._names is not None and self._names[0] == window and window == self._focus_top:
            return list(self._names[1])
        names = self._read_app_names(window)
        if window == self._focus_top:
            self._names = (window, names)
        return list(names)

    def _read_app_names(self, window: WindowHandle) -> list[str]:
        names: list[str] = []
        target = self.disp.create_resource_object("window", window)
        try:
            wm_class = target.get_wm_class()
            if wm_class:
                names.extend(wm_class)
            pid = target.get_full_property(self._atom("_NET_WM_PID"), Xatom.CARDINAL)
        except error.XError:
            return names
        if pid and pid.value:
            proc = Path("/proc") / str(pid.value[0])
            try:
                names.append((proc / "comm").read_text().strip())
                argv0 = (proc / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
                names.append(Path(argv0).name)
            except OSError:
                pass
        return [n for n in dict.fromkeys(names) if n]

    def close(self) -> None:
        self.disp.close()


def desktop_exec(command: Sequence[str]) -> str:
    """An Exec= value as the Desktop Entry spec quotes it (double quotes; \\ " ` $ escaped)."""
    quoted = []
    for arg in command:
        if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`%'):
            quoted.append(arg)
        else:
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            quoted.append(f'"{escaped}"'.replace("%", "%%"))
    return " ".join(quoted)


class XdgAutostart:
    """~/.config/autostart/deskassist.desktop (XDG Autostart), honoured by every mainstream desktop."""

    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / "deskassist.desktop"

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = ("[Desktop Entry]\nType=Application\nName=DeskAssist\nName[zh_CN]=客服快捷助手\n"
                f"Exec={desktop_exec(command)}\nX-GNOME-Autostart-enabled=true\nTerminal=false\n")
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)
