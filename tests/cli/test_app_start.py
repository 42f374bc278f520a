"""`deskassist` without a display says so in one line (Qt would otherwise abort with its own text)."""

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


def test_no_display_is_one_clear_line_in_chinese(tmp_path: Path) -> None:
    done = start(tmp_path, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("错误：") and "DISPLAY" in done.stderr


def test_wayland_without_xwayland_explains_why_x11_is_needed(tmp_path: Path) -> None:
    done = start(tmp_path, LANG="C.UTF-8", LC_ALL="C.UTF-8", WAYLAND_DISPLAY="wayland-0")
    assert done.returncode == 1
    assert "X11" in done.stderr and "Traceback" not in done.stderr
