"""`deskassist backup [FILE]` and `deskassist restore FILE`."""

from __future__ import annotations

import click

from deskassist.cli.common import CliContext, pass_cli
from deskassist.cli.sanitize import echo
from deskassist.i18n import _


@click.command("backup")
@click.argument("file", required=False, type=click.Path())
@pass_cli
def backup_command(cli: CliContext, file: str | None) -> None:
    """Copy the database to FILE (default: a dated file in the data folder's backups folder).

    Uses SQLite's online backup, so it is safe while the app is running.

    \b
    Examples:
      deskassist backup
      deskassist backup ~/备份/deskassist-周一.db
    """
    from deskassist.services.backup import backup

    target = backup(cli.session, file)
    echo(_("Backed up to {path}").format(path=target))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_cli
def restore_command(cli: CliContext, file: str) -> None:
    """Replace the database with a backup FILE. The file is checked first, and the current database is
    backed up before it is replaced (also when it is damaged).

    \b
    Example:
      deskassist restore ~/.local/share/DeskAssist/backups/deskassist-20261122-090000.db
    """
    from deskassist.services.backup import restore

    result = restore(cli.data_dir, file)
    echo(_("Restored the database from {path}").format(path=result.restored_from))
    if result.safety_copy is not None:
        echo(_("The database as it was before is kept in {path}").format(path=result.safety_copy))


COMMANDS: list[click.Command] = [backup_command, restore_command]
