"""Global hotkeys into the Qt world: callbacks from the backend's thread hop to the main thread (queued).

A hotkey that cannot be had (taken by another program, invalid) is reported through `failed` and the
"hotkey"/"failed" log event; the other hotkeys keep working.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, Signal

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.keys import check_global_hotkey
from deskassist.core.ports import HeldKey, HotkeySource, HotkeyUnavailable, KeyboardHold
from deskassist.i18n import _

_log = log.get("hotkey")


class HotkeyBridge(QObject):
    triggered = Signal(str)
    """Hotkey name; always delivered on the Qt main thread."""
    failed = Signal(str, str, str)
    """Name, combo text, translated reason."""
    window_focused = Signal(int)
    """A window passed to watch_focus got the keyboard focus while keys were held (main thread)."""
    _fired_elsewhere = Signal(str, float)
    _focused_elsewhere = Signal(int)

    def __init__(self, source: HotkeySource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._wanted: dict[str, str] = {}  # name -> combo the user asked for
        self._active: set[str] = set()  # names the backend actually holds
        self._paused = False
        self._started = False
        self._fired_elsewhere.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._focused_elsewhere.connect(self.window_focused, Qt.ConnectionType.QueuedConnection)

    @property
    def paused(self) -> bool:
        return self._paused

    def combos(self) -> dict[str, str]:
        """Registered names and their combos (those that failed included)."""
        return dict(self._wanted)

    def active(self) -> set[str]:
        return set(self._active)

    def register(self, name: str, combo: str) -> bool:
        """Grab combo for name; False (and `failed`) when it is invalid or taken. Replaces name's old combo."""
        self.unregister(name)
        try:
            parsed = check_global_hotkey(combo)
        except UserError as exc:
            self._fail(name, combo, str(exc), "invalid")
            return False
        self._wanted[name] = str(parsed)
        if self._paused:
            return True
        return self._grab(name)

    def unregister(self, name: str) -> None:
        self._wanted.pop(name, None)
        if name in self._active:
            self._active.discard(name)
            try:
                self._source.unregister(name)
            except (HotkeyUnavailable, TimeoutError):
                _log.warning("unregister failed", extra={"fields": {"name": name}})

    def unregister_all(self) -> None:
        self._wanted.clear()
        self._release_all()

    def pause(self, paused: bool) -> None:
        """Paused: every key is released for other programs; resuming grabs them again."""
        if paused == self._paused:
            return
        self._paused = paused
        if paused:
            self._release_all()
        else:
            for name in list(self._wanted):
                self._grab(name)
        log.event(_log, "paused" if paused else "resumed")

    def hold_keyboard_for(self, names: set[str]) -> None:
        """Where the backend can (X11): after these hotkeys, keys typed are kept for the window they open."""
        if isinstance(self._source, KeyboardHold):
            self._source.hold_keyboard_for(names, self._focused_elsewhere.emit)

    def watch_focus(self, window: int) -> None:
        """window_focused(window) when it gets the focus while keys are held (it should take them then)."""
        if isinstance(self._source, KeyboardHold):
            try:
                self._source.watch_focus(window)
            except HotkeyUnavailable:
                _log.warning("focus watch failed")

    def release_keyboard(self) -> list[HeldKey]:
        """Let the keyboard go; the keys typed since the hotkey, in order (none where nothing was held)."""
        if not isinstance(self._source, KeyboardHold):
            return []
        try:
            return self._source.release_keyboard()
        except (HotkeyUnavailable, TimeoutError):
            _log.warning("keyboard release failed")
            return []

    # -- internals -----------------------------------------------------------------------------------

    def _grab(self, name: str) -> bool:
        combo = self._wanted[name]
        try:
            if not self._started:
                self._source.start(self._hand_over)
                self._started = True
            self._source.register(name, check_global_hotkey(combo))
        except HotkeyUnavailable as exc:
            self._fail(name, combo, str(exc), "taken" if exc.taken else "unavailable")
            return False
        except TimeoutError:
            self._fail(name, combo, _("The hotkey service did not answer"), "unavailable")
            return False
        self._active.add(name)
        log.event(_log, "registered", name=name, combo=combo)
        return True

    def _release_all(self) -> None:
        if self._active:
            try:
                self._source.unregister_all()
            except (HotkeyUnavailable, TimeoutError):
                _log.warning("unregister failed")
        self._active.clear()

    def _fail(self, name: str, combo: str, reason: str, kind: str) -> None:
        log.event(_log, "failed", name=name, combo=combo, reason=kind)
        self.failed.emit(name, combo, reason)

    def _hand_over(self, name: str) -> None:
        """On the backend's thread: only the hop. Logging here held the interpreter lock while the main
        thread wanted it for the paste, so the press is logged there once its handlers are done."""
        self._fired_elsewhere.emit(name, time.monotonic())

    def _deliver(self, name: str, handed_over: float) -> None:
        arrived = time.monotonic()
        delivered = not self._paused and name in self._active
        if delivered:
            self.triggered.emit(name)
        # after the paste key a slot hotkey sends from the slot above. mono_ms: when the backend's thread had
        # the press (benchmarks measure the picker's show from it); hop_ms: from there to this thread
        log.event(_log, "pressed", name=name, mono_ms=round(handed_over * 1000, 3),
                  hop_ms=round((arrived - handed_over) * 1000, 3))
        if delivered:
            log.event(_log, "fired", name=name)
