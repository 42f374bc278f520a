"""The tray menu (here through the no-tray window, as offscreen has no system tray): entries, signals,
translation, feature sections and messages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from deskassist.qt.translators import apply_language
from deskassist.ui.tray import TrayController

ENTRIES = ["Phrase picker", "Side panel", "Phrase manager…", "Settings…", "Help and about…", "Pause hotkeys", "Quit"]


@pytest.fixture
def tray(qtbot) -> TrayController:
    controller = TrayController(tray_available=False)
    qtbot.addWidget(controller.window)
    controller.show()
    yield controller
    apply_language("en")
    controller.menu.deleteLater()


def entries(tray: TrayController) -> list[str]:
    return [a.text() for a in tray.menu.actions() if not a.isSeparator()]


def test_menu_has_every_entry(tray) -> None:
    assert entries(tray) == ENTRIES
    assert tray.pause_action.isCheckable()


def test_no_tray_window_says_where_to_find_the_app(qtbot, tray) -> None:
    tray.set_hotkeys_text("Phrase picker: Ctrl+Alt+Space")
    qtbot.waitExposed(tray.window)
    assert tray.window.isVisible()
    assert "no system tray" in tray.window.notice.text()
    assert "Ctrl+Alt+Space" in tray.window.notice.text()
    assert tray.window.menu_button.menu() is tray.menu
    tray.window.close()
    assert not tray.window.isVisible()
    tray.bring_forward()
    assert tray.window.isVisible()


@pytest.mark.parametrize(("action", "signal"), [
    ("picker_action", "picker_requested"), ("panel_action", "panel_requested"),
    ("manager_action", "manager_requested"), ("settings_action", "settings_requested"),
    ("quit_action", "quit_requested")])
def test_each_entry_emits_its_request(qtbot, tray, action, signal) -> None:
    with qtbot.waitSignal(getattr(tray, signal)):
        getattr(tray, action).trigger()


def test_pause_is_checkable_and_reports_its_state(qtbot, tray) -> None:
    with qtbot.waitSignal(tray.pause_toggled) as toggled:
        tray.pause_action.trigger()
    assert toggled.args == [True]
    with qtbot.waitSignal(tray.pause_toggled) as toggled:
        tray.pause_action.trigger()
    assert toggled.args == [False]


def test_menu_in_chinese(tray) -> None:
    apply_language("zh_CN")
    tray.retranslate()
    assert entries(tray) == ["短语选择器", "侧边栏", "短语管理…", "设置…", "帮助和关于…", "暂停快捷键", "退出"]
    assert "系统托盘" in tray.window.notice.text()
    apply_language("en")
    tray.retranslate()
    assert entries(tray) == ENTRIES


def test_feature_section_goes_above_pause(tray) -> None:
    memo = QAction("Memo book")
    tray.add_section(lambda: "Notes", [memo])
    texts = entries(tray)
    assert texts.index("Notes") < texts.index("Memo book") < texts.index("Pause hotkeys")
    assert texts.index("Settings…") < texts.index("Notes")


def test_message_without_tray_shows_in_the_window(tray) -> None:
    tray.window.hide()
    tray.show_message("Hotkey not available", "Ctrl+Alt+P is taken", warning=True)
    assert tray.window.isVisible()
    assert "Ctrl+Alt+P is taken" in tray.window.status.text()


def test_attention_marks_the_icon_and_tool_tip_without_opening_anything(qtbot) -> None:
    """A handover note to read shows as a badge (issue 12), never as a window that takes the focus."""
    controller = TrayController(tray_available=True)
    controller.set_hotkeys_text("Phrase picker: Ctrl+Alt+Space")
    plain = controller.icon.icon().pixmap(32, 32).toImage()
    controller.set_attention("Handover note from 白班 to read")
    assert controller.icon.icon().pixmap(32, 32).toImage() != plain  # the red dot
    assert controller.icon.toolTip().endswith("● Handover note from 白班 to read")
    controller.set_paused(True)
    assert controller.icon.icon().pixmap(32, 32).toImage() != plain  # still marked while paused
    controller.set_paused(False)
    controller.set_attention("")
    assert controller.icon.icon().pixmap(32, 32).toImage() == plain
    assert "●" not in controller.icon.toolTip()
    assert QApplication.activeWindow() is None
    controller.menu.deleteLater()


def test_entries_show_their_hotkeys_and_headers_do_not_look_disabled(tray) -> None:
    """Issue 12: no hotkeys beside the entries; a grey section header that looked disabled."""
    memo = QAction("Quick memo")
    tray.add_section(lambda: "Customers and memos", [memo])
    tray.hotkey_actions["memo"] = memo
    tray.show_hotkeys({"picker": "Ctrl+Alt+Space", "panel": "Ctrl+Alt+P", "memo": "Ctrl+Alt+M"})
    assert tray.picker_action.shortcut().toString() == "Ctrl+Alt+Space"
    assert memo.shortcut().toString() == "Ctrl+Alt+M" and memo.isShortcutVisibleInContextMenu()
    assert memo.shortcutContext() == Qt.ShortcutContext.WidgetShortcut  # shown, never a second hotkey
    header = next(a for a in tray.menu.actions() if a.text() == "Customers and memos")
    label = header.defaultWidget()
    assert label.text() == "Customers and memos" and "font-weight: bold" in label.styleSheet()
    assert label.palette().color(label.foregroundRole()) == label.palette().color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


def test_help_entry_asks_for_help(qtbot, tray) -> None:
    with qtbot.waitSignal(tray.help_requested):
        tray.help_action.trigger()


def test_the_app_lists_the_memo_hotkey_and_opens_help(qtbot, make_desk) -> None:
    desk = make_desk(load_features=True)
    assert "Quick memo: Ctrl+Alt+M" in desk.tray.window.notice.text()  # the tool tip's text, without a tray
    assert desk.notes.memo_action.shortcut().toString() == "Ctrl+Alt+M"
    desk.tray.help_action.trigger()
    about = desk.windows.visible("about")
    assert about is not None and "Ctrl+Alt+Space" in about.body.text()
    assert str(desk.session.data_dir) in about.body.text()


def test_no_tray_window_shows_its_whole_text_in_chinese_with_a_message(qtbot, tray) -> None:
    """At 1366×768 the window cut the hotkey list at its top and bottom once a status line showed (issue 12)."""
    apply_language("zh_CN")
    tray.retranslate()
    hotkeys = "\n".join(["短语选择器：Ctrl+Alt+Space", "侧边栏：Ctrl+Alt+P", "快速备忘：Ctrl+Alt+M",
                         "推荐回复：Ctrl+Alt+Q", "固定短语：Ctrl+Alt+1…9"])
    tray.set_hotkeys_text(hotkeys)
    tray.show_message("有交接记录待查看", "小李 交接了晚班。有空时点这里，或在托盘菜单里选“查看交接记录”。")
    qtbot.waitExposed(tray.window)
    QApplication.processEvents()
    for label in (tray.window.notice, tray.window.status):
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()
    assert tray.window.notice.geometry().top() >= 0


def test_hotkeys_read_the_same_in_the_menu_and_every_text_in_chinese(qtbot, make_desk) -> None:
    """Issue 12 walk-through: the tray menu said 「Ctrl+Alt+空格」 (Qt's own wording) while the tool tip, the
    about window and the first-run setup said 「Ctrl+Alt+Space」."""
    desk = make_desk(load_features=True)
    apply_language("zh_CN")
    try:
        desk.hotkeys.register_all()
        menu_text = desk.tray.picker_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        desk.tray.help_action.trigger()
        about = desk.windows.visible("about")
        desk.open_setup()
        setup = desk.windows.visible("setup")
        tip = desk.tray.window.notice.text()
    finally:
        apply_language("en")
    assert menu_text == "Ctrl+Alt+空格"
    assert "Ctrl+Alt+空格" in tip and "Space" not in tip
    assert about is not None and "Ctrl+Alt+空格" in about.body.text()
    assert setup is not None and "Ctrl+Alt+空格" in setup.hotkey_lines.text()
