"""Shift handover with an injected clock: reminder, carry-over, acknowledgement, history, export."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from deskassist.core.errors import UserError
from deskassist.services.customers import CustomerService
from deskassist.services.handover import HandoverService, ItemDraft, parse_item


@pytest.fixture
def handover(empty_session) -> HandoverService:
    CustomerService(empty_session).add("小美爱购物")
    empty_session.clock.moment = datetime(2026, 11, 22, 16, 40)
    return HandoverService(empty_session)


def test_parse_item_accepts_english_and_chinese_kinds() -> None:
    assert parse_item("chase:催 @小美 付款") == ItemDraft("chase", "催 @小美 付款")
    assert parse_item("待回复：问尺码") == ItemDraft("reply", "问尺码")
    assert parse_item("售后:退货中").kind == "aftersales"
    for bad in ("lost:x", "chase:", "no kind"):
        with pytest.raises(UserError):
            parse_item(bad)


def test_reminder_before_the_shift_ends_until_a_note_is_written(empty_session, handover: HandoverService) -> None:
    assert handover.reminder_due() is None
    assert handover.next_reminder() == datetime(2026, 11, 22, 16, 45)
    empty_session.clock.advance(minutes=5)
    assert handover.reminder_due().name == "白班"
    empty_session.settings.set("handover.reminder_minutes", 30)
    assert handover.reminder_due(datetime(2026, 11, 22, 16, 31)).name == "白班"
    handover.write("交班", [ItemDraft("notice", "明天大促")])
    assert handover.reminder_due() is None
    empty_session.clock.moment = datetime(2026, 11, 22, 23, 40)
    assert handover.reminder_due().name == "晚班"


def test_write_links_buyers_and_records_shift_and_author(handover: HandoverService) -> None:
    note = handover.write("今天上新", [parse_item("chase:催 @小美爱购物 付款"), parse_item("通知:明天大促")],
                          agent="阿强")
    assert (note.shift, note.shift_date, note.author, note.created) == ("白班", "2026-11-22", "阿强",
                                                                         "2026-11-22 16:40:00")
    assert [(i.kind, i.nick, i.done, i.carried) for i in note.items] == [
        ("chase", "小美爱购物", False, False), ("notice", "", False, False)]
    with pytest.raises(UserError, match="No customer"):
        handover.write("x", [ItemDraft("reply", "y", buyer="nobody")])
    with pytest.raises(UserError):
        handover.write("  ")
    assert len(handover.history()) == 1


def test_the_note_and_the_dialog_agree_on_the_shift(empty_session, handover: HandoverService) -> None:
    """Issue 12: at 07:07 on 11-28 the note was filed as 「2026-11-27 晚班」 while the dialog said
    「当前不在任何班次内」; both now ask shift_for."""
    empty_session.clock.moment = datetime(2026, 11, 28, 7, 7)
    assert handover.shift_for() is None
    note = handover.write("早到交接")
    assert (note.shift, note.shift_date) == ("", "2026-11-28")
    empty_session.clock.moment = datetime(2026, 11, 28, 0, 40)  # the evening shift is still answering buyers
    assert handover.shift_for().name == "晚班"
    note = handover.write("夜里的交接")
    assert (note.shift, note.shift_date) == ("晚班", "2026-11-27")
    empty_session.settings.set("handover.overtime_minutes", 0)
    assert handover.shift_for() is None


def test_open_items_carry_over_until_done(empty_session, handover: HandoverService) -> None:
    day = handover.write("白班交接", [parse_item("chase:催付 A"), parse_item("reply:回复 B")], agent="阿强")
    empty_session.clock.moment = datetime(2026, 11, 22, 20, 0)
    handover.set_item_done(day.items[1].id, agent="小李")
    empty_session.clock.moment = datetime(2026, 11, 22, 23, 50)
    evening = handover.write("晚班交接", [parse_item("aftersales:退货 C")], agent="小李")
    assert [(i.text, i.carried) for i in evening.items] == [("催付 A", True), ("退货 C", False)]
    empty_session.clock.moment = datetime(2026, 11, 23, 9, 30)
    handover.set_item_done(day.items[0].id, agent="王芳")
    assert [i.text for i in handover.open_items()] == ["退货 C"]
    # the evening note still shows what was carried to it, now done
    shown = handover.get(evening.id)
    assert [(i.text, i.done, i.done_by) for i in shown.items] == [("催付 A", True, "王芳"), ("退货 C", False, None)]
    next_note = handover.write("白班", agent="王芳")
    assert [(i.text, i.carried) for i in next_note.items] == [("退货 C", True)]


def test_next_shift_must_acknowledge(empty_session, handover: HandoverService) -> None:
    note = handover.write("交班", agent="阿强")
    assert handover.pending_ack("小李") is None  # same shift: nothing to acknowledge yet
    empty_session.clock.moment = datetime(2026, 11, 22, 17, 5)
    assert handover.pending_ack("小李").id == note.id
    assert handover.pending_ack("阿强") is None  # nobody acknowledges their own note
    acked = handover.ack(agent="小李")
    assert [(a.agent, a.at) for a in acked.acks] == [("小李", "2026-11-22 17:05:00")]
    assert handover.pending_ack("小李") is None
    assert handover.pending_ack("王芳").id == note.id
    empty_session.clock.moment = datetime(2026, 11, 23, 2, 0)
    assert handover.pending_ack("王芳") is None  # outside every shift
    empty_session.clock.moment = datetime(2026, 11, 23, 9, 1)  # the app starts within the next day shift
    assert handover.pending_ack("王芳").id == note.id
    handover.ack(note.id, agent="小李")
    assert [a.agent for a in handover.get(note.id).acks] == ["小李"]


def test_the_author_cannot_acknowledge_their_own_note(empty_session, handover: HandoverService) -> None:
    note = handover.write("交班", agent="阿强")
    empty_session.clock.moment = datetime(2026, 11, 22, 17, 5)
    with pytest.raises(UserError, match="You wrote handover note"):
        handover.ack(note.id, agent="阿强")
    with pytest.raises(UserError, match="You wrote handover note"):
        handover.ack(agent="阿强")  # the default note is their own too
    assert handover.get(note.id).acks == []
    assert [a.agent for a in handover.ack(agent="小李").acks] == ["小李"]


def test_history_filters(empty_session, handover: HandoverService) -> None:
    handover.write("一", agent="阿强")
    empty_session.clock.moment = datetime(2026, 11, 22, 23, 0)
    handover.write("二", agent="小李")
    empty_session.clock.moment = datetime(2026, 11, 23, 16, 0)
    handover.write("三", agent="阿强")
    summaries = lambda notes: [n.summary for n in notes]  # noqa: E731
    assert summaries(handover.history()) == ["三", "二", "一"]
    assert summaries(handover.history(author="阿强")) == ["三", "一"]
    assert summaries(handover.history(shift="晚班")) == ["二"]
    assert summaries(handover.history(start=date(2026, 11, 23))) == ["三"]
    assert summaries(handover.history(end=date(2026, 11, 22))) == ["二", "一"]


def test_exports(tmp_path, empty_session, handover: HandoverService) -> None:
    note = handover.write("双11预热，注意库存", [parse_item("chase:催 @小美爱购物 付款"), parse_item("其他:补货")],
                          agent="阿强")
    empty_session.clock.moment = datetime(2026, 11, 22, 17, 2)
    note = handover.ack(note.id, agent="小李")
    text = handover.export_text(note)
    assert text.splitlines() == [
        "Handover 2026-11-22 白班, written by 阿强 at 16:40", "", "双11预热，注意库存", "", "Items:",
        "□ [Unpaid order to chase] 催 @小美爱购物 付款", "□ [Other] 补货", "", "Acknowledged by: 小李 17:02"]
    md = handover.export_markdown(note)
    assert "- [ ] **Unpaid order to chase** 催 @小美爱购物 付款" in md.splitlines()
    rows = list(csv.DictReader(io.StringIO(handover.export_csv(note))))
    assert [(r["kind"], r["text"], r["buyer"], r["done"]) for r in rows] == [
        ("chase", "催 @小美爱购物 付款", "小美爱购物", "0"), ("other", "补货", "", "0")]
    for name in ("note.txt", "note.md", "note.csv"):
        path = handover.export(note, tmp_path / name)
        assert "补货" in path.read_text(encoding="utf-8-sig")
    with pytest.raises(UserError, match="cannot be written"):
        handover.export(note, tmp_path / "missing" / "note.txt")
