"""One running app per data folder: the first launch takes a lock file in the folder and listens on a local
socket named after it; a later launch cannot take the lock, asks the first to come forward and exits.

The lock decides, not the socket: two fast launches can both find no socket to talk to, and a launch that
removed a socket it could not listen on took a live instance's socket away. Only the lock holder may remove
a stale socket. QLockFile notices a holder that died (kill -9, power cut) and lets the next launch take over.
The lock is its own file (deskassist.lock): opening the database file itself would drop SQLite's locks.
On POSIX it is platform/folder_lock.py's flock, which the early start takes before Qt is loaded (and hands
over here); on Windows QLockFile. Both write the file the same way and refuse each other.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import time
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from deskassist import log
from deskassist.platform.folder_lock import LOCK_NAME, FolderLock, FolderLockHeld

_log = log.get("app")
CONNECT_TIMEOUT_MS = 300
STARTING_GRACE_S = 10.0
"""How long a second launch keeps trying to reach an instance that holds the lock but is not listening yet."""


def server_name(data_dir: Path) -> str:
    """A socket name unique per user and data folder (short: Unix socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        user = "user"
    # Qt's SHA-256 (the same digest as hashlib's), because hashlib loads OpenSSL: ~3.5 MB for the idle app
    digest = bytes(QCryptographicHash.hash(f"{user}\0{Path(data_dir).resolve()}".encode(),
                                           QCryptographicHash.Algorithm.Sha256).toHex().data()).decode()[:20]
    return f"deskassist-{digest}"


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_NAME


def notify_running(data_dir: Path, command: str = "show") -> bool:
    """Tell an already running app for data_dir to come forward; False when none is listening."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(command.encode() + b"\n")
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    # wait for the reply so the running app has read the command before we exit
    socket.waitForReadyRead(CONNECT_TIMEOUT_MS * 3)
    socket.disconnectFromServer()
    return True


def notify_lock_holder(data_dir: Path, command: str = "show", grace_s: float = STARTING_GRACE_S) -> bool:
    """notify_running, retried while the lock holder may still be on its way to listening."""
    deadline = time.monotonic() + grace_s
    while True:
        if notify_running(data_dir, command):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)  # a second launch has no window yet: nothing to keep responsive


class SingleInstance(QObject):
    """The running side. `requested(command)` fires when a second launch asks (e.g. "show").

    `lock`: the folder's lock, already taken by the early start (then listen() only listens).
    """

    requested = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None, lock: FolderLock | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._data_dir = Path(data_dir)
        self._folder_lock = lock
        self._lock = QLockFile(str(lock_path(data_dir)))
        self._lock.setStaleLockTime(0)  # never stale by age: only a holder that is gone lets go
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def _take_lock(self) -> str | None:
        """None when this process holds the folder's lock now; else "held" (another app) or why it cannot be
        made here."""
        if self._folder_lock is not None and self._folder_lock.held:
            return None
        if os.name == "posix":
            try:
                self._folder_lock = FolderLock.acquire(self._data_dir)
            except FolderLockHeld:
                return "held"
            except OSError as exc:
                return log.errno_name(exc) or "OSError"
            return None
        if not self._lock.tryLock(0):
            error = self._lock.error()
            return "held" if error == QLockFile.LockError.LockFailedError else error.name
        with contextlib.suppress(OSError):  # owner-only, like every file of the data folder (pid and host)
            os.chmod(self._lock.fileName(), 0o600)
        return None

    def listen(self) -> bool:
        """Become the instance: take the lock, clear a stale socket, listen; False when another app has it."""
        refused = self._take_lock()
        if refused == "held":
            log.event(_log, "instance_locked")
            return False
        if refused is not None:
            # no lock can be made here (a read-only folder): nothing can be written either, so start and let
            # opening the database say what is wrong; never take a socket we cannot prove stale
            _log.warning("single_instance_no_lock", extra={"fields": {"error": refused}})
            self._server.listen(self.name)
            return True
        if not self._server.listen(self.name):
            QLocalServer.removeServer(self.name)  # ours to clear: whoever left it no longer holds the lock
            if not self._server.listen(self.name):  # still the only instance; later launches cannot reach it
                error = self._server.errorString()
                _log.warning("single_instance_failed", extra={"fields": {"error": error}})
        return True

    def close(self) -> None:
        self._server.close()
        if self._folder_lock is not None:
            self._folder_lock.release()
        if self._lock.isLocked():
            self._lock.unlock()

    def _accept(self) -> None:
        """No Python callable holds a socket: a lambda's reference let the wrapper delete a socket that
        deleteLater or the server then deleted again (a crash in ~QLocalSocket about 1 run in 12)."""
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            command = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
            socket.write(b"ok\n")
            socket.flush()
            if command:
                log.event(_log, "second_launch", command=command)
                self.requested.emit(command)
