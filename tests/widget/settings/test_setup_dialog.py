"""The first-run setup window on a real data folder: live greeting, one transaction, asked once, the try-it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from deskassist.services.agents import AgentService
from deskassist.services.setup import SetupService
from deskassist.ui.settings.setup_dialog import TRY_SECONDS, SetupDialog

HOTKEYS = [("the phrase picker", "Ctrl+Alt+Space"), ("the side panel", "Ctrl+Alt+P")]


def make(qtbot, session) -> SetupDialog:
    dialog = SetupDialog(SetupService(session), HOTKEYS)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # keys and focus need the active window
    return dialog


def test_typing_shows_the_greeting_and_done_saves_everything(qtbot, session) -> None:
    dialog = make(qtbot, session)
    preview = dialog.preview_label
    assert preview.text().startswith("亲您好，欢迎光临！很高兴为您服务")  # reads correctly before anything is set
    dialog.name.insert("小美")  # what an input method commits (QTest types Latin-1 only)
    qtbot.keyClicks(dialog.agent_id, "8021")
    dialog.shop.setFocus()
    dialog.shop.insert("棉麻小铺")
    dialog.salutation.setCurrentIndex(dialog.salutation.findData("宝"))
    assert preview.text().startswith("宝您好，欢迎光临棉麻小铺！我是客服小美，")
    assert "Ctrl+Alt+Space" in dialog.hotkey_lines.text()
    assert dialog.start_at_login.isChecked()
    qtbot.keyClick(dialog.shop, Qt.Key.Key_Return)  # Enter means 完成 (the default button)
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()
    settings = session.settings
    assert [settings.get(k) for k in ("agent.name", "agent.id", "shop.name", "buyer.salutation",
                                      "ui.start_at_login", "setup.done")] == ["小美", "8021", "棉麻小铺", "宝", True, True]
    assert [a.name for a in AgentService(session).list()] == ["小美"]


def test_a_missing_name_is_said_in_the_window_and_nothing_is_saved(qtbot, session) -> None:
    dialog = make(qtbot, session)
    dialog.done_button.click()
    assert dialog.isVisible() and dialog.message.text() == "Write your name as buyers should see it"
    assert dialog.name.hasFocus()
    assert SetupService(session).needed()


def test_later_or_escape_counts_as_asked(qtbot, session) -> None:
    dialog = make(qtbot, session)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not SetupService(session).needed() and session.settings.get("agent.name") == ""


def test_trying_the_hotkey_says_it_works(qtbot, session) -> None:
    dialog = make(qtbot, session)
    with qtbot.waitSignal(dialog.try_started):
        dialog.try_button.click()
    assert dialog.is_trying() and f"({TRY_SECONDS} s)" in dialog.try_status.text()
    dialog.hotkey_received("panel")  # another hotkey is not the one asked for
    assert dialog.is_trying()
    with qtbot.waitSignal(dialog.try_ended):
        dialog.hotkey_received("picker")
    assert not dialog.is_trying() and dialog.try_status.text().startswith("✓ Ctrl+Alt+Space works")


def test_a_hotkey_that_never_arrives_is_explained_after_ten_seconds(qtbot, session) -> None:
    dialog = make(qtbot, session)
    dialog.try_button.click()
    dialog._tick.setInterval(10)  # the same countdown, faster
    with qtbot.waitSignal(dialog.try_ended, timeout=5000):
        pass
    assert "did not arrive" in dialog.try_status.text() and not dialog.is_trying()


def test_the_app_offers_the_setup_once_and_the_try_it_catches_the_picker_hotkey(qtbot, session, backends,
                                                                               make_desk) -> None:
    desk = make_desk()
    desk.offer_setup()
    dialog = desk.windows.visible("setup")
    assert isinstance(dialog, SetupDialog)
    qtbot.waitExposed(dialog)
    dialog.try_button.click()
    backends.hotkeys.press("picker")  # from a foreign thread, like X11
    qtbot.waitUntil(lambda: not dialog.is_trying())
    assert dialog.try_status.text().startswith("✓") and not desk.picker.isVisible()
    dialog.name.setText("小美")
    dialog.done_button.click()
    assert desk.windows.visible("setup") is None
    desk.offer_setup()  # asked once
    assert desk.windows.visible("setup") is None
    backends.hotkeys.press("picker")
    qtbot.waitUntil(desk.picker.isVisible)  # the hotkey opens the picker again
