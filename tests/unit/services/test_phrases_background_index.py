"""The full search index is built from the service's description on another thread (its own read-only
connection) and adopted only if the library did not change meanwhile; one-off searches get a quick index."""

from __future__ import annotations

import threading

from deskassist.core.models import PhraseDraft
from deskassist.core.search import PhraseIndex
from deskassist.services.phrases import PhraseService, SharedPhraseIndex
from deskassist.services.session import Session


def build_elsewhere(service: PhraseService) -> tuple[int, PhraseIndex]:
    version, build = service.index_builder()
    built: list[PhraseIndex] = []
    worker = threading.Thread(target=lambda: built.append(build()))
    worker.start()
    worker.join(30)
    return version, built[0]


def test_the_index_built_on_another_thread_is_adopted_and_kept_in_step(session: Session) -> None:
    service = PhraseService(session)
    assert service.needs_full_index()
    version, index = build_elsewhere(service)
    assert index.has_grams and len(index) == service.count()
    assert service.adopt_index(version, index)
    assert not service.needs_full_index()
    added = service.add(PhraseDraft(category="发票", body="可以开电子发票", title="开发票"))
    assert [p.id for p in service.search("电子发票")] == [added.id]
    assert service.search("这句没有") == []


def test_a_write_during_the_build_makes_the_service_refuse_the_stale_index(session: Session) -> None:
    service = PhraseService(session)
    version, build = service.index_builder()
    added = service.add(PhraseDraft(category="发票", body="可以开电子发票", title="开发票"))
    stale = build()
    assert not service.adopt_index(version, stale)
    assert [p.id for p in service.search("电子发票")] == [added.id]
    assert service.needs_full_index()  # the search built the quick one, without the inverted index


def test_a_one_off_search_builds_no_inverted_index(session: Session) -> None:
    """The CLI searches once: building the inverted index would cost more than the scan it saves."""
    service = PhraseService(session)
    assert service.search("发货")
    index = session.shared(SharedPhraseIndex).index
    assert index is not None and not index.has_grams
