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


def test_a_library_changed_during_the_build_is_built_again(qtbot, make_desk, index_builds) -> None:
    desk = make_desk()
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)  # the first build
    desk.session.changes.publish("external")  # e.g. a restore: the shared index is dropped, the app builds again
    desk.search_index.start()
    added = desk.phrases.add(PhraseDraft(category="发票", body="可以开电子发票", title="开发票"))  # meanwhile
    qtbot.waitUntil(lambda: not desk.phrases.needs_full_index(), timeout=20_000)
    assert [p.id for p in desk.phrases.search("电子发票")] == [added.id]
    assert ("MainThread", True) not in index_builds
    assert index_builds.count(("search-index", True)) == 3  # the stale second build was built again


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
