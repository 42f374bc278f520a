"""A pinned memo is marked with a word every Chinese font has, not 📌 (a box without an emoji font)."""

from __future__ import annotations

from deskassist.i18n import set_language
from deskassist.services.memos import MemoService
from deskassist.ui.notes.memos import MemoWindow


def test_pinned_mark_is_plain_text_in_the_app_language(qtbot, empty_session) -> None:
    empty_session.settings.set("agent.name", "小王")
    memos = MemoService(empty_session)
    memos.pin(memos.add("restock the red socks").id)
    set_language("zh_CN")
    try:
        window = MemoWindow(memos)
        qtbot.addWidget(window)
        window.refresh()
        mark = window.table.model().index(0, 0).data()
    finally:
        set_language("en")
    assert mark == "置顶"
    assert all(ord(ch) < 0x2000 or 0x4E00 <= ord(ch) <= 0x9FFF for ch in mark)
