"""Real `deskassist` processes, mounts and lock holders for the storage trust tests (we run as root)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLD_LOCK = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive-mode":
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE IF NOT EXISTS other_program (x)")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def environment(language: str = "C.UTF-8") -> dict[str, str]:
    env = dict(os.environ)
    env.update({"LANG": language, "PYTHONDONTWRITEBYTECODE": "1"})
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "DESKASSIST_HOME"):
        env.pop(var, None)
    return env


def deskassist(folder: Path, *args: str, language: str = "C.UTF-8", user: int | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m deskassist --data-dir folder ARGS` as its own process (as another uid when given)."""
    command = [sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, env=environment(language), timeout=timeout,
                          cwd="/")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The process failed with exit 1 and exactly one line on stderr, no traceback; returns that line."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@contextmanager
def read_only(where: Path) -> Iterator[Path]:
    """The folder seen through a read-only bind mount (root ignores permission bits, not a read-only mount)."""
    subprocess.run(["mount", "--bind", str(where), str(where)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(where)], check=True)
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


@contextmanager
def lock_held(database: Path, how: str = "normal") -> Iterator[None]:
    """Another program (python's sqlite3) holding BEGIN EXCLUSIVE on the database until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(database), how], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
