"""Agents: rows in, dataclasses out. Other tables keep an agent's id (m008); they show the current name
through `agent_name_sql`, so a rename reaches every record at once.

Every name that records name has a row; `listed` marks the agents of the desk's list (added, not removed).
A row is never deleted: records keep pointing at it."""

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
        """The desk's list of agents."""
        return [Agent(*r) for r in self.db.execute(f"{_SELECT} WHERE listed ORDER BY name").fetchall()]

    def by_name(self, name: str, listed_only: bool = True) -> Agent | None:
        sql = f"{_SELECT} WHERE name = ?" + (" AND listed" if listed_only else "")
        row = self.db.execute(sql, [name]).fetchone()
        return Agent(*row) if row else None

    def id_of(self, name: str) -> int | None:
        """The id of the agent row with this name, listed or not; None when there is none."""
        row = self.db.execute("SELECT id FROM agents WHERE name = ?", [name]).fetchone()
        return row[0] if row else None

    def insert(self, name: str, number: str, at: str, listed: bool = True) -> int:
        return self.db.insert("INSERT INTO agents (name, number, created, listed) VALUES (?, ?, ?, ?)",
                               [name, number, at, int(listed)])

    def update(self, agent_id: int, name: str, number: str) -> None:
        self.db.execute("UPDATE agents SET name = ?, number = ? WHERE id = ?", [name, number, agent_id])

    def rename(self, agent_id: int, name: str) -> None:
        self.db.execute("UPDATE agents SET name = ? WHERE id = ?", [name, agent_id])

    def set_listed(self, agent_id: int, listed: bool) -> None:
        self.db.execute("UPDATE agents SET listed = ? WHERE id = ?", [int(listed), agent_id])
