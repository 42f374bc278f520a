"""The import report reads as one block: with nothing to list (a pack the library already has) its lines
sat far apart, spread over the whole dialog."""

from __future__ import annotations

from pathlib import Path

from deskassist.services.phrases import PhraseService
from deskassist.ui.library.import_export import ImportDialog, export_to


def test_report_lines_stay_together_when_there_is_nothing_to_list(qtbot, session, tmp_path: Path) -> None:
    phrases = PhraseService(session)
    pack = tmp_path / "pack.xlsx"
    export_to(phrases, pack)
    dialog = ImportDialog(phrases, path=pack)
    qtbot.addWidget(dialog)
    dialog.resize(560, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.notes_list.isVisible() and not dialog.errors_list.isVisible()
    lines = [w for w in (dialog.add_label, dialog.duplicates_label, dialog.categories_label, dialog.summary_label)
             if w.isVisible()]
    assert len(lines) >= 3
    spacing = dialog.layout().spacing()
    for upper, lower in zip(lines, lines[1:], strict=False):
        assert lower.geometry().top() - upper.geometry().bottom() <= spacing + 2, (upper.text(), lower.text())
    for line in lines:  # no line stretched to take the spare height (its text floats in the middle of it)
        needed = line.heightForWidth(line.width()) if line.wordWrap() else line.sizeHint().height()
        assert line.height() <= needed + 2, line.text()
