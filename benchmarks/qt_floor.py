"""The floor for a Qt program: `python benchmarks/qt_floor.py TEXT [--tracked]` (DISPLAY set). Like xtest_floor.py (grab
Ctrl+Alt+1; on the press end the grab, let go of Ctrl and Alt, XTest Ctrl+V), but the text is put on the
clipboard with Qt's QClipboard and served by Qt, as DeskAssist's is. No backup, no restore, no focus check,
no database: the difference to xtest_floor.py is what Qt's clipboard costs. --tracked puts the text on as
DeskAssist does: a QMimeData subclass overriding retrieveData in Python, with the clipboard-history hint format.
Prints {"event": "ready"}.
Used by `benchmarks/side_by_side.py --qt-floor`.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QMimeData, QSocketNotifier
from PySide6.QtGui import QGuiApplication
from Xlib import X
from Xlib import display as xdisplay
from xtest_floor import grab_slot, send_ctrl_v  # this script's folder is on sys.path


class Tracked(QMimeData):
    """Like DeskAssist's TrackedText: Qt calls into Python for the data a reader asks for."""

    reads = 0

    def retrieveData(self, mimetype: str, preferred_type: object) -> object:  # type: ignore[override]
        Tracked.reads += 1
        return super().retrieveData(mimetype, preferred_type)  # type: ignore[arg-type]


def main() -> int:
    text = sys.argv[1]
    tracked = "--tracked" in sys.argv[2:]
    app = QGuiApplication(sys.argv[:1])
    disp = xdisplay.Display()
    code = grab_slot(disp)
    clipboard = QGuiApplication.clipboard()

    def take_events() -> None:
        while disp.pending_events():
            ev = disp.next_event()
            if ev.type == X.KeyPress and ev.detail == code["1"]:
                disp.ungrab_keyboard(X.CurrentTime)
                disp.flush()
                if tracked:
                    data = Tracked()
                    data.setText(text)
                    data.setData("x-kde-passwordManagerHint", b"secret")
                    clipboard.setMimeData(data)
                else:
                    clipboard.setText(text)
                send_ctrl_v(disp, code)

    notifier = QSocketNotifier(disp.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(take_events)
    sys.stdout.write(json.dumps({"event": "ready"}) + "\n")
    sys.stdout.flush()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
