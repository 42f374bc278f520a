"""Foreground window, process and integrity queries, key state and SendInput on a real desktop."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from deskassist.core.keys import parse_combo
from deskassist.platform.windows import Win32Desktop
from deskassist.platform.windows.keys import VK_MENU_MASK, mask_tap
from deskassist.platform.windows.win32 import Win32Api


def test_the_foreground_window_is_ours_once_shown_and_described(qtbot) -> None:
    api = Win32Api()
    desktop = Win32Desktop(api)
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    hwnd = int(box.winId())
    desktop.activate(hwnd)
    qtbot.waitUntil(lambda: desktop.has_focus(hwnd), timeout=5000)
    assert desktop.focused() == hwnd
    assert api.window_thread_process(hwnd) == (api.current_thread_id(), os.getpid())
    target = desktop.target(hwnd)
    assert target.program.lower().startswith("python")
    assert target.integrity == api.integrity_level(None) and target.integrity >= 0x2000
    assert desktop.paste_refusal(hwnd) is None


def test_sendinput_types_into_our_own_window(qtbot) -> None:
    api = Win32Api()
    desktop = Win32Desktop(api)
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    hwnd = int(box.winId())
    desktop.activate(hwnd)
    qtbot.waitUntil(lambda: desktop.has_focus(hwnd), timeout=5000)
    box.setFocus()
    assert api.send_keys(mask_tap()) == 2
    desktop.send(parse_combo("Shift+A"))
    qtbot.waitUntil(lambda: box.text() == "A", timeout=5000)
    assert not api.key_down(VK_MENU_MASK)
    assert not desktop.modifiers_held()


def test_process_path_of_this_process() -> None:
    api = Win32Api()
    path = api.process_image_path(os.getpid())
    assert path is not None and Path(path).name.lower().startswith("python")
