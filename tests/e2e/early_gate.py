"""`python -m tests.e2e.early_gate --data-dir D`: deskassist's own start (deskassist.__main__.main) held at a gate
right after the early start has grabbed the hotkeys, before click, Qt and the UI are loaded. A test presses a
hotkey there, while the app is provably not built yet, then opens the gate (launch_gate.release_together).

Standard library only at import (the app process does not have tests/e2e on its path).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

GATE_ENV = "DESKASSIST_TEST_GATE"


def _run() -> None:
    from deskassist import early_start
    from deskassist.__main__ import main

    grab = early_start.start

    def grab_then_wait(argv: Sequence[str]) -> None:
        grab(argv)
        print('{"logger": "test", "event": "at_gate"}', file=sys.stderr, flush=True)
        os.close(os.open(os.environ[GATE_ENV], os.O_RDONLY))  # blocks until the test opens the gate
        print('{"logger": "test", "event": "past_gate"}', file=sys.stderr, flush=True)

    early_start.start = grab_then_wait
    main(sys.argv[1:])


if __name__ == "__main__":
    _run()
