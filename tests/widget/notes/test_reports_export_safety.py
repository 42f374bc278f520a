"""The reports window's export button writes through the one export writer: category names that look like
formulas reach Excel as text, and the file is owner-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_checks import PAYLOADS, assert_neutralised, assert_no_formula_cells, assert_owner_only, csv_cells

from deskassist.core.models import PhraseDraft
from deskassist.services.phrases import PhraseService
from deskassist.services.reports import ReportService
from deskassist.ui.notes.reports import ReportsWindow


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_button_neutralises_formula_categories(qtbot, empty_session, tmp_path: Path, suffix: str) -> None:
    phrases = PhraseService(empty_session)
    for number, payload in enumerate(PAYLOADS):
        phrases.record_use(phrases.add(PhraseDraft(category=payload, body=f"正文 {number}")).id, agent="小王")
    window = ReportsWindow(ReportService(empty_session), empty_session.clock)
    qtbot.addWidget(window)
    path = tmp_path / f"day{suffix}"
    window.export_to(str(path))
    assert window.message.text() == f"Exported to {path}"
    assert_neutralised(csv_cells(path) if suffix == ".csv" else assert_no_formula_cells(path))
    assert_owner_only(path)
