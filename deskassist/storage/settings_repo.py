"""Settings rows: one JSON value per key."""

from __future__ import annotations

import json
from typing import Any

from deskassist.storage.database import Database


class SettingsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load_all(self) -> dict[str, Any]:
        values = {}
        for key, value in self._db.execute("SELECT key, value FROM settings").fetchall():
            try:
                values[key] = json.loads(value)
            except json.JSONDecodeError:
                continue
        return values

    def save(self, key: str, value: Any) -> None:
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                [key, json.dumps(value, ensure_ascii=False)],
            )
