"""Every line the CLI prints passes through echo() here: names, notes and phrases come from buyers and other
people's packs, and a control character (ESC, CSI) or a bidi override in them must not recolour or rewrite the
terminal, or reverse the text around it (a phone number read backwards).

Such characters are shown as visible escapes in the JSON form (\\u202e), so a JSON line stays valid JSON with
the same values (json.dumps already escapes C0 controls, not C1 controls or bidi marks). Tab and newline are
kept: notes span lines and listings use tabs; one_line=True escapes newlines too.
"""

from __future__ import annotations

import re

import click

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_ONE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def clean(text: str, one_line: bool = False) -> str:
    """text with control characters (except tab, and newline unless one_line) and bidi controls escaped."""
    return (_UNSAFE_ONE_LINE if one_line else _UNSAFE).sub(_escape, text)


def echo(message: object = None, err: bool = False, nl: bool = True, one_line: bool = False) -> None:
    """click.echo for every CLI output line, cleaned first."""
    click.echo(None if message is None else clean(str(message), one_line), err=err, nl=nl)
