"""End-to-end fixtures: a private Xvfb per session, the stand-in chat client, the real app as a process.

Tests in this pytest process stay on QT_QPA_PLATFORM=offscreen; everything that needs the X server runs
in subprocesses that get DISPLAY from `xserver.env()`. The helpers live in x_harness.py so the
benchmarks can use the same harness.

Typical use:

    def test_something(xserver, standin, launch_app, tmp_path):
        app = launch_app()                          # python -m deskassist --data-dir <tmp>, JSON logs
        app.wait_for("app", "ready")
        standin.focus()
        xserver.key("Ctrl+Alt+1")
        standin.wait_text("...")
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from x_harness import AppProcess, ChatStandin, HarnessError, XGrabber, XServer, prepare_data_dir, wait_until

from deskassist.platform.x11 import X11Desktop


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: item.get_closest_marker("bundle") is not None)  # the slow build goes last


@pytest.fixture(scope="session")
def xserver() -> Iterator[XServer]:
    """One Xvfb for the whole session (display number picked by Xvfb itself)."""
    server = XServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def wm_xserver() -> Iterator[XServer]:
    """A second Xvfb with openbox: focus goes through a window manager, as on an agent's desk."""
    if shutil.which("openbox") is None:
        raise HarnessError("openbox is not installed (./dev.sh test installs it)")
    server = XServer()
    wm = subprocess.Popen(["openbox", "--sm-disable"], env=server.env(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    try:
        desktop = X11Desktop(server.display)
        wait_until(desktop.has_window_manager, 10, 0.05, what="openbox to manage the screen")
        desktop.close()
        yield server
    finally:
        wm.terminate()
        wm.wait(5)
        server.stop()


@pytest.fixture
def standin(xserver: XServer) -> Iterator[ChatStandin]:
    """A fresh stand-in chat client window that has the keyboard focus."""
    chat = ChatStandin(xserver)
    chat.focus()
    yield chat
    chat.stop()


@pytest.fixture
def launch_app(xserver: XServer, tmp_path: Path) -> Iterator[Callable[..., AppProcess]]:
    """Start the real app: launch_app(settings={"paste.auto_send": True}, args=[...], module="deskassist").

    Settings are written first through the real CLI; every started process is stopped at the end.
    """
    started: list[AppProcess] = []

    def launch(settings: dict[str, Any] | None = None, args: tuple[str, ...] = (),
               module: str = "deskassist", data_dir: Path | None = None,
               env: dict[str, str] | None = None, first_run: bool = False) -> AppProcess:
        """Other tests start as a set-up desk (setup.done written through the CLI); first_run=True writes
        nothing first, so the first-run setup is asked (and a damaged folder stays untouched)."""
        folder = data_dir or tmp_path / f"data{len(started)}"
        prepare_data_dir(folder, settings if first_run else {"setup.done": True, **(settings or {})})
        process = AppProcess(xserver, folder, args, module=module, env=env)
        started.append(process)
        return process

    yield launch
    for process in started:
        process.stop()


@pytest.fixture
def grab_first(xserver: XServer) -> Iterator[Callable[[str], XGrabber]]:
    """grab_first("Ctrl+Alt+2"): another X client holds that key before DeskAssist starts."""
    grabbers: list[XGrabber] = []

    def grab(combo: str) -> XGrabber:
        grabber = XGrabber(xserver, combo)
        grabbers.append(grabber)
        return grabber

    yield grab
    for grabber in grabbers:
        grabber.stop()
