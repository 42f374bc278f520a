"""`python -m tests.e2e.early_gate --data-dir D`: deskassist's own start (deskassist.__main__.main) held at a gate
right after the early start has grabbed the hotkeys, before click, Qt and the UI are loaded. A test presses a
hotkey there, while the app is provably not built yet, then opens the gate (launch_gate.release_together).
With DESKASSIST_TEST_GATE_AT=before the gate comes just before the early start instead: launches released
together race for the folder's lock and the hotkeys.

Standard library only at import (the app process does not have tests/e2e on its path).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

GATE_ENV = "DESKASSIST_TEST_GATE"


def _wait_at_gate() -> None:
    print('{"logger": "test", "event": "at_gate"}', file=sys.stderr, flush=True)
    os.close(os.open(os.environ[GATE_ENV], os.O_RDONLY))  # blocks until the test opens the gate
    print('{"logger": "test", "event": "past_gate"}', file=sys.stderr, flush=True)


def _run() -> None:
    from deskassist import early_start
    from deskassist.__main__ import main

    grab = early_start.start
    before = os.environ.get("DESKASSIST_TEST_GATE_AT") == "before"

    def gated_start(argv: Sequence[str]) -> None:
        if before:
            _wait_at_gate()
        grab(argv)
        if not before:
            _wait_at_gate()

    early_start.start = gated_start
    main(sys.argv[1:])


if __name__ == "__main__":
    _run()
