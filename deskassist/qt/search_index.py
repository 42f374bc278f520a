"""The full search index is built on a worker thread and handed to the Qt main thread, which owns the
database and every search: at 100,000 phrases the build takes seconds, and a hotkey must never wait for it.
Until it is adopted, searches use the quick index (no inverted index) that PhraseService builds itself.
Later writes (ours or another process's) are patched in phrase by phrase; only a change too big to patch
(an import, a restore) builds again here, while the current index keeps answering."""

from __future__ import annotations

import contextlib
import ctypes
import linecache
import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from deskassist import log

if TYPE_CHECKING:
    from deskassist.services.phrases import BuiltIndex, PhraseService

_log = log.get("search")
INLINE_MAX = 2000  # phrases; a library this small is indexed at once on the main thread (~0.1 s at most)
ATTEMPTS = 3  # a library that changes too much during every build gets the quick index until its next change


class SearchIndexBuilder(QObject):
    """Builds PhraseService's full index off the main thread; one that fell too far behind is built again."""

    built = Signal(object, float)  # (BuiltIndex, build ms), on the main thread
    finished = Signal()  # the full index is in use, or the attempts ran out (the quick index serves)

    def __init__(self, phrases: PhraseService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._phrases = phrases
        self._attempts = 0
        self._building = False  # a worker is building (its result is caught up with the writes meanwhile)
        self._stopped = False
        self.built.connect(self._adopt)
        phrases.rebuild_full_index_with(self.start)

    def start(self) -> None:
        """Start a build unless the service already has the full index (called on the main thread)."""
        if self._stopped or self._building or self._attempts >= ATTEMPTS or not self._phrases.needs_full_index():
            return
        self._attempts += 1
        build = self._phrases.index_builder()
        if self._phrases.count() <= INLINE_MAX:  # milliseconds: a thread would only compete for the GIL
            started = time.perf_counter()
            self._adopt(build(), (time.perf_counter() - started) * 1000)
            return

        def run() -> None:
            started = time.perf_counter()
            built = build()
            self.built.emit(built, (time.perf_counter() - started) * 1000)

        self._building = True
        threading.Thread(target=run, name="search-index", daemon=True).start()

    def stop(self) -> None:
        self._stopped = True
        self._phrases.rebuild_full_index_with(None)

    def _adopt(self, built: BuiltIndex, ms: float) -> None:
        self._building = False
        if self._stopped:
            return
        phrases = len(built.index)
        adopted = self._phrases.adopt_index(built)  # too far behind: builds again through the hook (start)
        log.event(_log, "index_built", phrases=phrases, ms=round(ms, 1), adopted=adopted)
        del built
        if self._building:  # the next attempt is under way
            return
        if not adopted:  # out of attempts
            self._phrases.drop_stale_index()
        self._attempts = 0  # a later change too big to patch gets its own attempts
        _release_free_memory()
        self.finished.emit()


def _release_free_memory() -> None:
    """Hand the memory the build freed back to the system. The worker thread allocated in its own glibc
    arena, which glibc does not shrink by itself: without this the idle app keeps several MB it never uses.
    PySide6 has read the source of every module imported since the warm-up into linecache: dropped too."""
    linecache.clearcache()
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
