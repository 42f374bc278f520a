"""Writes made anywhere reach the running app through the one change feed: the command line (a real second
process), another window, a restored backup. Each test is a bug users saw before the feed existed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from deskassist.core.models import PhraseDraft
from deskassist.services.customers import CustomerService
from deskassist.services.phrases import PhraseService


def _cli(folder: Path, *args: str) -> None:
    """`deskassist --data-dir folder ARGS` as its own process, as the README tells agents to use it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DESKASSIST_HOME", "LC_ALL", "LANGUAGE")}
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), *args], check=True,
                   capture_output=True, text=True, env={**env, "LANG": "C.UTF-8"}, timeout=120, cwd="/")


@pytest.fixture
def notes_desk(session, make_desk):
    """The wired app with the notes feature (current buyer, customers window)."""
    app = make_desk(load_features=True)
    yield app
    for feature in app.features:
        for widget in getattr(feature, "windows", {}).values():
            widget.close()
            widget.deleteLater()


def _picker_codes(app) -> list[str | None]:
    model = app.picker.model
    return [phrase.code for row in range(model.rowCount()) if (phrase := model.phrase_at(row)) is not None]


def test_a_phrase_added_with_the_cli_appears_in_the_open_picker(qtbot, desk, session) -> None:
    desk.show_picker(capture=False)
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClicks(desk.picker.search_field, "thk")
    assert "thk" not in _picker_codes(desk)
    _cli(session.data_dir, "phrases", "add", "--category", "问候", "--body", "感谢您的耐心等待", "--code", "thk")
    qtbot.waitUntil(lambda: "thk" in _picker_codes(desk), timeout=10_000)


def test_a_phrase_added_with_the_cli_is_found_when_the_picker_opens_next(qtbot, desk, session) -> None:
    _cli(session.data_dir, "phrases", "add", "--category", "问候", "--body", "感谢您的耐心等待", "--code", "thk")
    desk.show_picker(capture=False)
    qtbot.waitUntil(desk.picker.isVisible)
    qtbot.keyClicks(desk.picker.search_field, "thk")
    qtbot.waitUntil(lambda: _picker_codes(desk)[:1] == ["thk"])


def test_config_set_reaches_the_running_app_and_ok_in_settings_keeps_it(qtbot, desk, session) -> None:
    phrase = desk.phrases.add(PhraseDraft(category="问候", body="我是客服{客服}"))
    desk.open_settings()
    dialog = desk.windows["settings"]
    qtbot.waitUntil(dialog.isVisible)
    _cli(session.data_dir, "config", "set", "agent.name", "小美")
    qtbot.waitUntil(lambda: desk.phrases.render(phrase.id) == "我是客服小美", timeout=10_000)
    qtbot.waitUntil(lambda: dialog.field("agent.name").widget.text() == "小美")
    dialog.field("shop.name").widget.setText("花花女装")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert session.settings.get("agent.name") == "小美"
    reread = subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(session.data_dir), "config",
                             "get", "agent.name"], capture_output=True, text=True, check=True, cwd="/")
    assert reread.stdout.strip() == "小美"


def test_moving_the_current_buyer_to_vip_in_the_customers_window_updates_card_and_ranking(qtbot, notes_desk,
                                                                                        session) -> None:
    CustomerService(session).add("王小姐", group="buyer")
    buyer = notes_desk.current_buyer
    buyer.set_nick("王小姐")
    assert buyer.groups == ("buyer",)
    feature = next(f for f in notes_desk.features if hasattr(f, "open_customers"))
    window = feature.open_customers()
    assert window.select_nick("王小姐")
    window.move_group.setCurrentIndex(window.move_group.findData("vip"))
    window.move_button.click()
    qtbot.waitUntil(lambda: buyer.groups == ("vip",))
    assert buyer.card.customer.group == "vip"


def test_deleting_the_current_buyer_stops_the_buyer_placeholder_rendering_their_nick(qtbot, notes_desk,
                                                                                     session) -> None:
    session.settings.set("buyer.salutation", "nick")  # {客户} says the nickname (the shop's choice)
    CustomerService(session).add("王小姐", group="buyer")
    phrase = notes_desk.phrases.add(PhraseDraft(category="问候", body="{客户}您好"))
    buyer = notes_desk.current_buyer
    buyer.set_nick("王小姐")
    assert notes_desk.phrases.render(phrase.id, buyer=buyer.nick) == "王小姐您好"
    feature = next(f for f in notes_desk.features if hasattr(f, "open_customers"))
    window = feature.open_customers()
    assert window.select_nick("王小姐")
    window.delete_button.click()
    qtbot.waitUntil(lambda: buyer.nick == "")
    assert notes_desk.phrases.render(phrase.id, buyer=buyer.nick) == "您好"


def test_a_buyer_deleted_with_another_connection_stops_being_current(qtbot, notes_desk, session) -> None:
    from deskassist.services.data_folder import open_session

    CustomerService(session).add("王小姐")
    notes_desk.current_buyer.set_nick("王小姐")
    other = open_session(session.data_dir)
    try:
        CustomerService(other).delete("王小姐")
    finally:
        other.close()
    qtbot.waitUntil(lambda: notes_desk.current_buyer.nick == "", timeout=10_000)


def test_a_restored_backups_start_at_login_and_panel_edge_take_effect(qtbot, desk, session, tmp_path) -> None:
    from deskassist.services.backup import backup, restore

    session.settings.set("ui.start_at_login", True)
    session.settings.set("ui.panel_edge", "left")
    saved = backup(session, tmp_path / "left-and-autostart.db")
    session.settings.set("ui.start_at_login", False)
    session.settings.set("ui.panel_edge", "right")
    desk.panel.toggle()
    qtbot.waitUntil(desk.panel.isVisible)
    area = desk.panel.screen().availableGeometry()
    qtbot.waitUntil(lambda: desk.backends.autostart.command is None and desk.panel.geometry().left() > area.left())
    restore(session, saved)  # as Settings' Restore button does
    qtbot.waitUntil(lambda: desk.backends.autostart.command == ["deskassist"])
    qtbot.waitUntil(lambda: desk.panel.geometry().left() == area.left())


def test_the_open_phrase_manager_and_customers_window_show_what_another_process_wrote(qtbot, notes_desk,
                                                                                      session) -> None:
    from deskassist.services.data_folder import open_session

    notes_desk.open_phrase_manager()
    manager = notes_desk.windows["manager"]
    qtbot.waitUntil(manager.isVisible)
    manager.editor.title_edit.setText("没保存的标题")  # an edit in progress is kept
    feature = next(f for f in notes_desk.features if hasattr(f, "open_customers"))
    customers = feature.open_customers()
    other = open_session(session.data_dir)
    try:
        PhraseService(other).add(PhraseDraft(category="新分类", body="别处加的"))
        CustomerService(other).add("别处的客户")
    finally:
        other.close()
    try:
        qtbot.waitUntil(lambda: "新分类" in manager.category_names(), timeout=10_000)
        qtbot.waitUntil(lambda: "别处的客户" in [c.nick for c in customers.shown_customers()], timeout=10_000)
        assert manager.editor.title_edit.text() == "没保存的标题"
    finally:
        manager.editor.revert()  # closing would ask about the edit
