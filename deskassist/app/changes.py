"""The change feed as one Qt signal on the GUI thread, and the watch for other processes' commits.

SQLite has no cross-process notification, so another process's commit (the CLI, a second window, a restore)
is noticed in one of two ways, both ending in `PRAGMA data_version` (which moves only for other connections'
commits, costs a few microseconds and reads nothing but SQLite's shared-memory WAL index):

- a file watcher on the database's -wal file (every commit writes it): inotify on Linux tells us when it is
  written, so an idle app is never woken (0 wake-ups/s). The watcher never opens the files: closing any
  descriptor of the database would drop this process's POSIX locks, which SQLite's safety rests on.
- a timer (setting data.check_interval_ms): one wake-up per interval even when nothing happens. Windows
  reports writes to a file that another program holds open late or not at all (NTFS updates its size and
  time lazily), so there it is the default (1 s); on Linux the default 0 means the watcher alone.

Changes reach `changed` on the next turn of the event loop, merged per kind: views never refresh in the middle
of the service call that caused them, the caches of the services (which listen to the feed directly) are
current by then, and a burst of writes refreshes a view once.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QFileSystemWatcher, QObject, QThread, QTimer, Signal

from deskassist import log
from deskassist.core.errors import DatabaseError
from deskassist.services.changes import Change
from deskassist.services.session import Session

_log = log.get("app")
WATCH_SETTLE_MS = 30  # a commit is several writes to the -wal: look once they are done


class ChangeSignals(QObject):
    """One place every view, cache and index listens to: `changed(Change)`."""

    changed = Signal(object)  # Change
    _arrived = Signal(object)  # from a thread other than the GUI thread

    def __init__(self, session: Session, parent: QObject | None = None, watch_files: bool | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._pending: dict[str, Change] = {}
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._emit_pending)
        self._arrived.connect(self._queue)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(WATCH_SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._watcher: QFileSystemWatcher | None = None
        self._stopped = False
        if watch_files if watch_files is not None else sys.platform.startswith("linux"):
            self._watch()
        self._apply_interval()
        self._unsubscribe = session.changes.subscribe(self._heard)

    @property
    def interval_ms(self) -> int:
        """The timer's interval, 0 when it is off (for tests and the idle benchmark)."""
        return self._timer.interval() if self._timer.isActive() else 0

    @property
    def watched(self) -> list[str]:
        return self._watcher.files() + self._watcher.directories() if self._watcher else []

    def check(self) -> bool:
        """Look now for another process's commit (also before showing something that must be current)."""
        if self._stopped:
            return False
        try:
            found = self._session.changes.check_external()
        except DatabaseError as exc:  # e.g. the file was damaged meanwhile: the next check tries again
            log.event(_log, "change_check_failed", error=type(exc).__name__)
            return False
        if found:
            log.event(_log, "external_change")
        return found

    def stop(self) -> None:
        """Before the session closes: no more checks, no more signals."""
        self._stopped = True
        self._unsubscribe()
        for timer in (self._timer, self._settle, self._flush):
            timer.stop()
        self._pending = {}
        if self._watcher is not None:
            self._watcher.fileChanged.disconnect(self._written)
            self._watcher.directoryChanged.disconnect(self._written)
            self._watcher.deleteLater()
            self._watcher = None

    def _heard(self, change: Change) -> None:
        if QThread.currentThread() is self.thread():
            self._queue(change)
        else:
            self._arrived.emit(change)

    def _queue(self, change: Change) -> None:
        earlier = self._pending.get(change.kind)
        self._pending[change.kind] = earlier.merged(change) if earlier else change
        self._flush.start()

    def _emit_pending(self) -> None:
        pending, self._pending = self._pending, {}
        for change in pending.values():
            if change.touches("settings"):
                self._apply_interval()
            self.changed.emit(change)

    def _apply_interval(self) -> None:
        if self._stopped:
            return
        interval = int(self._session.settings.get("data.check_interval_ms"))
        if not interval and self._watcher is None:
            interval = 1000  # no watcher here: the timer is the only way to notice
        if interval:
            self._timer.start(interval)
        else:
            self._timer.stop()

    def _watch(self) -> None:
        db_path = self._session.db.path
        self._watcher = QFileSystemWatcher(self)
        self._watch_paths = [str(db_path.parent), f"{db_path}-wal", str(db_path)]
        self._watcher.fileChanged.connect(self._written)
        self._watcher.directoryChanged.connect(self._written)
        self._rewatch()

    def _rewatch(self) -> None:
        """(Re)add the paths: a -wal that was removed and made again is a new file to inotify."""
        if self._watcher is None:
            return
        current = set(self._watcher.files() + self._watcher.directories())
        missing = [p for p in self._watch_paths if p not in current]
        if missing:
            self._watcher.addPaths(missing)

    def _written(self, _path: str) -> None:
        if self._stopped:
            return
        self._rewatch()
        self._settle.start()

