"""The full search index is built from the service's description on another thread (its own connection) and,
when adopted, caught up with the writes that came meanwhile; one-off searches get a quick index."""

from __future__ import annotations

import threading

from deskassist.core.models import PhraseDraft
from deskassist.services.phrases import BuiltIndex, PhraseService, SharedPhraseIndex
from deskassist.services.session import Session


def build_elsewhere(service: PhraseService) -> BuiltIndex:
    build = service.index_builder()
    built: list[BuiltIndex] = []
    worker = threading.Thread(target=lambda: built.append(build()))
    worker.start()
    worker.join(30)
    return built[0]


def test_the_index_built_on_another_thread_is_adopted_and_kept_in_step(session: Session) -> None:
    service = PhraseService(session)
    assert service.needs_full_index()
    built = build_elsewhere(service)
    assert built.index.has_grams and len(built.index) == service.count()
    assert service.adopt_index(built)
    assert not service.needs_full_index()
    added = service.add(PhraseDraft(category="发票", body="可以开电子发票", title="开发票"))
    assert [p.id for p in service.search("电子发票")] == [added.id]
    assert service.search("这句没有") == []


def test_a_write_during_the_build_is_caught_up_when_the_index_is_adopted(session: Session) -> None:
    service = PhraseService(session)
    build = service.index_builder()
    read_before = build()
    added = service.add(PhraseDraft(category="发票", body="可以开电子发票", title="开发票"))
    deleted = service.delete(service.list()[0].id)
    assert service.adopt_index(read_before)
    assert not service.needs_full_index()
    assert [p.id for p in service.search("电子发票")] == [added.id]
    assert deleted.id not in [p.id for p in service.search("", limit=1000)]


def test_a_one_off_search_builds_no_inverted_index(session: Session) -> None:
    """The CLI searches once: building the inverted index would cost more than the scan it saves."""
    service = PhraseService(session)
    assert service.search("发货")
    index = session.shared(SharedPhraseIndex).index
    assert index is not None and not index.has_grams
