"""Composition root of the tray app (placeholder until the tray app lands)."""

from __future__ import annotations

import click

from deskassist.i18n import _


def run_app(data_dir: str | None) -> int:
    click.echo(_("The tray app is not available yet; use the phrase commands (deskassist --help)."), err=True)
    return 1
