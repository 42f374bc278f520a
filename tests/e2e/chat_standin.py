"""A stand-in chat client: one text box in its own window, recording what it receives.

Runs as a separate process (QT_QPA_PLATFORM=xcb). Prints JSON lines on stdout:
  {"event": "ready", "window": <X window id>}
  {"event": "text", "text": ...}          after every change of the box
  {"event": "sent", "text": ...}          Enter "sends" the box (like a chat client) and empties it
  {"event": "focus", "in": true|false}    the window gained or lost activation
  {"event": "key", "key": "Ctrl+V"}      key presses with Ctrl/Alt, and Insert (to see which paste key came)
With --stall-ms N the GUI thread stalls N ms on a paste key (Ctrl+V, Shift+Insert) before the box reads
the clipboard, like a busy Qianniu: the paste's clipboard read comes late.
Reads JSON commands on stdin: {"do": "focus"}, {"do": "clear"}, {"do": "quit"},
  {"do": "copy", "formats": {"text/plain": ..., "text/html": ...}} (own the clipboard with several formats),
  {"do": "freeze", "ms": N} (the GUI thread sleeps N ms: a client that answers nothing, not even the clipboard).
Enter is caught with an event filter (never override keyPressEvent: PySide6 leaks through it).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget


def emit(event: str, **fields: object) -> None:
    sys.stdout.write(json.dumps({"event": event, "t": time.time(), **fields}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


MODIFIER_KEYS = (Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta, Qt.Key.Key_AltGr)


PASTE_KEYS = ("Ctrl+V", "Shift+Ins")


class EnterSends(QObject):
    """Enter (without Shift) sends the message; Shift+Enter is a line break, as in chat clients."""

    def __init__(self, edit: QPlainTextEdit, stall_ms: int = 0) -> None:
        super().__init__(edit)
        self.edit = edit
        self.stall_ms = stall_ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() not in MODIFIER_KEYS and (
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
                or event.key() == Qt.Key.Key_Insert):
            combo = QKeySequence(event.keyCombination()).toString()
            emit("key", key=combo)
            if self.stall_ms and combo in PASTE_KEYS:
                time.sleep(self.stall_ms / 1000)  # the busy GUI thread: the box reads the clipboard after this
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            emit("sent", text=self.edit.toPlainText())
            self.edit.clear()
            return True
        return False


class Commands(QObject):
    """Commands read from stdin on a thread, delivered to the GUI thread by a queued signal."""

    received = Signal(dict)

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            if line.strip():
                self.received.emit(json.loads(line))
        self.received.emit({"do": "quit"})


class StandinWindow(QWidget):
    def __init__(self, title: str, stall_ms: int = 0) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("chatbox")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        self.resize(480, 320)
        self.move(40, 40)
        self.edit.installEventFilter(EnterSends(self.edit, stall_ms))
        self.edit.textChanged.connect(lambda: emit("text", text=self.edit.toPlainText()))
        self._active = False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and not self._active:
            self._active = True
            emit("focus", **{"in": True})
        elif event.type() == QEvent.Type.WindowDeactivate and self._active:
            self._active = False
            emit("focus", **{"in": False})
        return super().event(event)

    def take_focus(self) -> None:
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()
        if self._active:
            emit("focus", **{"in": True})

    def run(self, command: dict) -> None:
        action = command.get("do")
        if action == "focus":
            self.take_focus()
        elif action == "clear":
            self.edit.blockSignals(True)
            self.edit.clear()
            self.edit.blockSignals(False)
            emit("cleared")
        elif action == "copy":
            data = QMimeData()
            for fmt, value in command["formats"].items():
                data.setData(fmt, value.encode("utf-8"))
            QApplication.clipboard().setMimeData(data)
            emit("copied")
        elif action == "freeze":  # the GUI thread is busy (a frozen Qianniu): nothing is answered meanwhile
            emit("frozen")
            time.sleep(command["ms"] / 1000)
        elif action == "quit":
            QApplication.quit()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", default="Chat stand-in")
    parser.add_argument("--app-name", default="chatstandin")
    parser.add_argument("--stall-ms", type=int, default=0)
    args = parser.parse_args()
    app = QApplication([args.app_name])
    app.setApplicationName(args.app_name)
    window = StandinWindow(args.title, args.stall_ms)
    commands = Commands()
    commands.received.connect(window.run, Qt.ConnectionType.QueuedConnection)
    window.show()
    window.take_focus()
    app.processEvents()
    emit("ready", window=int(window.winId()))
    commands.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
