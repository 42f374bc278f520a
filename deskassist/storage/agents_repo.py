"""Agents: rows in, dataclasses out. Other tables keep an agent's id (m008); they show the current name
through `agent_name_sql`, so a rename reaches every record at once."""

from __future__ import annotations

from deskassist.core.models import Agent
from deskassist.storage.database import Database

_SELECT = "SELECT id, name, number, created FROM agents"


def agent_name_sql(id_column: str) -> str:
    """SQL for the display name of the agent in id_column ('' when the record has no agent)."""
    return f"coalesce((SELECT name FROM agents WHERE agents.id = {id_column}), '')"


def done_by_sql(id_column: str, done_column: str) -> str:
    """Like agent_name_sql for a "done by" column: NULL while the record is not done."""
    return f"CASE WHEN {done_column} IS NULL THEN NULL ELSE {agent_name_sql(id_column)} END"


class AgentsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[Agent]:
        """The agents at the desk (removed ones keep their row for their records, but are not listed)."""
        return [Agent(*r) for r in self.db.execute(
            f"{_SELECT} WHERE removed_at IS NULL ORDER BY name").fetchall()]

    def by_name(self, name: str) -> Agent | None:
        row = self.db.execute(f"{_SELECT} WHERE name = ? AND removed_at IS NULL", [name]).fetchone()
        return Agent(*row) if row else None

    def id_of(self, name: str) -> int | None:
        """The id of the agent row with this name, removed or not; None when there is none."""
        row = self.db.execute("SELECT id FROM agents WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def is_removed(self, agent_id: int) -> bool:
        row = self.db.execute("SELECT removed_at IS NOT NULL FROM agents WHERE id = ?", [agent_id]).fetchone()
        return bool(row and row[0])

    def insert(self, name: str, number: str, at: str) -> int:
        return self.db.execute("INSERT INTO agents (name, number, created) VALUES (?, ?, ?)",
                               [name, number, at]).lastrowid

    def update(self, agent_id: int, name: str, number: str) -> None:
        self.db.execute("UPDATE agents SET name = ?, number = ? WHERE id = ?", [name, number, agent_id])

    def rename(self, agent_id: int, name: str) -> None:
        self.db.execute("UPDATE agents SET name = ? WHERE id = ?", [name, agent_id])

    def set_removed(self, agent_id: int, removed_at: str | None, number: str | None = None) -> None:
        """Remove from the desk (a time) or bring back (None, optionally with a new ID number)."""
        if number is None:
            self.db.execute("UPDATE agents SET removed_at = ? WHERE id = ?", [removed_at, agent_id])
        else:
            self.db.execute("UPDATE agents SET removed_at = ?, number = ? WHERE id = ?",
                            [removed_at, number, agent_id])
