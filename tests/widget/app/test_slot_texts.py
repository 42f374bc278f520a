"""A pinned phrase whose text is the same at every paste is rendered ahead: the slot hotkey then reads no
SQLite row and renders nothing. The kept text must never be older than what a render would give now: an edit
in the phrase manager, an edit by another process (the CLI), a changed setting that the text shows, and a
phrase with the time or the clipboard in it are each pasted as they are at that press."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from deskassist.ui.library.editor import PhraseEditor

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def press_slot(qtbot, desk, slot: int = 1) -> str:
    """Press slot N's hotkey; the text the chat window got, once the paste and its bookkeeping are over."""
    keys = desk.backends.keys
    before = len(keys.pasted_texts())
    desk.backends.hotkeys.press(f"slot{slot}")
    qtbot.waitUntil(lambda: len(keys.pasted_texts()) > before and desk.engine.settled, timeout=5000)
    return keys.pasted_texts()[-1]


def rows_read(desk) -> list[tuple[int, int]]:
    """From now on: (slot, paste keys sent so far) for each read of a pinned phrase from SQLite. A read with
    as many keys as before a press is on the way to its paste key; one more, after it."""
    read: list[tuple[int, int]] = []
    by_pinned = desk.phrases.by_pinned
    keys = desk.backends.keys
    desk.phrases.by_pinned = lambda slot: read.append((slot, len(keys.pasted_texts()))) or by_pinned(slot)
    return read


def pin(desk, body: str, slot: int = 1) -> int:
    phrase = desk.phrases.by_pinned(slot)
    desk.phrases.update(phrase.id, body=body)
    return phrase.id


def test_the_second_press_of_a_slot_reads_no_row_and_pastes_the_same_text(qtbot, desk, session) -> None:
    session.settings.set("shop.name", "花花旗舰店")
    pin(desk, "您好，欢迎光临{店铺}！")
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    read = rows_read(desk)
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    assert read == [(1, 2), (1, 3)]  # only after each paste key (counting the use drops the text: read again)
    assert desk.phrases.by_pinned(1).uses == 3  # each press counted all the same


def test_an_edit_in_the_phrase_manager_s_editor_is_pasted_at_the_next_press(qtbot, desk) -> None:
    pin(desk, "旧的回复")
    assert press_slot(qtbot, desk) == "旧的回复"
    editor = PhraseEditor(desk.phrases)
    qtbot.addWidget(editor)
    editor.set_categories([c.name for c in desk.phrases.categories()])
    editor.load(desk.phrases.by_pinned(1))
    editor.body_edit.setPlainText("新的回复")
    assert editor.save() is not None
    assert press_slot(qtbot, desk) == "新的回复"


def test_moving_the_pin_to_another_phrase_pastes_that_phrase(qtbot, desk) -> None:
    old = pin(desk, "一号回复")
    assert press_slot(qtbot, desk) == "一号回复"
    other = next(p for p in desk.phrases.list() if p.id != old and not p.pinned and "{" not in p.body)
    desk.phrases.update(old, pinned=None)
    desk.phrases.update(other.id, pinned=1)
    assert press_slot(qtbot, desk) == other.body


def test_an_edit_by_another_process_is_pasted_even_before_the_file_watcher_reports_it(qtbot, desk, session) -> None:
    """The CLI writes the same database; the press comes right after, with no turn of the event loop between
    (so neither the file watcher nor the Qt change signal has run)."""
    pin(desk, "旧的回复")
    assert press_slot(qtbot, desk) == "旧的回复"
    phrase_id = desk.phrases.by_pinned(1).id
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(session.data_dir), "phrases", "edit",
                    str(phrase_id), "--body", "另一个进程改的回复"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=60)
    desk.paste_flow.paste_slot(1)  # as the hotkey does, before anything else runs
    qtbot.waitUntil(lambda: len(desk.backends.keys.pasted_texts()) == 2, timeout=5000)
    assert desk.backends.keys.pasted_texts()[-1] == "另一个进程改的回复"


def test_a_changed_setting_that_the_text_shows_is_pasted_at_the_next_press(qtbot, desk, session) -> None:
    session.settings.set("agent.name", "小美")
    pin(desk, "我是客服{客服}")
    assert press_slot(qtbot, desk) == "我是客服小美"
    session.settings.set("agent.name", "小丽")
    assert press_slot(qtbot, desk) == "我是客服小丽"


@pytest.mark.parametrize("body", ["现在是{时间}", "单号：{剪贴板}", "{客户}您好"])
def test_a_text_with_the_time_the_clipboard_or_the_buyer_is_rendered_at_every_press(qtbot, desk, session, clock,
                                                                                   body: str) -> None:
    session.settings.set("buyer.salutation", "nick")  # {客户} is the buyer's nickname
    pin(desk, body)
    QGuiApplication.clipboard().setText("SF1001")
    first = press_slot(qtbot, desk)
    read = rows_read(desk)
    clock.advance(minutes=5)
    QGuiApplication.clipboard().setText("SF2002")
    desk.paste_flow.current_buyer = type("Buyer", (), {"nick": "tb_小鱼", "groups": ()})()
    second = press_slot(qtbot, desk)
    assert read == [(1, 1)]  # read and rendered on the way to the paste key, not kept
    assert second != first
