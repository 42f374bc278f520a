"""Keys held for the picker while it was going up (the X11 backend holds them; tests/e2e/test_picker_typeahead_e2e.py
runs the real thing): handed over once it has the keyboard, in order, through its own key handling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint

from deskassist.core.ports import HeldKey
from deskassist.services.phrases import PhraseService
from deskassist.ui.picker.popup import PickerPopup, held_key_event


class HeldKeys:
    """What the hotkey source hands over: the keys once, then none (each hold starts empty)."""

    def __init__(self, keys: list[HeldKey]) -> None:
        self.keys = keys
        self.releases = 0

    def __call__(self) -> list[HeldKey]:
        self.releases += 1
        keys, self.keys = self.keys, []
        return keys


def letters(text: str) -> list[HeldKey]:
    return [HeldKey(char, char) for char in text]


@pytest.fixture
def picker(qtbot, session) -> PickerPopup:
    popup = PickerPopup(PhraseService(session))
    qtbot.addWidget(popup)
    return popup


def open_with(qtbot, picker: PickerPopup, held: HeldKeys) -> None:
    picker.release_keyboard = held
    picker.popup(QPoint(100, 100))
    qtbot.waitExposed(picker)


def test_letters_held_since_the_hotkey_become_the_query_when_the_picker_gets_the_focus(qtbot, picker) -> None:
    held = HeldKeys(letters("fh"))
    open_with(qtbot, picker, held)
    picker.window_focused(int(picker.winId()))
    assert picker.search_field.text() == "fh"
    assert held.releases == 1
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())
    assert "发货" in picker.model.phrase_at(0).title + picker.model.phrase_at(0).body


def test_enter_among_the_held_keys_pastes_and_the_keys_after_it_are_dropped(qtbot, picker) -> None:
    held = HeldKeys([*letters("fh"), HeldKey("Return", ""), *letters("xyz")])
    open_with(qtbot, picker, held)
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        picker.window_focused(int(picker.winId()))
    assert chosen.args[0] == picker._phrases.search("fh", limit=1)[0].id
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert "x" not in picker.search_field.text()


def test_alt_and_a_number_held_pick_that_row(qtbot, picker) -> None:
    held = HeldKeys([*letters("fh"), HeldKey("2", "2", frozenset({"Alt"}))])
    open_with(qtbot, picker, held)
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        picker.window_focused(int(picker.winId()))
    assert chosen.args[0] == picker._phrases.search("fh", limit=2)[1].id


def test_ctrl_alt_letters_type_nothing_as_in_an_active_picker(qtbot, picker) -> None:
    held = HeldKeys([HeldKey("t", "\x14", frozenset({"Ctrl", "Alt"})), *letters("fh")])
    open_with(qtbot, picker, held)
    picker.window_focused(int(picker.winId()))
    assert picker.search_field.text() == "fh"


def test_backspace_and_capitals_are_replayed_as_typed(qtbot, picker) -> None:
    held = HeldKeys([*letters("fhx"), HeldKey("BackSpace", ""), HeldKey("A", "A", frozenset({"Shift"}))])
    open_with(qtbot, picker, held)
    picker.window_focused(int(picker.winId()))
    assert picker.search_field.text() == "fhA"


def test_a_picker_closed_before_it_had_the_focus_lets_the_keyboard_go(qtbot, picker) -> None:
    held = HeldKeys(letters("fh"))
    open_with(qtbot, picker, held)
    picker.dismiss()
    assert held.releases == 1  # the held keys were for the picker: dropped, never sent to the chat window
    picker.popup(QPoint(100, 100))
    picker.window_focused(int(picker.winId()))
    assert picker.search_field.text() == ""


def test_another_window_getting_the_focus_is_not_the_picker_getting_it(qtbot, picker) -> None:
    held = HeldKeys(letters("fh"))
    open_with(qtbot, picker, held)
    picker.window_focused(int(picker.winId()) + 1)
    assert held.releases == 0 and picker.search_field.text() == ""


def test_keys_qt_has_no_name_for_are_left_out() -> None:
    assert held_key_event(HeldKey("", "")) is None
    assert held_key_event(HeldKey("F13", "")) is None
    event = held_key_event(HeldKey("Return", "", frozenset({"Ctrl"})))
    assert event is not None and event.text() == ""
