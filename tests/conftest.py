"""Shared fixtures: a fresh data folder with a real SQLite database, settings, a fixed clock."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from deskassist import log
from deskassist.i18n import set_language
from deskassist.services.data_folder import open_session
from deskassist.services.session import Session


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime | None = None) -> None:
        self.moment = moment or datetime(2026, 11, 22, 10, 0, 0)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment += timedelta(**delta)


@pytest.fixture(scope="session", autouse=True)
def _clipboard_released_while_python_lives() -> None:
    """The offscreen platform keeps clipboard data in a C++ global freed at process exit, after Python is
    gone: data set from Python then crashes the exit (SIGSEGV). Clear it while Python still runs."""
    yield
    if "PySide6.QtGui" in sys.modules:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def _app_logging_undone() -> Iterator[None]:
    """An in-process CLI run calls log.setup (its own handlers, propagate off); left so, later tests' caplog
    would see none of the app's records (test_app_windows failed after tests/cli)."""
    yield
    root = logging.getLogger(log.ROOT)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.propagate = True
    root.setLevel(logging.NOTSET)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English messages unless they switch language themselves."""
    monkeypatch.delenv("DESKASSIST_HOME", raising=False)
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def session(data_dir: Path, clock: FixedClock) -> Session:
    """An opened data folder with the default phrase pack, as on first run."""
    opened = open_session(data_dir, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def empty_session(data_dir: Path, clock: FixedClock) -> Session:
    """An opened data folder without the default pack."""
    opened = open_session(data_dir, clock=clock, seed=False)
    yield opened
    opened.close()
