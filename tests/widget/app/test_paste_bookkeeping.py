"""The paste's bookkeeping (the use count, a SQLite write that refreshes the views) comes after the paste key,
not between the hotkey and the text: the agent waits only for the paste itself."""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication


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


def test_the_use_is_counted_only_once_the_chat_window_has_read_the_text(qtbot, desk, session) -> None:
    """The write waits for the target's read: until then this thread must be free to serve the read."""
    session.settings.set("paste.read_timeout_ms", 10000)
    desktop = desk.backends.keys
    desktop.send = lambda combo: desktop.keys.append((str(combo), ""))  # the key goes out; the read comes later
    counted: list[int] = []
    record_use = desk.phrases.record_use

    def spy(phrase_id: int, agent: str = "") -> None:
        counted.append(phrase_id)
        record_use(phrase_id, agent=agent)

    desk.phrases.record_use = spy
    pinned = desk.phrases.by_pinned(1)
    desk.hotkeys._triggered("slot1")
    qtbot.waitUntil(lambda: desktop.keys != [], timeout=5000)
    assert counted == []
    assert QGuiApplication.clipboard().text() == desk.phrases.render(pinned.id)  # the chat window reads it
    qtbot.waitUntil(lambda: counted == [pinned.id], timeout=5000)
    assert desk.phrases.by_pinned(1).uses == pinned.uses + 1


def test_a_slot_paste_checks_the_focus_once_and_logs_after_the_paste_key(qtbot, desk) -> None:
    """The target was read as the focused window at this hotkey: no second focus check before the key, and
    the log lines of the hotkey and the request come after it."""
    desktop = desk.backends.keys
    focus_checks: list[int] = []
    has_focus = desktop.has_focus
    desktop.has_focus = lambda window: focus_checks.append(window) or has_focus(window)
    logged: list[tuple[str, int]] = []

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append((record.getMessage(), len(desktop.keys)))

    recorder = Recorder()
    root = logging.getLogger("deskassist")
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(recorder)
    try:
        desk.backends.hotkeys.press("slot1")
        qtbot.waitUntil(lambda: desktop.pasted_texts() != [], timeout=5000)
        qtbot.waitUntil(lambda: ("paste_done", 1) in logged, timeout=5000)
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)
    assert focus_checks == []
    keys_when = dict(logged)
    assert keys_when["fired"] == 1 and keys_when["paste_requested"] == 1
    assert keys_when["pressed"] == 1  # not on the hotkey thread while the paste runs


def test_the_bookkeeping_waits_for_a_quiet_moment_after_the_read_and_the_restore_does_not(
        qtbot, desk, session, monkeypatch) -> None:
    """Right after its read the chat window is putting the text into its box: our log lines, `pasted` and the
    use count (a SQLite write) wait until the quiet period is over, while the previous clipboard still goes
    back on time and the paste counts as finished (a next one may start)."""
    from deskassist.qt import paste_engine

    monkeypatch.setattr(paste_engine, "QUIET_AFTER_READ_MS", 400)
    session.settings.set("paste.read_timeout_ms", 10000)
    desktop = desk.backends.keys
    desktop.send = lambda combo: desktop.keys.append((str(combo), ""))  # the key goes out; the read comes later
    QGuiApplication.clipboard().setText("订单号 3829104756221")
    qtbot.wait(50)  # the engine copies the agent's clipboard when it changes
    counted: list[int] = []
    record_use = desk.phrases.record_use
    desk.phrases.record_use = lambda phrase_id, agent="": counted.append(phrase_id) or record_use(phrase_id,
                                                                                                  agent=agent)
    logged: list[str] = []

    class Recorder(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append(record.getMessage())

    recorder = Recorder()
    root = logging.getLogger("deskassist")
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(recorder)
    engine = desk.engine
    pasted: list[int] = []
    engine.pasted.connect(lambda phrase_id, _ms: pasted.append(phrase_id))
    try:
        pinned = desk.phrases.by_pinned(1)
        desk.hotkeys._triggered("slot1")
        qtbot.waitUntil(lambda: desktop.keys != [], timeout=5000)
        assert QGuiApplication.clipboard().text() == desk.phrases.render(pinned.id)  # the chat window reads it
        qtbot.waitUntil(lambda: not engine.busy, timeout=5000)
        qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "订单号 3829104756221", timeout=5000)
        assert counted == [] and pasted == [] and "pasted" not in logged and "read" not in logged
        qtbot.waitUntil(lambda: counted == [pinned.id], timeout=5000)
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)
    assert pasted == [pinned.id]
    assert logged.index("read") < logged.index("pasted") < logged.index("paste_done")
