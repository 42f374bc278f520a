"""Every option DeskAssist has, declared once: key, type, default, description; validated on load and set.

Values live in the database (table settings, one JSON value per key) through a small store object, so the
CLI (`deskassist config ...`) and the settings dialog read and write the same thing.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from deskassist.core.errors import UserError
from deskassist.core.keys import MODIFIERS, canonical_modifier, check_global_hotkey, parse_combo
from deskassist.i18n import N_, _


@dataclass(frozen=True)
class Option:
    key: str
    type: str  # str | bool | int | choice | hotkey | keys | mapping | shifts
    default: Any
    description: str  # English source; shown through _()
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    extra_check: Callable[[Any], None] | None = field(default=None, compare=False)


_SHIFT_RE = re.compile(r"^\s*([^=;]+?)\s*=\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_shifts(text: str) -> list[tuple[str, int, int]]:
    """"白班=09:00-17:00; 晚班=17:00-24:00" -> [(name, start_minute, end_minute), ...]."""
    shifts = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        m = _SHIFT_RE.match(part)
        if not m:
            raise UserError(_("Not a shift: {text} (expected NAME=HH:MM-HH:MM)").format(text=part))
        name, h1, m1, h2, m2 = m.groups()
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if not (0 <= start < 24 * 60 and 0 < end <= 24 * 60 and int(m1) < 60 and int(m2) < 60):
            raise UserError(_("Not a shift: {text} (expected NAME=HH:MM-HH:MM)").format(text=part))
        shifts.append((name, start, end))
    if not shifts:
        raise UserError(_("At least one shift is needed"))
    return shifts


def _modifiers_only(value: str) -> None:
    """Pinned-slot modifiers are combined with 1..9: modifier keys only, with Ctrl, Alt or Win."""
    parts = set(value.split("+"))
    if not parts <= set(MODIFIERS) or not parts & {"Ctrl", "Alt", "Meta"}:
        raise UserError(_("Choose modifier keys only, with Ctrl, Alt or Win (for example Ctrl+Alt)"))


OPTIONS: tuple[Option, ...] = (
    Option("agent.name", "str", "", N_("Your name as buyers see it; fills {agent} / {客服}")),
    Option("agent.id", "str", "", N_("Your agent ID number; fills {agent_id} / {工号}")),
    Option("shop.name", "str", "", N_("The shop's name; fills {shop} / {店铺}")),
    Option("buyer.salutation", "str", "亲",
           N_("How phrases address a buyer through {buyer} / {客户}: a word such as 亲 or 宝, or nick for the "
              "buyer's nickname; a customer's own form of address comes first")),
    Option("hotkeys.enabled", "bool", True, N_("Global hotkeys are active")),
    Option("hotkeys.picker", "hotkey", "Ctrl+Alt+Space", N_("Opens the phrase picker")),
    Option("hotkeys.panel", "hotkey", "Ctrl+Alt+P", N_("Shows or hides the side panel")),
    Option("hotkeys.memo", "hotkey", "Ctrl+Alt+M", N_("Opens the quick memo box")),
    Option("hotkeys.suggest", "hotkey", "Ctrl+Alt+Q",
           N_("Opens the picker with replies suggested for the buyer message you selected")),
    Option("suggest.selection", "choice", "auto",
           N_("How the suggest hotkey reads the selected message: auto (the X11 selection where there is one, "
              "else copy), selection, or copy (Ctrl+C, then the clipboard is put back)"),
           choices=("auto", "selection", "copy")),
    Option("hotkeys.slot_modifiers", "keys", "Ctrl+Alt",
           N_("Modifiers that with 1 to 9 paste a pinned phrase directly"), extra_check=_modifiers_only),
    Option("paste.auto_send", "bool", False, N_("Press Enter after pasting, so the reply is sent")),
    Option("paste.split_lines", "bool", False,
           N_("Send each paragraph as its own message (with auto-send)")),
    Option("paste.key", "keys", "Ctrl+V", N_("The key that pastes in the chat client")),
    Option("paste.send_key", "keys", "Enter", N_("The key that sends a message in the chat client")),
    Option("paste.key_overrides", "mapping",
           {"xterm": "Shift+Insert", "urxvt": "Shift+Insert", "gnome-terminal": "Ctrl+Shift+V",
            "konsole": "Ctrl+Shift+V"},
           N_("Paste key per application (window class or program name)")),
    Option("paste.modifier_release_timeout_ms", "int", 2000,
           N_("How long to wait for the hotkey's keys to be released (ms)"), minimum=0, maximum=10000),
    Option("paste.focus_timeout_ms", "int", 500,
           N_("How long to wait for the chat window to take focus back (ms)"), minimum=0, maximum=5000),
    Option("paste.pre_paste_delay_ms", "int", 0,
           N_("Pause between setting the clipboard and pressing the paste key (ms)"), minimum=0, maximum=2000),
    Option("paste.split_gap_ms", "int", 250, N_("Pause between split messages (ms)"), minimum=0, maximum=5000),
    Option("paste.read_timeout_ms", "int", 3000,
           N_("How long the chat window may take to read the pasted text before you are told (ms)"),
           minimum=500, maximum=30000),
    Option("paste.restore_clipboard", "bool", True, N_("Put the previous clipboard back once the chat window has read the text")),
    Option("ui.language", "choice", "auto", N_("Language of the interface"), choices=("auto", "zh_CN", "en")),
    Option("ui.panel_edge", "choice", "right", N_("Screen edge the side panel docks to"),
           choices=("left", "right", "none")),
    Option("ui.start_at_login", "bool", False, N_("Start DeskAssist when you log in")),
    Option("setup.done", "bool", False, N_("The first-run setup has been shown")),
    Option("backup.auto", "bool", True, N_("Back up the database once a day when the app starts")),
    Option("backup.keep", "int", 14, N_("How many automatic backups to keep"), minimum=1, maximum=365),
    Option("backup.erase_deleted_after_hours", "int", 24,
           N_("Hours a deleted memo can still be restored; then it is erased from the database and later backups"),
           minimum=1, maximum=24 * 90),
    Option("shifts.definitions", "shifts", "白班=09:00-17:00; 晚班=17:00-24:00",
           N_("Shifts as NAME=HH:MM-HH:MM separated by semicolons")),
    Option("handover.reminder_minutes", "int", 15,
           N_("Minutes before a shift ends to ask for the handover note"), minimum=0, maximum=240),
    Option("handover.overtime_minutes", "int", 120,
           N_("A handover note written this many minutes after a shift ended still belongs to that shift"),
           minimum=0, maximum=720),
    Option("memo.capture_enabled", "bool", True, N_("The memo hotkey is active")),
    Option("paste.send_delay_ms", "int", 40,
           N_("Pause between pasting and pressing the send key (ms)"), minimum=0, maximum=2000),
    Option("data.check_interval_ms", "int", 0 if sys.platform.startswith("linux") else 1000,
           N_("How often to look for changes other programs (the command line, another window) made to the "
              "data, in ms; 0: only when the database file is written (no timer)"), minimum=0, maximum=60000),
)
OPTIONS_BY_KEY = {o.key: o for o in OPTIONS}


def option(key: str) -> Option:
    try:
        return OPTIONS_BY_KEY[key]
    except KeyError:
        raise UserError(_("Unknown setting: {key}").format(key=key)) from None


def coerce(opt: Option, value: Any) -> Any:
    """Turn a value (from the command line as text, or from the store) into the option's type."""
    value = _coerce_type(opt, value)
    if opt.extra_check is not None:
        opt.extra_check(value)
    return value


def _coerce_type(opt: Option, value: Any) -> Any:
    bad = UserError(_("Invalid value for {key}: {value}").format(key=opt.key, value=value))
    if opt.type in ("str", "hotkey", "keys", "shifts", "choice"):
        if not isinstance(value, str):
            raise bad
        value = value.strip() if opt.type != "str" else value
        if opt.type == "hotkey":
            value = str(check_global_hotkey(value)) if value else ""
        elif opt.type == "keys":
            value = _normalise_keys(value)
        elif opt.type == "shifts":
            parse_shifts(value)
        elif opt.type == "choice" and value not in opt.choices:
            raise UserError(_("Invalid value for {key}: {value} (choose one of: {choices})").format(
                key=opt.key, value=value, choices=", ".join(opt.choices)))
        return value
    if opt.type == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on", "是"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "off", "否"):
            return False
        raise bad
    if opt.type == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise bad from None
        if isinstance(value, bool) or (isinstance(value, float) and value != number):
            raise bad
        if (opt.minimum is not None and number < opt.minimum) or (opt.maximum is not None and number > opt.maximum):
            raise UserError(_("{key} must be between {minimum} and {maximum}").format(
                key=opt.key, minimum=opt.minimum, maximum=opt.maximum))
        return number
    if opt.type == "mapping":
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                raise bad from None
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise bad
        return {k: _normalise_keys(v) for k, v in value.items()}
    raise bad


def _normalise_keys(text: str) -> str:
    """Modifiers alone ("Ctrl+Alt") or a full combo ("shift+insert"), canonical spelling."""
    parts = [p for p in text.replace(" ", "").split("+") if p]
    try:
        return str(parse_combo(text))
    except UserError:
        names = {canonical_modifier(p) for p in parts}
        if parts and None not in names:
            return "+".join(m for m in MODIFIERS if m in names)
        raise


class SettingsStore(Protocol):
    """Where values are kept (storage.settings_repo.SettingsRepo)."""

    def load_all(self) -> dict[str, Any]: ...

    def save(self, key: str, value: Any) -> None: ...


class Settings:
    """Typed access to every option; unknown or invalid stored values fall back to the default.

    Values are held in memory; reload() reads them again (the session calls it when the change feed reports
    that settings changed, here or in another process) and tells the listeners about every key whose value
    it changed, so a value set with `deskassist config set` takes effect in a running app.
    """

    def __init__(self, store: SettingsStore) -> None:
        self._store = store
        self._saved: Callable[[str], None] | None = None
        self._values: dict[str, Any] = {}
        self._listeners: list[Callable[[str, Any], None]] = []
        self._values = self._load()

    def _load(self) -> dict[str, Any]:
        values = {}
        for key, raw in self._store.load_all().items():
            opt = OPTIONS_BY_KEY.get(key)
            if opt is None:
                continue
            try:
                values[key] = coerce(opt, raw)
            except UserError:
                continue
        return values

    def reload(self) -> list[str]:
        """Read the stored values again; listeners hear about each key that changed (returned, in order)."""
        before = {opt.key: self.get(opt.key) for opt in OPTIONS}
        self._values = self._load()
        changed = [opt.key for opt in OPTIONS if self.get(opt.key) != before[opt.key]]
        for key in changed:
            self._announce(key, self.get(key))
        return changed

    def publish_saves(self, saved: Callable[[str], None]) -> None:
        """saved(key) after each set() (the session publishes a "settings" change to its feed)."""
        self._saved = saved

    def _announce(self, key: str, value: Any) -> None:
        for listener in list(self._listeners):
            listener(key, value)

    def get(self, key: str) -> Any:
        opt = option(key)
        return self._values.get(key, opt.default)

    def set(self, key: str, value: Any) -> Any:
        """Validate and save one value; returns the stored (normalised) value."""
        opt = option(key)
        value = coerce(opt, value)
        self._store.save(key, value)
        changed = self.get(key) != value
        self._values[key] = value
        if self._saved is not None:
            self._saved(key)
        if changed:
            self._announce(key, value)
        return value

    def items(self) -> list[tuple[Option, Any]]:
        return [(opt, self.get(opt.key)) for opt in OPTIONS]

    def on_change(self, listener: Callable[[str, Any], None]) -> None:
        """Call listener(key, value) when a key's value changes: set() here, or reload() after a change elsewhere."""
        self._listeners.append(listener)

    def shifts(self) -> list[tuple[str, int, int]]:
        return parse_shifts(self.get("shifts.definitions"))
