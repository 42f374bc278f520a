"""The picker's current row is rendered for its preview; Enter on it pastes that text without reading the row or
rendering again, when the text is the same at every paste. It must never be older than what a render would
give now: an edit by another process (the CLI), a changed setting the text shows, and a phrase with the time,
the clipboard or the buyer in it are each pasted as they are at that Enter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from deskassist.core.models import PhraseDraft

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


def open_on(qtbot, desk, body: str) -> int:
    """A phrase with this body, made the picker's current row (its preview shown)."""
    phrase = desk.phrases.add(PhraseDraft(category="问候", title="测试回复", body=body, code="zzq"))
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClicks(desk.picker.search_field, "zzq")
    qtbot.waitUntil(lambda: (current := desk.picker.current_phrase()) is not None and current.id == phrase.id)
    return phrase.id


def enter(qtbot, desk) -> str:
    """Enter in the picker; the text the chat window got, once the paste and its bookkeeping are over."""
    keys = desk.backends.keys
    before = len(keys.pasted_texts())
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(keys.pasted_texts()) > before and desk.engine.settled, timeout=5000)
    return keys.pasted_texts()[-1]


def rows_read(desk) -> list[int]:
    """From now on: the paste keys sent so far at each read of a phrase's row."""
    read: list[int] = []
    get = desk.phrases.get
    keys = desk.backends.keys
    desk.phrases.get = lambda phrase_id: read.append(len(keys.pasted_texts())) or get(phrase_id)
    return read


def test_enter_on_the_previewed_row_pastes_its_text_without_reading_the_row(qtbot, desk, session) -> None:
    session.settings.set("shop.name", "花花旗舰店")
    open_on(qtbot, desk, "欢迎光临{店铺}！")
    read = rows_read(desk)
    assert enter(qtbot, desk) == "欢迎光临花花旗舰店！"
    assert 0 not in read  # no read on the way to the paste key (after it the views refresh the counted use)


def test_an_edit_by_another_process_after_the_preview_is_pasted_as_it_is_now(qtbot, desk, session) -> None:
    """The CLI edits the row while the picker shows it; Enter comes right after, with no turn of the event loop
    between (neither the file watcher nor the Qt change signal has run)."""
    phrase_id = open_on(qtbot, desk, "旧的回复")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(session.data_dir), "phrases", "edit",
                    str(phrase_id), "--body", "另一个进程改的回复"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=60)
    assert enter(qtbot, desk) == "另一个进程改的回复"


def test_a_setting_changed_after_the_preview_is_pasted_as_it_is_now(qtbot, desk, session) -> None:
    session.settings.set("agent.name", "小美")
    open_on(qtbot, desk, "我是客服{客服}")
    session.settings.set("agent.name", "小丽")
    assert enter(qtbot, desk) == "我是客服小丽"


@pytest.mark.parametrize("body", ["现在是{时间}", "单号：{剪贴板}", "{客户}您好"])
def test_a_text_with_the_time_the_clipboard_or_the_buyer_is_rendered_at_enter(qtbot, desk, session, clock,
                                                                             body: str) -> None:
    session.settings.set("buyer.salutation", "nick")  # {客户} is the buyer's nickname
    QGuiApplication.clipboard().setText("SF1001")
    open_on(qtbot, desk, body)
    preview = desk.picker.preview.text()
    read = rows_read(desk)
    clock.advance(minutes=5)
    QGuiApplication.clipboard().setText("SF2002")
    desk.paste_flow.current_buyer = type("Buyer", (), {"nick": "tb_小鱼", "groups": ()})()
    pasted = enter(qtbot, desk)
    assert read[:1] == [0]  # read and rendered on the way to the paste key
    assert pasted not in preview
