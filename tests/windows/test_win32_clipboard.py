"""The clipboard sequence number for real: our write, another program's write."""

from __future__ import annotations

import subprocess

from PySide6.QtGui import QGuiApplication

from deskassist.platform.windows import WindowsClipboardFacts
from deskassist.platform.windows.win32 import Win32Api


def test_another_programs_write_is_seen_and_ours_is_not(qapp, qtbot) -> None:
    api = Win32Api()
    facts = WindowsClipboardFacts(api.clipboard_sequence_number)
    clipboard = QGuiApplication.clipboard()
    before = api.clipboard_sequence_number()
    clipboard.setText("DeskAssist test reply")
    qtbot.waitUntil(lambda: api.clipboard_sequence_number() != before, timeout=5000)
    facts.stamp()
    assert facts.unchanged()
    assert api.clipboard_owner_process() != 0
    subprocess.run(["powershell", "-NoProfile", "-Command", "Set-Clipboard -Value 'from another program'"],
                   check=True, timeout=60)
    assert not facts.unchanged()
    qtbot.waitUntil(lambda: clipboard.text().strip() == "from another program", timeout=5000)
