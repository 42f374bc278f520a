"""The change feed: one way for a committed write to reach every cache, index and view that shows it.

Services (and team sync, for pulled rows) call `session.changes.publish(kind, ids)` when they write; the
feed delivers the Change to its listeners after the outermost transaction commits, once per kind (ids
merged), and never for a write that rolled back. Writes by other connections (another process, the CLI)
are noticed by `check_external()`: SQLite's `PRAGMA data_version` moves when another connection commits.
Pure Python: the app turns the feed into a Qt signal (deskassist/app/changes.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from deskassist import log
from deskassist.storage.database import Database

_log = log.get("db")

EXTERNAL = "external"
KINDS = frozenset({
    "phrases", "categories", "questions", "customers", "memos", "followups", "cases", "handover", "agents",
    "settings", EXTERNAL,
})


@dataclass(frozen=True)
class Change:
    """What one commit changed: a kind of record and their ids (None: any of them, e.g. many at once).

    kind "external" means the database changed in ways the feed was not told about (another process
    committed, a backup was restored into it): everything may differ, every cache reloads.
    """

    kind: str
    ids: frozenset[int] | None = None

    def touches(self, *kinds: str) -> bool:
        """True when records of one of kinds may have changed (an external change touches every kind)."""
        return self.kind in kinds or self.kind == EXTERNAL

    def merged(self, other: Change) -> Change:
        if self.ids is None or other.ids is None:
            return Change(self.kind, None)
        return Change(self.kind, self.ids | other.ids)


Listener = Callable[[Change], None]


class ChangeFeed:
    """Publish after commit, subscribe to listen; one feed per open database (Session)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._listeners: list[Listener] = []
        self._data_version = self._read_data_version()
        db.on_commit(self._committed)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """listener(change) for every committed change, in publishing order; returns the unsubscribe call."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def publish(self, kind: str, ids: Iterable[int] | None = None) -> None:
        """Announce that records of kind (those ids; None: any) changed; inside a transaction, after COMMIT.

        Call it on the thread that owns the session's connection (listeners read through it); a worker thread
        hands its changes over with a queued signal first.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown change kind {kind!r}")
        self._db.after_commit(Change(kind, None if ids is None else frozenset(ids)))

    def check_external(self) -> bool:
        """Publish an external change if another connection committed since the last check (cheap: no I/O
        beyond the WAL index SQLite keeps in shared memory); True when it did."""
        version = self._read_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.publish(EXTERNAL)
        return True

    def _read_data_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def _committed(self, items: list[object]) -> None:
        merged: dict[str, Change] = {}
        for item in items:
            if isinstance(item, Change):
                merged[item.kind] = merged[item.kind].merged(item) if item.kind in merged else item
        for change in merged.values():
            self._deliver(change)

    def _deliver(self, change: Change) -> None:
        """Every listener hears every change: one that fails is logged (kind and error type only) and skipped,
        because the write it reports has been committed and must not look failed to the caller."""
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception as exc:  # noqa: BLE001 - a listener's fault must not undo a committed write
                log.event(_log, "change_listener_failed", kind=change.kind, error=log.describe_error(exc))
