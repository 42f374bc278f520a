"""One instance per data folder: the lock file decides, a second instance never takes the first one's socket,
a dead holder's lock is taken over, and a launch keeps knocking while the holder is still starting."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QDir

from deskassist.qt.single_instance import SingleInstance, lock_path, server_name

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from PySide6.QtCore import QCoreApplication; "
            "app = QCoreApplication([]); " + code]


def _notify(data_dir: Path, grace: float = 0.0) -> list[str]:
    return _python("from deskassist.qt.single_instance import notify_lock_holder; "
                   "print('knocking', flush=True); "
                   f"sys.exit(0 if notify_lock_holder({str(data_dir)!r}, grace_s={grace}) else 3)")


def test_a_second_instance_is_refused_and_the_first_keeps_its_socket(qtbot, data_dir) -> None:
    first = SingleInstance(data_dir)
    second = SingleInstance(data_dir)
    try:
        assert first.listen()
        assert not second.listen()  # it used to remove the live socket and listen in its place
        with qtbot.waitSignal(first.requested, timeout=10_000) as request:
            proc = subprocess.Popen(_notify(data_dir), cwd=ROOT)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert (proc.returncode, request.args) == (0, ["show"])
    finally:
        second.close()
        first.close()
    assert not lock_path(data_dir).exists()  # a clean exit leaves nothing behind


@pytest.mark.posix
def test_the_lock_of_a_killed_instance_is_taken_over(qtbot, data_dir) -> None:
    holder = subprocess.Popen(_python(
        "from deskassist.qt.single_instance import SingleInstance; "
        f"instance = SingleInstance({str(data_dir)!r}); print(instance.listen(), flush=True); "
        "sys.stdin.read()"), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "True"
    refused = SingleInstance(data_dir)
    assert not refused.listen()  # alive: its lock holds
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    assert lock_path(data_dir).exists()
    assert Path(QDir.tempPath(), server_name(data_dir)).exists()  # its socket is left behind too

    successor = SingleInstance(data_dir)
    try:
        assert successor.listen()
        with qtbot.waitSignal(successor.requested, timeout=10_000):
            proc = subprocess.Popen(_notify(data_dir), cwd=ROOT)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert proc.returncode == 0
    finally:
        successor.close()
        refused.close()


def test_a_launch_keeps_knocking_while_the_lock_holder_starts(qtbot, data_dir) -> None:
    proc = subprocess.Popen(_notify(data_dir, grace=20), cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "knocking"  # nobody listens yet: it retries
    instance = SingleInstance(data_dir)
    try:
        with qtbot.waitSignal(instance.requested, timeout=20_000) as request:
            assert instance.listen()
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
        assert (proc.returncode, request.args) == (0, ["show"])
    finally:
        instance.close()


def test_a_folder_where_no_lock_can_be_made_is_not_taken_for_a_running_app(qtbot) -> None:
    read_only = Path("/sys/kernel")  # a read-only file system: the lock file cannot be created
    instance = SingleInstance(read_only)
    try:
        assert instance.listen()  # not "already running": opening the database will say what is wrong
    finally:
        instance.close()


@pytest.mark.posix
def test_the_lock_file_is_readable_by_its_owner_only(qtbot, data_dir) -> None:
    """Like every file in the data folder: it names the holder's process and host."""
    first = SingleInstance(data_dir)
    try:
        assert first.listen()
        assert stat.S_IMODE(lock_path(data_dir).stat().st_mode) == 0o600
    finally:
        first.close()


def _hold(code: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(_python(code + "; print(held, flush=True); sys.stdin.read()"), cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "True"
    return holder


def _kill(holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)


@pytest.mark.posix
def test_the_early_folder_lock_and_qlockfile_refuse_each_other_and_take_over_from_the_dead(data_dir) -> None:
    """The flock the early start takes (before Qt) against QLockFile (Windows, and DeskAssist before it): an
    older version started beside this one on the same folder neither runs twice nor keeps a dead lock."""
    from PySide6.QtCore import QLockFile

    from deskassist.platform.folder_lock import FolderLock, FolderLockHeld

    path = str(lock_path(data_dir))
    qt_holder = _hold(f"from PySide6.QtCore import QLockFile; lock = QLockFile({path!r}); "
                      "lock.setStaleLockTime(0); held = lock.tryLock(0)")
    try:
        with pytest.raises(FolderLockHeld):
            FolderLock.acquire(data_dir)
    finally:
        _kill(qt_holder)
    FolderLock.acquire(data_dir).release()  # the dead Qt holder's file is taken over

    early_holder = _hold(f"from deskassist.platform.folder_lock import FolderLock; "
                         f"lock = FolderLock.acquire({str(data_dir)!r}); held = lock.held")
    qt_lock = QLockFile(path)
    qt_lock.setStaleLockTime(0)
    try:
        assert not qt_lock.tryLock(0)
        assert qt_lock.error() == QLockFile.LockError.LockFailedError
    finally:
        _kill(early_holder)
    assert qt_lock.tryLock(0)  # QLockFile finds the killed holder's pid gone: stale, taken over
    qt_lock.unlock()


@pytest.mark.posix
def test_the_running_side_is_an_owner_only_socket_without_qtnetwork(data_dir) -> None:
    """QLocalServer loaded QtNetwork and Kerberos into the running app: 3.2 MB all day for one socket."""
    done = subprocess.run(_python(
        "from deskassist.qt.single_instance import SingleInstance, socket_path, server_name; import os, stat; "
        f"instance = SingleInstance({str(data_dir)!r}); assert instance.listen(); "
        f"mode = os.stat(socket_path(server_name({str(data_dir)!r}))).st_mode; "
        "print(stat.S_ISSOCK(mode), oct(stat.S_IMODE(mode)), 'PySide6.QtNetwork' in sys.modules); "
        "instance.close()"), cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["True", "0o600", "False"]
    assert not Path(QDir.tempPath(), server_name(data_dir)).exists()  # closed: the socket is gone


@pytest.mark.posix
def test_a_client_that_sends_nothing_or_too_much_does_not_stop_later_launches(qtbot, data_dir) -> None:
    import socket as sockets

    first = SingleInstance(data_dir)
    try:
        assert first.listen()
        path = str(Path(QDir.tempPath(), server_name(data_dir)))
        silent = sockets.socket(sockets.AF_UNIX)
        silent.connect(path)  # connects and never writes: the app must not wait for it
        flood = sockets.socket(sockets.AF_UNIX)
        flood.connect(path)
        flood.sendall(b"x" * 4096)  # no newline
        flood.setblocking(False)
        replies = bytearray()

        def replied() -> bool:
            with contextlib.suppress(BlockingIOError):
                replies.extend(flood.recv(16))
            return bytes(replies) == b"ok\n"

        qtbot.waitUntil(replied, timeout=10_000)  # cut off after 256 bytes, answered
        with qtbot.waitSignal(first.requested, timeout=10_000) as request:
            proc = subprocess.Popen(_notify(data_dir), cwd=ROOT)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10_000)
        assert (proc.returncode, request.args) == (0, ["show"])
        silent.close()
        flood.close()
    finally:
        first.close()
