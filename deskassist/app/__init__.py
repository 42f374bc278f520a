"""The tray app: a composition root (root) wiring the hotkey controller (hotkeys), the paste flow (paste_flow),
the one window registry (windows) and the features. `from deskassist.app import run_app` stays the entry point."""

from deskassist.app.hotkeys import hotkey_label
from deskassist.app.paste_flow import clipboard_note
from deskassist.app.root import ERASE_DELETED_EVERY_MS, DeskAssistApp, default_autostart_command, run_app

__all__ = ["ERASE_DELETED_EVERY_MS", "DeskAssistApp", "clipboard_note", "default_autostart_command", "hotkey_label",
           "run_app"]
