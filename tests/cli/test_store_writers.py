"""Writers never trip over each other: the app's services and CLI loops as real processes, side by side; a
first run killed at its writing syscalls (real strace) always leaves a database that opens with its pack."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import concurrent_writers, kill_first_run  # noqa: E402


def test_the_app_and_four_cli_loops_writing_at_once_never_fail(tmp_path: Path) -> None:
    counts = concurrent_writers.run(seconds=12, workdir=tmp_path)
    assert {name: c.errors for name, c in counts.items() if c.failures} == {}
    assert all(c.attempts > 0 for c in counts.values()), {name: c.attempts for name, c in counts.items()}


@pytest.mark.posix
def test_a_first_run_killed_at_every_kth_write_leaves_a_database_that_opens_with_its_whole_pack(
        tmp_path: Path) -> None:
    counts = kill_first_run.run(step=9, syscalls=("pwrite64", "write", "fsync", "link", "unlink"),
                                workdir=tmp_path)
    assert counts.kills >= 8  # the runs really were killed mid-way (pwrite64, fsync and link included)
    assert counts.problems == []
