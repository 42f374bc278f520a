"""`deskassist` with DISPLAY set to an X server that is not there (a stale DISPLAY in a terminal, an X server
that died): one clear line and exit 1, where Qt aborted with its own lines and a core dump (exit 134)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def start(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(data_dir)], env=environ,
                          capture_output=True, text=True, timeout=60)


def test_a_display_nobody_serves_is_one_clear_line(tmp_path: Path) -> None:
    done = start(tmp_path, LANG="C.UTF-8", LC_ALL="C.UTF-8", DISPLAY=":4711")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("Error: Cannot open the X display :4711")


def test_in_chinese(tmp_path: Path) -> None:
    done = start(tmp_path, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", DISPLAY=":4711")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("错误：") and ":4711" in done.stderr
