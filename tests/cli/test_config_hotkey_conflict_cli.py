"""`config set` refuses a hotkey another action already holds, as the settings dialog does: otherwise the app
cannot grab it at the next start and one of the two actions is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import ok
from click.testing import CliRunner

from deskassist.cli import main


def guarded(folder: Path, *args: str) -> tuple[int, str]:
    """Through the console entry point: exit code and stderr."""
    runner = CliRunner()
    with runner.isolation() as (_out, err, _both):
        try:
            main(["--data-dir", str(folder), *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, err.getvalue().decode()


@pytest.mark.parametrize(("key", "value", "holder"), [
    ("hotkeys.suggest", "Ctrl+Alt+Space", "Opens the phrase picker"),
    ("hotkeys.memo", "ctrl+alt+p", "Shows or hides the side panel"),
    ("hotkeys.picker", "Ctrl+Alt+3", "Modifiers that with 1 to 9 paste a pinned phrase directly"),
])
def test_a_hotkey_in_use_is_refused_and_nothing_changes(data_dir: Path, english: None, key: str, value: str,
                                                        holder: str) -> None:
    before = ok(data_dir, "config", "get", key).output
    code, err = guarded(data_dir, "config", "set", key, value)
    assert code == 1
    assert err.strip().splitlines() == [f"Error: {value} is already used for: {holder}"]
    assert ok(data_dir, "config", "get", key).output == before


def test_a_free_hotkey_and_the_same_one_again_are_fine(data_dir: Path, english: None) -> None:
    assert ok(data_dir, "config", "set", "hotkeys.suggest", "Ctrl+Alt+K").output == "hotkeys.suggest = Ctrl+Alt+K\n"
    assert ok(data_dir, "config", "set", "hotkeys.suggest", "Ctrl+Alt+K").exit_code == 0
    assert ok(data_dir, "config", "set", "hotkeys.suggest", "").exit_code == 0  # switched off
