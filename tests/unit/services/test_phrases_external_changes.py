"""Another process's write reaches the search index phrase by phrase: the index is patched, never built anew,
and a commit that touches no phrase (a memo from the CLI, team sync's bookkeeping) reads no phrase at all.
The writers here are real `deskassist` processes on the same SQLite file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from deskassist.core import search
from deskassist.core.models import PhraseDraft
from deskassist.services import backup
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService, SharedPhraseIndex
from deskassist.services.session import Session
from deskassist.storage.phrases_repo import PhrasesRepo


def deskassist(session: Session, *args: str) -> None:
    """One CLI command as its own process on the session's data folder."""
    subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(session.data_dir), *args],
                   check=True, capture_output=True, text=True, timeout=120, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry (with the inverted index?) per PhraseIndex built."""
    built: list[bool] = []
    original = search.PhraseIndex.__init__

    def init(self, phrases=(), grams=True) -> None:
        built.append(grams)
        original(self, phrases, grams)

    monkeypatch.setattr(search.PhraseIndex, "__init__", init)
    return built


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of phrases written into or removed from an index after it was built."""
    seen: list[int] = []
    upsert, remove = search.PhraseIndex.upsert, search.PhraseIndex.remove
    monkeypatch.setattr(search.PhraseIndex, "upsert", lambda self, p, keys: (seen.append(p.id), upsert(self, p, keys)))
    monkeypatch.setattr(search.PhraseIndex, "remove", lambda self, pid: (seen.append(pid), remove(self, pid)))
    return seen


def test_a_phrase_edited_by_the_cli_is_patched_into_the_index_without_building_it_again(
        session: Session, builds: list[bool]) -> None:
    service = PhraseService(session)
    phrase = service.list()[0]
    assert service.search("发票抬头") == []
    index = session.shared(SharedPhraseIndex).index
    deskassist(session, "phrases", "edit", str(phrase.id), "--body", "请提供发票抬头和税号")
    assert session.changes.check_external()
    assert [p.id for p in service.search("发票抬头")] == [phrase.id]
    assert [p.body for p in service.search("fapiaotaitou")] == ["请提供发票抬头和税号"]
    assert session.shared(SharedPhraseIndex).index is index
    assert builds == [False]  # the one quick index of the first search; none for the edit


def test_a_commit_that_touches_no_phrase_reads_no_phrase(
        session: Session, builds: list[bool], patched: list[int]) -> None:
    service = PhraseService(session)
    assert service.search("发货")
    deskassist(session, "memos", "add", "明天给小王回电话")
    assert session.changes.check_external()
    assert service.search("发货")
    assert builds == [False] and patched == []


def test_a_restored_backup_is_read_anew_even_after_more_writes(data_dir: Path, session: Session) -> None:
    """A restore brings another history's revision numbers: following them would miss what it undid."""
    service = PhraseService(session)
    phrase = service.add(PhraseDraft(category="发票", body="电子发票当天开具", title="开发票"))
    assert [p.id for p in service.search("电子发票")] == [phrase.id]
    saved = backup.backup(session)
    other = open_session(data_dir)
    try:
        PhraseService(other).update(phrase.id, body="纸质发票随货寄出")
        assert session.changes.check_external()
        assert service.search("电子发票") == []
        backup.restore(data_dir, saved)
        for draft in ("一", "二", "三", "四"):  # the restored library's numbers pass ours before we look
            PhraseService(other).add(PhraseDraft(category="其他", body=f"第{draft}句"))
    finally:
        other.close()
    assert session.changes.check_external()
    assert [p.body for p in service.search("电子发票")] == ["电子发票当天开具"]
    assert service.search("纸质发票") == []
    fresh = search.PhraseIndex(PhrasesRepo(session.db).iter_for_index())
    for query in ("发票", "第", "fapiao", ""):
        assert [p.id for p in service.search(query, limit=1000)] == fresh.search(query, limit=1000), query


def test_a_database_without_revision_numbers_is_still_searched_and_followed(session: Session) -> None:
    """A read-only or damaged file is opened without its pending migrations: no revision numbers to follow,
    so another process's write makes the index build anew (as before them) instead of failing the search."""
    for statement in ("DROP TRIGGER phrase_revisions_phrases_insert", "DROP TRIGGER phrase_revisions_phrases_update",
                      "DROP TRIGGER phrase_revisions_phrases_delete", "DROP TRIGGER phrase_revisions_categories_rename",
                      "DROP TABLE phrase_revisions", "DROP TABLE phrase_revision_lineage"):
        session.db.execute(statement)
    service = PhraseService(session)
    assert service.search("发货")
    other = open_session(session.data_dir)  # no migration pending by name: the file stays without them
    try:
        added = PhraseService(other).add(PhraseDraft(category="发票", body="电子发票当天开具"))
    finally:
        other.close()
    assert session.changes.check_external()
    assert [p.id for p in service.search("电子发票")] == [added.id]


def test_search_answers_with_the_phrases_as_they_are_now_before_the_index_hears_of_a_change(
        data_dir: Path, empty_session: Session) -> None:
    """The index ranks ids and the phrases are read when found: between another connection's commit and the
    feed patching the index, a phrase edited there shows its current text and one deleted there is left out."""
    service = PhraseService(empty_session)
    first = service.add(PhraseDraft(category="物流", title="发货时间", body="付款后48小时内发货", pinned=1))
    edited = service.add(PhraseDraft(category="物流", title="发货地址", body="从杭州仓发货"))
    deleted = service.add(PhraseDraft(category="物流", title="发货通知", body="已经发货了"))
    assert [p.id for p in service.search("发货")] == [first.id, edited.id, deleted.id]
    other = open_session(data_dir)
    try:
        PhraseService(other).update(edited.id, body="从广州仓发货，次日达")
        PhraseService(other).delete(deleted.id)
    finally:
        other.close()
    now = [(first.id, "付款后48小时内发货"), (edited.id, "从广州仓发货，次日达")]
    assert [(p.id, p.body) for p in service.search("发货")] == now  # the feed has not looked yet
    assert [(p.id, p.body) for p in service.search("hangzhou")] == [(edited.id, "从广州仓发货，次日达")]
    assert empty_session.changes.check_external()
    assert [(p.id, p.body) for p in service.search("发货")] == now
    assert service.search("hangzhou") == []
