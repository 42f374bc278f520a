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
    """Open (creating on first run) the data folder; a fresh one gets the default phrase pack."""
    folder = paths.data_dir(data_dir)
    db_path = paths.database_path(folder)
    fresh = not db_path.exists() or db_path.stat().st_size == 0
    db = open_database(db_path)
    session = Session(folder, db, Settings(SettingsRepo(db)), clock or SystemClock(), fresh)
    if fresh and seed:
        from deskassist.services.phrases import seed_default_pack

        seed_default_pack(session)
    return session
