"""The Qt fan-out of the change feed: one signal on the GUI thread, merged per event-loop turn, and commits of
other processes noticed by the file watcher (no timer, no open file) or by the timer."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_dialog_driver import sqlite_locks
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from deskassist.app.changes import ChangeSignals
from deskassist.core.models import PhraseDraft
from deskassist.services.changes import EXTERNAL, Change
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session


@pytest.fixture
def signals(qtbot: QtBot, session: Session) -> Iterator[ChangeSignals]:
    fan_out = ChangeSignals(session, watch_files=True)
    yield fan_out
    fan_out.stop()
    fan_out.deleteLater()


def _cli(folder: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DESKASSIST_HOME", "LC_ALL", "LANGUAGE")}
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args], check=True,
                   capture_output=True, text=True, env={**env, "LANG": "C.UTF-8"}, timeout=120, cwd="/")


def test_a_service_write_arrives_once_merged_after_the_call_returns(qtbot: QtBot, session: Session,
                                                                      signals: ChangeSignals) -> None:
    heard: list[Change] = []
    signals.changed.connect(heard.append)
    phrases = PhraseService(session)
    first = phrases.add(PhraseDraft(category="问候", body="您好"))
    second = phrases.add(PhraseDraft(category="问候", body="在的"))
    assert heard == []  # never in the middle of the service call
    qtbot.waitUntil(lambda: bool(heard))
    assert [c for c in heard if c.kind == "phrases"] == [Change("phrases", frozenset({first.id, second.id}))]


def test_a_change_published_on_another_thread_arrives_on_the_gui_thread(qtbot: QtBot, session: Session,
                                                                          signals: ChangeSignals) -> None:
    threads: list[bool] = []
    signals.changed.connect(lambda _c: threads.append(QThread.currentThread() == signals.thread()))
    worker = threading.Thread(target=lambda: session.changes.publish("phrases", [1]))  # e.g. a team pull
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(threads))
    assert threads == [True]


def test_a_cli_write_is_noticed_by_the_watcher_without_a_timer(qtbot: QtBot, session: Session,
                                                                 signals: ChangeSignals) -> None:
    assert signals.interval_ms == 0  # default on Linux: the process is never woken while idle
    locks = sqlite_locks(session.data_dir)
    with qtbot.waitSignal(signals.changed, timeout=10_000, check_params_cb=lambda c: c.kind == EXTERNAL):
        _cli(session.data_dir, "phrases", "add", "--category", "问候", "--body", "感谢您的耐心等待", "--code", "thk")
    assert [p.code for p in PhraseService(session).search("thk")] == ["thk"]
    after = sqlite_locks(session.data_dir)
    for name, held in locks.items():  # the watcher never opened (and closed) the files: no lock was dropped
        assert held and set(held) <= set(after[name])


def test_without_a_watcher_the_timer_notices_another_connection(qtbot: QtBot, session: Session) -> None:
    session.settings.set("data.check_interval_ms", 200)
    fan_out = ChangeSignals(session, watch_files=False)
    try:
        assert fan_out.interval_ms == 200
        other = open_session(session.data_dir)
        try:
            with qtbot.waitSignal(fan_out.changed, timeout=10_000, check_params_cb=lambda c: c.kind == EXTERNAL):
                other.settings.set("agent.name", "小美")
        finally:
            other.close()
        assert session.settings.get("agent.name") == "小美"
    finally:
        fan_out.stop()


def test_the_interval_setting_applies_at_once_and_0_stops_the_timer(qtbot: QtBot, session: Session,
                                                                     signals: ChangeSignals) -> None:
    session.settings.set("data.check_interval_ms", 500)
    qtbot.waitUntil(lambda: signals.interval_ms == 500)
    session.settings.set("data.check_interval_ms", 0)
    qtbot.waitUntil(lambda: signals.interval_ms == 0)


def test_without_a_watcher_0_still_polls_once_a_second_at_most(qtbot: QtBot, session: Session) -> None:
    fan_out = ChangeSignals(session, watch_files=False)
    try:
        assert fan_out.interval_ms == 1000
    finally:
        fan_out.stop()
