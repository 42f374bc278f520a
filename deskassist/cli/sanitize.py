"""Every line the CLI prints passes through echo() here: names, notes and phrases come from buyers and other
people's packs, and a control character (ESC, CSI) or a bidi override in them must not recolour or rewrite the
terminal, or reverse the text around it (a phone number read backwards).

Such characters are shown as visible escapes in the JSON form (\\u202e), so a JSON line stays valid JSON with
the same values (json.dumps already escapes C0 controls, not C1 controls or bidi marks). Tab and newline are
kept: notes span lines and listings use tabs; one_line=True escapes newlines too.
"""

from __future__ import annotations

import click

from deskassist.core.terminal import clean

__all__ = ["clean", "echo"]


def echo(message: object = None, err: bool = False, nl: bool = True, one_line: bool = False) -> None:
    """click.echo for every CLI output line, cleaned first."""
    click.echo(None if message is None else clean(str(message), one_line), err=err, nl=nl)
