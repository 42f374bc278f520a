"""Time as a port: services ask a Clock, tests inject a fixed one."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Local wall-clock time, naive (the shop's shifts are local times)."""

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """The text form stored in the database: 2026-11-22 14:03:05."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")
