"""Where DeskAssist keeps its data: one folder per user, readable by its owner only."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ENV_HOME = "DESKASSIST_HOME"
DB_NAME = "deskassist.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $DESKASSIST_HOME, else the platform's per-user data folder; created 0700 (UserError when
    it cannot be)."""
    if override:
        path = Path(override)
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME])
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("DeskAssist", appauthor=False))
    path = path.expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. a file on the way, or no permission: one line, not an "unexpected error"
        from deskassist.core.errors import UserError
        from deskassist.i18n import _

        if path.exists() and not path.is_dir():
            raise UserError(_("{path} is a file, not a folder: choose a folder for the data").format(
                path=path)) from None
        raise UserError(_("{path} cannot be created: {reason}").format(
            path=path, reason=exc.strerror or type(exc).__name__)) from None
    if os.name == "posix":
        with contextlib.suppress(OSError):  # a read-only folder: the database layer says what that means
            path.chmod(0o700)
    return path


def database_path(folder: Path) -> Path:
    return folder / DB_NAME


def log_dir(folder: Path) -> Path:
    return folder / "logs"


def backup_dir(folder: Path) -> Path:
    return folder / "backups"


def private_folder(path: Path) -> Path:
    """Create the folder (and its parents) if needed and make it owner-only (0700): data, logs, backups."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create the file if needed, owner-only from its first byte (0600), and make an existing one 0600."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if os.name == "posix":
        path.chmod(0o600)
    return path
