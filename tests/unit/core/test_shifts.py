"""Shift arithmetic with fixed moments: which shift, when it ends, when the handover reminder is due."""

from __future__ import annotations

from datetime import datetime

from deskassist.core import shifts
from deskassist.settings import parse_shifts

DEFAULT = shifts.shifts_from(parse_shifts("白班=09:00-17:00; 晚班=17:00-24:00"))
NIGHT = shifts.shifts_from(parse_shifts("白班=08:00-20:00; 夜班=20:00-08:00"))


def at(hour: int, minute: int = 0, day: int = 22) -> datetime:
    return datetime(2026, 11, day, hour, minute)


def test_moment_falls_in_the_day_or_evening_shift() -> None:
    day = shifts.span_at(DEFAULT, at(10))
    assert (day.name, day.start, day.end) == ("白班", at(9), at(17))
    evening = shifts.span_at(DEFAULT, at(17))
    assert (evening.name, evening.start, evening.end) == ("晚班", at(17), at(0, day=23))
    assert shifts.span_at(DEFAULT, at(23, 59)).name == "晚班"


def test_no_shift_between_midnight_and_nine() -> None:
    assert shifts.span_at(DEFAULT, at(3)) is None
    assert shifts.next_span(DEFAULT, at(3)).start == at(9)


def test_one_rule_for_the_shift_a_moment_belongs_to() -> None:
    """Issue 12: a note at 07:07 was filed as the previous day's 晚班 while the dialog said 'outside shifts'."""
    assert shifts.shift_for(DEFAULT, at(7, 7, day=28), overtime_minutes=120) is None
    late = shifts.shift_for(DEFAULT, at(1, 30, day=28), overtime_minutes=120)  # the evening shift stayed on
    assert (late.name, late.date.isoformat()) == ("晚班", "2026-11-27")
    assert shifts.shift_for(DEFAULT, at(2, 0, day=28), overtime_minutes=120) is None  # overtime ends at 02:00
    assert shifts.shift_for(DEFAULT, at(1, 30, day=28), overtime_minutes=0) is None
    assert shifts.shift_for(DEFAULT, at(10), overtime_minutes=120) == shifts.span_at(DEFAULT, at(10))
    gap = shifts.shifts_from(parse_shifts("早班=08:00-12:00; 午班=13:00-17:00"))
    assert shifts.shift_for(gap, at(12, 30), overtime_minutes=120).name == "早班"


def test_overnight_shift_spans_midnight() -> None:
    late = shifts.span_at(NIGHT, at(2))
    assert (late.name, late.start, late.end) == ("夜班", at(20, day=21), at(8))
    assert late.date.isoformat() == "2026-11-21"


def test_reminder_is_due_in_the_last_minutes_of_a_shift() -> None:
    assert shifts.reminder_due(DEFAULT, at(16, 44), 15) is None
    assert shifts.reminder_due(DEFAULT, at(16, 45), 15).name == "白班"
    assert shifts.reminder_due(DEFAULT, at(16, 59), 15).name == "白班"
    assert shifts.reminder_due(DEFAULT, at(17, 0), 15) is None
    assert shifts.reminder_due(DEFAULT, at(23, 50), 15).name == "晚班"
    assert shifts.reminder_due(DEFAULT, at(16, 59), 0) is None


def test_next_reminder_for_the_app_timer() -> None:
    assert shifts.next_reminder(DEFAULT, at(10), 15) == at(16, 45)
    assert shifts.next_reminder(DEFAULT, at(16, 50), 15) == at(16, 50)
    assert shifts.next_reminder(DEFAULT, at(17, 1), 15) == at(23, 45)
    assert shifts.next_reminder(DEFAULT, at(0, 30, day=23), 15) == at(16, 45, day=23)
    assert shifts.next_reminder(NIGHT, at(9), 30) == at(19, 30)
