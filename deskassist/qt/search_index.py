"""The full search index is built on a worker thread and handed to the Qt main thread, which owns the
database and every search: at 100,000 phrases the build takes seconds, and a hotkey must never wait for it.
Until it is adopted, searches use the quick index (no inverted index) that PhraseService builds itself."""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from deskassist import log

if TYPE_CHECKING:
    from deskassist.core.search import PhraseIndex
    from deskassist.services.phrases import PhraseService

_log = log.get("search")
INLINE_MAX = 2000  # phrases; a library this small is indexed at once on the main thread (~0.1 s at most)
ATTEMPTS = 3  # a library that changes during every build gets the quick index until its next change


class SearchIndexBuilder(QObject):
    """Builds PhraseService's full index off the main thread; a library changed meanwhile is built again."""

    built = Signal(int, object, float)  # (library version, PhraseIndex, build ms), on the main thread
    finished = Signal()  # the full index is in use, or the attempts ran out (the quick index serves)

    def __init__(self, phrases: PhraseService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._phrases = phrases
        self._attempts = 0
        self._building = False  # a worker is building: a change meanwhile makes its result stale (retried)
        self._stopped = False
        self.built.connect(self._adopt)

    def start(self) -> None:
        """Start a build unless the service already has the full index (called on the main thread)."""
        if self._stopped or self._building or not self._phrases.needs_full_index():
            return
        self._attempts += 1
        version, build = self._phrases.index_builder()
        if self._phrases.count() <= INLINE_MAX:  # milliseconds: a thread would only compete for the GIL
            started = time.perf_counter()
            self._adopt(version, build(), (time.perf_counter() - started) * 1000)
            return

        def run() -> None:
            started = time.perf_counter()
            index = build()
            self.built.emit(version, index, (time.perf_counter() - started) * 1000)

        self._building = True
        threading.Thread(target=run, name="search-index", daemon=True).start()

    def stop(self) -> None:
        self._stopped = True

    def _adopt(self, version: int, index: PhraseIndex, ms: float) -> None:
        self._building = False
        if self._stopped:
            return
        adopted = self._phrases.adopt_index(version, index)
        log.event(_log, "index_built", phrases=len(index), ms=round(ms, 1), adopted=adopted)
        del index
        if not adopted and self._attempts < ATTEMPTS:
            self.start()
        else:
            self._attempts = 0  # a later change that drops the index gets its own attempts
            _release_free_memory()
            self.finished.emit()


def _release_free_memory() -> None:
    """Hand the memory the build freed back to the system. The worker thread allocated in its own glibc
    arena, which glibc does not shrink by itself: without this the idle app keeps several MB it never uses."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
