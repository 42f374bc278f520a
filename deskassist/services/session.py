"""One open data folder: database, settings and clock, as the CLI and the app both need them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskassist import paths
from deskassist.core.clock import Clock, SystemClock
from deskassist.settings import Settings
from deskassist.storage.database import Database, open_database
from deskassist.storage.settings_repo import SettingsRepo


@dataclass
class Session:
    data_dir: Path
    db: Database
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    fresh: bool = False

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
