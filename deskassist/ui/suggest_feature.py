"""Suggested replies in the tray app: the suggest hotkey (Ctrl+Alt+Q) reads the buyer message the agent
selected in the chat window and opens the picker with that message above the list and the phrases that
answer it first; Enter pastes the best one. The phrase chosen for a message is learned for the next one.

On X11 the selection is the PRIMARY selection, read without touching the clipboard. Where there is no such
selection (Windows) or nothing is selected, the hotkey opens the picker as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
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


class SuggestFeature:
    """The suggest hotkey's handler and the learning of picks; the index is built after start-up."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self._service: SuggestService | None = None
        app.picker.suggestion_chosen.connect(self.learn)

    @property
    def service(self) -> SuggestService:
        if self._service is None:
            from deskassist.services.suggest import SuggestService  # off the start-up path

            self._service = SuggestService(self._app.session, self._app.phrases)
        return self._service

    def warm_up(self) -> None:
        """Build the suggestion index once the app is up, so the first hotkey answers at once."""
        self.service.suggest("在吗", limit=1)
        log.event(_log, "warmed_up")

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
    QTimer.singleShot(WARM_UP_DELAY_MS, feature.warm_up)
    log.event(_log, "suggest_installed")
    return feature
