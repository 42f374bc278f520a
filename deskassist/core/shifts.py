"""Shift arithmetic: which shift a moment is in, when it ends, when the handover reminder is due.

Pure functions of a moment (taken from the Clock port by the caller), so the reminder and the acknowledgement
are tested with a fixed clock. Shifts come from settings shifts.definitions as (name, start_minute, end_minute);
an end of 24:00 (1440) is midnight, and a shift whose end is not after its start runs past midnight.

API:
    Shift(name, start, end)                          one definition, minutes after midnight
    ShiftSpan(name, start, end)                      one occurrence of a shift (datetimes); .date = start day
    shifts_from(definitions) -> list[Shift]
    span_at(shifts, moment) -> ShiftSpan | None      the shift occurrence moment is in
    shift_for(shifts, moment, overtime_minutes) -> ShiftSpan | None
        THE rule for which shift a moment belongs to (a handover note, the handover dialog's heading)
    next_span(shifts, moment) -> ShiftSpan | None    the next occurrence that starts after moment
    reminder_due(shifts, moment, minutes) -> ShiftSpan | None   moment is within the last `minutes` of a shift
    next_reminder(shifts, moment, minutes) -> datetime | None   when the next reminder falls due (for a timer)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Shift:
    name: str
    start: int  # minutes after midnight
    end: int  # minutes after midnight, 1..1440; <= start means the shift runs past midnight

    @property
    def label(self) -> str:
        return f"{self.name} {_hhmm(self.start)}-{_hhmm(self.end)}"


@dataclass(frozen=True)
class ShiftSpan:
    name: str
    start: datetime
    end: datetime

    @property
    def date(self) -> date:
        return self.start.date()

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def shifts_from(definitions: Iterable[tuple[str, int, int]]) -> list[Shift]:
    return [Shift(name, start, end) for name, start, end in definitions]


def _occurrences(shifts: Iterable[Shift], around: datetime, days: tuple[int, ...] = (-1, 0, 1)) -> list[ShiftSpan]:
    """Every occurrence of every shift on the days around the moment, by start time."""
    spans = []
    for offset in days:
        midnight = datetime.combine(around.date() + timedelta(days=offset), time())
        for shift in shifts:
            start = midnight + timedelta(minutes=shift.start)
            length = shift.end - shift.start if shift.end > shift.start else shift.end + DAY_MINUTES - shift.start
            spans.append(ShiftSpan(shift.name, start, start + timedelta(minutes=length)))
    return sorted(spans, key=lambda s: (s.start, s.end))


def span_at(shifts: Iterable[Shift], moment: datetime) -> ShiftSpan | None:
    """The occurrence moment falls in (the later-starting one where shifts overlap)."""
    inside = [s for s in _occurrences(shifts, moment) if s.contains(moment)]
    return inside[-1] if inside else None


def shift_for(shifts: Iterable[Shift], moment: datetime, overtime_minutes: int) -> ShiftSpan | None:
    """The shift a moment belongs to: the one it falls in, else the one that ended at most overtime_minutes
    before it (the evening shift stays on while buyers are still chatting), else none. Every place that names
    "this shift" asks here, so a note and the dialog that writes it never disagree."""
    shifts = list(shifts)
    current = span_at(shifts, moment)
    if current is not None or overtime_minutes <= 0:
        return current
    grace = timedelta(minutes=overtime_minutes)
    ended = [s for s in _occurrences(shifts, moment, (-2, -1, 0)) if s.end <= moment < s.end + grace]
    return max(ended, key=lambda s: s.end) if ended else None


def next_span(shifts: Iterable[Shift], moment: datetime) -> ShiftSpan | None:
    later = [s for s in _occurrences(shifts, moment, (0, 1, 2)) if s.start > moment]
    return later[0] if later else None


def reminder_due(shifts: Iterable[Shift], moment: datetime, minutes: int) -> ShiftSpan | None:
    """The shift whose handover reminder is due: moment lies in its last `minutes` minutes."""
    span = span_at(shifts, moment)
    if span is None or minutes <= 0:
        return None
    return span if span.end - timedelta(minutes=minutes) <= moment else None


def next_reminder(shifts: Iterable[Shift], moment: datetime, minutes: int) -> datetime | None:
    """When the next handover reminder falls due (moment itself when one is due now)."""
    shifts = list(shifts)
    if minutes <= 0 or not shifts:
        return None
    if reminder_due(shifts, moment, minutes) is not None:
        return moment
    times = [max(s.start, s.end - timedelta(minutes=minutes)) for s in _occurrences(shifts, moment, (-1, 0, 1, 2))]
    later = [t for t in times if t > moment]
    return min(later) if later else None
