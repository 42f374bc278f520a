"""The running app's side of team mode, without Qt: one connection that listens and syncs.

LISTEN/NOTIFY is only a wake-up (notices are not stored, and a desk that was away gets none): the loop also
syncs when this desk has something pending, on every (re)connect and at least every minute. It runs on its
own thread with its own SQLite session; the app wraps it in a QThread and turns the callbacks into signals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.services.data_folder import open_session
from deskassist.team import sync
from deskassist.team.server import NOTIFY_CHANNEL

_log = log.get("team")
PULL_EVERY_S = 60.0
RETRY_AFTER_S = 5.0


@dataclass(frozen=True)
class TeamState:
    joined: bool
    connected: bool
    pending: int
    role: str | None = None


class SyncLoop:
    """Keeps one desk in step with the server until stop() is called."""

    def __init__(self, data_dir: Path, on_state: Callable[[TeamState], None],
                 on_pulled: Callable[[dict[str, set[int]]], None], wake_s: float = 0.25) -> None:
        self.data_dir = data_dir
        self.on_state, self.on_pulled = on_state, on_pulled
        self.wake_s = wake_s
        self._stop = threading.Event()
        self._poke = threading.Event()

    def stop(self) -> None:
        self._stop.set()
        self._poke.set()

    def poke(self) -> None:
        """Something was written here: push it now rather than at the next check."""
        self._poke.set()

    def run(self) -> None:
        session = open_session(self.data_dir, seed=False)
        try:
            while not self._stop.is_set():
                current = sync.desk(session.db)
                if current is None:
                    self.on_state(TeamState(False, False, 0))
                    self._poke.wait(PULL_EVERY_S)
                    self._poke.clear()
                    continue
                try:
                    self._connected(session, current.role)
                except (UserError, psycopg.Error) as exc:
                    log.event(_log, "team_offline", kind=type(exc).__name__)
                    self.on_state(TeamState(True, False, sync.pending(session.db), current.role))
                    self._poke.wait(RETRY_AFTER_S)
                    self._poke.clear()
        finally:
            session.close()

    def _connected(self, session: sync.Session, role: str) -> None:
        with sync.connection(session) as conn:
            conn.autocommit = True
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            conn.autocommit = False
            last_sync = 0.0
            woken = True  # on every (re)connect: notices sent while away are lost
            while not self._stop.is_set():
                pending = sync.pending(session.db)
                if woken or pending or self._poke.is_set() or time.monotonic() - last_sync > PULL_EVERY_S:
                    self._poke.clear()
                    result = sync.SyncResult()
                    sync.exchange(session, conn, result)
                    sync.report_desk(session, conn)
                    last_sync = time.monotonic()
                    if result.changed:
                        self.on_pulled(result.changed)
                    self.on_state(TeamState(True, True, sync.pending(session.db), role))
                conn.autocommit = True  # notices arrive outside transactions
                woken = any(True for _ in conn.notifies(timeout=self.wake_s, stop_after=1))
                conn.autocommit = False
