"""Suggested replies in the tray app: the suggest hotkey (Ctrl+Alt+Q) reads the buyer message the agent
selected in the chat window and opens the picker with that message above the list and the phrases that
answer it first; Enter pastes the best one. The phrase chosen for a message is learned for the next one.

On X11 the selection is the PRIMARY selection, read without touching the clipboard. Where there is no such
selection (Windows) or nothing is selected, the hotkey opens the picker as usual.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from deskassist import log

if TYPE_CHECKING:
    from deskassist.services.suggest import SuggestService

_log = log.get("suggest")
MAX_MESSAGE_CHARS = 500
SUGGESTIONS = 9
WARM_UP_DELAY_MS = 1500


def selected_text() -> str:
    """The PRIMARY selection's text (what the agent highlighted), "" where there is none."""
    clipboard = QGuiApplication.clipboard()
    if not clipboard.supportsSelection():
        return ""
    return clipboard.text(QClipboard.Mode.Selection)


class _IndexBuilder(QObject):
    """Builds the suggestion index on a worker thread (seconds for a library of 10,000 phrases) and hands
    it to the Qt main thread, which owns the database."""

    built = Signal(object, object)  # (IndexSource, SuggestIndex), delivered on the main thread

    def start(self, source: Any) -> None:
        threading.Thread(target=self._build, args=(source,), name="suggest-index", daemon=True).start()

    def _build(self, source: Any) -> None:
        from deskassist.core.suggest import SuggestIndex

        self.built.emit(source, SuggestIndex(source.examples, source.folded))


class SuggestFeature:
    """The suggest hotkey's handler and the learning of picks; the index is built after start-up."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._service: SuggestService | None = None
        self._builder = _IndexBuilder()
        self._builder.built.connect(self._index_built)
        self._stopped = False
        self.warm_up_timer = QTimer(self._builder)
        self.warm_up_timer.setSingleShot(True)
        self.warm_up_timer.setInterval(WARM_UP_DELAY_MS)
        self.warm_up_timer.timeout.connect(self.warm_up)
        app.picker.suggestion_chosen.connect(self.learn)

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
        """Build the suggestion index once the app is up, off the main thread, so that neither the tray nor
        the first hotkey waits for it."""
        self._builder.start(self.service.snapshot())

    def _index_built(self, source: Any, index: Any) -> None:
        if self._stopped:
            return
        adopted = self.service.adopt(source, index)
        log.event(_log, "warmed_up", texts=len(index), adopted=adopted)

    def open(self, target: object | None) -> None:
        """The hotkey: suggestions for the selected message, or the plain picker when nothing is selected."""
        message = " ".join(selected_text().split())[:MAX_MESSAGE_CHARS]
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
    feature.warm_up_timer.start()
    log.event(_log, "suggest_installed")
    return feature
