"""Running the CLI in-process on a data folder, shared by the CLI test modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from deskassist.cli import cli


def run(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(folder), *args], catch_exceptions=False)


def ok(folder: Path, *args: str) -> Result:
    """Run and insist on exit 0 (the output is shown when it is not)."""
    result = run(folder, *args)
    assert result.exit_code == 0, result.output
    return result


def as_json(folder: Path, *args: str) -> Any:
    return json.loads(ok(folder, *args, "--json").stdout)
