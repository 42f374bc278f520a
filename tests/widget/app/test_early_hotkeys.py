"""The early start grabs, before the app is built, the hotkeys the built app registers: the same names and
combos for the same stored settings (a new hotkey feature that the early start does not know would only be
grabbed late; this test says so)."""

from __future__ import annotations

import pytest

from deskassist import paths
from deskassist.early_start import HOTKEY_SETTINGS, wanted_hotkeys
from deskassist.storage.settings_reader import read_stored_settings


@pytest.mark.parametrize("settings", [
    {},
    {"hotkeys.picker": "Ctrl+Alt+K", "hotkeys.slot_modifiers": "Ctrl+Shift"},
    {"memo.capture_enabled": False, "hotkeys.suggest": "Ctrl+Alt+F5"},
    {"hotkeys.memo": ""},
    {"hotkeys.enabled": False},
])
def test_the_early_grabs_are_what_the_app_registers(make_desk, session, settings) -> None:
    for key, value in settings.items():
        session.settings.set(key, value)
    desk = make_desk(load_features=True)  # notes (memo hotkey) and suggested replies, as `deskassist` runs
    stored = read_stored_settings(paths.database_path(session.data_dir), HOTKEY_SETTINGS)
    assert stored is not None
    early = {name: str(combo) for name, combo in wanted_hotkeys(stored).items()}
    assert early == desk.backends.hotkeys.grabbed  # what the app's hotkey source holds once it is built

