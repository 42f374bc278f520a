"""The notes feature as the root wires it, inside the real tray app (fake platform ports only, from
tests/widget/conftest.py): tray entries, the memo hotkey, the current buyer in rendering, due follow-up messages."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from deskassist.core.models import PhraseDraft
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.memos import MemoService
from deskassist.ui.notes.feature import CurrentBuyer, NotesFeature


@pytest.fixture
def tray_app(session, make_desk):
    """The wired app with its features loaded (the notes feature among them)."""
    session.settings.set("agent.name", "小王")
    app = make_desk(load_features=True)
    yield app
    feature = _feature(app)
    for widget in [feature.memo_box, feature.ack_dialog, *feature.windows.values()]:
        if widget is not None:
            widget.close()
            widget.deleteLater()


def _feature(app) -> NotesFeature:
    (feature,) = [f for f in app.features if isinstance(f, NotesFeature)]
    return feature


def _menu_texts(app) -> list[str]:
    return [a.text() for a in app.tray.menu.actions()]


def test_install_adds_the_tray_entries_and_the_memo_hotkey(tray_app):
    texts = _menu_texts(tray_app)
    for entry in ("Customers and memos", "Quick memo", "Memo book", "Customers", "Follow-ups",
                  "After-sales cases", "Write handover note…", "Handover history", "Reports", "Switch agent"):
        assert entry in texts
    assert tray_app.backends.hotkeys.grabbed["memo"] == "Ctrl+Alt+M"
    assert isinstance(tray_app.current_buyer, CurrentBuyer)


def test_memo_hotkey_opens_the_box_and_enter_saves_then_focus_goes_back(qtbot, tray_app, session):
    desktop = tray_app.backends.windows
    tray_app.backends.hotkeys.press("memo")
    feature = _feature(tray_app)
    qtbot.waitUntil(lambda: feature.memo_box is not None and feature.memo_box.isVisible())
    qtbot.keyClicks(feature.memo_box.editor, "chase the unpaid order #chase")
    qtbot.keyClick(feature.memo_box.editor, Qt.Key.Key_Return)
    assert [(m.text, m.tags, m.agent) for m in MemoService(session).list()] == [
        ("chase the unpaid order #chase", ("chase",), "小王")]
    assert not feature.memo_box.isVisible()
    assert desktop.activated[-1] == desktop.chat_window


def test_changed_memo_hotkey_is_grabbed_again(tray_app, session):
    session.settings.set("hotkeys.memo", "Ctrl+Alt+N")
    assert tray_app.backends.hotkeys.grabbed["memo"] == "Ctrl+Alt+N"


def test_memo_hotkey_follows_its_switch_without_a_restart(tray_app, session):
    assert "memo" in tray_app.backends.hotkeys.grabbed
    session.settings.set("memo.capture_enabled", False)
    assert "memo" not in tray_app.backends.hotkeys.grabbed
    session.settings.set("memo.capture_enabled", True)
    assert tray_app.backends.hotkeys.grabbed["memo"] == "Ctrl+Alt+M"


def test_memo_hotkey_can_be_switched_off(session, backends, make_desk):
    session.settings.set("memo.capture_enabled", False)
    app = make_desk(load_features=True)
    assert "memo" not in backends.hotkeys.grabbed
    assert "Quick memo" in _menu_texts(app)


def test_current_buyer_fills_the_buyer_placeholder_and_ranks_group_phrases(qtbot, tray_app, session):
    customers = CustomerService(session)
    customers.add("lily2024", group="vip", tags=["犹豫"])
    customers.update("lily2024", salutation="莉莉")
    phrase = tray_app.phrases.add(PhraseDraft(category="问候", body="{客户}您好，欢迎回来~", title="VIP问候",
                                              groups=("vip",)))
    buyer = tray_app.current_buyer
    with qtbot.waitSignal(buyer.changed):
        assert buyer.set_nick("@lily").nick == "lily2024"
    assert buyer.nick == "lily2024" and buyer.groups == ("vip",)
    tray_app.paste_flow.paste_phrase(phrase.id, tray_app.backends.windows.chat_window)
    qtbot.waitUntil(lambda: tray_app.backends.windows.pasted_texts() == ["莉莉您好，欢迎回来~"])
    with qtbot.waitSignal(buyer.changed):
        buyer.clear()
    assert buyer.nick == "" and buyer.groups == ()
    assert buyer.set_nick("nobody-like-this") is None and buyer.nick == ""


def test_customers_window_make_current_sets_the_buyer(qtbot, tray_app, session):
    CustomerService(session).add("王小姐", group="buyer")
    feature = _feature(tray_app)
    window = feature.open_customers()
    assert window.select_nick("王小姐")
    window.current_button.click()
    assert tray_app.current_buyer.nick == "王小姐"
    assert tray_app.current_buyer.card.customer.group == "buyer"


def test_due_follow_ups_raise_one_tray_message_each(qtbot, tray_app, session, clock):
    CustomerService(session).add("lily2024")
    followups = FollowUpService(session)
    followups.add("催付款", "15:00", buyer="lily2024")
    followups.add("问尺码", "15:30")
    feature = _feature(tray_app)
    clock.moment = datetime(2026, 11, 22, 14, 59)
    assert feature.check_followups() == []
    clock.moment = datetime(2026, 11, 22, 15, 0)
    assert [f.text for f in feature.check_followups()] == ["催付款"]
    assert tray_app.tray.last_message == ("Follow-up due", "15:00 lily2024: 催付款")
    assert feature.check_followups() == []  # said once
    clock.moment = datetime(2026, 11, 22, 16, 0)
    followups.add("回电话", "今天15:45")  # a bare time that has passed would mean tomorrow
    assert len(feature.check_followups()) == 2
    assert tray_app.tray.last_message == (
        "Follow-up due", "2 follow-ups are due. Open Follow-ups in the tray menu to see them.")


def test_agent_switch_from_the_tray_submenu(qtbot, tray_app, session):
    feature = _feature(tray_app)
    feature.agents.add("小王", "007")
    feature.agents.add("小李", "008")
    feature.confirm_switch = lambda _question: True
    menu = feature.agent_menu
    menu.rebuild()
    assert dict(menu.entries()) == {"小王 (ID 007)": True, "小李 (ID 008)": False}
    (li,) = [a for a in menu.group.actions() if a.data() == "小李"]
    li.trigger()
    assert session.agent == "小李"
    assert session.settings.get("agent.id") == "008"
    menu.rebuild()
    assert dict(menu.entries()) == {"小王 (ID 007)": False, "小李 (ID 008)": True}
    assert tray_app.tray.last_message == ("Switch agent", "小李 is now at the desk.")


def test_no_personal_data_in_the_log(qtbot, tray_app, session, caplog):
    caplog.set_level("INFO", logger="deskassist")
    import logging

    logging.getLogger("deskassist").addHandler(caplog.handler)
    try:
        CustomerService(session).add("secret_nick", phone="13812341234", note="住在幸福路")
        feature = _feature(tray_app)
        tray_app.current_buyer.set_nick("secret_nick")
        box = feature.open_memo_box()
        box.editor.setPlainText("@secret_nick 私密备注内容")
        box.save()
        feature.followups.add("私密跟进", "+0m", buyer="secret_nick")
        feature.check_followups()
    finally:
        logging.getLogger("deskassist").removeHandler(caplog.handler)
    text = "\n".join(f"{r.getMessage()} {getattr(r, 'fields', '')}" for r in caplog.records)
    assert "memo_saved" in text and "buyer_current" in text and "followups_due" in text
    for secret in ("secret_nick", "13812341234", "幸福路", "私密"):
        assert secret not in text


def test_buyer_card_follows_the_current_buyer_and_clear_drops_it(qtbot, tray_app, session):
    from deskassist.ui.notes.buyer_card import BuyerCardWidget

    CustomerService(session).add("lily2024", group="vip", note="喜欢白色")
    buyer = tray_app.current_buyer
    assert [c.nick for c in buyer.lookup("@li")] == ["lily2024"]
    card = BuyerCardWidget()
    qtbot.addWidget(card)
    card.follow(buyer)
    assert card.shown_text().startswith("No current buyer")
    buyer.set_nick("lily2024")
    assert "lily2024" in card.shown_text() and "喜欢白色" in card.shown_text()
    FollowUpService(session).add("催付款", "15:00", buyer="lily2024")
    buyer.refresh()
    assert "催付款" in card.shown_text()
    card.close_button.click()
    assert buyer.nick == "" and card.shown_text().startswith("No current buyer")


def test_clicking_the_reminder_message_opens_what_it_is_about(qtbot, tray_app, session, clock):
    feature = _feature(tray_app)
    clock.moment = datetime(2026, 11, 22, 16, 50)
    feature.check_shift()
    assert tray_app.tray.last_message[0] == "Handover note"
    feature.notice_clicked()
    assert feature.windows["handover_write"].isVisible()
    feature.followups.add("回访", "今天16:00")
    feature.check_followups()
    feature.notice_clicked()
    assert feature.windows["followups"].isVisible()


def test_menu_follows_a_language_change(qtbot, tray_app, session):
    feature = _feature(tray_app)
    feature.open_memos().close()
    session.settings.set("ui.language", "zh_CN")
    try:
        texts = _menu_texts(tray_app)
        assert "备忘本" in texts and "客户" in texts and "切换客服" in texts
        assert "memos" not in feature.windows  # rebuilt in Chinese when next opened
        assert feature.open_memos().windowTitle() == "小王的备忘本"
    finally:
        session.settings.set("ui.language", "en")
    assert "Memo book" in _menu_texts(tray_app)


def test_renaming_the_current_agent_in_the_dialog_retitles_the_open_memo_book(qtbot, tray_app, session):
    feature = _feature(tray_app)
    feature.agents.add("小王")
    feature.memos.add("明天催付")
    memos = feature.open_memos()
    assert memos.windowTitle() == "Memo book of 小王"
    dialog = feature.open_agents()
    dialog.list.setCurrentRow(0)
    dialog.name.setText("王姐")
    dialog.rename_button.click()
    assert session.agent == "王姐"
    qtbot.waitUntil(lambda: memos.windowTitle() == "Memo book of 王姐")  # the feed's next turn
    assert memos.table.row_count() == 1


@pytest.mark.qt_log_ignore("does not support (raise|propagateSizeHints)")
def test_the_memo_hotkey_links_the_buyer_being_served(qtbot, tray_app, session):
    CustomerService(session).add("tb_小王2024")
    feature = _feature(tray_app)
    tray_app.current_buyer.set_nick("tb_小王2024")
    box = feature.open_memo_box()
    assert box.link_row.isVisible() and "tb_小王2024" in box.link_label.text()
    box.editor.setPlainText("wants the blue one")
    assert box.save().nick == "tb_小王2024"
    tray_app.current_buyer.clear()
    assert not feature.open_memo_box().link_row.isVisible()


def test_switching_agent_says_what_changes_and_a_cancel_keeps_settings(qtbot, tray_app, session):
    session.settings.set("agent.id", "2001")
    feature = _feature(tray_app)
    feature.agents.add("小李", "008")
    asked: list[str] = []
    feature.confirm_switch = lambda question: asked.append(question) or False
    feature.agent_menu.rebuild()
    (li,) = [a for a in feature.agent_menu.group.actions() if a.data() == "小李"]
    li.trigger()
    assert asked == ["Switch to 小李? These settings change:\nAgent name: 小王 → 小李\nID number (工号): 2001 → 008"]
    assert (session.agent, session.settings.get("agent.id")) == ("小王", "2001")
    feature.confirm_switch = lambda _question: True
    li.trigger()
    assert (session.agent, session.settings.get("agent.id")) == ("小李", "008")


def test_the_agent_named_in_settings_is_in_the_agents_window(qtbot, tray_app, session):
    dialog = _feature(tray_app).open_agents()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert texts == ["小王 — at the desk"]
