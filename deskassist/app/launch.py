"""`deskassist` with no command (or only --data-dir): the tray app, started without click and the CLI's
command modules, which the app would otherwise carry in memory all day for nothing (about 1.7 MB)."""

from __future__ import annotations

import logging
import sys

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.terminal import clean
from deskassist.i18n import _, set_language


def _say(line: str) -> None:
    print(clean(line, one_line=True), file=sys.stderr)


def launch_tray_app(data_dir: str | None) -> int:
    """The exit code of the tray app; errors as the CLI gives them: one line on stderr (1 for a user error,
    2 for an unexpected one, whose kind and frames go to the log file)."""
    logging.raiseExceptions = False  # a log file on a full disk must not print a traceback (with data) to stderr
    log.setup(json_lines=None, level=30)
    set_language("auto")
    try:
        from deskassist.app.root import run_app

        return run_app(data_dir)
    except UserError as exc:
        _say(_("Error: {message}").format(message=exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        log.log_unexpected(exc, "app")
        _say(_("Unexpected error ({kind}); details are in the log file").format(kind=type(exc).__name__))
        return 2
