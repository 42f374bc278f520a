"""Opening a data folder into a Session (first run: with the default phrase pack).

Apart from session.py because seeding needs the phrase service, which itself needs a Session.
"""

from __future__ import annotations

from pathlib import Path

from deskassist import paths
from deskassist.core.clock import Clock, SystemClock
from deskassist.services.phrases import seed_default_pack
from deskassist.services.session import Session
from deskassist.settings import Settings
from deskassist.storage.database import Database, open_database
from deskassist.storage.settings_repo import SettingsRepo


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
            seed_default_pack(Session(folder, db, Settings(SettingsRepo(db)), clock, True))
        seeded.append(True)

    db = open_database(db_path, populate=populate)
    return Session(folder, db, Settings(SettingsRepo(db)), clock, bool(seeded))
