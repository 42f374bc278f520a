"""One open data folder: database, settings and clock, as the CLI and the app both need them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from deskassist.core.clock import Clock, SystemClock
from deskassist.services.changes import Change, ChangeFeed
from deskassist.settings import Settings
from deskassist.storage.database import Database

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

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction over database and settings together: on failure the settings held in memory are read
        back, since some may have been set before the rollback (switching agent, the first-run setup)."""
        try:
            with self.db.atomic():
                yield
        except BaseException:
            self.settings.reload()
            raise

    @property
    def agent(self) -> str:
        """The agent recorded on memos, handover notes and changes (settings agent.name)."""
        return self.settings.get("agent.name")

    def close(self) -> None:
        self.db.close()
