"""The phrase editor when another program holds the database's write lock: one message, the text kept."""

from __future__ import annotations

import sqlite3

import pytest

from deskassist.services.phrases import PhraseService
from deskassist.ui.library.editor import PhraseEditor

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_save_while_another_program_holds_the_lock_shows_in_use_and_keeps_the_text(qtbot, session) -> None:
    service = PhraseService(session)
    editor = PhraseEditor(service)
    editor.set_categories([c.name for c in service.categories()])
    qtbot.addWidget(editor)
    editor.load(None, category=service.categories()[0].name)
    editor.body_edit.setPlainText("亲，您的包裹已经发出，请注意查收")
    session.db.conn.execute("PRAGMA busy_timeout=200")  # the test need not wait the full five seconds
    other = sqlite3.connect(session.data_dir / "deskassist.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        before = service.count()
        assert editor.save() is None  # no exception out of the slot
        assert "in use by another program" in editor.error_label.text()
        assert editor.body_edit.toPlainText() == "亲，您的包裹已经发出，请注意查收"
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert service.count() == before
    assert editor.save() is not None and service.count() == before + 1
