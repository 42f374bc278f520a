"""The data folder's lock without Qt (POSIX flock): one holder at a time, across processes; a dead holder's
file is taken over; the file names the holder, owner-only."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from deskassist.platform.folder_lock import LOCK_NAME, FolderLock, FolderLockHeld

pytestmark = pytest.mark.posix
HOLD = ("import sys; from deskassist.platform.folder_lock import FolderLock; "
        "lock = FolderLock.acquire(sys.argv[1]); print('held', flush=True); sys.stdin.read()")


def _holder(folder: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_one_holder_at_a_time_and_release_removes_the_file(tmp_path: Path) -> None:
    lock = FolderLock.acquire(tmp_path)
    try:
        with pytest.raises(FolderLockHeld):
            FolderLock.acquire(tmp_path)  # another open file description: refused like another process
        path = tmp_path / LOCK_NAME
        pid, program, host = path.read_text().splitlines()
        assert (int(pid), host) == (os.getpid(), os.uname().nodename)
        assert program == os.path.basename(os.readlink("/proc/self/exe"))  # what QLockFile compares
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        lock.release()
    assert not (tmp_path / LOCK_NAME).exists()
    FolderLock.acquire(tmp_path).release()


def test_a_live_holder_in_another_process_refuses_and_a_killed_ones_file_is_taken_over(tmp_path: Path) -> None:
    holder = _holder(tmp_path)
    try:
        with pytest.raises(FolderLockHeld):
            FolderLock.acquire(tmp_path)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert (tmp_path / LOCK_NAME).exists()  # left behind
    lock = FolderLock.acquire(tmp_path)
    try:
        assert (tmp_path / LOCK_NAME).read_text().splitlines()[0] == str(os.getpid())
    finally:
        lock.release()


def test_a_folder_where_no_lock_can_be_made_raises_os_error() -> None:
    with pytest.raises(OSError):
        FolderLock.acquire(Path("/sys/kernel"))  # read-only: the caller starts and lets the database say why
