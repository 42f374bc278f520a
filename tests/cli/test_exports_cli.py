"""The export commands (reports, handover, phrases) on a real data folder: formula payloads come out
neutralised, in CSV and in XLSX, and the files are owner-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import ok
from export_checks import PAYLOADS, assert_neutralised, assert_no_formula_cells, assert_owner_only, csv_cells

from deskassist.core.models import PhraseDraft
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService


@pytest.fixture
def folder(data_dir: Path, english: None) -> Path:
    """A data folder whose phrases sit in categories named after the payloads, each used once today."""
    session = open_session(data_dir, seed=False)
    phrases = PhraseService(session)
    for number, payload in enumerate(PAYLOADS):
        phrase = phrases.add(PhraseDraft(category=payload, title=f"t{number}", body=payload))
        phrases.record_use(phrase.id, agent="小王")
    session.close()
    return data_dir


def cells_of(path: Path) -> list[str]:
    return csv_cells(path) if path.suffix == ".csv" else assert_no_formula_cells(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_reports_export(folder: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"today{suffix}"
    assert ok(folder, "reports", "export", str(path)).stdout == f"Wrote {path}\n"
    assert_neutralised(cells_of(path))
    assert_owner_only(path)


def test_handover_export(folder: Path, tmp_path: Path) -> None:
    items = [arg for payload in PAYLOADS for arg in ("--item", f"other:{payload}")]
    ok(folder, "handover", "write", "--summary", PAYLOADS[0], *items, "--agent", "+阿强")
    path = tmp_path / "handover.csv"
    ok(folder, "handover", "export", str(path))
    cells = cells_of(path)
    assert_neutralised(cells)
    assert "'+阿强" in cells
    assert_owner_only(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_phrases_export_and_import_back(folder: Path, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"pack{suffix}"
    ok(folder, "phrases", "export", str(path))
    assert_neutralised(cells_of(path))
    assert_owner_only(path)
    other = tmp_path / "other"
    ok(other, "phrases", "import", str(path))
    session = open_session(other)
    try:
        bodies = {p.body for p in PhraseService(session).list() if p.category in PAYLOADS}
    finally:
        session.close()
    assert bodies == set(PAYLOADS)
