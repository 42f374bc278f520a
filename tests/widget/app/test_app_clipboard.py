"""Phrases that read the clipboard, and the clipboard around a paste, on the wired app (real Qt clipboard,
offscreen; the fake chat window reads the clipboard when it gets Ctrl+V, as a chat box does):
every spelling of {剪贴板} pastes it, the picker and side panel show what will really be sent, a slot
hotkey says it sent the clipboard, and a paste key that is never read keeps the previous clipboard aside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from deskassist.core.models import Phrase, PhraseDraft

PRIVATE = "张三 13812345678 北京市朝阳区建国路88号"
THANKS = "好的亲，感谢您的支持！"


def pin(desk, body: str, slot: int = 9, code: str | None = None) -> Phrase:
    taken = desk.phrases.by_pinned(slot)
    if taken is not None:
        desk.phrases.update(taken.id, pinned=None)
    return desk.phrases.add(PhraseDraft(category="问候开场", title="感谢支持", body=body, pinned=slot, code=code))


def wait_pastes(qtbot, desk, count: int = 1) -> list[str]:
    qtbot.waitUntil(lambda: len(desk.backends.keys.pasted_texts()) >= count, timeout=5000)
    return desk.backends.keys.pasted_texts()


@pytest.mark.parametrize("placeholder", ["{剪贴板}", "{clipboard}", "{Clipboard}", "{CLIPBOARD}", "{ 剪贴板 }"])
def test_every_spelling_of_the_clipboard_placeholder_pastes_the_clipboard(qtbot, desk, placeholder: str) -> None:
    QGuiApplication.clipboard().setText("SF1234567890")
    pin(desk, "您的运单号：" + placeholder)
    desk.backends.hotkeys.press("slot9")
    assert wait_pastes(qtbot, desk) == ["您的运单号：SF1234567890"]
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "SF1234567890")


def test_picker_preview_shows_the_clipboard_the_phrase_will_send(qtbot, desk) -> None:
    QGuiApplication.clipboard().setText(PRIVATE)
    phrase = pin(desk, THANKS + "{剪贴板}", code="gxzc")
    desk.show_picker()
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClicks(desk.picker.search_field, "gxzc")
    qtbot.waitUntil(lambda: desk.picker.current_phrase() is not None
                    and desk.picker.current_phrase().id == phrase.id)
    shown = desk.picker.preview.text()
    assert THANKS + PRIVATE in shown  # exactly what Enter would send
    assert "clipboard" in shown.splitlines()[0] and PRIVATE in shown.splitlines()[0]
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    assert wait_pastes(qtbot, desk) == [THANKS + PRIVATE]


def test_picker_preview_of_a_clipboard_phrase_says_when_the_clipboard_is_empty(qtbot, desk) -> None:
    QGuiApplication.clipboard().clear()
    phrase = pin(desk, THANKS + "{Clipboard}", code="gxzc")
    desk.show_picker()
    qtbot.keyClicks(desk.picker.search_field, "gxzc")
    qtbot.waitUntil(lambda: desk.picker.current_phrase() is not None
                    and desk.picker.current_phrase().id == phrase.id)
    assert desk.picker.preview.text().splitlines() == ["⚠ This reply includes the clipboard, which is empty now",
                                                       THANKS]


def test_side_panel_tooltip_shows_what_a_double_click_would_send(qtbot, desk) -> None:
    QGuiApplication.clipboard().setText(PRIVATE)
    phrase = pin(desk, THANKS + "{ 剪贴板 }")
    desk.panel.present()
    qtbot.waitExposed(desk.panel)
    desk.panel.select_category("问候开场")
    row = desk.panel.model.row_of(phrase.id)
    assert row >= 0
    viewport = desk.panel.list.viewport()
    point = desk.panel.list.visualRect(desk.panel.model.index(row, 0)).center()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert THANKS + PRIVATE in QToolTip.text()
    assert "clipboard" in QToolTip.text().splitlines()[0]
    QToolTip.hideText()
    other = desk.panel.model.phrase_at(0 if row else 1)
    point = desk.panel.list.visualRect(desk.panel.model.index(desk.panel.model.row_of(other.id), 0)).center()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(QPoint(point))))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == desk.phrases.render(other.id)


def test_a_slot_hotkey_that_pastes_the_clipboard_says_so(qtbot, desk) -> None:
    QGuiApplication.clipboard().setText(PRIVATE)
    pin(desk, THANKS + "{剪贴板}")
    desk.backends.hotkeys.press("slot9")
    assert wait_pastes(qtbot, desk) == [THANKS + PRIVATE]
    qtbot.waitUntil(lambda: desk.tray.last_message is not None)
    title, text = desk.tray.last_message
    assert "9" in text and PRIVATE[:6] in text


def test_a_slot_phrase_without_the_clipboard_shows_no_message(qtbot, desk) -> None:
    QGuiApplication.clipboard().setText(PRIVATE)
    pin(desk, THANKS)
    desk.backends.hotkeys.press("slot9")
    assert wait_pastes(qtbot, desk) == [THANKS]
    qtbot.wait(50)
    assert desk.tray.last_message is None


def test_a_paste_that_is_never_read_keeps_the_previous_clipboard_for_the_tray(qtbot, desk, session) -> None:
    session.settings.set("paste.read_timeout_ms", 500)
    desktop = desk.backends.keys
    desktop.send = lambda combo: desktop.keys.append((str(combo), ""))  # the paste key is lost: no read
    QGuiApplication.clipboard().setText(PRIVATE)
    pin(desk, THANKS)
    restore = desk.restore_clipboard_action
    assert not restore.isEnabled()
    desk.backends.hotkeys.press("slot9")
    qtbot.waitUntil(lambda: desk.tray.last_message is not None, timeout=5000)
    title, text = desk.tray.last_message
    assert title == "Paste failed" and "did not take the text in time" in text and "tray menu" in text
    assert QGuiApplication.clipboard().text() == THANKS  # a late Ctrl+V gets the reply, never the old clipboard
    assert QGuiApplication.clipboard().text() == THANKS  # reading again changes nothing
    assert restore.isEnabled()
    restore.trigger()
    assert QGuiApplication.clipboard().text() == PRIVATE
    assert not restore.isEnabled()


def test_copying_something_new_drops_the_kept_clipboard(qtbot, desk, session) -> None:
    session.settings.set("paste.read_timeout_ms", 500)
    desktop = desk.backends.keys
    desktop.send = lambda combo: desktop.keys.append((str(combo), ""))
    QGuiApplication.clipboard().setText(PRIVATE)
    pin(desk, THANKS)
    desk.backends.hotkeys.press("slot9")
    qtbot.waitUntil(lambda: desk.restore_clipboard_action.isEnabled(), timeout=5000)
    QGuiApplication.clipboard().setText("新复制的内容")
    assert not desk.restore_clipboard_action.isEnabled()
    assert QGuiApplication.clipboard().text() == "新复制的内容"


def test_a_preview_during_a_paste_shows_the_agents_clipboard_not_the_reply(qtbot, desk) -> None:
    QGuiApplication.clipboard().setText(PRIVATE)
    phrase = pin(desk, THANKS + "{剪贴板}", slot=8)
    desk.engine.paste("正在粘贴的回复", None)  # on the clipboard now, waiting for the chat window to read it
    assert desk.engine.user_clipboard_text() == PRIVATE
    assert desk.paste_flow.preview_text(phrase).endswith(THANKS + PRIVATE)
    assert wait_pastes(qtbot, desk) == ["正在粘贴的回复"]
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == PRIVATE)


def test_a_copied_image_is_not_held_while_idle_and_still_comes_back_after_a_paste(qtbot, desk) -> None:
    """The backup kept current at every clipboard change copied a screenshot the agent copied (megabytes) and held
    it while idle. Text is copied at once; an image only when a paste needs it, and it is put back all the same."""
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    QGuiApplication.clipboard().setImage(image)
    qtbot.wait(50)  # the backup timer has run
    assert desk.engine._backup is None
    QGuiApplication.clipboard().setText("SF1234567890")
    qtbot.waitUntil(lambda: desk.engine._backup is not None and desk.engine._backup.text() == "SF1234567890")
    QGuiApplication.clipboard().setImage(image)
    pin(desk, THANKS)
    desk.backends.hotkeys.press("slot9")
    assert wait_pastes(qtbot, desk) == [THANKS]
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().mimeData().hasImage(), timeout=5000)
    assert QGuiApplication.clipboard().image().pixelColor(5, 5) == QColor("red")
