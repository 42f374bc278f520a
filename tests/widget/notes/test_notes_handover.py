"""Shift handover: the reminder, the acknowledgement that must be given, writing, history and export.

Time is the injected FixedClock (the default shifts: 白班 09:00-17:00, 晚班 17:00-24:00).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from deskassist.app.windows import WindowRegistry
from deskassist.services.customers import CustomerService
from deskassist.services.handover import HandoverService, ItemDraft
from deskassist.ui.notes.feature import NotesFeature
from deskassist.ui.notes.handover import HandoverHistoryWindow, HandoverWriteDialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def notes(qtbot, empty_session, clock):
    """The notes feature as the tray app builds it, with the tray messages collected."""
    empty_session.settings.set("agent.name", "小王")
    CustomerService(empty_session).add("lily2024", group="buyer")
    messages: list[tuple[str, str, bool]] = []
    feature = NotesFeature(empty_session, lambda t, x, w: messages.append((t, x, w)), WindowRegistry())
    feature.messages = messages
    yield feature
    feature.stop()
    for window in list(feature.windows.values()) + [feature.ack_dialog]:
        if window is not None:
            window.deleteLater()


def test_reminder_fires_in_the_last_quarter_hour_of_the_day_shift(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 16, 40)
    notes.check_shift()
    assert notes.messages == []
    clock.advance(minutes=5)  # 16:45
    with qtbot.waitSignal(notes.handover_reminded) as reminded:
        notes.check_shift()
    assert reminded.args[0].name == "白班"
    ((title, text, warning),) = notes.messages
    assert title == "Handover note"
    assert "白班" in text and "17:00" in text
    clock.advance(minutes=5)  # reminded once per shift, not every check
    notes.check_shift()
    assert len(notes.messages) == 1


def test_no_reminder_once_the_note_is_written(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 16, 44)
    notes.handover.write("all quiet")
    clock.advance(minutes=2)
    notes.check_shift()
    assert notes.messages == []


def test_reminder_through_the_timer(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 16, 46)
    notes.shift_timer.setInterval(10)
    notes.followup_timer.setInterval(10)
    with qtbot.waitSignal(notes.handover_reminded, timeout=2000):
        notes.start()
    assert "白班" in notes.messages[0][1]


def test_next_shift_must_acknowledge_and_who_and_when_are_kept(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 16, 50)
    notes.handover.write("活动今晚结束", [ItemDraft("chase", "催付 @lily2024 订单"), ItemDraft("notice", "明早开会")],
                        agent="小李")
    notes.check_shift()
    assert notes.ack_dialog is None  # still the day shift: nothing to acknowledge yet
    clock.advance(minutes=11)  # 17:01, the evening shift has started
    with qtbot.waitSignal(notes.ack_pending) as pending:
        notes.check_shift()
    assert pending.args[0].summary == "活动今晚结束"
    assert notes.ack_dialog is None and QApplication.activeWindow() is None  # nothing takes the focus
    assert notes.messages[-1][0] == "Handover note to read"
    with qtbot.waitSignal(notes.ack_dialog_opened) as opened:
        notes.notice_clicked()  # the agent clicks the tray message when they have a moment
    dialog = opened.args[0]
    assert dialog.isVisible()
    assert "小李" in dialog.heading.text() and "白班" in dialog.heading.text()
    assert dialog.summary.toPlainText() == "活动今晚结束"
    assert [dialog.items.item(i).text() for i in range(dialog.items.count())] == [
        "[Unpaid order to chase] 催付 @lily2024 订单", "[Promotion or notice] 明早开会"]
    dialog.items.item(1).setCheckState(Qt.CheckState.Checked)
    clock.advance(minutes=1)  # 17:02
    with qtbot.waitSignal(dialog.acknowledged):
        dialog.ack_button.click()
    assert not dialog.isVisible()
    note = notes.handover.latest()
    assert [(a.agent, a.at) for a in note.acks] == [("小王", "2026-11-22 17:02:00")]
    assert [i.done for i in note.items] == [False, True]
    assert note.items[1].done_by == "小王"
    notes.check_shift()  # acknowledged: no second dialog
    assert notes.handover.pending_ack() is None


def test_a_waiting_note_is_announced_when_the_app_starts_within_the_shift(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 16, 55)
    notes.handover.write("交接", agent="小李")
    clock.moment = datetime(2026, 11, 22, 19, 30)
    with qtbot.waitSignal(notes.ack_pending, timeout=2000):
        notes.start()
    assert notes.ack_dialog is None  # announced, not opened


def test_later_puts_the_reminder_off_and_the_tray_entry_opens_the_note(qtbot, notes, clock):
    """Issue 12: the acknowledgement took the focus and could not be closed; now 稍后提醒 and a tray entry."""
    actions = notes.actions()
    read = notes.read_ack_action
    assert read is actions[0] and not read.isVisible()
    clock.moment = datetime(2026, 11, 22, 16, 55)
    notes.handover.write("交接", agent="小李")
    clock.moment = datetime(2026, 11, 22, 17, 5)
    notes.check_shift()
    assert read.isVisible() and read.text() == "Read the handover note from 白班"
    said = len(notes.messages)
    notes.check_shift()
    assert len(notes.messages) == said  # said once, not every 30 seconds
    read.trigger()
    dialog = notes.ack_dialog
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc, the close button and 稍后提醒 all mean later
    assert not dialog.isVisible()
    clock.advance(minutes=14)
    notes.check_shift()
    assert len(notes.messages) == said
    clock.advance(minutes=1)
    notes.check_shift()
    assert len(notes.messages) == said + 1 and notes.messages[-1][0] == "Handover note to read"
    read.trigger()
    with qtbot.waitSignal(notes.ack_pending) as pending:
        notes.ack_dialog.ack_button.click()
    assert pending.args[0] is None and not read.isVisible()
    assert [a.agent for a in notes.handover.latest().acks] == ["小王"]


def test_switching_agent_asks_the_new_agent_to_acknowledge(qtbot, notes, clock):
    notes.agents.add("小王", "001")
    notes.agents.add("小李", "002")
    notes.agents.switch("小李")
    clock.moment = datetime(2026, 11, 22, 16, 55)
    notes.handover.write("交接")  # written by 小李
    clock.advance(minutes=10)
    notes.check_shift()
    assert notes.pending_note is None  # nobody acknowledges their own note
    with qtbot.waitSignal(notes.ack_pending):
        notes.switch_agent("小王")
    assert "小王 is now at the desk." in [text for _title, text, _warning in notes.messages]
    assert notes.session.agent == "小王"


def test_write_dialog_saves_items_linked_to_buyers_and_ticks_carried_items(qtbot, empty_session, clock):
    empty_session.settings.set("agent.name", "小王")
    CustomerService(empty_session).add("lily2024")
    handover = HandoverService(empty_session)
    clock.moment = datetime(2026, 11, 22, 16, 50)
    old = handover.write("早班", [ItemDraft("reply", "回复尺码问题"), ItemDraft("other", "整理库存")], agent="小李")
    dialog = HandoverWriteDialog(handover)
    qtbot.addWidget(dialog)
    assert "白班" in dialog.heading.text() and "17:00" in dialog.heading.text()
    assert [dialog.carried.item(i).text() for i in range(dialog.carried.count())] == [
        "[Waiting for a reply] 回复尺码问题", "[Other] 整理库存"]
    dialog.carried.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.summary.setPlainText("晚上活动")
    row = dialog.rows[0]
    row.kind.setCurrentIndex(row.kind.findData("chase"))
    row.text.setText("催付款")
    row.buyer.setText("lily2024")
    dialog.add_button.click()
    assert len(dialog.rows) == 2  # an empty row is left out when saving
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    note = handover.latest()
    assert note.summary == "晚上活动" and note.author == "小王" and note.shift == "白班"
    own = [(i.kind, i.text, i.nick) for i in note.items if i.note_id == note.id]
    assert own == [("chase", "催付款", "lily2024")]
    assert [i.text for i in handover.open_items()] == ["整理库存", "催付款"]
    assert handover.get(old.id).items[0].done


def test_write_dialog_refuses_an_unknown_buyer_and_writes_nothing(qtbot, empty_session, clock):
    handover = HandoverService(empty_session)
    dialog = HandoverWriteDialog(handover)
    qtbot.addWidget(dialog)
    dialog.summary.setPlainText("交接")
    dialog.rows[0].text.setText("回复")
    dialog.rows[0].buyer.setText("nobody")
    dialog.save_button.click()
    assert dialog.message.text() == "No customer with this nickname"
    assert dialog.result() != dialog.DialogCode.Accepted
    assert handover.latest() is None


def test_empty_note_is_refused_with_a_message(qtbot, empty_session):
    dialog = HandoverWriteDialog(HandoverService(empty_session))
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert "summary or at least one item" in dialog.message.text()


@pytest.fixture
def history(qtbot, empty_session, clock):
    empty_session.settings.set("agent.name", "小王")
    handover = HandoverService(empty_session)
    clock.moment = datetime(2026, 11, 20, 16, 50)
    handover.write("周五白班", [ItemDraft("notice", "双十二预热")], agent="小李")
    clock.moment = datetime(2026, 11, 21, 23, 50)
    handover.write("周六晚班", [ItemDraft("chase", "催付三单")], agent="小张")
    clock.moment = datetime(2026, 11, 22, 10, 0)
    window = HandoverHistoryWindow(handover)
    qtbot.addWidget(window)
    window.show()
    return window


def _rows(window: HandoverHistoryWindow) -> list[tuple[str, ...]]:
    return [tuple(window.table.cell_text(r, c) for c in range(5)) for r in range(window.table.row_count())]


def test_history_lists_notes_newest_first_and_filters(qtbot, history):
    assert _rows(history) == [("2026-11-21", "晚班", "小张", "2", "2"), ("2026-11-20", "白班", "小李", "1", "1")]
    history.author.setCurrentIndex(history.author.findData("小李"))
    assert _rows(history) == [("2026-11-20", "白班", "小李", "1", "1")]
    history.author.setCurrentIndex(0)
    history.shift.setCurrentIndex(history.shift.findData("晚班"))
    assert [r[0] for r in _rows(history)] == ["2026-11-21"]
    history.shift.setCurrentIndex(0)
    history.use_dates.setChecked(True)
    history.start.setDate(history.start.date().fromString("2026-11-21", "yyyy-MM-dd"))
    assert [r[0] for r in _rows(history)] == ["2026-11-21"]


def test_history_shows_the_note_and_ticks_items_done(qtbot, history):
    history.select_note(history.shown_notes()[1].id)
    assert "周五白班" in history.detail.toPlainText()
    history.items.item(0).setCheckState(Qt.CheckState.Checked)
    assert history.message.text() == "Item marked done."
    assert _rows(history)[1] == ("2026-11-20", "白班", "小李", "1", "0")


def test_history_copy_and_export(qtbot, history, tmp_path):
    history.select_note(history.shown_notes()[0].id)
    history.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert "周六晚班" in text and "催付三单" in text and "双十二预热" in text
    history.export_to(str(tmp_path / "note.md"))
    markdown = (tmp_path / "note.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ") and "- [ ] **Unpaid order to chase** 催付三单" in markdown
    history.export_to(str(tmp_path / "note.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "note.csv").read_text(encoding="utf-8-sig"))))
    assert {r["text"] for r in rows} == {"催付三单", "双十二预热"}
    assert history.message.text().startswith("Exported to ")
    history.export_to(str(tmp_path / "missing" / "note.md"))
    assert history.message.text().endswith("cannot be written: No such file or directory")


def test_history_acknowledge_records_the_current_agent(qtbot, history):
    history.select_note(history.shown_notes()[0].id)
    history.ack_button.click()
    assert history.table.cell_text(0, 5) == "小王 11-22 10:00"


def test_a_handover_note_offers_no_paste_into_a_buyers_chat(qtbot, notes):
    """Issue 12: 「粘贴到聊天窗口」 invited pasting an internal note into a buyer's chat."""
    notes.handover.write("交接")
    window = notes.open_handover_history()
    labels = [b.text() for b in window.findChildren(QPushButton) if b.isVisible()]
    assert labels == ["&Write handover…", "&Copy as text", "&Export…", "Ac&knowledge"]


def test_acknowledgement_needs_a_name(qtbot, notes, clock):
    notes.session.settings.set("agent.name", "")
    clock.moment = datetime(2026, 11, 22, 16, 50)
    notes.handover.write("交接", agent="小李")
    clock.advance(minutes=15)
    notes.check_shift()
    dialog = notes.open_ack()
    assert dialog.agent.currentText() == ""
    dialog.ack_button.click()
    assert dialog.isVisible() and dialog.message.text() == "Please say who is acknowledging (your agent name)."
    assert notes.handover.latest().acks == []
    dialog.agent.setCurrentText("夜班小张")
    dialog.ack_button.click()
    assert [a.agent for a in notes.handover.latest().acks] == ["夜班小张"]


def test_evening_shift_reminder_says_24_00(qtbot, notes, clock):
    clock.moment = datetime(2026, 11, 22, 23, 50)
    notes.check_shift()
    assert notes.messages[-1][1] == ("The 晚班 shift ends at 24:00. Please write the handover note "
                                     "(tray menu: Write handover note).")
    dialog = HandoverWriteDialog(notes.handover)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "Handover for 晚班 2026-11-22, ends at 24:00"


def test_the_write_dialog_names_the_shift_the_note_is_filed_under(qtbot, empty_session, clock):
    """Issue 12: at 07:07 the dialog said 'outside the shifts' while the note was filed as the last 晚班."""
    handover = HandoverService(empty_session)
    clock.moment = datetime(2026, 11, 28, 7, 7)
    dialog = HandoverWriteDialog(handover)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "Handover note (outside the configured shifts)"
    dialog.summary.setPlainText("早到")
    dialog.save()
    assert (dialog.written.shift, dialog.written.shift_date) == ("", "2026-11-28")
    clock.moment = datetime(2026, 11, 28, 0, 40)  # the evening shift is still answering buyers
    late = HandoverWriteDialog(handover)
    qtbot.addWidget(late)
    assert late.heading.text() == "Handover for 晚班 2026-11-27, ended at 24:00"
    late.summary.setPlainText("夜里")
    late.save()
    assert (late.written.shift, late.written.shift_date) == ("晚班", "2026-11-27")
