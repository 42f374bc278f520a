"""Fixtures for the tray-app widget tests: stand-ins for the platform ports only (no X server offscreen).

Everything else is real: the SQLite session with the default pack, PhraseService, HotkeyBridge,
PasteEngine (with the real Qt clipboard), picker, panel and tray.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

import pytest
from PySide6.QtGui import QGuiApplication

from deskassist.core.keys import KeyCombo
from deskassist.core.ports import HotkeyUnavailable
from deskassist.platform.factory import PlatformBackends

CHAT_WINDOW = 4242
OFFSCREEN_NOISE = (r"^This plugin does not support (raise|propagateSizeHints)\(\)$",)
"""The offscreen platform says so for calls that matter on a real desktop; any other Qt warning still fails."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/widget/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


class FakeHotkeys:
    """HotkeySource that holds grabs in a dict; `press(name)` fires from a foreign thread like X11 does."""

    def __init__(self, taken: Sequence[str] = ()) -> None:
        self.grabbed: dict[str, str] = {}
        self.taken = set(taken)
        self._callback: Callable[[str], None] | None = None

    def start(self, on_hotkey: Callable[[str], None]) -> None:
        self._callback = on_hotkey

    def register(self, name: str, combo: KeyCombo) -> None:
        if str(combo) in self.taken:
            raise HotkeyUnavailable("another program holds it", taken=True)
        self.grabbed[name] = str(combo)

    def unregister(self, name: str) -> None:
        self.grabbed.pop(name, None)

    def unregister_all(self) -> None:
        self.grabbed.clear()

    def stop(self) -> None:
        self.grabbed.clear()

    def press(self, name: str) -> None:
        assert name in self.grabbed, f"{name} is not grabbed"
        assert self._callback is not None
        thread = threading.Thread(target=self._callback, args=(name,))
        thread.start()
        thread.join()


class FakeDesktop:
    """KeySender + ActiveWindow + ModifierState (nothing held): records each key with the clipboard text then."""

    chat_window = CHAT_WINDOW

    def __init__(self) -> None:
        self.focus: int | None = CHAT_WINDOW
        self.keys: list[tuple[str, str]] = []
        self.activated: list[int] = []

    def send(self, combo: KeyCombo) -> None:
        self.keys.append((str(combo), QGuiApplication.clipboard().text()))

    def keys_held(self) -> bool:
        return False

    def modifiers_held(self) -> bool:
        return False

    def release_modifiers(self) -> None:
        return None

    def focused(self) -> int | None:
        return self.focus

    def activate(self, window: int) -> bool:
        self.activated.append(window)
        self.focus = window
        return True

    def has_focus(self, window: int) -> bool:
        return self.focus == window

    def app_names(self, window: int) -> Sequence[str]:
        return ("chatstandin",)

    def pasted_texts(self) -> list[str]:
        """What a chat box would have received: the clipboard text at each paste key."""
        return [text for combo, text in self.keys if combo == "Ctrl+V"]


class FakeAutostart:
    def __init__(self) -> None:
        self.command: list[str] | None = None

    def is_enabled(self) -> bool:
        return self.command is not None

    def enable(self, command: Sequence[str]) -> None:
        self.command = list(command)

    def disable(self) -> None:
        self.command = None


@pytest.fixture
def fake_hotkeys() -> type[FakeHotkeys]:
    return FakeHotkeys


@pytest.fixture
def backends() -> PlatformBackends:
    desktop = FakeDesktop()
    return PlatformBackends("fake", FakeHotkeys(), desktop, desktop, desktop, FakeAutostart())


@pytest.fixture
def make_desk(qtbot, session, backends) -> Iterator[Callable[..., object]]:
    """make_desk(load_features=False): the wired app on the real session, without a system tray (offscreen
    has none); load_features=True plugs in the customer-notes feature as `deskassist` does."""
    from deskassist.app import DeskAssistApp

    made: list[DeskAssistApp] = []

    def make(load_features: bool = False) -> DeskAssistApp:
        app = DeskAssistApp(session, backends, tray_available=False, autostart_command=["deskassist"],
                            load_features=load_features)
        app.start()
        qtbot.waitUntil(lambda: app.ready)
        made.append(app)
        return app

    yield make
    for app in made:
        app.shutdown()
        for widget in (app.picker, app.panel, app.tray.window):
            if widget is not None:
                widget.close()
                widget.deleteLater()


@pytest.fixture
def desk(make_desk) -> object:
    """The wired app with the phrase tools only."""
    return make_desk()
