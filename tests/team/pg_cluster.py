"""A throw-away PostgreSQL cluster for the team tests: Debian's own binaries, a temporary folder, a free port.

Why initdb/postgres directly (as the `postgres` user through runuser when we are root): pg_ctl and the
server refuse to run as root, pg_virtualenv wants to wrap the whole test command, and pg_createcluster leaves
clusters registered in /etc/postgresql when a run is killed. A folder under /tmp and a child process go away
with the run. Password (scram-sha-256) authentication on 127.0.0.1, as on a shop's LAN.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ADMIN_PASSWORD = "admin-secret"


class ClusterUnavailable(RuntimeError):
    """PostgreSQL cannot run here (not installed, or it would not start)."""


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ClusterUnavailable("PostgreSQL is not installed (apt-get install postgresql; ./dev.sh test does it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="deskassist-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "run"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.as_postgres = os.geteuid() == 0
        self.sockets.mkdir()
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", f"--pwfile={pwfile}",
                   "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"])
        pwfile.unlink()

    def _command(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if self.as_postgres else argv

    def _run(self, argv: list[str]) -> None:
        done = subprocess.run(self._command(argv), capture_output=True, text=True)
        if done.returncode:
            raise ClusterUnavailable(f"{argv[0]} failed: {done.stderr.strip()[-500:]}")

    def url(self, database: str = "postgres", user: str = "postgres", password: str = ADMIN_PASSWORD) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - handed to the child, closed with it
        self.process = subprocess.Popen(
            self._command([str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                           "-k", str(self.sockets), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                           "-c", "max_connections=300", "-c", "shared_buffers=32MB"]),
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ClusterUnavailable("postgres exited: "
                                         + (self.root / "server.log").read_text(errors="replace")[-800:])
            if self._accepts():
                return
            time.sleep(0.05)
        raise ClusterUnavailable("postgres did not accept connections within 30 s")

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                pass
        except OSError:
            return False
        done = subprocess.run([str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                              capture_output=True)
        return done.returncode == 0

    def stop(self, fast: bool = True) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGINT if fast else signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
