"""A minimal host for the real HotkeyBridge + PasteEngine + X11 backends, run as its own process.

Tests the hotkey -> paste path without the tray app: `paste_driver.py SPEC.json` where SPEC is
  {"hotkeys": {"slot1": ["Ctrl+Alt+1", "text to paste"], ...}, "settings": {"paste.auto_send": true}}
Logs the same JSON events as the app (hotkey registered/failed/fired, paste pasted/failed/...) on stderr,
then "app"/"ready". Reads JSON commands on stdin: {"do": "paste", "text": ..., "target": wid|null}, {"do": "pause", "paused": bool},
{"do": "restore_previous"}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from chat_standin import Commands
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from deskassist import log
from deskassist.platform.factory import create_backends
from deskassist.qt.hotkey_bridge import HotkeyBridge
from deskassist.qt.paste_engine import PasteEngine
from deskassist.settings import Settings


class MemoryStore:
    def __init__(self, values: dict[str, Any]) -> None:
        self.values = dict(values)

    def load_all(self) -> dict[str, Any]:
        return dict(self.values)

    def save(self, key: str, value: Any) -> None:
        self.values[key] = value



def main() -> int:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    log.setup(json_lines=True)
    app = QApplication(["deskassist-paste-driver"])
    backends = create_backends()
    settings = Settings(MemoryStore(spec.get("settings", {})))
    engine = PasteEngine(backends, settings)
    bridge = HotkeyBridge(backends.hotkeys)
    texts = {name: text for name, (_combo, text) in spec["hotkeys"].items()}

    def fired(name: str) -> None:
        engine.paste(texts[name], engine.capture_target(), phrase_id=list(texts).index(name) + 1)

    bridge.triggered.connect(fired)
    for name, (combo, _text) in spec["hotkeys"].items():
        bridge.register(name, combo)

    def command(cmd: dict) -> None:
        if cmd.get("do") == "paste":
            engine.paste(cmd["text"], cmd.get("target"), send=cmd.get("send"), split=cmd.get("split"))
        elif cmd.get("do") == "restore_previous":  # the tray's "Put back the previous clipboard"
            engine.restore_previous()
        elif cmd.get("do") == "pause":
            bridge.pause(bool(cmd["paused"]))
        elif cmd.get("do") == "quit":  # also sent when stdin closes
            app.quit()

    commands = Commands()
    commands.received.connect(command, Qt.ConnectionType.QueuedConnection)
    commands.start()
    app.aboutToQuit.connect(engine.close)
    app.aboutToQuit.connect(backends.close)
    log.event(log.get("app"), "ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
