"""On a Chinese system the whole command line is Chinese: click's own messages, every --help, usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from deskassist import __version__
from deskassist.cli import cli
from deskassist.i18n import set_language


def run_on_chinese_system(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="zh_CN.UTF-8", DESKASSIST_HOME=str(folder))
    return subprocess.run([sys.executable, "-m", "deskassist", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_help_of_a_group_is_chinese(tmp_path: Path) -> None:
    result = run_on_chinese_system(tmp_path, "phrases", "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法: deskassist phrases")
    assert "快捷短语：列出、添加" in out and "示例：" in out
    assert "选项:" in out and "命令:" in out and "显示本帮助并退出。" in out
    assert "  search     按中文、全拼（fahuo）" in out
    assert "Show this message" not in out and "Examples" not in out


def test_help_of_a_command_translates_its_options(tmp_path: Path) -> None:
    out = run_on_chinese_system(tmp_path, "memos", "list", "--help").stdout
    assert "包括已完成的备忘。" in out and "谁的备忘录（默认：设置里的客服）。" in out
    assert "  deskassist memos list --all --json" in out


def test_version_is_chinese(tmp_path: Path) -> None:
    assert run_on_chinese_system(tmp_path, "--version").stdout == f"deskassist，版本 {__version__}\n"


@pytest.mark.parametrize(("args", "line"), [
    (("memos", "done", "abc"),
     "错误：'MEMO_ID' 的值无效：'abc' 不是有效的 integer 值。（参见 “deskassist memos done --help”）\n"),
    (("phrases", "searc"), "错误：没有命令 'searc'。 （您是不是想用：'search'？）（参见 “deskassist phrases --help”）\n"),
    (("memos", "done", "1", "2"), "错误：多余的参数（2）（参见 “deskassist memos done --help”）\n"),
], ids=["invalid-integer", "unknown-command", "extra-argument"])
def test_usage_errors_are_one_chinese_line(tmp_path: Path, args: tuple[str, ...], line: str) -> None:
    result = run_on_chinese_system(tmp_path, *args)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", line)


def test_the_app_language_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Click itself reads only LANG/LC_*; ui.language or Windows' UI language must reach its messages too."""
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    set_language("zh_CN")
    result = CliRunner().invoke(cli, ["memos", "done", "abc"])
    assert "错误：'MEMO_ID' 的值无效" in result.output
    set_language("en")
    result = CliRunner().invoke(cli, ["memos", "done", "abc"])
    assert "Error: Invalid value for 'MEMO_ID': 'abc' is not a valid integer." in result.output
    help_text = CliRunner().invoke(cli, ["phrases", "--help"]).output
    assert "Quick-reply phrases (快捷短语)" in help_text and "Show this message and exit." in help_text
    assert "  add        Add a phrase; prints its id." in help_text
