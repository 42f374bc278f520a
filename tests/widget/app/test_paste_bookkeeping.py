"""The paste's bookkeeping (the use count, a SQLite write that refreshes the views) comes after the paste key,
not between the hotkey and the text: the agent waits only for the paste itself."""

from __future__ import annotations


def test_the_use_is_counted_after_ctrl_v_went_out(qtbot, desk) -> None:
    keys_at_record: list[list[str]] = []
    record_use = desk.phrases.record_use

    def spy(phrase_id: int, agent: str = "") -> None:
        keys_at_record.append([combo for combo, _text in desk.backends.keys.keys])
        record_use(phrase_id, agent=agent)

    desk.phrases.record_use = spy
    uses = desk.phrases.by_pinned(1).uses
    desk.hotkeys._triggered("slot1")
    qtbot.waitUntil(lambda: bool(keys_at_record), timeout=5000)
    assert keys_at_record == [["Ctrl+V"]]
    assert desk.phrases.by_pinned(1).uses == uses + 1


def test_a_use_that_cannot_be_written_does_not_undo_the_paste(qtbot, desk) -> None:
    """Now that the count comes after the paste, its failure (a database refusing writes) must stay quiet."""
    from deskassist.core.errors import UserError

    def refuse(phrase_id: int, agent: str = "") -> None:
        raise UserError("the database refuses writes")

    desk.phrases.record_use = refuse
    pinned = desk.phrases.by_pinned(1)
    desk.hotkeys._triggered("slot1")
    qtbot.waitUntil(lambda: desk.backends.keys.pasted_texts() != [], timeout=5000)
    assert desk.backends.keys.pasted_texts() == [desk.phrases.render(pinned.id)]
