"""Names and notes are data from buyers and packs: in CLI output their control characters and bidi overrides
are shown as visible escapes, so they can neither recolour/rewrite the terminal nor reverse the text around
them. JSON output stays valid JSON that gives back the exact stored value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deskassist.cli import cli, main
from deskassist.cli.sanitize import clean

NICK = "坏人\x1b[31m红字\u202e4321"
NOTE = "第一行\n地址\u2066北京\u2069\x9b2J\x07"
RAW = ("\x1b", "\u202e", "\u2066", "\u2069", "\x9b", "\x07")


@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    return data_dir


def terminal(folder: Path, *args: str) -> Result:
    """As on a terminal: click keeps ANSI sequences when it thinks the output is a tty (color=True)."""
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), *args], color=True, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _no_raw_controls(text: str) -> None:
    assert not [c for c in RAW if c in text], repr(text)


def test_clean_escapes_controls_and_bidi_but_keeps_text_tabs_and_newlines() -> None:
    assert clean("a\x1b[31mb\u202ec\td\ne\r\x00\x7f\x85\u200f\u061c") == (
        "a\\u001b[31mb\\u202ec\td\ne\\u000d\\u0000\\u007f\\u0085\\u200f\\u061c")
    assert clean("a\nb", one_line=True) == "a\\u000ab"
    assert clean("好的亲～ 😀 {客服}") == "好的亲～ 😀 {客服}"


def test_customer_name_and_note_cannot_drive_the_terminal(folder: Path) -> None:
    added = terminal(folder, "customers", "add", NICK, "--note", NOTE, "--phone", "13812345678").stdout
    _no_raw_controls(added)
    assert "坏人\\u001b[31m红字\\u202e4321" in added
    for args in (("customers", "list"), ("customers", "show", NICK), ("customers", "show", NICK, "--reveal")):
        _no_raw_controls(terminal(folder, *args).stdout)
    shown = terminal(folder, "customers", "show", NICK).stdout
    assert "Note: 第一行\n地址\\u2066北京\\u2069\\u009b2J\\u0007" in shown


def test_json_output_escapes_them_and_still_gives_back_the_stored_value(folder: Path) -> None:
    terminal(folder, "customers", "add", NICK, "--note", NOTE)
    for args in (("customers", "show", NICK, "--json"), ("customers", "list", "--json")):
        out = terminal(folder, *args).stdout
        _no_raw_controls(out)
        data = json.loads(out)
        customer = data[0] if isinstance(data, list) else data
        assert customer["nick"] == NICK


def test_memo_and_phrase_text_are_escaped(folder: Path) -> None:
    terminal(folder, "memos", "add", "问一下\x1b]0;标题\x07 #尺码 \u202e反过来")
    _no_raw_controls(terminal(folder, "memos", "list").stdout)
    terminal(folder, "phrases", "add", "--category", "测试", "--title", "标题\u202e反", "--body", "正文\u2067")
    for args in (("phrases", "list"), ("phrases", "search", "正文"), ("phrases", "lint")):
        result = CliRunner().invoke(cli, ["--data-dir", str(folder), *args], color=True)
        _no_raw_controls(result.stdout + result.stderr)


def test_an_error_line_quoting_what_was_typed_is_escaped(folder: Path) -> None:
    runner = CliRunner()
    with runner.isolation(color=True) as (out, err, _both):
        with pytest.raises(SystemExit) as exit_info:
            main(["--data-dir", str(folder), "customers", "add", "小美", "--group", "坏\u202e\x1b[2J"])
        stderr = err.getvalue().decode()
    assert exit_info.value.code == 1
    assert stderr.startswith("Error: Unknown group: 坏\\u202e\\u001b[2J (groups: ")
    _no_raw_controls(stderr + out.getvalue().decode())


def test_every_cli_module_prints_through_the_one_cleaning_echo() -> None:
    """A new command that calls click.echo or print directly would bypass the cleaning."""
    import ast

    import deskassist.cli as package

    bypasses = []
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        if path.name == "sanitize.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Attribute) and node.func.attr in ("echo", "secho")
                     and isinstance(node.func.value, ast.Name) and node.func.value.id == "click")
                    or (isinstance(node.func, ast.Name) and node.func.id in ("print", "secho"))):
                bypasses.append(f"{path.name}:{node.lineno}")
    assert bypasses == []
