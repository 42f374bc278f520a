"""The app's wiring on a real session: hotkeys -> picker/slots -> fill-in -> render -> paste engine, the
tray reports, start at login, language, pause, the feature hook and the single-instance handshake.

Only the platform ports are stand-ins (see conftest.py): a paste is checked as the clipboard text at the
moment the paste key is pressed, which is what a chat box receives.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication

from deskassist.app import DeskAssistApp
from deskassist.core.models import PhraseDraft
from deskassist.qt.single_instance import SingleInstance

ROOT = Path(__file__).resolve().parents[3]


def wait_pastes(qtbot, desk, count: int = 1) -> list[str]:
    qtbot.waitUntil(lambda: len(desk.backends.keys.pasted_texts()) >= count, timeout=5000)
    return desk.backends.keys.pasted_texts()


def test_hotkeys_registered_from_settings(desk) -> None:
    grabbed = desk.backends.hotkeys.grabbed
    assert grabbed["picker"] == "Ctrl+Alt+Space"
    assert grabbed["panel"] == "Ctrl+Alt+P"
    assert [grabbed[f"slot{n}"] for n in range(1, 10)] == [f"Ctrl+Alt+{n}" for n in range(1, 10)]
    assert "Ctrl+Alt+Space" in desk.tray.window.notice.text()


def test_picker_hotkey_then_enter_pastes_rendered_phrase_and_counts_use(qtbot, desk, session) -> None:
    session.settings.set("agent.name", "小美")
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClicks(desk.picker.search_field, "hy")
    qtbot.waitUntil(lambda: not desk.picker._search_timer.isActive())
    phrase = desk.picker.current_phrase()
    expected = desk.phrases.render(phrase.id)
    assert "小美" in expected or "{" not in phrase.body
    uses_before = desk.phrases.get(phrase.id).uses
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    assert wait_pastes(qtbot, desk) == [expected]
    qtbot.waitUntil(lambda: not desk.picker.isVisible())  # a frame after the paste went out
    assert desk.phrases.get(phrase.id).uses == uses_before + 1
    assert all(combo != "Enter" for combo, _text in desk.backends.keys.keys)


def test_ctrl_enter_in_picker_also_sends(qtbot, desk) -> None:
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(c == "Enter" for c, _t in desk.backends.keys.keys), timeout=5000)
    combos = [c for c, _t in desk.backends.keys.keys]
    assert combos.index("Ctrl+V") < combos.index("Enter")


def test_picker_captures_the_target_first_and_escape_gives_focus_back(qtbot, desk) -> None:
    desktop = desk.backends.windows
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    desktop.focus = 1  # the picker took the focus
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Escape)
    assert desktop.activated == [desktop.chat_window]
    assert desktop.pasted_texts() == []


def test_slot_hotkey_pastes_pinned_phrase_without_picker(qtbot, desk) -> None:
    pinned = desk.phrases.by_pinned(1)
    desk.backends.hotkeys.press("slot1")
    assert wait_pastes(qtbot, desk) == [desk.phrases.render(pinned.id)]
    qtbot.waitUntil(lambda: not desk.picker.isVisible())  # a frame after the paste went out


def test_empty_slot_says_nothing_is_pinned(qtbot, desk) -> None:
    slot = next(n for n in range(1, 10) if desk.phrases.by_pinned(n) is None)
    desk.backends.hotkeys.press(f"slot{slot}")
    qtbot.waitUntil(lambda: desk.tray.last_message is not None)
    assert str(slot) in desk.tray.last_message[1]
    assert desk.backends.keys.pasted_texts() == []


def test_fill_in_fields_are_asked_first(qtbot, desk) -> None:
    slot = next(n for n in range(1, 10) if desk.phrases.by_pinned(n) is None)
    phrase = desk.phrases.add(PhraseDraft(category="尺码颜色", title="确认尺码", body="您要的尺码是{?尺码}，颜色{?颜色:红色|白色}",
                                          pinned=slot))
    desk.backends.hotkeys.press(f"slot{slot}")
    qtbot.waitUntil(lambda: desk.paste_flow.fill_dialog is not None and desk.paste_flow.fill_dialog.isVisible())
    dialog = desk.paste_flow.fill_dialog
    assert desk.backends.keys.pasted_texts() == []
    assert "您要的尺码是" in dialog.sentence_label.text() and "[尺码]" in dialog.sentence_label.text()
    dialog.editor("尺码").setText("XL")
    dialog.editor("颜色").setCurrentText("白色")
    assert "XL" in dialog.sentence_label.text() and "白色" in dialog.sentence_label.text()
    dialog.accept()
    assert wait_pastes(qtbot, desk) == ["您要的尺码是XL，颜色白色"]
    qtbot.waitUntil(lambda: desk.phrases.get(phrase.id).uses == 1)  # counted once the chat window is done


def test_side_panel_click_pastes_without_send_and_double_click_sends(qtbot, desk) -> None:
    desk.backends.hotkeys.press("panel")
    qtbot.waitUntil(desk.panel.isVisible)
    first = desk.panel.model.phrase_at(0)
    point = desk.panel.list.visualRect(desk.panel.model.index(0, 0)).center()
    qtbot.mouseClick(desk.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert wait_pastes(qtbot, desk) == [desk.phrases.render(first.id)]
    qtbot.wait(300)
    assert [c for c, _t in desk.backends.keys.keys] == ["Ctrl+V"]
    qtbot.mouseClick(desk.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(desk.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: any(c == "Enter" for c, _t in desk.backends.keys.keys), timeout=5000)
    desk.backends.hotkeys.press("panel")
    qtbot.waitUntil(lambda: not desk.panel.isVisible())


def test_taken_hotkey_is_reported_and_the_rest_work(qtbot, session, backends, fake_hotkeys) -> None:
    backends.hotkeys = fake_hotkeys(taken=["Ctrl+Alt+P"])
    app = DeskAssistApp(session, backends, tray_available=False, load_features=False)
    app.start()
    qtbot.waitUntil(lambda: app.ready)
    title, text = app.tray.last_message
    assert "Ctrl+Alt+P" in text and "side panel" in text
    assert "panel" not in backends.hotkeys.grabbed
    assert backends.hotkeys.grabbed["picker"] == "Ctrl+Alt+Space"
    backends.hotkeys.press("slot1")
    qtbot.waitUntil(lambda: backends.keys.pasted_texts() != [], timeout=5000)
    app.shutdown()
    app.picker.deleteLater()
    app.panel.deleteLater()
    app.tray.window.deleteLater()


def test_failed_paste_shows_a_tray_message(qtbot, desk) -> None:
    desktop = desk.backends.windows
    desktop.activate = lambda window: False  # the chat window is gone
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    desktop.focus = 1
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.tray.last_message is not None, timeout=5000)
    assert desk.tray.last_message[0] == "Paste failed"
    assert "Ctrl+V" in desk.tray.last_message[1]
    assert QGuiApplication.clipboard().text() == desk.phrases.render(desk.picker.model.phrase_at(0).id)


def test_pause_from_tray_releases_and_regrabs(desk) -> None:
    desk.tray.pause_action.trigger()
    assert desk.backends.hotkeys.grabbed == {}
    desk.tray.pause_action.trigger()
    assert desk.backends.hotkeys.grabbed["picker"] == "Ctrl+Alt+Space"


def test_changed_hotkey_setting_regrabs(desk, session) -> None:
    session.settings.set("hotkeys.picker", "Ctrl+Alt+K")
    assert desk.backends.hotkeys.grabbed["picker"] == "Ctrl+Alt+K"
    session.settings.set("hotkeys.slot_modifiers", "Alt+Shift")
    assert desk.backends.hotkeys.grabbed["slot4"] == "Alt+Shift+4"


def test_start_at_login_follows_the_setting(desk, session) -> None:
    autostart = desk.backends.autostart
    assert autostart.command is None
    session.settings.set("ui.start_at_login", True)
    assert autostart.command == ["deskassist"]
    session.settings.set("ui.start_at_login", False)
    assert autostart.command is None


def test_language_setting_switches_the_menu(desk, session) -> None:
    session.settings.set("ui.language", "zh_CN")
    try:
        assert desk.tray.pause_action.text() == "暂停快捷键"
        assert desk.panel.windowTitle() == "客服快捷助手 快捷回复"
    finally:
        session.settings.set("ui.language", "en")
    assert desk.tray.pause_action.text() == "Pause hotkeys"


def test_feature_hook_adds_menu_section_and_hotkey(qtbot, desk) -> None:
    fired: list[object] = []
    action = QAction("Memo book")
    desk.add_tray_actions(lambda: "Notes", [action])
    desk.add_hotkey("memo", "hotkeys.memo", fired.append)
    assert desk.backends.hotkeys.grabbed["memo"] == "Ctrl+Alt+M"
    desk.backends.hotkeys.press("memo")
    qtbot.waitUntil(lambda: fired == [desk.backends.windows.chat_window])
    assert "Memo book" in [a.text() for a in desk.tray.menu.actions()]


def test_second_launch_reaches_the_running_instance(qtbot, data_dir) -> None:
    instance = SingleInstance(data_dir)
    assert instance.listen()
    code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from deskassist.qt.single_instance import notify_running;"
            f"sys.exit(0 if notify_running({str(data_dir)!r}) else 3)")
    with qtbot.waitSignal(instance.requested, timeout=10000) as request:
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    assert request.args == ["show"]
    assert proc.returncode == 0
    instance.close()
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=30)
    assert other.returncode == 3


def test_tray_opens_phrase_manager_and_settings_sharing_the_app_service(qtbot, desk) -> None:
    desk.tray.manager_action.trigger()
    manager = desk.windows["manager"]
    qtbot.waitExposed(manager)
    assert manager.service is desk.phrases
    desk.tray.settings_action.trigger()
    dialog = desk.windows["settings"]
    qtbot.waitExposed(dialog)
    desk.tray.manager_action.trigger()
    assert desk.windows["manager"] is manager  # one window, brought forward again
    manager.close()
    dialog.close()


def test_edits_in_the_library_refresh_the_open_panel(qtbot, desk) -> None:
    desk.panel.present()
    rows = desk.panel.model.rowCount()
    desk.phrases.add(PhraseDraft(category="问候开场", title="新问候", body="您好呀，欢迎来到咱们店～"))
    qtbot.waitUntil(lambda: desk.panel.model.rowCount() == rows + 1)


def test_phrase_deleted_while_filling_in_is_reported_not_pasted(qtbot, desk) -> None:
    slot = next(n for n in range(1, 10) if desk.phrases.by_pinned(n) is None)
    phrase = desk.phrases.add(PhraseDraft(category="尺码颜色", title="尺码", body="您要{?尺码}码", pinned=slot))
    desk.backends.hotkeys.press(f"slot{slot}")
    qtbot.waitUntil(lambda: desk.paste_flow.fill_dialog is not None and desk.paste_flow.fill_dialog.isVisible())
    desk.phrases.delete(phrase.id)
    desk.paste_flow.fill_dialog.editor("尺码").setText("L")
    desk.paste_flow.fill_dialog.accept()
    assert desk.tray.last_message[0] == "Cannot paste"
    assert desk.backends.keys.pasted_texts() == []


def test_recording_a_hotkey_in_settings_releases_the_grabs_meanwhile(qtbot, desk) -> None:
    desk.tray.settings_action.trigger()
    dialog = desk.windows["settings"]
    dialog.hotkey_capture_active.emit(True)
    assert desk.backends.hotkeys.grabbed == {}
    dialog.hotkey_capture_active.emit(False)
    assert desk.backends.hotkeys.grabbed["picker"] == "Ctrl+Alt+Space"
    dialog.close()


def test_restoring_a_backup_refreshes_search_and_hotkeys(qtbot, desk, session) -> None:
    from deskassist.core.models import PhraseDraft
    from deskassist.services.backup import backup, restore

    saved = backup(session)
    added = desk.phrases.add(PhraseDraft(category="新", body="恢复前加的短语", code="hfq"))
    session.settings.set("hotkeys.picker", "Ctrl+Alt+K")
    assert desk.phrases.search("hfq")[0].id == added.id
    restore(session, saved)  # nothing else to call: the feed tells the index, the settings and the hotkeys
    assert added.id not in [p.id for p in desk.phrases.search("hfq")]
    assert desk.backends.hotkeys.grabbed["picker"] == "Ctrl+Alt+Space"


def test_the_daily_backup_is_made_after_start(qtbot, desk, session) -> None:
    from deskassist import paths

    folder = paths.backup_dir(session.data_dir)
    qtbot.waitUntil(lambda: folder.is_dir() and any(folder.glob("auto-*.db")), timeout=5000)


def test_start_erases_memos_deleted_before_the_undo_window_and_keeps_doing_so(qtbot, make_desk, session,
                                                                             clock) -> None:
    from deskassist.app import ERASE_DELETED_EVERY_MS
    from deskassist.services.memos import MemoService

    memos = MemoService(session)
    old, recent = memos.add("买家电话 13912345678"), memos.add("刚删的备忘")
    memos.delete(old.id)
    clock.advance(days=3)
    memos.delete(recent.id)
    desk = make_desk()
    deleted = "SELECT id FROM memos WHERE deleted_at IS NOT NULL"
    qtbot.waitUntil(lambda: session.db.execute(deleted).fetchall() == [(recent.id,)], timeout=5000)
    assert desk._erase_timer.isActive() and desk._erase_timer.interval() == ERASE_DELETED_EVERY_MS


def test_picker_preview_shows_the_text_as_it_will_be_sent(qtbot, desk, session) -> None:
    session.settings.set("shop.name", "花花旗舰店")
    greeting = next(p for p in desk.phrases.list() if "{店铺}" in p.body)
    desk.show_picker()
    qtbot.waitUntil(lambda: desk.picker.windowHandle().isExposed())  # filled once the picker is on screen
    row = next(r for r in range(desk.picker.model.rowCount()) if desk.picker.model.phrase_at(r).id == greeting.id)
    desk.picker.results.setCurrentIndex(desk.picker.model.index(row, 0))
    assert "花花旗舰店" in desk.picker.preview.text() and "{店铺}" not in desk.picker.preview.text()
    assert desk.picker.preview.text() == desk.phrases.render(greeting.id)


def test_a_changed_paste_key_is_pressed_at_the_very_next_paste(qtbot, desk, session) -> None:
    """The paste options are kept between pastes; changing a paste setting (here, or with `config set` in
    another process, which reloads the settings) must reach the next paste all the same."""
    keys = desk.backends.keys
    desk.backends.hotkeys.press("slot1")
    qtbot.waitUntil(lambda: desk.engine.settled and len(keys.keys) == 1, timeout=5000)
    session.settings.set("paste.key", "Shift+Insert")
    desk.backends.hotkeys.press("slot1")
    qtbot.waitUntil(lambda: desk.engine.settled and len(keys.keys) == 2, timeout=5000)
    session.settings.set("paste.key_overrides", {"chatstandin": "Ctrl+Shift+V"})
    desk.backends.hotkeys.press("slot1")
    qtbot.waitUntil(lambda: desk.engine.settled and len(keys.keys) == 3, timeout=5000)
    assert [combo for combo, _text in keys.keys] == ["Ctrl+V", "Shift+Insert", "Ctrl+Shift+V"]


def test_the_chat_window_is_asked_for_the_focus_before_the_text_goes_on_the_clipboard(qtbot, desk) -> None:
    """The chat window takes the focus back (a window manager's turn, its own focus handling) while the text goes
    on the clipboard, not after it; the paste key still waits until the focus is there."""
    desktop = desk.backends.windows
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("订单号 3829104756221")
    at_activate: list[str] = []

    def activate(window: int) -> bool:
        at_activate.append(clipboard.text())
        desktop.activated.append(window)
        QTimer.singleShot(100, lambda: setattr(desktop, "focus", window))  # the window manager's turn
        return True

    desktop.activate = activate
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    desktop.focus = 1  # the picker took the focus
    phrase = desk.picker.current_phrase()
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    assert at_activate == ["订单号 3829104756221"]
    qtbot.waitUntil(lambda: clipboard.text() == desk.phrases.render(phrase.id))
    assert desktop.focus == 1 and desktop.keys == []  # the text is on; the key waits for the focus
    assert wait_pastes(qtbot, desk) == [desk.phrases.render(phrase.id)]
    qtbot.waitUntil(lambda: clipboard.text() == "订单号 3829104756221")


def test_a_chat_window_gone_before_the_text_went_on_keeps_the_agent_s_clipboard_aside(qtbot, desk) -> None:
    """The focus is asked for before the text goes on the clipboard, so this failure comes first: the text is
    still left on the clipboard to paste by hand, and the agent's own clipboard comes back when asked."""
    desktop = desk.backends.windows
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("订单号 3829104756221")
    qtbot.wait(20)  # the engine copies the agent's clipboard when it changes
    desktop.activate = lambda window: False  # closed meanwhile
    desk.backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)
    desktop.focus = 1  # the picker took the focus
    phrase = desk.picker.current_phrase()
    qtbot.keyClick(desk.picker.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.tray.last_message is not None)
    assert "the chat window is gone" in desk.tray.last_message[1]
    assert desktop.keys == [] and clipboard.text() == desk.phrases.render(phrase.id)
    assert desk.engine.has_previous and desk.engine.restore_previous()
    assert clipboard.text() == "订单号 3829104756221"


def test_the_daily_backup_gives_back_the_pages_it_read(qtbot, session, make_desk) -> None:
    """The backup reads the whole file through the app's connection; its page cache would stay full all day
    (3.5 MB of an idle app at 10,000 phrases): it is released once the backup is made."""
    from deskassist.services.backup import list_backups

    session.settings.set("backup.auto", True)
    backups_at_release: list[int] = []
    release_memory = session.db.release_memory
    session.db.release_memory = lambda: backups_at_release.append(len(list_backups(session.data_dir))) or (
        release_memory())
    make_desk()
    qtbot.waitUntil(lambda: backups_at_release != [], timeout=10_000)
    assert backups_at_release == [1]


def test_pypinyin_loaded_by_a_write_is_dropped_once_writes_are_quiet(qtbot, desk) -> None:
    """A customer or phrase written loads pypinyin for its search keys (57 MB); the app lets it go once writes
    have been quiet for PINYIN_KEPT_MS, each write starting that wait again, and the next write imports it."""
    from deskassist.app.root import PINYIN_KEPT_MS
    from deskassist.core import pinyin

    pinyin.unload()
    timer = desk._pinyin_timer
    first = desk.phrases.add(PhraseDraft(category="问候", body="重新发货"))
    assert pinyin.loaded()
    qtbot.waitUntil(timer.isActive)  # the change reaches the app's views through its signal
    assert timer.interval() == PINYIN_KEPT_MS
    qtbot.wait(100)
    left = timer.remainingTime()
    desk.phrases.add(PhraseDraft(category="问候", body="银行卡"))  # a write meanwhile: the wait starts again
    qtbot.waitUntil(lambda: timer.remainingTime() > left)
    timer.stop()
    timer.timeout.emit()  # quiet for the whole wait
    assert not pinyin.loaded()
    second = desk.phrases.add(PhraseDraft(category="问候", body="重新发货了"))
    assert pinyin.loaded()
    assert {phrase.id for phrase in desk.phrases.search("cxfh")} >= {first.id, second.id}


def test_pypinyin_loaded_before_the_app_listened_is_dropped_too(qtbot, make_desk) -> None:
    """The first start keys the default pack while the data folder is made, before the app listens to writes."""
    from deskassist.core import pinyin

    pinyin.pinyin_keys("欢迎光临")  # as the default pack's import did
    desk = make_desk()
    qtbot.waitUntil(desk._pinyin_timer.isActive)
    desk._pinyin_timer.stop()
    desk._pinyin_timer.timeout.emit()
    assert not pinyin.loaded()
