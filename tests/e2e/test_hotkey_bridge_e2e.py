"""HotkeyBridge over the real X11 hotkey source: presses reach Qt's main thread; failures are reported
with a translated reason and do not stop the other hotkeys. (Qt itself stays offscreen in this process;
the hotkey source talks to the Xvfb display directly.)"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from x_harness import XServer

from deskassist.i18n import set_language
from deskassist.platform.x11 import X11HotkeySource
from deskassist.qt.hotkey_bridge import HotkeyBridge


@pytest.fixture
def bridge(qtbot, xserver: XServer) -> Iterator[HotkeyBridge]:
    source = X11HotkeySource(xserver.display)
    hotkeys = HotkeyBridge(source)
    yield hotkeys
    hotkeys.unregister_all()
    source.stop()


def test_a_press_arrives_on_the_qt_main_thread(qtbot, xserver: XServer, bridge: HotkeyBridge) -> None:
    threads: list[bool] = []
    bridge.triggered.connect(lambda name: threads.append(
        QThread.currentThread() == QCoreApplication.instance().thread()
        and threading.current_thread() is threading.main_thread()))
    assert bridge.register("picker", "ctrl+alt+space")
    with qtbot.waitSignal(bridge.triggered, timeout=5000) as fired:
        xserver.key("Ctrl+Alt+Space")
    assert fired.args == ["picker"]
    assert threads == [True]


def test_the_press_is_logged_on_the_main_thread_after_its_handlers_ran(
        qtbot, xserver: XServer, bridge: HotkeyBridge, caplog: pytest.LogCaptureFixture) -> None:
    """The hotkey thread used to log "pressed" (JSON to stderr and the file) right after handing the press
    over, holding the interpreter lock while the main thread wanted it for the paste. Now the main thread
    logs it once the press's handlers (the paste up to its key) are done, with the time it was handed over."""
    handled: list[tuple[float, int]] = []
    bridge.triggered.connect(lambda name: handled.append((time.monotonic(), len(pressed_records()))))

    def pressed_records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "deskassist.hotkey" and r.getMessage() == "pressed"]

    assert bridge.register("slot1", "Ctrl+Alt+1")
    with caplog.at_level(logging.INFO, logger="deskassist.hotkey"), qtbot.waitSignal(bridge.triggered, timeout=5000):
        xserver.key("Ctrl+Alt+1")
    (started, logged_before), = handled
    (record,) = pressed_records()
    assert logged_before == 0 and record.threadName == threading.main_thread().name
    assert record.fields["name"] == "slot1" and record.fields["mono_ms"] <= started * 1000


def test_taken_and_invalid_hotkeys_are_reported_in_chinese_and_the_rest_work(
        qtbot, xserver: XServer, bridge: HotkeyBridge, grab_first) -> None:
    set_language("zh_CN")
    grab_first("Ctrl+Alt+4")
    failures: list[tuple[str, str, str]] = []
    bridge.failed.connect(lambda *args: failures.append(args))
    assert not bridge.register("slot4", "Ctrl+Alt+4")
    assert not bridge.register("memo", "Ctrl+Space")
    assert bridge.register("slot5", "Ctrl+Alt+5")
    assert failures == [("slot4", "Ctrl+Alt+4", "Ctrl+Alt+4 已被其他程序占用"),
                        ("memo", "Ctrl+Space", "Ctrl+Space 用于切换中文输入法，请换一个快捷键")]
    with qtbot.waitSignal(bridge.triggered, timeout=5000) as fired:
        xserver.key("Ctrl+Alt+5")
    assert fired.args == ["slot5"]


def test_paused_bridge_delivers_nothing_and_resumes(qtbot, xserver: XServer, bridge: HotkeyBridge) -> None:
    assert bridge.register("panel", "Ctrl+Alt+P")
    bridge.pause(True)
    assert bridge.active() == set()
    with qtbot.assertNotEmitted(bridge.triggered, wait=300):
        xserver.key("Ctrl+Alt+P")
    bridge.pause(False)
    assert bridge.active() == {"panel"}
    with qtbot.waitSignal(bridge.triggered, timeout=5000):
        xserver.key("Ctrl+Alt+P")
