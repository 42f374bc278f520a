"""In the wired app the full search index (with its inverted index, seconds at 100,000 phrases) is built on
a worker thread, never on the Qt main thread where the hotkeys are handled."""

from __future__ import annotations

import threading

import pytest

from deskassist.core import search
from deskassist.core.models import PhraseDraft


@pytest.fixture
def index_builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """(thread name, with the inverted index) for every PhraseIndex built; the default pack counts as a big
    library (small ones are indexed at once on the main thread)."""
    from deskassist.qt import search_index

    monkeypatch.setattr(search_index, "INLINE_MAX", 0)
    builds: list[tuple[str, bool]] = []
    original = search.PhraseIndex.__init__

    def init(self, phrases=(), grams=True) -> None:
        builds.append((threading.current_thread().name, grams))
        original(self, phrases, grams)

    monkeypatch.setattr(search.PhraseIndex, "__init__", init)
    return builds


def test_the_full_index_is_built_off_the_main_thread_and_adopted(qtbot, make_desk, index_builds) -> None:
    desk = make_desk()
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)
    assert ("search-index", True) in index_builds
    assert ("MainThread", True) not in index_builds
    assert desk.phrases.search("这句没有") == []
    assert desk.phrases.search("fahuo")


def test_another_process_write_is_patched_in_and_a_big_one_built_again_off_the_main_thread(
        qtbot, make_desk, index_builds, monkeypatch) -> None:
    from deskassist.services import phrases
    from deskassist.services.data_folder import open_session

    desk = make_desk()
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)  # the first build
    first = list(index_builds)
    other = open_session(desk.session.data_dir)
    try:
        edited = phrases.PhraseService(other).add(PhraseDraft(category="发票", body="可以开电子发票"))
        assert desk.changes.check()
        assert [p.id for p in desk.phrases.search("电子发票")] == [edited.id]
        assert index_builds == first  # patched, not built again
        monkeypatch.setattr(phrases, "PATCH_MOST", 1)
        phrases.PhraseService(other).add_many([], [PhraseDraft(category="导入", body=f"纸质发票{n}") for n in "12"])
    finally:
        other.close()
    assert desk.changes.check()
    assert desk.phrases.needs_full_index()  # behind: built again on the worker, the adopted index answers
    assert desk.phrases.search("电子发票")
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)
    assert len(desk.phrases.search("纸质发票")) == 2
    assert index_builds == [*first, ("search-index", True)]


def test_a_small_library_is_indexed_at_once_on_the_main_thread(qtbot, make_desk, monkeypatch) -> None:
    """A worker thread would only compete with the first hotkey for the interpreter (the picker then opened
    late enough for the first typed letter to reach the chat window)."""
    builds: list[tuple[str, bool]] = []
    original = search.PhraseIndex.__init__

    def init(self, phrases=(), grams=True) -> None:
        builds.append((threading.current_thread().name, grams))
        original(self, phrases, grams)

    monkeypatch.setattr(search.PhraseIndex, "__init__", init)
    desk = make_desk()
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)
    assert builds == [("MainThread", True)]
