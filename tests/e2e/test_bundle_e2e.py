"""The one-folder bundle built from packaging/deskassist.spec, run as an agent would run it: the CLI lists
the default phrases (resources and catalogs were collected) and the tray app pastes a slot hotkey into the
stand-in chat client under Xvfb (Qt plugins, hidden imports, the X11 backend made it in). Marked `bundle`:
it runs last, after everything quicker has had its say."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from x_harness import ROOT, ChatStandin, JsonLineProcess, XServer

SPEC = ROOT / "packaging" / "deskassist.spec"
BODY = "欢迎光临{店铺}！我是客服{客服}～"
TEXT = "欢迎光临花花旗舰店！我是客服小美～"

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pyinstaller on the spec, into a temporary folder (about a minute on 2 cores)."""
    out = tmp_path_factory.mktemp("bundle")
    proc = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                           "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)],
                          cwd=ROOT, capture_output=True, text=True, timeout=840)
    assert proc.returncode == 0, proc.stderr[-4000:]
    folder = out / "dist" / "DeskAssist"
    assert (folder / "DeskAssist").is_file() and (folder / "deskassist-cli").is_file()
    return folder


def cli(bundle: Path, data: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DESKASSIST_HOME")}
    proc = subprocess.run([str(bundle / "deskassist-cli"), "--data-dir", str(data), *args], env=env,
                          capture_output=True, text=True, timeout=60, cwd=bundle.parent)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_bundled_cli_lists_the_default_phrases(bundle: Path, tmp_path: Path) -> None:
    listing = cli(bundle, tmp_path / "data", "phrases", "list")
    assert "欢迎光临" in listing and "(pinned 1)" in listing
    assert "phrases" in cli(bundle, tmp_path / "data", "--help")


def test_the_bundled_cli_speaks_chinese_on_a_chinese_system(bundle: Path, tmp_path: Path) -> None:
    """The gettext catalogs (deskassist/locale/*.mo) were collected: help, click's words and usage errors."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "DESKASSIST_HOME", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = "zh_CN.UTF-8"
    run = [str(bundle / "deskassist-cli"), "--data-dir", str(tmp_path / "data")]
    shown = subprocess.run([*run, "phrases", "--help"], env=env, capture_output=True, text=True, timeout=60)
    assert shown.stdout.startswith("用法: ") and "快捷短语" in shown.stdout and "显示本帮助并退出。" in shown.stdout
    wrong = subprocess.run([*run, "memos", "done", "abc"], env=env, capture_output=True, text=True, timeout=60)
    assert (wrong.returncode, wrong.stderr.split("：")[0]) == (1, "错误")
    assert "不是有效的 integer 值" in wrong.stderr


def test_the_bundled_tray_app_pastes_a_slot_hotkey(bundle: Path, tmp_path: Path, xserver: XServer,
                                                   standin: ChatStandin) -> None:
    data = tmp_path / "data"
    cli(bundle, data, "config", "set", "agent.name", "小美")
    cli(bundle, data, "config", "set", "shop.name", "花花旗舰店")
    cli(bundle, data, "phrases", "edit", "1", "--body", BODY)
    env = xserver.env()
    env.pop("PYTHONPATH", None)  # nothing may come from the checkout
    app = JsonLineProcess([str(bundle / "DeskAssist"), "--data-dir", str(data)], env, "stderr", cwd=tmp_path)
    try:
        app.wait_record(30, logger="app", event="ready")
        assert "slot1" in app.find(logger="hotkey", event="early_grabbed")[0]["names"]  # grabbed before Qt loads
        settled = app.wait_record(10, logger="hotkey", event="early_grabs_settled")
        assert settled["released"] == []
        standin.focus()
        xserver.key("Ctrl+Alt+1")
        standin.wait_text(TEXT)
        assert app.wait_record(10, logger="paste", event="pasted")["phrase_id"] == 1
    finally:
        app.stop()
