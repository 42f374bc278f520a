"""Text from buyers and other people's packs, made safe to print on a terminal (see cli/sanitize.py): the CLI
and the tray app's launcher both print with it."""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def clean(text: str, one_line: bool = False) -> str:
    """text with control characters (except tab, and newline unless one_line) and bidi controls escaped."""
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_escape, text)
