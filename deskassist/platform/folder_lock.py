"""The data folder's single-instance lock without Qt (POSIX), so a launch can decide it is the instance and grab
its hotkeys before Qt is even imported (app start -> hotkeys grabbed).

It is the same lock QLockFile takes in qt/single_instance.py (which still takes it on Windows and whenever
this early path did not run): the file deskassist.lock, held with flock(2) on an open descriptor for as long
as the app runs, naming the holder as "pid\\nprogram\\nhost\\n". Both sides refuse a lock whose flock is held;
QLockFile reads the pid and program to decide a left-over file is stale, and a file whose holder died (no
flock left) is taken over here. The file is owner-only (0600) like the rest of the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

LOCK_NAME = "deskassist.lock"


class FolderLockHeld(Exception):
    """Another running process holds the lock: this launch is the second one."""


def _program_name() -> str:
    """What QLockFile compares with /proc/<pid>/exe: the name of the running binary."""
    try:
        return os.path.basename(os.readlink("/proc/self/exe").removesuffix(" (deleted)"))
    except OSError:
        return ""


class FolderLock:
    """A held lock on data_dir/deskassist.lock; release() (or the process ending) frees it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path, attempts: int = 5) -> FolderLock:
        """Take the lock; FolderLockHeld when a live process holds it, OSError when it cannot be made here."""
        import fcntl

        path = Path(data_dir) / LOCK_NAME
        for _attempt in range(attempts):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise FolderLockHeld(str(path)) from None
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the holder removed it between our open and our flock: try the new file
                os.close(fd)
                continue
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n{_program_name()}\n{os.uname().nodename}\n".encode())
                os.fchmod(fd, 0o600)
            except OSError:
                os.close(fd)
                raise
            return cls(path, fd)
        raise FolderLockHeld(str(path))

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the file, then let go (QLockFile's order: a waiting launch never reads a half-gone lock)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None
