"""Desks for the team tests: separate data folders driving the real CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from deskassist.cli import main


def da(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI as a user does (errors as one line and exit 1); returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    code = 0
    with runner.isolation() as streams:
        try:
            main(["--data-dir", str(folder), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = streams[0].getvalue().decode(), streams[1].getvalue().decode()
    return code, out, err


def ok(folder: Path, *args: str) -> str:
    code, out, err = da(folder, *args)
    assert code == 0, f"exit {code}: {out}{err}"
    return out


def js(folder: Path, *args: str) -> Any:
    return json.loads(ok(folder, *args, "--json"))


def join_url(output: str) -> str:
    """The join URL printed by add-agent (its last line)."""
    return output.strip().splitlines()[-1]
