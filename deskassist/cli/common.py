"""Shared plumbing of the CLI commands: the lazily opened session, output helpers, error guard."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from deskassist import log
from deskassist.cli.sanitize import echo
from deskassist.core.errors import UserError
from deskassist.i18n import _, set_language
from deskassist.services.data_folder import open_session
from deskassist.services.session import Session


class CliContext:
    """Holds --data-dir and opens the session on first use (so --help never touches the disk)."""

    def __init__(self, data_dir: str | None) -> None:
        self.data_dir = data_dir
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = open_session(self.data_dir)
            set_language(self._session.settings.get("ui.language"))
            try:
                log.setup(log_dir=self._session.data_dir / "logs", level=30)
            except OSError:
                log.setup(level=30)  # a read-only or full data folder: reads still work, without a log file
            for notice in self._session.db.notices:
                echo(_("Warning: {message}").format(message=notice), err=True)
        return self._session


pass_cli = click.make_pass_decorator(CliContext)


def print_json(data: Any) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2))


def run_guarded(call: Callable[[], Any]) -> None:
    """Run the CLI; user errors -> one line on stderr and exit 1; unexpected errors -> short line, exit 2."""
    try:
        result = call()
    except UserError as exc:
        echo(_("Error: {message}").format(message=exc), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        echo(_("Aborted."), err=True)
        sys.exit(1)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "deskassist"
        echo(_("Error: {message} (see '{command} --help')").format(
            message=exc.format_message(), command=command), err=True)
        sys.exit(1)
    except click.ClickException as exc:
        echo(_("Error: {message}").format(message=exc.format_message()), err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        log.log_unexpected(exc, "cli")
        echo(_("Unexpected error ({kind}); details are in the log file").format(kind=type(exc).__name__),
             err=True)
        sys.exit(2)
    if isinstance(result, int) and result:
        sys.exit(result)


def print_records(records: list[Any], as_json: bool, line: Callable[[Any], str], empty: str | None = None,
                  to_dict: Callable[[Any], Any] = lambda record: record.to_dict()) -> None:
    """A listing: a JSON array with --json, else one line per record (and `empty` when there is none)."""
    if as_json:
        print_json([to_dict(record) for record in records])
        return
    for record in records:
        echo(line(record), one_line=True)
    if not records and empty is not None:
        echo(empty)
