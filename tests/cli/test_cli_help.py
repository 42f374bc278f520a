"""Every command of the whole CLI, found by walking the click tree, documents itself with an example."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from deskassist.cli import cli


def leaf_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += leaf_commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def test_the_tree_has_every_command_of_the_contract() -> None:
    names = {" ".join(p) for p in leaf_commands()}
    assert {"phrases search", "phrases import", "config set", "backup", "restore", "customers add",
            "memos search", "handover ack", "handover export"} <= names


@pytest.mark.parametrize("path", leaf_commands(), ids=" ".join)
def test_help_shows_a_runnable_looking_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    text = result.output
    assert "Example" in text, text
    assert f"deskassist {' '.join(path)}" in text, text
