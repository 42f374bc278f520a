"""Natural due times as agents type them (issue 12: 「10分钟后」 was rejected while `+30m` was accepted)."""

from __future__ import annotations

import contextlib
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskassist.core.errors import UserError
from deskassist.core.when import parse_when

NOW = datetime(2026, 11, 28, 14, 20)  # a Saturday afternoon


@pytest.mark.parametrize(("text", "expected"), [
    ("10分钟后", datetime(2026, 11, 28, 14, 30)),
    ("十分钟后", datetime(2026, 11, 28, 14, 30)),
    ("10 分钟以后", datetime(2026, 11, 28, 14, 30)),
    ("半小时后", datetime(2026, 11, 28, 14, 50)),
    ("半个小时后", datetime(2026, 11, 28, 14, 50)),
    ("1小时后", datetime(2026, 11, 28, 15, 20)),
    ("两个小时后", datetime(2026, 11, 28, 16, 20)),
    ("一个半小时后", datetime(2026, 11, 28, 15, 50)),
    ("3天后", datetime(2026, 12, 1, 14, 20)),
    ("+30m", datetime(2026, 11, 28, 14, 50)),
    ("+2h", datetime(2026, 11, 28, 16, 20)),
    ("+1d", datetime(2026, 11, 29, 14, 20)),
    ("15:00", datetime(2026, 11, 28, 15, 0)),
    ("15：30", datetime(2026, 11, 28, 15, 30)),
    ("下午3点", datetime(2026, 11, 28, 15, 0)),
    ("3点", datetime(2026, 11, 28, 15, 0)),  # 03:00 has passed, 15:00 has not
    ("3点半", datetime(2026, 11, 28, 15, 30)),
    ("晚上8点", datetime(2026, 11, 28, 20, 0)),
    ("今晚8点一刻", datetime(2026, 11, 28, 20, 15)),
    ("明天", datetime(2026, 11, 29, 9, 0)),
    ("明天下午3点", datetime(2026, 11, 29, 15, 0)),
    ("明天下午三点半", datetime(2026, 11, 29, 15, 30)),
    ("明早9点", datetime(2026, 11, 29, 9, 0)),
    ("明天 10:00", datetime(2026, 11, 29, 10, 0)),
    ("tomorrow 10:00", datetime(2026, 11, 29, 10, 0)),
    ("后天上午10点", datetime(2026, 11, 30, 10, 0)),
    ("大后天", datetime(2026, 12, 1, 9, 0)),
    ("周五", datetime(2026, 12, 4, 9, 0)),
    ("星期一", datetime(2026, 11, 30, 9, 0)),
    ("礼拜天下午2点", datetime(2026, 11, 29, 14, 0)),
    ("下周一上午10点", datetime(2026, 11, 30, 10, 0)),
    ("下周五", datetime(2026, 12, 4, 9, 0)),
    ("周六下午5点", datetime(2026, 11, 28, 17, 0)),  # today, later on
    ("周六上午10点", datetime(2026, 12, 5, 10, 0)),  # today's has passed: next week's
    ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0)),
    ("2026-12-01", datetime(2026, 12, 1, 9, 0)),
    ("2026/12/1 9:05", datetime(2026, 12, 1, 9, 5)),
    ("12月1日下午2点", datetime(2026, 12, 1, 14, 0)),
    ("12月1号", datetime(2026, 12, 1, 9, 0)),
    ("12-01 14:00", datetime(2026, 12, 1, 14, 0)),
    ("1月5日", datetime(2027, 1, 5, 9, 0)),  # already past this year: next year's
    ("中午12点", datetime(2026, 11, 29, 12, 0)),  # today's noon has passed
    ("明天中午1点", datetime(2026, 11, 29, 13, 0)),
    ("明天凌晨1点", datetime(2026, 11, 29, 1, 0)),
])
def test_natural_times(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "soon", "明天25点", "13月1日", "2026-02-30", "下午15点半半", "周八",
                                  "99999小时后", "3点70分", "个小时后"])
def test_what_is_not_a_time_is_one_clear_error(text: str) -> None:
    with pytest.raises(UserError, match="Not a due time"):
        parse_when(text, NOW)


def test_a_day_without_a_time_takes_the_default_time() -> None:
    from datetime import time
    assert parse_when("明天", NOW, default_time=time(10, 30)) == datetime(2026, 11, 29, 10, 30)


@given(st.text(max_size=30))
def test_never_raises_anything_but_a_user_error(text: str) -> None:
    with contextlib.suppress(UserError):
        assert isinstance(parse_when(text, NOW), datetime)


def test_a_day_word_keeps_a_time_that_has_passed_and_a_bare_time_moves_to_tomorrow() -> None:
    assert parse_when("今天9:30", NOW) == datetime(2026, 11, 28, 9, 30)  # due at once
    assert parse_when("9:30", NOW) == datetime(2026, 11, 29, 9, 30)


def test_a_stored_due_time_reads_back_unchanged() -> None:
    """Undo re-adds a follow-up from its stored text."""
    assert parse_when("2026-11-22 15:00:00", NOW) == datetime(2026, 11, 22, 15, 0)
    assert parse_when("2026-11-22 15:00:07", NOW) == datetime(2026, 11, 22, 15, 0, 7)
