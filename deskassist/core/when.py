"""Due times as agents type them: 10分钟后, 半小时后, 明天下午3点, 周五, 下周一上午10点, +30m, 2026-12-01 14:00.

A pure function of the text and the moment it is typed (the Clock's now), so the follow-up dialog, the CLI and
the tests agree. Rules, chosen for a shop desk:
- Relative: N分钟/小时/天 后 (Chinese numerals and 半 too: 一个半小时后), or +30m / +2h / +1d.
- A day: 今天 明天 后天 大后天 (今晚, 明早 carry their part of the day), 周五 / 星期五 / 礼拜五 (the next one
  that is still ahead; today's when the time is still to come), 下周一 (Monday of next calendar week), 本周五,
  12月1日, 12-01, 2026-12-01. A date already past this year means next year's.
- A time: 15:00, 3点, 3点半, 8点一刻, 3点20分, with 上午/中午/下午/晚上/凌晨 before it. A bare 1-11 o'clock that
  has passed today but whose afternoon hour has not means the afternoon (typed at 14:20, 「3点」 is 15:00;
  「9:30」 is a 24-hour clock and is not moved).
- A day without a time takes default_time (09:00, the start of the usual day shift); a time without a day that
  has already passed today means tomorrow.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from deskassist.core.errors import UserError
from deskassist.i18n import _

DEFAULT_TIME = time(9, 0)
_MAX_RELATIVE_MINUTES = 366 * 24 * 60

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,5}|[零〇一二两三四五六七八九十]{1,3})"
_WEEKDAY_NAMES = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
                  "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_DAY_WORDS = {"今天": 0, "今日": 0, "today": 0, "明天": 1, "明日": 1, "tomorrow": 1, "后天": 2, "大后天": 3}
_DAY_WITH_PART = {"今早": (0, "上午"), "今晚": (0, "晚上"), "明早": (1, "上午"), "明晚": (1, "晚上")}
_PARTS = {"上午": "am", "早上": "am", "早晨": "am", "早": "am", "am": "am", "中午": "noon", "下午": "pm",
          "午后": "pm", "傍晚": "pm", "晚上": "pm", "晚": "pm", "夜里": "pm", "pm": "pm", "凌晨": "night"}

_RELATIVE = re.compile(rf"^(?P<n>{_NUM})?\s*(?P<ge>个)?\s*(?P<half>半)?\s*(?:个)?\s*"
                       r"(?P<unit>分钟|分|小时|钟头|天)\s*(?P<after>后|以后|之后)$")
_PLUS = re.compile(r"^\+\s*(\d{1,6})\s*(m|min|分钟|h|小时|d|天)$")
_DATE = re.compile(r"^(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?")
_WEEKDAY = re.compile(r"^(?P<which>这|本|下下|下)?\s*(?:周|星期|礼拜)(?P<day>[一二三四五六日天七1-7])")
_DAY = re.compile("^(?:" + "|".join(sorted([*_DAY_WORDS, *_DAY_WITH_PART], key=len, reverse=True)) + ")")
_PART = re.compile("^(?:" + "|".join(sorted(_PARTS, key=len, reverse=True)) + ")")
_CLOCK = re.compile(r"^(?P<h>\d{1,2})\s*[:：]\s*(?P<m>\d{2})(?:[:：](?P<s>\d{2}))?$")
_OCLOCK = re.compile(rf"^(?P<h>{_NUM})\s*[点时](?:钟)?(?:(?P<half>半)|(?P<q1>一刻)|(?P<q3>三刻)|(?P<m>{_NUM})\s*分?)?$")


class _NotATime(ValueError):
    pass


def _number(text: str) -> int:
    """12, 十二, 两, 二十五 -> int (up to 99 in Chinese numerals)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            raise _NotATime(text)
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
    if len(text) != 1 or text not in _DIGITS:
        raise _NotATime(text)
    return _DIGITS[text]


def _normalise(text: str) -> str:
    full = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９：＋－／"}
    return " ".join(text.translate(full).strip().lower().split())


def parse_when(text: str, now: datetime, default_time: time = DEFAULT_TIME) -> datetime:
    """The moment an agent means; UserError (one line, with examples) when the text is not a time."""
    try:
        found = _parse(_normalise(text if isinstance(text, str) else ""), now, default_time)
    except (_NotATime, ValueError, OverflowError, KeyError):
        found = None
    if found is None:
        raise UserError(_("Not a due time: {text} (try 10分钟后, 明天下午3点, 周五, 15:00, +30m or "
                          "2026-12-01 14:00)").format(text=str(text).strip()))
    return found.replace(microsecond=0)


def _parse(value: str, now: datetime, default_time: time) -> datetime | None:
    if not value:
        return None
    relative = _relative(value)
    if relative is not None:
        return now + relative
    day, part, rest, kind = _day(value, now)
    rest = rest.strip()
    found_part = _PART.match(rest)
    if found_part:
        part = _PARTS[found_part.group(0)]
        rest = rest[found_part.end():].strip()
    if not rest:
        if day is None:
            return None
        clock = {"am": time(9, 0), "noon": time(12, 0), "pm": time(15, 0), "night": time(1, 0)}.get(
            part or "", default_time)
        return _ahead(datetime.combine(day, clock), now, kind)
    hour, minute, second, twenty_four = _clock(rest)
    hour = _with_part(hour, part)
    if day is None:
        moment = datetime.combine(now.date(), time(hour % 24, minute, second)) + timedelta(days=hour // 24)
        if part is None and not twenty_four and 1 <= hour <= 11 and moment <= now < moment + timedelta(hours=12):
            moment += timedelta(hours=12)  # typed at 14:20, 「3点」 means 15:00
        return moment if moment > now else moment + timedelta(days=1)
    moment = datetime.combine(day, time(hour % 24, minute, second)) + timedelta(days=hour // 24)
    return _ahead(moment, now, kind)


def _relative(value: str) -> timedelta | None:
    plus = _PLUS.match(value)
    if plus:
        amount, unit = int(plus.group(1)), plus.group(2)
        minutes = amount * {"m": 1, "min": 1, "分钟": 1, "h": 60, "小时": 60, "d": 1440, "天": 1440}[unit]
    else:
        match = _RELATIVE.match(value)
        if not match:
            return None
        number, half = match.group("n"), bool(match.group("half"))
        if number is None and not half:
            return None
        hours_or_days: float = (_number(number) if number else 0) + (0.5 if half else 0)
        minutes = round(hours_or_days * {"分钟": 1, "分": 1, "小时": 60, "钟头": 60, "天": 1440}[match.group("unit")])
    if not 0 <= minutes <= _MAX_RELATIVE_MINUTES:
        raise _NotATime(value)
    return timedelta(minutes=minutes)


def _day(value: str, now: datetime) -> tuple[date | None, str | None, str, str]:
    """(the day named at the start, the part of the day it carries, the rest of the text, its kind): kind is
    "weekday" (a bare 周五), "date" (a date without a year), or "fixed" (明天, 下周一, a full date)."""
    today = now.date()
    match = _DATE.match(value)
    if match:
        year = int(match.group("y")) if match.group("y") else today.year
        kind = "fixed" if match.group("y") else "date"
        return date(year, int(match.group("m")), int(match.group("d"))), None, value[match.end():], kind
    match = _WEEKDAY.match(value)
    if match:
        weekday = _WEEKDAY_NAMES[match.group("day")]
        which = match.group("which")
        monday = today - timedelta(days=today.weekday())
        if which in ("下", "下下"):
            day = monday + timedelta(days=7 * len(which) + weekday)
        elif which in ("这", "本"):
            day = monday + timedelta(days=weekday)
        else:
            day = today + timedelta(days=(weekday - today.weekday()) % 7)
        return day, None, value[match.end():], "fixed" if which else "weekday"
    match = _DAY.match(value)
    if match:
        word = match.group(0)
        if word in _DAY_WITH_PART:
            offset, part = _DAY_WITH_PART[word]
            return today + timedelta(days=offset), _PARTS[part], value[match.end():], "fixed"
        return today + timedelta(days=_DAY_WORDS[word]), None, value[match.end():], "fixed"
    return None, None, value, "fixed"


def _clock(rest: str) -> tuple[int, int, int, bool]:
    """(hour, minute, second, written as a 24-hour clock: 15:00 is, 3点 is not)."""
    second = 0
    match = _CLOCK.match(rest)
    if match:
        hour, minute, second = int(match.group("h")), int(match.group("m")), int(match.group("s") or 0)
    else:
        match = _OCLOCK.match(rest)
        if not match:
            raise _NotATime(rest)
        hour = _number(match.group("h"))
        minute = (30 if match.group("half") else 15 if match.group("q1") else 45 if match.group("q3")
                  else _number(match.group("m")) if match.group("m") else 0)
    if not (0 <= hour <= 24 and 0 <= minute < 60 and 0 <= second < 60) or (hour == 24 and (minute or second)):
        raise _NotATime(rest)
    return hour, minute, second, bool(_CLOCK.match(rest))


def _with_part(hour: int, part: str | None) -> int:
    if part == "pm" and hour < 12:
        return hour + 12
    if part == "pm" and hour == 12:
        return 24  # 晚上12点: midnight at the end of that day
    if part == "noon" and hour < 6:
        return hour + 12
    if part in ("am", "night") and hour > 12:
        raise _NotATime(str(hour))  # 上午15点
    return hour


def _ahead(moment: datetime, now: datetime, kind: str) -> datetime:
    """A bare weekday that has passed means next week's; a date without a year, next year's."""
    if moment > now or kind == "fixed":
        return moment
    if kind == "weekday":
        return moment + timedelta(days=7)
    return moment.replace(year=moment.year + 1)
