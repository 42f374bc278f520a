"""The log folder and file are private like the database: the log may name ids and events, never for others."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from deskassist import log


@pytest.fixture(autouse=True)
def _no_log_handlers_left() -> None:
    yield
    root = logging.getLogger(log.ROOT)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_log_folder_and_file_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        log.setup(log_dir=tmp_path / "logs")
    finally:
        os.umask(old)
    log.event(log.get("app"), "started", count=1)
    assert _mode(tmp_path / "logs") == 0o700
    assert _mode(tmp_path / "logs" / "deskassist.log") == 0o600


def test_an_existing_open_log_folder_and_file_are_made_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    (folder / "deskassist.log").write_text("")
    (folder / "deskassist.log").chmod(0o644)
    folder.chmod(0o755)
    log.setup(log_dir=folder)
    assert (_mode(folder), _mode(folder / "deskassist.log")) == (0o700, 0o600)
