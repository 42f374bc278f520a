"""Fast launches on demand: several real apps held at a gate until all have loaded, then released together.

`python -m tests.e2e.launch_gate --data-dir D` loads Python, PySide6 and the app and connects its
QApplication to X, says `at_gate` on stderr and blocks opening the FIFO named by DESKASSIST_TEST_GATE;
`release_together` opens that FIFO once every launch waits there, so they all reach the single-instance
check within milliseconds of each other. Standard library only at import (tests and benchmarks use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # run as a module the app process does not have tests/e2e on its path
    from x_harness import AppProcess, XServer

GATE_ENV = "DESKASSIST_TEST_GATE"


def launch_gated(xserver: XServer, data_dir: Path, gate: Path, count: int) -> list[AppProcess]:
    """Start count apps on data_dir that wait at the gate (a FIFO, created here)."""
    from x_harness import AppProcess

    os.mkfifo(gate)
    env = xserver.env(**{GATE_ENV: str(gate)})
    return [AppProcess(xserver, data_dir, module="tests.e2e.launch_gate", env=env) for _ in range(count)]


def release_together(gate: Path, apps: list[AppProcess]) -> None:
    """Open the gate once every launch waits at it; keep it open until all are through (none left behind)."""
    for app in apps:
        app.wait_for("test", "at_gate", timeout=60)
    writer = os.open(gate, os.O_RDWR)  # a writer exists from now on: every open for reading returns
    try:
        for app in apps:
            app.wait_for("test", "past_gate", timeout=30)
    finally:
        os.close(writer)


def _run() -> None:
    from PySide6.QtWidgets import QApplication

    import deskassist.app  # noqa: F401 - loaded before the gate, like the rest
    from deskassist.cli import main

    qt_app = QApplication(sys.argv[:1])  # noqa: F841 - run_app uses this one
    print('{"logger": "test", "event": "at_gate"}', file=sys.stderr, flush=True)
    os.close(os.open(os.environ[GATE_ENV], os.O_RDONLY))  # blocks until release_together opens the gate
    print('{"logger": "test", "event": "past_gate"}', file=sys.stderr, flush=True)
    main(sys.argv[1:])


if __name__ == "__main__":
    _run()
