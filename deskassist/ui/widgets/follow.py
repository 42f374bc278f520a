"""Views follow the change feed: each refreshes itself when what it shows changed, wherever the change came from
(this window, another one, the command line, another process). No view refreshes another by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, SignalInstance
from PySide6.QtWidgets import QWidget

from deskassist.services.changes import Change


class _Follower(QObject):
    """One view's refresh on the feed: at once while the view is on screen, else when it is next shown (a
    hidden window does no work for changes nobody sees). A child of the view: it goes when the view goes."""

    def __init__(self, view: QWidget, kinds: tuple[str, ...], refresh: Callable[[], object]) -> None:
        super().__init__(view)
        self._view = view
        self._kinds = kinds
        self._refresh = refresh
        self._stale = False
        view.installEventFilter(self)

    def heard(self, change: Change) -> None:
        if not change.touches(*self._kinds):
            return
        if self._view.isVisible():
            self._stale = False
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False


def follow(changed: SignalInstance, view: QWidget, kinds: Sequence[str], refresh: Callable[[], object]) -> None:
    """Keep view current: refresh() when records of kinds change (here, in another window or process).

    changed is the app's one change signal (deskassist.app.changes.ChangeSignals.changed).
    """
    follower = _Follower(view, tuple(kinds), refresh)
    changed.connect(follower.heard)
