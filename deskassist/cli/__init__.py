"""The command line: thin layer that parses, calls a service and prints.

Every command takes the data folder from the root option --data-dir (or $DESKASSIST_HOME). User errors
print one translated line and exit 1; never a traceback.
"""

from __future__ import annotations

import logging
import sys

import click

from deskassist import __version__, log
from deskassist.cli.common import CliContext, run_guarded
from deskassist.i18n import set_language

set_language("auto")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False), envvar="DESKASSIST_HOME",
              help="Data folder (default: the per-user data folder; also $DESKASSIST_HOME).")
@click.version_option(__version__, prog_name="deskassist")
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """DeskAssist (客服快捷助手): quick replies and customer notes for shop agents.

    Without a command, starts the tray app.

    \b
    Examples:
      deskassist                          start the tray app
      deskassist phrases search fh        find phrases by pinyin initials
      deskassist --data-dir ./shop phrases list --json
    """
    ctx.obj = CliContext(data_dir)
    if ctx.invoked_subcommand is None:
        from deskassist.app.root import run_app

        sys.exit(run_app(data_dir))


@cli.result_callback()
@click.pass_context
def _push_team_writes(ctx: click.Context, *_results: object, **_options: object) -> None:
    """On a joined desk a CLI write goes to the server at once when it answers; otherwise it stays queued."""
    session = getattr(ctx.obj, "_session", None)
    if session is None or ctx.invoked_subcommand == "team":
        return
    from deskassist.storage.team_repo import team_writes_pending

    if team_writes_pending(session.db):
        from deskassist.cli.team import push_after_write

        push_after_write(session)


def _register() -> None:
    from deskassist.cli import backup, config, customers, handover, memos, phrases, team

    for module in (phrases, config, backup, customers, memos, handover, team):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    logging.raiseExceptions = False  # a log file on a full disk must not print a traceback (with data) to stderr
    log.setup(json_lines=None, level=30)
    run_guarded(lambda: cli.main(args=argv, prog_name="deskassist", standalone_mode=False))
