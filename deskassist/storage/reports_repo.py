"""Counts for the daily and weekly reports (phrase_uses from m001, follow-ups, handover notes, customers,
after-sales cases)."""

from __future__ import annotations

from deskassist.storage.database import Database


class ReportsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def phrase_uses(self, start: str, end: str) -> dict[str, int]:
        return dict(self.db.execute(
            "SELECT category, count(*) FROM phrase_uses WHERE at >= ? AND at < ? GROUP BY category",
            [start, end]).fetchall())

    def followups_added(self, start: str, end: str) -> int:
        return self.db.execute("SELECT count(*) FROM followups WHERE created >= ? AND created < ?",
                               [start, end]).fetchone()[0]

    def handover_notes(self, start: str, end: str) -> int:
        return self.db.execute("SELECT count(*) FROM handover_notes WHERE created >= ? AND created < ?",
                               [start, end]).fetchone()[0]

    def daily(self, start: str, end: str) -> tuple[dict[str, int], dict[str, int]]:
        """Per day (YYYY-MM-DD): phrases used, follow-ups done."""
        uses = dict(self.db.execute(
            "SELECT substr(at, 1, 10), count(*) FROM phrase_uses WHERE at >= ? AND at < ? GROUP BY 1",
            [start, end]).fetchall())
        done = dict(self.db.execute(
            "SELECT substr(done_at, 1, 10), count(*) FROM followups WHERE done_at >= ? AND done_at < ? GROUP BY 1",
            [start, end]).fetchall())
        return uses, done

    def per_day(self, table: str, column: str, start: str, end: str) -> dict[str, int]:
        """Rows of table whose column (a time stamp) falls in [start, end), per day (YYYY-MM-DD)."""
        if (table, column) not in _DATED:
            raise ValueError(f"no dated column {table}.{column}")
        return dict(self.db.execute(
            f"SELECT substr({column}, 1, 10), count(*) FROM {table} WHERE {column} >= ? AND {column} < ? GROUP BY 1",
            [start, end]).fetchall())


_DATED = {("customers", "created"), ("aftersales_cases", "created"), ("aftersales_cases", "closed_at")}
