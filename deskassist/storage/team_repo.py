"""What services need to know about team mode, without the team package (no psycopg below services)."""

from __future__ import annotations

from deskassist.storage.agents_repo import agent_name_sql
from deskassist.storage.database import Database


def team_phrase_read_only(db: Database, phrase_id: int) -> bool:
    """True for a team phrase (the shop's standard) on a desk whose agent is not a supervisor."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'team_desk'").fetchone() is None:
        return False
    row = db.execute("SELECT 1 FROM team_desk d, team_links l WHERE d.role <> 'supervisor' "
                     "AND l.local_table = 'phrases' AND l.local_id = ? AND l.server_table = 'team_phrases'",
                     [phrase_id]).fetchone()
    return row is not None


def team_writes_pending(db: Database) -> bool:
    """A joined desk with changes not yet on the server."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'team_desk'").fetchone() is None:
        return False
    return db.execute("SELECT EXISTS (SELECT 1 FROM team_desk) AND EXISTS (SELECT 1 FROM team_outbox)").fetchone()[0] == 1


def team_role(db: Database) -> str | None:
    """'agent' or 'supervisor' on a joined desk, None on a solo desk."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'team_desk'").fetchone() is None:
        return None
    row = db.execute("SELECT role FROM team_desk WHERE id = 1").fetchone()
    return row[0] if row else None


def note_history(db: Database, customer_id: int) -> list[dict[str, str]]:
    """Earlier notes of a customer kept when two desks changed the note at once (team mode), oldest first."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'team_note_history'").fetchone() is None:
        return []
    return [{"text": t, "agent": a, "at": at} for t, a, at in db.execute(
        f"SELECT text, {agent_name_sql('agent_id')}, at FROM team_note_history WHERE customer_id = ? "
        "ORDER BY at, id", [customer_id])]
