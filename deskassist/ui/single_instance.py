"""One running app per data folder: the first launch listens on a local socket named after the folder,
a second launch connects, asks the first to come forward and exits.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from deskassist import log

_log = log.get("app")
CONNECT_TIMEOUT_MS = 300


def server_name(data_dir: Path) -> str:
    """A socket name unique per user and data folder (short: Unix socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        user = "user"
    digest = hashlib.sha256(f"{user}\0{Path(data_dir).resolve()}".encode()).hexdigest()[:20]
    return f"deskassist-{digest}"


def notify_running(data_dir: Path, command: str = "show") -> bool:
    """Tell an already running app for data_dir to come forward; False when none is running."""
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


class SingleInstance(QObject):
    """The listening side. `requested(command)` fires when a second launch asks (e.g. "show")."""

    requested = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; a stale socket left by a crashed run is removed first."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        ok = self._server.listen(self.name)
        if not ok:
            _log.warning("single_instance_failed", extra={"fields": {"error": self._server.errorString()}})
        return ok

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            command = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
            socket.write(b"ok\n")
            socket.flush()
            if command:
                log.event(_log, "second_launch", command=command)
                self.requested.emit(command)
