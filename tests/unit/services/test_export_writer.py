"""The export writer on real files: atomic replacement, owner-only mode, clear refusals, XLSX text cells."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from deskassist.core.errors import UserError
from deskassist.services.export_writer import Sheet, csv_text, write_csv, write_table, write_text, write_xlsx


def test_csv_has_bom_and_neutralised_text_but_plain_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["名称", "数"], ["=1+1", -2], [None, 3.5]])
    assert path.read_bytes() == "\ufeff名称,数\r\n'=1+1,-2\r\n,3.5\r\n".encode()
    assert csv_text([["@x"]]) == "'@x\r\n"


def test_xlsx_cells_keep_their_types_and_text_never_becomes_a_formula(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", [Sheet("一", [["=SUM(A1)", 7, None, "控制\x01字符"]], widths=(30,)),
                                            Sheet("二", [["x"]])])
    book = load_workbook(path)
    first = book["一"]
    assert [(c.value, c.data_type) for c in first[1]] == [("'=SUM(A1)", "s"), (7, "n"), (None, "n"),
                                                          ("控制字符", "s")]
    assert first.column_dimensions["A"].width == 30
    assert book["二"]["A1"].value == "x"


def test_write_table_picks_the_format_by_suffix(tmp_path: Path) -> None:
    sheets = [Sheet("a", [["h"], ["+1"]]), Sheet("b", [["not in csv"]])]
    assert write_table(tmp_path / "t.CSV", sheets).read_bytes() == "\ufeffh\r\n'+1\r\n".encode()
    assert load_workbook(write_table(tmp_path / "t.xlsx", sheets)).sheetnames == ["a", "b"]


@pytest.mark.parametrize("write", [lambda p: write_csv(p, [["x"]]), lambda p: write_text(p, "x"),
                                   lambda p: write_xlsx(p, [Sheet("s", [["x"]])])])
@pytest.mark.posix
def test_files_are_owner_only_whatever_the_umask(tmp_path: Path, write) -> None:
    old = os.umask(0)
    try:
        path = write(tmp_path / "out")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_refusals_are_one_line_and_leave_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(UserError, match="is a folder, not a file"):
        write_csv(tmp_path / "folder.csv", [["x"]])
    with pytest.raises(UserError, match="cannot be written: No such file or directory"):
        write_text(tmp_path / "missing" / "note.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.csv"]


def test_a_failing_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = write_text(tmp_path / "note.txt", "old")

    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_csv(target, [[Broken()]])  # type: ignore[list-item]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["note.txt"]
