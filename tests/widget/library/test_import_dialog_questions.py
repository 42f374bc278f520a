"""The import dialog: a pack whose only news are example questions (问法) for phrases already in the library
can still be imported (the button is not greyed out as "nothing new")."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from deskassist.services.phrases import PhraseService
from deskassist.services.suggest import SuggestService
from deskassist.ui.library.import_export import ImportDialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_questions_for_existing_phrases_are_previewed_and_imported(qtbot, tmp_path: Path, session) -> None:
    service = PhraseService(session)
    existing = service.by_code("fh")
    path = tmp_path / "pack.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([["分组", "标题", "快捷编码", "快捷短语", "问法"],
                                      [existing.category, existing.title, existing.code, existing.body,
                                       "礼拜天发货吗|周末发不发"]])
    dialog = ImportDialog(service, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "New example questions (问法) for phrases already in the library: 2" in dialog.duplicates_label.text()
    assert dialog.import_button.isEnabled()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported
    texts = [q.text for q in SuggestService(session, service).questions(existing.id)]
    assert texts[-2:] == ["礼拜天发货吗", "周末发不发"]


def test_the_pack_warnings_wrap_inside_the_dialog(qtbot, tmp_path: Path, session) -> None:
    """The clipboard warnings are long sentences: they wrap instead of running off the right edge."""
    path = tmp_path / "pack.json"
    path.write_text('[{"category": "问候", "title": "感谢", "body": "好的亲，感谢您的支持！{剪贴板}", "pinned": 9}]',
                    encoding="utf-8")
    dialog = ImportDialog(PhraseService(session), path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    notes = dialog.notes_list
    assert notes.count() == 2
    assert not notes.horizontalScrollBar().isVisible()
    viewport = notes.viewport().width()
    for row in range(notes.count()):
        assert notes.visualItemRect(notes.item(row)).width() <= viewport
