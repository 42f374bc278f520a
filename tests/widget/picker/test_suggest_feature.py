"""The suggest feature inside the wired app: its index is built on a worker thread on the first hotkey and
adopted on the main thread; a library changed meanwhile is not given a stale index."""

from __future__ import annotations

import threading

from deskassist.core.models import PhraseDraft
from deskassist.ui.picker.suggest import SuggestFeature


def test_the_index_is_built_off_the_main_thread_and_adopted(qtbot, make_desk) -> None:
    desk = make_desk()
    feature = SuggestFeature(desk)
    threads: list[str] = []
    original = feature._builder._build
    feature._builder._build = lambda source: (threads.append(threading.current_thread().name),
                                              original(source))
    with qtbot.waitSignal(feature._builder.built, timeout=10_000):
        feature.warm_up()
    assert threads == ["suggest-index"]
    index = feature.service._index
    assert index is not None and len(index) > 400
    assert feature.service.suggest("包邮不", limit=1)[0][0].code == "by"
    assert feature.service._index is index  # no second build


def test_a_library_changed_during_the_build_gets_a_fresh_index(qtbot, make_desk) -> None:
    desk = make_desk()
    feature = SuggestFeature(desk)
    source = feature.service.snapshot()
    added = desk.phrases.add(PhraseDraft(category="发票", body="可以开电子发票", questions=("能开发票不",)))
    from deskassist.core.suggest import SuggestIndex

    assert feature.service.adopt(source, SuggestIndex(source.examples)) is False
    assert feature.service.suggest("开发票吗", limit=1)[0][0].id == added.id


def test_an_app_whose_agent_never_asks_for_suggestions_builds_no_index(qtbot, make_desk) -> None:
    """The index used to be built a moment after start-up: ~8 MB more idle memory at 10,000 phrases."""
    desk = make_desk(load_features=True)
    feature = next(f for f in desk.features if isinstance(f, SuggestFeature))
    assert not feature.warm_up_timer.isActive()
    desk.phrases.add(PhraseDraft(category="发票", body="可以开电子发票"))
    assert not feature.warm_up_timer.isActive()
    assert feature._service is None or feature.service._index is None


def test_the_first_hotkey_builds_the_index_off_the_main_thread_then_shows_the_suggestions(
        qtbot, make_desk, monkeypatch) -> None:
    desk = make_desk(load_features=True)
    feature = next(f for f in desk.features if isinstance(f, SuggestFeature))
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(desk, "show_suggestions",
                        lambda target, message, phrases: shown.append((message, [p.code for p in phrases])))
    threads: list[str] = []
    original = feature._builder._build
    feature._builder._build = lambda source: (threads.append(threading.current_thread().name),
                                              original(source))
    feature.show(None, "亲 这个包邮不呀")
    assert shown == []  # not before the index is there: the main thread never builds it
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert threads == ["suggest-index"]
    assert shown[0][0] == "亲 这个包邮不呀" and shown[0][1][0] == "by"
    feature.show(None, "包邮不")  # from now on at once
    assert len(shown) == 2 and threads == ["suggest-index"]
    with qtbot.waitSignal(feature._builder.built, timeout=10_000):  # and kept fresh after changes
        desk.phrases.add(PhraseDraft(category="发票", body="可以开电子发票", questions=("能开发票不",)))


def test_shutting_down_stops_the_warm_up_and_drops_a_late_index(qtbot, make_desk) -> None:
    desk = make_desk(load_features=True)
    feature = next(f for f in desk.features if isinstance(f, SuggestFeature))
    feature.warm_up_timer.start()
    source = feature.service.snapshot()
    desk.shutdown()
    assert not feature.warm_up_timer.isActive()
    from deskassist.core.suggest import SuggestIndex

    feature._builder.built.emit(source, SuggestIndex(source.examples))  # the worker finishing late
    assert feature.service._index is None


def test_a_changed_library_is_indexed_again_in_the_background(qtbot, make_desk) -> None:
    desk = make_desk()
    feature = SuggestFeature(desk)
    feature._wanted = True  # the agent has used the suggest hotkey
    feature.warm_up_timer.setInterval(0)
    with qtbot.waitSignal(feature._builder.built, timeout=10_000):
        feature.warm_up()
    first = feature.service._index
    with qtbot.waitSignal(feature._builder.built, timeout=10_000):
        added = desk.phrases.add(PhraseDraft(category="发票", body="可以开电子发票", questions=("能开发票不",)))
    assert feature.service._index is not first
    rebuilt = feature.service._index
    assert feature.service.suggest("开发票吗", limit=1)[0][0].id == added.id
    assert feature.service._index is rebuilt  # the hotkey found it ready
    desk.phrases.record_use(added.id)  # a paste changes no ranking text: nothing is rebuilt
    qtbot.wait(50)
    assert feature.service._index is rebuilt and not feature._building
