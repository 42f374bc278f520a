"""The log folder and file are private like the database: the log may name ids and events, never for others."""

from __future__ import annotations

import logging
import os
import sqlite3
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


@pytest.mark.posix
def test_a_new_log_folder_and_file_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        log.setup(log_dir=tmp_path / "logs")
    finally:
        os.umask(old)
    log.event(log.get("app"), "started", count=1)
    assert _mode(tmp_path / "logs") == 0o700
    assert _mode(tmp_path / "logs" / "deskassist.log") == 0o600


@pytest.mark.posix
def test_an_existing_open_log_folder_and_file_are_made_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    (folder / "deskassist.log").write_text("")
    (folder / "deskassist.log").chmod(0o644)
    folder.chmod(0o755)
    log.setup(log_dir=folder)
    assert (_mode(folder), _mode(folder / "deskassist.log")) == (0o700, 0o600)


def _undecodable_note_error() -> sqlite3.OperationalError:
    """The real error a customer note with bad bytes gives: sqlite3 quotes the text, phone number included."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE customers (note TEXT)")
    conn.execute("INSERT INTO customers VALUES (CAST(x'e794b5e8af9d3133383132333435363738ff' AS TEXT))")
    try:
        conn.execute("SELECT note FROM customers").fetchall()
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("no decode error")


@pytest.mark.parametrize("json_lines", [True, False])
def test_a_logged_error_gives_its_kind_and_frames_never_its_message(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                                     json_lines: bool) -> None:
    error = _undecodable_note_error()
    assert "13812345678" in str(error)
    log.setup(log_dir=tmp_path / "logs", json_lines=json_lines)
    try:
        try:
            raise RuntimeError("wrapped") from error
        except RuntimeError:
            log.get("cli").error("unexpected_error", exc_info=True)
    finally:
        logging.getLogger(log.ROOT).handlers[-1].flush()
    written = (tmp_path / "logs" / "deskassist.log").read_text(encoding="utf-8") + capsys.readouterr().err
    assert "13812345678" not in written and "wrapped" not in written
    assert "sqlite3.OperationalError" in written and "RuntimeError" in written
    assert "test_a_logged_error_gives_its_kind_and_frames_never_its_message" in written  # where it passed


def test_an_uncaught_error_is_logged_the_same_way(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Installed as sys.excepthook by the tray app: an exception escaping a Qt slot lands here."""
    error = _undecodable_note_error()
    log.setup(log_dir=tmp_path / "logs", json_lines=True)
    log.log_uncaught(type(error), error, error.__traceback__)
    written = (tmp_path / "logs" / "deskassist.log").read_text(encoding="utf-8") + capsys.readouterr().err
    assert '"event": "uncaught_error"' in written and "OperationalError" in written
    assert "13812345678" not in written
