"""The real PasteEngine (real Qt clipboard, offscreen) driving the Windows backend over the fake Win32 layer:
the paste sequence into Qianniu, the refusal for an elevated Qianniu, the menu mask, a clipboard another
program holds open, the formats saved from an Excel copy, and no restore after another writer."""

from __future__ import annotations

from typing import Any

import pytest
from fake_win32 import HIGH, ChatBox, FakeWin32, FakeWinreg
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from deskassist.platform.factory import PlatformBackends
from deskassist.platform.windows import (
    RunKeyAutostart,
    Win32Desktop,
    Win32HotkeySource,
    WindowsClipboardFacts,
)
from deskassist.platform.windows.keys import VK_LCONTROL, VK_LMENU, VK_MENU_MASK
from deskassist.qt.paste_engine import PasteEngine

QIANNIU, PICKER = 10, 20
REPLY = "亲，今天下单48小时内发货哦～"
PREVIOUS = "订单号 20261122"
BIFF = 'application/x-qt-windows-mime;value="Biff12"'
V = ord("V")
CTRL_V = [(VK_LCONTROL, False, False), (V, False, False), (V, True, False), (VK_LCONTROL, True, False)]


@pytest.fixture
def win(session) -> tuple[FakeWin32, ChatBox, PasteEngine]:
    api = FakeWin32()
    api.add_window(QIANNIU, r"C:\Program Files (x86)\AliWorkbench\AliWorkbench.exe")
    api.add_window(PICKER, r"C:\Users\agent\AppData\Local\Programs\DeskAssist\DeskAssist.exe")
    api.foreground = QIANNIU
    box = ChatBox(api, api.windows[QIANNIU], lambda: QGuiApplication.clipboard().text())
    desktop = Win32Desktop(api)
    facts = WindowsClipboardFacts(api.clipboard_sequence_number)
    backends = PlatformBackends("windows", Win32HotkeySource(api), desktop, desktop, desktop,
                                RunKeyAutostart(FakeWinreg()),  # type: ignore[arg-type]
                                guard=desktop, clipboard=facts, clipboard_watch=facts)
    engine = PasteEngine(backends, session.settings)
    yield api, box, engine
    engine.close()


def hotkey_then_paste(api: FakeWin32, engine: PasteEngine) -> None:
    """Ctrl+Alt+Space in Qianniu: the target is captured, the picker comes to the front, Enter pastes while
    the agent still holds Ctrl+Alt of the hotkey."""
    target = engine.capture_target()
    assert target == QIANNIU
    api.foreground = PICKER
    api.down = {VK_LCONTROL, VK_LMENU}
    engine.paste(REPLY, target)


def test_the_paste_sequence_into_qianniu(qtbot, win) -> None:
    api, box, engine = win
    QGuiApplication.clipboard().setText(PREVIOUS)
    with qtbot.waitSignal(engine.pasted, timeout=5000):
        hotkey_then_paste(api, engine)
    assert box.texts == [REPLY]
    # modifiers released behind the menu mask, focus given back, then Ctrl+V into Qianniu only
    assert api.sent[:4] == [(VK_MENU_MASK, False, False), (VK_MENU_MASK, True, False),
                            (VK_LCONTROL, True, False), (VK_LMENU, True, False)]
    assert api.windows[QIANNIU].typed[-4:] == CTRL_V
    assert "SetForegroundWindow(10)" in api.calls and api.foreground == QIANNIU
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == PREVIOUS, timeout=5000)


def test_an_elevated_qianniu_gets_no_keys_and_the_reply_waits_on_the_clipboard(qtbot, win) -> None:
    api, box, engine = win
    api.windows[QIANNIU].integrity = HIGH
    QGuiApplication.clipboard().setText(PREVIOUS)
    with qtbot.waitSignal(engine.failed, timeout=5000) as failed:
        hotkey_then_paste(api, engine)
    message = failed.args[0]
    assert "AliWorkbench.exe runs as administrator" in message and "Ctrl+V" in message
    assert api.sent == [] and box.texts == []
    assert QGuiApplication.clipboard().text() == REPLY
    assert engine.has_previous and engine.restore_previous()
    assert QGuiApplication.clipboard().text() == PREVIOUS


def test_only_what_a_person_pastes_is_saved_from_an_excel_copy(qtbot, win) -> None:
    api, box, engine = win
    excel = QMimeData()
    excel.setText("A1\tB1")
    excel.setData(BIFF, b"\x00" * 64)
    QGuiApplication.clipboard().setMimeData(excel)
    with qtbot.waitSignal(engine.pasted, timeout=5000):
        hotkey_then_paste(api, engine)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "A1\tB1", timeout=5000)
    assert BIFF not in QGuiApplication.clipboard().mimeData().formats()


def test_no_restore_when_another_program_wrote_the_clipboard_after_the_read(qtbot, win) -> None:
    api, box, engine = win
    QGuiApplication.clipboard().setText(PREVIOUS)
    engine.pasted.connect(lambda *_: setattr(api, "sequence", api.sequence + 1))
    with qtbot.waitSignal(engine.pasted, timeout=5000):
        hotkey_then_paste(api, engine)
    qtbot.wait(200)
    assert QGuiApplication.clipboard().text() == REPLY


class HeldOpen:
    """QClipboard while another program holds it open: the first `refusals` writes do not take."""

    def __init__(self, clipboard: QClipboard, refusals: int) -> None:
        self._clipboard = clipboard
        self.refusals = refusals

    def setMimeData(self, data: QMimeData) -> None:
        if self.refusals > 0:
            self.refusals -= 1
            return
        self._clipboard.setMimeData(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._clipboard, name)


def test_a_clipboard_held_open_for_a_moment_is_retried(qtbot, win) -> None:
    api, box, engine = win
    QGuiApplication.clipboard().setText(PREVIOUS)
    engine._clipboard = HeldOpen(QGuiApplication.clipboard(), refusals=3)  # type: ignore[assignment]
    with qtbot.waitSignal(engine.pasted, timeout=5000):
        hotkey_then_paste(api, engine)
    assert box.texts == [REPLY]


def test_a_clipboard_held_open_too_long_sends_no_keys(qtbot, win) -> None:
    api, box, engine = win
    QGuiApplication.clipboard().setText(PREVIOUS)
    engine._clipboard = HeldOpen(QGuiApplication.clipboard(), refusals=100)  # type: ignore[assignment]
    with qtbot.waitSignal(engine.failed, timeout=5000) as failed:
        hotkey_then_paste(api, engine)
    assert "another program kept the clipboard open" in failed.args[0]
    assert box.texts == [] and api.windows[QIANNIU].typed == []
    assert QGuiApplication.clipboard().text() == PREVIOUS


def test_a_copy_qt_has_not_reported_yet_is_what_comes_back(qtbot, win) -> None:
    """The copy of the clipboard is taken when Qt reports a change; a change Windows has made (the sequence
    number moved) but whose message Qt has not handled yet is fetched at paste time instead."""
    api, box, engine = win
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(PREVIOUS)
    qtbot.wait(20)  # the copy of PREVIOUS is taken on the next event-loop turn
    clipboard.blockSignals(True)  # the agent copies again; the clipboard listener's message is still queued
    clipboard.setText("订单号 20261128")
    api.sequence += 1
    clipboard.blockSignals(False)
    with qtbot.waitSignal(engine.pasted, timeout=5000):
        hotkey_then_paste(api, engine)
    assert box.texts == [REPLY]
    qtbot.waitUntil(lambda: clipboard.text() == "订单号 20261128", timeout=5000)
