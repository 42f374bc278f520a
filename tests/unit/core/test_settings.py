"""Settings: every option validated on set and on load; values kept in the real SQLite settings table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskassist.core.errors import UserError
from deskassist.services.data_folder import open_session
from deskassist.services.session import Session
from deskassist.settings import OPTIONS, OPTIONS_BY_KEY, coerce, option, parse_shifts
from deskassist.storage.settings_repo import SettingsRepo


def check(key: str, value: object) -> object:
    return coerce(option(key), value)


def refused(key: str, value: object) -> str:
    with pytest.raises(UserError) as error:
        check(key, value)
    return str(error.value)


def test_every_option_is_declared_once_with_a_valid_default() -> None:
    assert len(OPTIONS_BY_KEY) == len(OPTIONS)
    for opt in OPTIONS:
        assert check(opt.key, opt.default) == opt.default, opt.key
        assert opt.description


def test_issue_keys_exist() -> None:
    for key in ("agent.name", "agent.id", "shop.name", "hotkeys.picker", "paste.auto_send", "paste.split_lines",
                "ui.language"):
        assert option(key).key == key


def test_unknown_key() -> None:
    with pytest.raises(UserError) as error:
        option("agent.nickname")
    assert str(error.value) == "Unknown setting: agent.nickname"


def test_text_keeps_what_was_typed() -> None:
    assert check("agent.name", " 小美 ") == " 小美 "
    assert refused("agent.name", 5) == "Invalid value for agent.name: 5"


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("YES", True), (" on ", True), ("1", True), ("是", True),
    ("false", False), ("no", False), ("off", False), ("0", False), ("否", False),
])
def test_booleans(value: object, expected: bool) -> None:
    assert check("paste.auto_send", value) is expected


@pytest.mark.parametrize("value", ["maybe", "", 1, None, "真"])
def test_bad_booleans(value: object) -> None:
    assert refused("paste.auto_send", value) == f"Invalid value for paste.auto_send: {value}"


def test_integers_in_range() -> None:
    assert check("paste.read_timeout_ms", "3000") == 3000
    assert check("paste.read_timeout_ms", " 500 ") == 500
    assert check("paste.read_timeout_ms", 30000) == 30000
    assert check("backup.keep", 2.0) == 2


@pytest.mark.parametrize("value", [499, "30001", -1])
def test_integers_out_of_range(value: object) -> None:
    assert refused("paste.read_timeout_ms", value) == "paste.read_timeout_ms must be between 500 and 30000"


@pytest.mark.parametrize("value", ["abc", "3.5", 3.5, True, None, ""])
def test_integers_malformed(value: object) -> None:
    assert refused("backup.keep", value) == f"Invalid value for backup.keep: {value}"


def test_choices() -> None:
    assert check("ui.language", " zh_CN ") == "zh_CN"
    assert refused("ui.language", "fr") == "Invalid value for ui.language: fr (choose one of: auto, zh_CN, en)"


def test_hotkeys_are_normalised_and_reserved_ones_refused() -> None:
    assert check("hotkeys.picker", " alt+ctrl+space ") == "Ctrl+Alt+Space"
    assert check("hotkeys.panel", "") == ""  # no hotkey
    assert refused("hotkeys.picker", "ctrl+space") == (
        "Ctrl+Space switches the Chinese input method; choose another hotkey")
    assert refused("hotkeys.picker", "shift+p") == "A global hotkey needs Ctrl, Alt or Win: shift+p"
    assert refused("hotkeys.memo", "win+space") == "Meta+Space belongs to the input method; choose another hotkey"


@pytest.mark.parametrize(("value", "expected"), [
    ("ctrl+alt", "Ctrl+Alt"),
    ("alt + ctrl", "Ctrl+Alt"),
    ("control+alt", "Ctrl+Alt"),  # was refused before: aliases other than "win" were not known
    ("super+shift", "Shift+Meta"),
    ("win+alt", "Alt+Meta"),
    ("cmd", "Meta"),
])
def test_slot_modifiers_any_spelling(value: str, expected: str) -> None:
    assert check("hotkeys.slot_modifiers", value) == expected


@pytest.mark.parametrize("value", ["ctrl+v", "shift", "shift+insert"])
def test_slot_modifiers_refuse_keys_and_shift_alone(value: str) -> None:
    # ctrl+v would make the slot hotkeys Ctrl+V+1 ... (the check used to be declared but never run)
    assert refused("hotkeys.slot_modifiers", value) == (
        "Choose modifier keys only, with Ctrl, Alt or Win (for example Ctrl+Alt)")


@pytest.mark.parametrize(("value", "expected"), [
    ("shift+insert", "Shift+Insert"), ("ctrl+shift+v", "Ctrl+Shift+V"), ("control+v", "Ctrl+V"),
    ("return", "Enter"),
])
def test_paste_keys_take_a_full_combo(value: str, expected: str) -> None:
    assert check("paste.key", value) == expected


def test_key_options_refuse_nonsense() -> None:
    assert refused("paste.key", "ctrl+banana") == "Unknown key banana in ctrl+banana"
    assert refused("paste.key", "") == "Not a key combination: "


def test_mapping_from_json_text_or_dict_with_keys_normalised() -> None:
    assert check("paste.key_overrides", '{"xterm": "shift+insert", "微信": "ctrl+v"}') == {
        "xterm": "Shift+Insert", "微信": "Ctrl+V"}
    assert check("paste.key_overrides", {"konsole": "control+shift+v"}) == {"konsole": "Ctrl+Shift+V"}
    assert check("paste.key_overrides", "{}") == {}


@pytest.mark.parametrize("value", ["{not json", '["xterm"]', '{"xterm": 5}', "", 7])
def test_mapping_malformed(value: object) -> None:
    assert refused("paste.key_overrides", value) == f"Invalid value for paste.key_overrides: {value}"


def test_mapping_with_a_bad_combo_names_it() -> None:
    assert refused("paste.key_overrides", '{"xterm": "ctrl+nope"}') == "Unknown key nope in ctrl+nope"


def test_shifts_parsing() -> None:
    assert parse_shifts("白班=09:00-17:00; 晚班=17:00-24:00") == [("白班", 540, 1020), ("晚班", 1020, 1440)]
    assert parse_shifts(" 夜班 = 20:00 - 8:00 ;") == [("夜班", 1200, 480)]
    assert check("shifts.definitions", "早班=8:30-12:00") == "早班=8:30-12:00"


@pytest.mark.parametrize(("value", "message"), [
    ("白班 09:00-17:00", "Not a shift: 白班 09:00-17:00 (expected NAME=HH:MM-HH:MM)"),
    ("白班=9-17", "Not a shift: 白班=9-17 (expected NAME=HH:MM-HH:MM)"),
    ("白班=24:00-08:00", "Not a shift: 白班=24:00-08:00 (expected NAME=HH:MM-HH:MM)"),
    ("白班=09:60-17:00", "Not a shift: 白班=09:60-17:00 (expected NAME=HH:MM-HH:MM)"),
    ("白班=09:00-24:30", "Not a shift: 白班=09:00-24:30 (expected NAME=HH:MM-HH:MM)"),
    (" ; ", "At least one shift is needed"),
])
def test_bad_shifts(value: str, message: str) -> None:
    assert refused("shifts.definitions", value) == message


@pytest.fixture
def settings_session(data_dir: Path) -> Session:
    opened = open_session(data_dir, seed=False)
    yield opened
    opened.close()


def test_set_saves_the_normalised_value_and_tells_listeners(settings_session: Session, data_dir: Path) -> None:
    heard: list[tuple[str, object]] = []
    settings_session.settings.on_change(lambda key, value: heard.append((key, value)))
    assert settings_session.settings.set("hotkeys.picker", "alt+ctrl+k") == "Ctrl+Alt+K"
    assert settings_session.settings.set("paste.auto_send", "是") is True
    assert heard == [("hotkeys.picker", "Ctrl+Alt+K"), ("paste.auto_send", True)]
    settings_session.close()
    reopened = open_session(data_dir, seed=False)
    try:
        assert reopened.settings.get("hotkeys.picker") == "Ctrl+Alt+K"
        assert reopened.settings.get("paste.auto_send") is True
    finally:
        reopened.close()


def test_a_refused_value_changes_nothing(settings_session: Session) -> None:
    heard: list[str] = []
    settings_session.settings.on_change(lambda key, value: heard.append(key))
    with pytest.raises(UserError):
        settings_session.settings.set("backup.keep", "0")
    assert settings_session.settings.get("backup.keep") == 14
    assert SettingsRepo(settings_session.db).load_all().get("backup.keep") is None
    assert heard == []


def test_bad_stored_values_fall_back_to_defaults(settings_session: Session) -> None:
    repo = SettingsRepo(settings_session.db)
    repo.save("backup.keep", 9999)
    repo.save("ui.language", "klingon")
    repo.save("agent.name", "小美")
    repo.save("no.such.option", True)
    settings_session.db.execute("INSERT INTO settings(key, value) VALUES ('shop.name', '{broken')")
    settings_session.settings.reload()
    assert settings_session.settings.get("backup.keep") == 14
    assert settings_session.settings.get("ui.language") == "auto"
    assert settings_session.settings.get("agent.name") == "小美"
    assert settings_session.settings.get("shop.name") == ""
    assert json.loads(settings_session.db.execute(
        "SELECT value FROM settings WHERE key='backup.keep'").fetchone()[0]) == 9999  # left as it was


def test_items_list_every_option_in_declared_order(settings_session: Session) -> None:
    assert [opt.key for opt, _ in settings_session.settings.items()] == [opt.key for opt in OPTIONS]
