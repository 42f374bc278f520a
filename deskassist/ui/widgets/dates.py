"""Python dates to Qt's and back, typed (PySide6 converts them at run time, but its stubs do not say so)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QTime


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def qdatetime(moment: datetime) -> QDateTime:
    """A naive local time, as the date pickers show it."""
    return QDateTime(qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000))
