"""The tray menu (here through the no-tray window, as offscreen has no system tray): entries, signals,
translation, feature sections and messages."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from PySide6.QtGui import QAction

from deskassist.qt.translators import apply_language
from deskassist.ui.tray import TrayController

ENTRIES = ["Phrase picker", "Side panel", "Phrase manager…", "Settings…", "Pause hotkeys", "Quit"]


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
    catalog = json.loads(resources.files("deskassist.resources").joinpath("i18n", "zh_CN", "app.json")
                         .read_text(encoding="utf-8"))
    apply_language("zh_CN")
    tray.retranslate()
    assert entries(tray) == [catalog[text] for text in ENTRIES]
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
