"""One running app per data folder: the first launch takes a lock file in the folder and listens on a local
socket named after it; a later launch cannot take the lock, asks the first to come forward and exits.

The lock decides, not the socket: two fast launches can both find no socket to talk to, and a launch that
removed a socket it could not listen on took a live instance's socket away. Only the lock holder may remove
a stale socket. QLockFile notices a holder that died (kill -9, power cut) and lets the next launch take over.
The lock is its own file (deskassist.lock): opening the database file itself would drop SQLite's locks.
On POSIX it is platform/folder_lock.py's flock, which the early start takes before Qt is loaded (and hands
over here); on Windows QLockFile. Both write the file the same way and refuse each other.

The running side listens on POSIX through a plain Unix socket (owner-only, where QLocalSocket looks for the
name) watched by a QSocketNotifier: QLocalServer would load QtNetwork and Kerberos, 3.2 MB of the idle app for
one socket. On Windows it is QLocalServer (a named pipe). A second launch talks to either with QLocalSocket.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QDir, QLockFile, QObject, QSocketNotifier, Signal

from deskassist import log
from deskassist.platform.folder_lock import LOCK_NAME, FolderLock, FolderLockHeld

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

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


def socket_path(name: str) -> Path:
    """Where QLocalSocket looks for a server of this name on POSIX (Qt's temporary folder)."""
    return Path(QDir.tempPath()) / name


def notify_running(data_dir: Path, command: str = "show") -> bool:
    """Tell an already running app for data_dir to come forward; False when none is listening."""
    from PySide6.QtNetwork import QLocalSocket  # a second launch only: the running app never loads QtNetwork

    client = QLocalSocket()
    client.connectToServer(server_name(data_dir))
    if not client.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    client.write(command.encode() + b"\n")
    client.flush()
    client.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    # wait for the reply so the running app has read the command before we exit
    client.waitForReadyRead(CONNECT_TIMEOUT_MS * 3)
    client.disconnectFromServer()
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
        self._server: QLocalServer | None = None  # Windows
        self._listener: _UnixListener | None = None  # POSIX

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
            self._listen(clear_stale=False)
            return True
        error = self._listen(clear_stale=True)  # ours to clear: whoever left it no longer holds the lock
        if error is not None:  # still the only instance; later launches cannot reach it
            _log.warning("single_instance_failed", extra={"fields": {"error": error}})
        return True

    def _listen(self, clear_stale: bool) -> str | None:
        """Listen under self.name; None, or why not."""
        if os.name == "posix":
            self._listener = _UnixListener(socket_path(self.name), self.requested.emit, parent=self)
            return self._listener.listen(clear_stale)
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        if self._server.listen(self.name):
            return None
        if clear_stale:
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                return None
        return self._server.errorString()

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
        if self._server is not None:
            self._server.close()
        if self._folder_lock is not None:
            self._folder_lock.release()
        if self._lock.isLocked():
            self._lock.unlock()

    def _accept(self) -> None:
        """No Python callable holds a socket: a lambda's reference let the wrapper delete a socket that
        deleteLater or the server then deleted again (a crash in ~QLocalSocket about 1 run in 12)."""
        assert self._server is not None
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            client.readyRead.connect(self._ready_read)
            client.disconnected.connect(client.deleteLater)
            if client.bytesAvailable():
                self._read(client)

    def _ready_read(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        client = self.sender()
        if isinstance(client, QLocalSocket):
            self._read(client)

    def _read(self, client: QLocalSocket) -> None:
        while client.canReadLine():
            command = bytes(client.readLine().data()).decode("utf-8", "replace").strip()
            client.write(b"ok\n")
            client.flush()
            if command:
                log.event(_log, "second_launch", command=command)
                self.requested.emit(command)


MAX_COMMAND_BYTES = 256
"""A command is a word ("show"); a client sending more without a newline is cut off."""


class _UnixListener(QObject):
    """The POSIX listening side: a non-blocking Unix socket, owner-only, read when the event loop says it is
    readable (no thread, no polling). Each client sends one line and gets "ok" back."""

    def __init__(self, path: Path, requested: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._requested = requested
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}

    def listen(self, clear_stale: bool) -> str | None:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                listener.bind(str(self.path))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or not clear_stale:
                    raise
                self.path.unlink(missing_ok=True)  # a socket left by an app that is gone (we hold the lock)
                listener.bind(str(self.path))
            os.chmod(self.path, 0o600)  # like QLocalServer's UserAccessOption: only this user may connect
            listener.listen(8)
            listener.setblocking(False)
        except OSError as exc:
            listener.close()
            return log.errno_name(exc) or type(exc).__name__
        self._socket = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return None

    def close(self) -> None:
        for client, notifier, _buffer in self._clients.values():
            notifier.setEnabled(False)
            client.close()
        self._clients.clear()
        if self._socket is not None:
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            self._socket.close()
            self._socket = None
            self.path.unlink(missing_ok=True)

    def _accept(self) -> None:
        assert self._socket is not None
        while True:
            try:
                client, _address = self._socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            client.setblocking(False)
            fd = client.fileno()
            notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._clients[fd] = (client, notifier, bytearray())
            notifier.activated.connect(functools.partial(self._read, fd))
            self._read(fd)  # the line may be there already

    def _read(self, fd: int, *_activation: object) -> None:
        entry = self._clients.get(fd)
        if entry is None:
            return
        client, notifier, buffer = entry
        try:
            data = client.recv(MAX_COMMAND_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        buffer.extend(data)
        if b"\n" not in buffer and data and len(buffer) < MAX_COMMAND_BYTES:
            return  # more to come
        del self._clients[fd]
        notifier.setEnabled(False)
        notifier.deleteLater()
        line = bytes(buffer).split(b"\n", 1)[0]
        with contextlib.suppress(OSError):
            client.sendall(b"ok\n")
        client.close()
        command = line.decode("utf-8", "replace").strip()
        if command:
            log.event(_log, "second_launch", command=command)
            self._requested(command)
