"""The early start's decisions without an X server: which launches it serves, which hotkeys it grabs for the
stored settings (as the app would register them), and that it stays out of the way otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskassist import early_start
from deskassist.early_start import plain_app_launch, wanted_hotkeys

DEFAULT = {"picker": "Ctrl+Alt+Space", "panel": "Ctrl+Alt+P", "memo": "Ctrl+Alt+M", "suggest": "Ctrl+Alt+Q",
           **{f"slot{n}": f"Ctrl+Alt+{n}" for n in range(1, 10)}}


def _texts(stored: dict) -> dict[str, str]:
    return {name: str(combo) for name, combo in wanted_hotkeys(stored).items()}


def test_only_the_tray_app_launch_is_served() -> None:
    assert plain_app_launch([]) == (None,)
    assert plain_app_launch(["--data-dir", "/tmp/shop"]) == ("/tmp/shop",)
    assert plain_app_launch(["--data-dir=/tmp/shop"]) == ("/tmp/shop",)
    for argv in (["phrases", "list"], ["--help"], ["--version"], ["--data-dir", "d", "config", "show"],
                 ["--data-dir"], ["-h"]):
        assert plain_app_launch(argv) is None, argv


def test_defaults_without_stored_values() -> None:
    assert _texts({}) == DEFAULT


def test_stored_values_decide_and_invalid_ones_count_as_the_default() -> None:
    stored = {"hotkeys.picker": "ctrl+alt+k", "hotkeys.slot_modifiers": "Ctrl+Shift", "hotkeys.panel": 42,
              "hotkeys.suggest": "Ctrl+Space"}  # 42 and Ctrl+Space (the input method's) are not valid
    assert _texts(stored) == {**DEFAULT, "picker": "Ctrl+Alt+K",
                              **{f"slot{n}": f"Ctrl+Shift+{n}" for n in range(1, 10)}}


def test_switched_off_hotkeys_are_not_grabbed() -> None:
    assert _texts({"hotkeys.enabled": False}) == {}
    without_memo = {k: v for k, v in DEFAULT.items() if k != "memo"}
    assert _texts({"memo.capture_enabled": False}) == without_memo
    assert _texts({"hotkeys.memo": ""}) == without_memo


def test_nothing_happens_without_a_display_or_for_a_command(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    early_start.start(["--data-dir", str(tmp_path / "shop")])
    assert early_start.take(tmp_path / "shop") is None
    assert not (tmp_path / "shop").exists()  # not even the folder: the app (or the CLI) makes it as before
    monkeypatch.setenv("DISPLAY", ":99")
    early_start.start(["--data-dir", str(tmp_path / "shop"), "phrases", "list"])
    assert early_start.take(tmp_path / "shop") is None
    assert not (tmp_path / "shop").exists()
