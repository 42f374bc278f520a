"""One open data folder: database, settings and clock, as the CLI and the app both need them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from deskassist import paths
from deskassist.core.clock import Clock, SystemClock
from deskassist.services.changes import Change, ChangeFeed
from deskassist.settings import Settings
from deskassist.storage.database import Database, open_database
from deskassist.storage.settings_repo import SettingsRepo

T = TypeVar("T")


@dataclass
class Session:
    """The open data folder; its change feed tells every cache built on it what was committed."""

    data_dir: Path
    db: Database
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    fresh: bool = False
    changes: ChangeFeed = field(init=False, repr=False)
    _shared: dict[Callable[..., Any], Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.changes = ChangeFeed(self.db)
        self.changes.subscribe(self._reload_settings)
        self.settings.publish_saves(lambda _key: self.changes.publish("settings"))

    def _reload_settings(self, change: Change) -> None:
        if change.touches("settings"):
            self.settings.reload()

    def shared(self, factory: Callable[[Session], T]) -> T:
        """One object per session made by factory(session), e.g. a search index every service instance uses
        (it keeps itself current by listening to self.changes)."""
        if factory not in self._shared:
            self._shared[factory] = factory(self)
        found: T = self._shared[factory]
        return found

    @property
    def agent(self) -> str:
        """The agent recorded on memos, handover notes and changes (settings agent.name)."""
        return self.settings.get("agent.name")

    def close(self) -> None:
        self.db.close()


def open_session(data_dir: str | Path | None = None, clock: Clock | None = None, seed: bool = True) -> Session:
    """Open (creating on first run) the data folder; a fresh one gets the default phrase pack.

    The pack is written in the same transaction as the schema, in a file that only appears once both are
    complete: a first run killed at any point, or stopped by a full disk, never leaves a library without it.
    """
    folder = paths.data_dir(data_dir)
    db_path = paths.database_path(folder)
    clock = clock or SystemClock()
    seeded: list[bool] = []

    def populate(db: Database) -> None:
        """Runs in the transaction that creates the database: schema and default pack come together."""
        if seed:
            from deskassist.services.phrases import seed_default_pack

            seed_default_pack(Session(folder, db, Settings(SettingsRepo(db)), clock, True))
        seeded.append(True)

    db = open_database(db_path, populate=populate)
    return Session(folder, db, Settings(SettingsRepo(db)), clock, bool(seeded))
