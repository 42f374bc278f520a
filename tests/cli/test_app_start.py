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


def test_the_tray_app_starts_without_loading_click_or_the_cli(tmp_path: Path) -> None:
    """click and the command modules would stay in the app's memory all day (about 1.7 MB) for nothing."""
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "deskassist", "--data-dir", str(tmp_path)],
                          env=environ | {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, capture_output=True, text=True,
                          timeout=60)
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "deskassist.app.launch" in imported  # the app's own start went this far: the test saw its imports
    assert not {name for name in imported if name == "click" or name.startswith(("click.", "deskassist.cli"))}
    messages = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert done.returncode == 1 and len(messages) == 1 and "DISPLAY" in messages[0]


def test_a_data_folder_that_cannot_be_made_is_one_line_for_the_app_and_the_cli(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for command in ([], ["phrases", "list"]):
        done = subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(blocker / "shop"), *command],
                              env=os.environ | {"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, command
        assert done.stderr.strip().splitlines() == [done.stderr.strip()], command
        assert done.stderr.startswith("错误：") and str(blocker / "shop") in done.stderr, command
        assert "Traceback" not in done.stderr and not blocker.with_name("shop").exists()


def test_a_data_folder_that_is_a_file_says_so_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = start(blocker, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    assert done.returncode == 1 and done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith("错误：") and "不是文件夹" in done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"
