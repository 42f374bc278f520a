"""Small ports for everything platform-specific; backends live in deskassist.platform (x11, windows).

Kept tiny so a backend is a thin adapter and the paste engine can be reasoned about without any OS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from deskassist.core.errors import UserError
from deskassist.core.keys import KeyCombo
from deskassist.core.models import Customer, CustomerCard
from deskassist.core.placement import Rect

WindowHandle = int
"""An opaque window id: an X window id, or a Windows HWND."""


class HotkeyUnavailable(UserError):
    """A hotkey could not be registered; the message (translated) says why, e.g. another program holds it."""

    def __init__(self, message: str, taken: bool = False) -> None:
        super().__init__(message)
        self.taken = taken


class HotkeySource(Protocol):
    """Global hotkeys. Callbacks arrive on a foreign thread: hop to the UI thread before touching widgets."""

    def start(self, on_hotkey: Callable[[str], None]) -> None:
        """Begin delivering presses: on_hotkey(name) for each registered hotkey that fires."""
        ...

    def register(self, name: str, combo: KeyCombo) -> None:
        """Grab combo under name (replacing that name's previous combo); raises HotkeyUnavailable."""
        ...

    def unregister(self, name: str) -> None: ...

    def unregister_all(self) -> None: ...

    def stop(self) -> None:
        """Release every hotkey and end the delivery thread."""
        ...


@dataclass(frozen=True)
class HeldKey:
    """A key pressed while the keyboard was held for a window that was not yet active (see KeyboardHold):
    key is the key's name ("t", "Return", "BackSpace", "Up"), text what it types ("" for none), modifiers
    those that were down ("Ctrl", "Alt", "Shift", "Meta")."""

    key: str
    text: str
    modifiers: frozenset[str] = frozenset()


@runtime_checkable
class KeyboardHold(Protocol):
    """A hotkey source that can keep the keyboard after some hotkeys fire, so keys typed before the window
    they open is active reach that window instead of the previous one (X11; rofi does the same)."""

    def hold_keyboard_for(self, names: Iterable[str], on_focused: Callable[[int], None]) -> None:
        """After these hotkeys fire, keys are held (not delivered) until release_keyboard(). on_focused(window)
        (called on a foreign thread) says that a window given to watch_focus got the focus meanwhile."""
        ...

    def watch_focus(self, window: WindowHandle) -> None:
        """Report (on_focused) when this window gets the keyboard focus while keys are held."""
        ...

    def release_keyboard(self) -> list[HeldKey]:
        """Stop holding; the keys pressed meanwhile, in order (each hold starts with none)."""
        ...


class KeySender(Protocol):
    """Synthetic key presses into whatever window has the keyboard focus."""

    def send(self, combo: KeyCombo) -> None:
        """Press the modifiers, press and release the key, release the modifiers."""
        ...


class ActiveWindow(Protocol):
    """The window that has the keyboard focus, and giving it back."""

    def focused(self) -> WindowHandle | None:
        """The top-level window the user is typing in now, or None."""
        ...

    def activate(self, window: WindowHandle) -> bool:
        """Ask for window to get the keyboard focus; False when it is gone. Check has_focus() to know when."""
        ...

    def has_focus(self, window: WindowHandle) -> bool: ...

    def app_names(self, window: WindowHandle) -> Sequence[str]:
        """Names that identify the window's program (X11: WM_CLASS parts and program name; Windows: exe name)."""
        ...


@runtime_checkable
class WindowGeometry(Protocol):
    """Where the focused window and its text caret are (optional: the picker opens next to them)."""

    def caret(self, window: WindowHandle) -> Rect | None:
        """The text caret on screen, or None when the platform cannot tell."""
        ...

    def window_rect(self, window: WindowHandle) -> Rect | None: ...


class ModifierState(Protocol):
    """Which keys are physically down now.

    On X11 a grabbed hotkey keeps the keyboard grabbed until its key goes up (synthetic keys then reach
    DeskAssist, not the chat window), and modifiers still held would merge with the paste key.
    """

    def keys_held(self) -> bool:
        """True while a key other than Ctrl/Alt/Shift/Win is down (e.g. the hotkey's own key, or Enter)."""
        ...

    def modifiers_held(self) -> bool:
        """True while Ctrl, Alt, Shift or Win is down."""
        ...

    def release_modifiers(self) -> None:
        """Synthetic key-up for every modifier still down, so it cannot merge with the paste key."""
        ...


class Autostart(Protocol):
    """Starting DeskAssist at login (Linux: XDG autostart file; Windows: the Run key)."""

    def is_enabled(self) -> bool: ...

    def enable(self, command: Sequence[str]) -> None: ...

    def disable(self) -> None: ...


class Subscribable(Protocol):
    """A signal's connect side (a Qt SignalInstance), named without importing Qt."""

    def connect(self, slot: Callable[[], object]) -> object: ...


class CurrentBuyer(Protocol):
    """The buyer the agent is talking to now, as the picker and the side panel see it.

    Implemented by the notes feature, injected by the app root, so the paste path never imports notes services.
    """

    @property
    def changed(self) -> Subscribable: ...  # read-only here, so a Qt signal (a SignalInstance) fits

    @property
    def nick(self) -> str: ...

    @property
    def groups(self) -> tuple[str, ...]: ...

    @property
    def card(self) -> CustomerCard | None: ...

    def lookup(self, query: str, limit: int = 8) -> Sequence[Customer]: ...

    def recent(self, limit: int = 8) -> Sequence[Customer]: ...

    def set_nick(self, query: str) -> Customer | None: ...

    def set_customer(self, customer: Customer) -> None: ...

    def add_nick(self, nick: str) -> Customer: ...

    def clear(self) -> None: ...


class PasteGuard(Protocol):
    """A platform rule that forbids sending keys into a window (Windows: an elevated target)."""

    def paste_refusal(self, window: WindowHandle) -> str | None:
        """Why keys cannot reach window (translated, says the text is on the clipboard), or None."""
        ...


class ClipboardFacts(Protocol):
    """What the paste engine must know about the platform's clipboard beyond Qt (Windows)."""

    def keep_format(self, mime: str) -> bool:
        """Save this format of the agent's clipboard before a paste (False: skip it)."""
        ...

    def set_retry_delay(self, attempt: int) -> int | None:
        """Milliseconds before trying again to set the clipboard another program holds; None: give up."""
        ...

    def stamp(self) -> None:
        """Our text is on the clipboard now (just set, or just read by the target)."""
        ...

    def unchanged(self) -> bool:
        """Nobody else wrote the clipboard since the last stamp."""
        ...


class ClipboardWatch(Protocol):
    """Whether the clipboard changed owner since a mark, in the display server's own order of events (X11:
    XFixes selection events), so a copy taken when Qt reported a change is known to be current at hotkey time."""

    def mark(self) -> object:
        """Every change made before now is counted in the returned mark."""
        ...

    def changed_since(self, mark: object, after: float | None = None) -> bool:
        """The clipboard changed after mark was taken (True also for a mark this watch did not give).
        after: the hotkey's arrival (time.monotonic()); news the platform got since then may be trusted
        without asking again (X11: a round trip made since counts every change before the key)."""
        ...
