"""Every export opens safely in Excel: report, handover and phrase exports written on real files, checked in
the CSV text and in the XLSX sheet XML (no formula cell, the text kept), and created owner-only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from export_checks import PAYLOADS, assert_neutralised, assert_no_formula_cells, assert_owner_only, csv_cells
from openpyxl import load_workbook

from deskassist.core.models import PhraseDraft
from deskassist.services.handover import HandoverService, ItemDraft
from deskassist.services.phrase_io import export_phrases
from deskassist.services.phrases import PhraseService
from deskassist.services.reports import ReportService
from deskassist.services.session import Session


@pytest.fixture
def used_payloads(empty_session: Session) -> Session:
    """A phrase in a category named after each payload, used once today: the report lists the names."""
    phrases = PhraseService(empty_session)
    for number, payload in enumerate(PAYLOADS):
        phrase = phrases.add(PhraseDraft(category=payload, body=f"正文 {number}"))
        phrases.record_use(phrase.id, agent="小王")
    return empty_session


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_report_export_neutralises_formulas(used_payloads: Session, tmp_path: Path, suffix: str) -> None:
    service = ReportService(used_payloads)
    path = service.export(service.day(), tmp_path / f"report{suffix}")
    cells = csv_cells(path) if suffix == ".csv" else assert_no_formula_cells(path)
    assert_neutralised(cells)
    assert_owner_only(path)


def test_report_xlsx_keeps_counts_as_numbers(used_payloads: Session, tmp_path: Path) -> None:
    service = ReportService(used_payloads)
    path = service.export(service.day(), tmp_path / "report.xlsx")
    rows = [list(r) for r in load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    assert ["Phrases used", "'=cmd|' /C calc'!A0", 1] in rows
    assert ["Phrases used", "Total", len(PAYLOADS)] in rows


@pytest.fixture
def hostile_note(empty_session: Session) -> tuple[HandoverService, int]:
    empty_session.clock.moment = datetime(2026, 11, 22, 16, 40)
    handover = HandoverService(empty_session)
    note = handover.write(PAYLOADS[0], [ItemDraft("other", p) for p in PAYLOADS], agent="@阿强")
    return handover, note.id


def test_handover_csv_export_neutralises_formulas(hostile_note: tuple[HandoverService, int], tmp_path: Path) -> None:
    handover, note_id = hostile_note
    path = handover.export(handover.get(note_id), tmp_path / "note.csv")
    cells = csv_cells(path)
    assert_neutralised(cells)
    assert "'@阿强" in cells
    assert_owner_only(path)


@pytest.mark.parametrize("name", ["note.md", "note.txt"])
def test_handover_text_exports_are_owner_only(hostile_note: tuple[HandoverService, int], tmp_path: Path,
                                              name: str) -> None:
    handover, note_id = hostile_note
    path = handover.export(handover.get(note_id), tmp_path / name)
    assert "=cmd|' /C calc'!A0" in path.read_text(encoding="utf-8")
    assert_owner_only(path)


@pytest.mark.posix
def test_an_existing_export_file_is_replaced_owner_only(used_payloads: Session, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old")
    target.chmod(0o644)
    service = ReportService(used_payloads)
    service.export(service.day(), target)
    assert_owner_only(target)
    assert_neutralised(csv_cells(target))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_phrase_export_neutralises_every_payload_and_is_owner_only(empty_session: Session, tmp_path: Path,
                                                                   suffix: str) -> None:
    phrases = PhraseService(empty_session)
    for number, payload in enumerate(PAYLOADS):
        phrases.add(PhraseDraft(category="问候", title=f"t{number}", body=payload))
    path = tmp_path / f"pack{suffix}"
    export_phrases(phrases, path)
    assert_owner_only(path)
    if suffix == ".json":
        return
    cells = csv_cells(path) if suffix == ".csv" else assert_no_formula_cells(path)
    assert_neutralised(cells)
