"""Suggested replies in the tray app: the suggest hotkey (Ctrl+Alt+Q) reads the buyer message the agent
selected in the chat window and opens the picker with that message above the list and the phrases that
answer it first; Enter pastes the best one. The phrase chosen for a message is learned for the next one.

On X11 the selection is the PRIMARY selection, read without touching the clipboard. Where there is no such
selection (Windows), the selection is copied with Ctrl+C into the chat window and the clipboard is put back
right after (setting suggest.selection). With nothing selected the hotkey opens the picker as usual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from deskassist import log
from deskassist.core.keys import parse_combo
from deskassist.core.ports import WindowHandle
from deskassist.qt.paste_engine import copy_mime

if TYPE_CHECKING:
    from deskassist.core.suggest import SuggestIndex
    from deskassist.platform.factory import PlatformBackends
    from deskassist.services.changes import Change
    from deskassist.services.suggest import IndexSource, SuggestService
    from deskassist.settings import Settings

_log = log.get("suggest")
MAX_MESSAGE_CHARS = 500
SUGGESTIONS = 9
WARM_UP_DELAY_MS = 1500
COPY_KEY = "Ctrl+C"
COPY_TIMEOUT_MS = 600  # how long the chat window has to put the copied selection on the clipboard
POLL_MS = 5


def selected_text() -> str:
    """The PRIMARY selection's text (what the agent highlighted), "" where there is none."""
    clipboard = QGuiApplication.clipboard()
    if not clipboard.supportsSelection():
        return ""
    return clipboard.text(QClipboard.Mode.Selection)


class SelectionCopier(QObject):
    """Reads the selected text where there is no PRIMARY selection: waits for the hotkey's keys to go up,
    presses Ctrl+C in the focused chat window, takes the text once the clipboard changes, and puts the
    agent's clipboard back. Every wait is a timer step: the main thread never sleeps."""

    def __init__(self, backends: PlatformBackends, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backends = backends
        self._settings = settings
        self._clipboard = QGuiApplication.clipboard()
        self._clipboard.dataChanged.connect(self._clipboard_changed)
        self._done: Callable[[str], None] | None = None
        self._saved: Any = None
        self._changed = False
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._step: Callable[[], None] = lambda: None
        self._timer.timeout.connect(lambda: self._step())

    @property
    def busy(self) -> bool:
        return self._done is not None

    def copy(self, done: Callable[[str], None]) -> None:
        """Copy the selection; done(text) follows ("" when nothing came)."""
        if self._done is not None:
            return  # a second press while copying: the first one answers
        self._done = done
        self._saved = copy_mime(self._clipboard.mimeData())
        self._deadline = time.monotonic() + self._settings.get("paste.modifier_release_timeout_ms") / 1000
        self._later(0, self._wait_keys_released)

    def _later(self, ms: int, step: Callable[[], None]) -> None:
        self._step = step
        self._timer.start(ms)

    def _wait_keys_released(self) -> None:
        modifiers = self._backends.modifiers
        if modifiers.keys_held() and time.monotonic() < self._deadline:
            self._later(POLL_MS, self._wait_keys_released)
            return
        if modifiers.modifiers_held():
            modifiers.release_modifiers()  # Ctrl+Alt still down would turn Ctrl+C into Ctrl+Alt+C
        self._changed = False
        self._deadline = time.monotonic() + COPY_TIMEOUT_MS / 1000
        self._backends.keys.send(parse_combo(COPY_KEY))
        self._later(POLL_MS, self._wait_copied)

    def _clipboard_changed(self) -> None:
        self._changed = True

    def _wait_copied(self) -> None:
        if not self._changed and time.monotonic() < self._deadline:
            self._later(POLL_MS, self._wait_copied)
            return
        text = self._clipboard.text() if self._changed else ""
        if self._changed:
            saved, self._saved = self._saved, None
            if saved is not None and saved.formats():
                self._clipboard.setMimeData(saved)
            else:
                self._clipboard.clear()
            log.event(_log, "clipboard_restored")
        done, self._done = self._done, None
        if done is not None:
            done(text)


class _IndexBuilder(QObject):
    """Builds the suggestion index on a worker thread (seconds for a library of 10,000 phrases) and hands
    it to the Qt main thread, which owns the database."""

    built = Signal(object, object)  # (IndexSource, SuggestIndex), delivered on the main thread

    def start(self, source: IndexSource) -> None:
        threading.Thread(target=self._build, args=(source,), name="suggest-index", daemon=True).start()

    def _build(self, source: IndexSource) -> None:
        from deskassist.core.suggest import SuggestIndex

        self.built.emit(source, SuggestIndex(source.examples))


class SuggestFeature:
    """The suggest hotkey's handler and the learning of picks. The index is built on the first hotkey (on a
    worker thread; the picker opens when it is ready) and kept fresh from then on: an agent who never asks
    for suggestions never pays its memory."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._service: SuggestService | None = None
        self._builder = _IndexBuilder()
        self._builder.built.connect(self._index_built)
        self._stopped = False
        self._building = False
        self._wanted = False  # the hotkey was used: keep the index built from now on
        self._pending: tuple[WindowHandle | None, str] | None = None  # a message waiting for the first index
        self.warm_up_timer = QTimer(self._builder)
        self.warm_up_timer.setSingleShot(True)
        self.warm_up_timer.setInterval(WARM_UP_DELAY_MS)
        self.warm_up_timer.timeout.connect(self.warm_up)
        self.copier = SelectionCopier(app.backends, app.settings, parent=self._builder)
        app.picker.suggestion_chosen.connect(self.learn)
        app.changes.changed.connect(self._library_changed)

    def stop(self) -> None:
        """The app shuts down: no warm-up any more, and an index still being built is dropped."""
        self._stopped = True
        self.warm_up_timer.stop()

    @property
    def service(self) -> SuggestService:
        if self._service is None:
            from deskassist.services.suggest import SuggestService  # off the start-up path

            self._service = SuggestService(self._app.session, self._app.phrases)
        return self._service

    def warm_up(self) -> None:
        """Build the suggestion index once the app is up, and again a moment after the library changed, off
        the main thread, so that neither the tray nor the hotkey waits for it."""
        if self._stopped or self._building or not self.service.needs_build():
            return
        self._building = True
        self._builder.start(self.service.snapshot())

    def _library_changed(self, change: Change) -> None:
        if self._wanted and change.touches("phrases", "categories", "questions"):
            self.warm_up_timer.start()  # (re)started: a burst of changes costs one build

    def _index_built(self, source: IndexSource, index: SuggestIndex) -> None:
        self._building = False
        if self._stopped:
            return
        adopted = self.service.adopt(source, index)
        log.event(_log, "warmed_up", texts=len(index), adopted=adopted)
        if self._pending is not None:
            target, message = self._pending
            self._pending = None
            self.show(target, message)

    def open(self, target: WindowHandle | None) -> None:
        """The hotkey: suggestions for the selected message, or the plain picker when nothing is selected."""
        mode = self._app.settings.get("suggest.selection")
        if mode == "copy" or (mode == "auto" and not QGuiApplication.clipboard().supportsSelection()):
            self.copier.copy(lambda text: self.show(target, text))
        else:
            self.show(target, selected_text())

    def show(self, target: WindowHandle | None, selected: str) -> None:
        """The picker with the suggestions for selected (the plain picker when it is empty)."""
        if self._stopped:
            return
        message = " ".join(selected.split())[:MAX_MESSAGE_CHARS]
        if message and self.service.needs_build():  # the first time (or just after a change): build first
            self._wanted = True
            self._pending = (target, message)
            self.warm_up()
            return
        phrases = [p for p, _s in self.service.suggest(message, limit=SUGGESTIONS)] if message else []
        log.event(_log, "suggested", chars=len(message), count=len(phrases))
        self._app.show_suggestions(target, message, phrases)

    def learn(self, message: str, phrase_id: int) -> None:
        if self.service.learn(message, phrase_id):
            log.event(_log, "learned", phrase_id=phrase_id)


def install(app: Any) -> SuggestFeature:
    """Plug suggested replies into the tray app (called by DeskAssistApp.start)."""
    feature = SuggestFeature(app)
    app.add_hotkey("suggest", "hotkeys.suggest", feature.open)
    app.on_quit(feature.stop)
    log.event(_log, "suggest_installed")
    return feature
