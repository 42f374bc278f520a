"""`handover export note.xlsx` writes a real workbook (it wrote plain text under an .xlsx name, which Excel
refuses to open), its cells neutralised like every spreadsheet export and owner-only."""

from __future__ import annotations

import stat

from openpyxl import load_workbook

from deskassist.services.handover import HandoverService, parse_item


def test_xlsx_export_is_a_workbook_without_formulas(tmp_path, empty_session) -> None:
    handover = HandoverService(empty_session)
    note = handover.write('=HYPERLINK("http://evil","看这里")', [parse_item("chase:=1+2 催 @小美 付款")],
                          agent="阿强")
    path = handover.export(note, tmp_path / "交接.xlsx")
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["note_id", "shift_date", "shift", "author", "created", "summary"]
    assert rows[1][3] == "阿强" and rows[1][9].endswith("=1+2 催 @小美 付款")
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
