"""Text in the database file that is not valid UTF-8 (written by another tool, a bad sector, a hand edit):
every read survives it and shows a replacement character instead of failing."""

from __future__ import annotations

import sqlite3

from deskassist.core.models import PhraseDraft
from deskassist.services.customers import CustomerService
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session

# x'e4b8' is the first two bytes of a three-byte character (中 is e4 b8 ad): cut off, it is not UTF-8.
BROKEN = "CAST(x'e4b8' AS TEXT)"


def _spoil(session: Session, sql: str) -> None:
    """Write through a separate plain sqlite3 connection, as another program would."""
    other = sqlite3.connect(session.data_dir / "deskassist.db")
    try:
        other.execute(sql)
        other.commit()
    finally:
        other.close()


def test_a_customer_note_and_phone_with_bad_bytes_still_list_and_show(empty_session: Session) -> None:
    customers = CustomerService(empty_session)
    customers.add("小美", note="喜欢红色", phone="13812345678")
    _spoil(empty_session, f"UPDATE customers SET note = '喜欢' || {BROKEN}, phone = '13812345678' || {BROKEN}")
    listed = customers.list()
    assert [c.nick for c in listed] == ["小美"]
    assert listed[0].note == "喜欢\ufffd"
    assert customers.get("小美").phone.startswith("13812345678")


def test_phrases_and_memos_with_bad_bytes_still_load(empty_session: Session) -> None:
    phrases = PhraseService(empty_session)
    phrases.add(PhraseDraft(category="问候", body="您好"))
    memos = MemoService(empty_session)
    memos.add("回访")
    _spoil(empty_session, f"UPDATE phrases SET body = body || {BROKEN}")
    _spoil(empty_session, f"UPDATE memos SET text = {BROKEN} || text")
    assert empty_session.changes.check_external()  # what the app does on its timer: another program wrote
    assert [p.body for p in phrases.list()] == ["您好\ufffd"]
    assert [p.body for p in phrases.search("您好")] == ["您好\ufffd"]
    assert [m.text for m in memos.list()] == ["\ufffd回访"]
