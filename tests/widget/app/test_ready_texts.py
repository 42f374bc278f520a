"""A phrase whose text is the same at every paste is rendered ahead: a pinned slot's after its paste, the picker's
current row for its preview. The slot hotkey or Enter then reads no SQLite row and renders nothing. The kept text
must never be older than what a render would give now: an edit in the phrase manager, an edit by another process
(the CLI), a moved pin, a changed setting that the text shows, and a phrase with the time, the clipboard or the
buyer in it are each pasted as they are at that press."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from deskassist.core.models import PhraseDraft
from deskassist.ui.library.editor import PhraseEditor

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


def settled_paste(qtbot, desk, press) -> str:
    """press(); the text the chat window got, once the paste and its bookkeeping are over."""
    keys = desk.backends.keys
    before = len(keys.pasted_texts())
    press()
    qtbot.waitUntil(lambda: len(keys.pasted_texts()) > before and desk.engine.settled, timeout=5000)
    return keys.pasted_texts()[-1]


def press_slot(qtbot, desk, slot: int = 1) -> str:
    return settled_paste(qtbot, desk, lambda: desk.backends.hotkeys.press(f"slot{slot}"))


def pin(desk, body: str, slot: int = 1) -> int:
    phrase = desk.phrases.by_pinned(slot)
    desk.phrases.update(phrase.id, body=body)
    return phrase.id


class SlotWay:
    """Pinned to slot 1 and pasted once (its text is kept then); pasted again by its hotkey."""

    def __init__(self, qtbot, desk) -> None:
        self.qtbot, self.desk = qtbot, desk

    def prepare(self, body: str) -> tuple[int, str]:
        phrase_id = pin(self.desk, body)
        return phrase_id, press_slot(self.qtbot, self.desk)

    def paste(self, at_once: bool = False) -> str:
        """at_once: as the hotkey does, with no turn of the event loop before."""
        return settled_paste(self.qtbot, self.desk, (lambda: self.desk.paste_flow.paste_slot(1)) if at_once
                             else (lambda: self.desk.backends.hotkeys.press("slot1")))


class PickerWay:
    """A phrase made the picker's current row (its preview shown); pasted by Enter."""

    def __init__(self, qtbot, desk) -> None:
        self.qtbot, self.desk = qtbot, desk

    def prepare(self, body: str) -> tuple[int, str]:
        desk = self.desk
        phrase = desk.phrases.add(PhraseDraft(category="问候", title="测试回复", body=body, code="zzq"))
        desk.backends.hotkeys.press("picker")
        self.qtbot.waitUntil(desk.picker.isVisible)
        self.qtbot.keyClicks(desk.picker.search_field, "zzq")
        self.qtbot.waitUntil(lambda: (row := desk.picker.current_phrase()) is not None and row.id == phrase.id)
        return phrase.id, desk.picker.preview.text()

    def paste(self, at_once: bool = False) -> str:
        """Enter goes straight to the picker's key filter (no turn of the event loop before) either way."""
        return settled_paste(self.qtbot, self.desk,
                             lambda: self.qtbot.keyClick(self.desk.picker.search_field, Qt.Key.Key_Return))


@pytest.fixture(params=[SlotWay, PickerWay], ids=["slot", "picker"])
def way(request, qtbot, desk) -> SlotWay | PickerWay:
    return request.param(qtbot, desk)


def rows_read(desk) -> list[int]:
    """From now on: the paste keys sent so far at each read of a phrase's row (by slot or by id). A read with as
    many keys as before a paste is on the way to its paste key; one more, after it (the views refresh)."""
    read: list[int] = []
    keys = desk.backends.keys
    by_pinned, get = desk.phrases.by_pinned, desk.phrases.get
    desk.phrases.by_pinned = lambda slot: read.append(len(keys.pasted_texts())) or by_pinned(slot)
    desk.phrases.get = lambda phrase_id: read.append(len(keys.pasted_texts())) or get(phrase_id)
    return read


def test_a_kept_text_is_pasted_without_reading_its_row(qtbot, desk, session, way) -> None:
    session.settings.set("shop.name", "花花旗舰店")
    _phrase_id, _shown = way.prepare("您好，欢迎光临{店铺}！")
    before = len(desk.backends.keys.pasted_texts())
    read = rows_read(desk)
    assert way.paste() == "您好，欢迎光临花花旗舰店！"
    assert before not in read  # no read on the way to the paste key


def test_slot_presses_each_count_and_read_their_row_only_after_the_key(qtbot, desk, session) -> None:
    session.settings.set("shop.name", "花花旗舰店")
    pin(desk, "您好，欢迎光临{店铺}！")
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    read: list[int] = []
    by_pinned, keys = desk.phrases.by_pinned, desk.backends.keys
    desk.phrases.by_pinned = lambda slot: read.append(len(keys.pasted_texts())) or by_pinned(slot)
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    assert press_slot(qtbot, desk) == "您好，欢迎光临花花旗舰店！"
    assert read == [2, 3]  # only after each paste key (counting the use drops the text: read again)
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


def test_an_edit_by_another_process_is_pasted_even_before_the_file_watcher_reports_it(session, way) -> None:
    """The CLI writes the same database; the paste comes right after, with no turn of the event loop between
    (so neither the file watcher nor the Qt change signal has run)."""
    phrase_id, _shown = way.prepare("旧的回复")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(session.data_dir), "phrases", "edit",
                    str(phrase_id), "--body", "另一个进程改的回复"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=60)
    assert way.paste(at_once=True) == "另一个进程改的回复"


def test_a_changed_setting_that_the_text_shows_is_pasted_at_the_next_paste(session, way) -> None:
    session.settings.set("agent.name", "小美")
    _phrase_id, shown = way.prepare("我是客服{客服}")
    assert "我是客服小美" in shown
    session.settings.set("agent.name", "小丽")
    assert way.paste() == "我是客服小丽"


@pytest.mark.parametrize("body", ["现在是{时间}", "单号：{剪贴板}", "{客户}您好"])
def test_a_text_with_the_time_the_clipboard_or_the_buyer_is_rendered_at_every_paste(desk, session, clock, way,
                                                                                   body: str) -> None:
    session.settings.set("buyer.salutation", "nick")  # {客户} is the buyer's nickname
    QGuiApplication.clipboard().setText("SF1001")
    _phrase_id, shown = way.prepare(body)
    before = len(desk.backends.keys.pasted_texts())
    read = rows_read(desk)
    clock.advance(minutes=5)
    QGuiApplication.clipboard().setText("SF2002")
    desk.paste_flow.current_buyer = type("Buyer", (), {"nick": "tb_小鱼", "groups": ()})()
    pasted = way.paste()
    assert read[:1] == [before]  # read and rendered on the way to the paste key, not kept
    assert pasted not in shown
