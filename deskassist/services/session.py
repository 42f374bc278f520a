"""One open data folder: database, settings and clock, as the CLI and the app both need them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskassist.core.clock import Clock, SystemClock
from deskassist.settings import Settings
from deskassist.storage.database import Database


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
