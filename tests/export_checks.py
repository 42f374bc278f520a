"""Checks shared by the export tests: is this CSV or XLSX file safe to open in Excel, and private?"""

from __future__ import annotations

import csv
import os
import re
import stat
import zipfile
from pathlib import Path

from openpyxl import load_workbook

# What a hostile pack, note or category name would carry; each one Excel would run or evaluate.
PAYLOADS = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "＝1+1", "＋1+1", "－2+3", "＠SUM(A1)"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def sheet_xml(path: Path) -> str:
    """Every worksheet part of an XLSX file, as text."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def assert_no_formula_cells(path: Path) -> list[str]:
    """No <f> element in any sheet, every text cell a string; returns the text cells."""
    xml = sheet_xml(path)
    assert re.search(r"<f[\s>/]", xml) is None, "a formula element in the sheet XML"
    book = load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
    return texts


def csv_cells(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Chinese as UTF-8"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def assert_neutralised(cells: list[str]) -> None:
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for payload in PAYLOADS:
        assert "'" + payload in cells, payload


def assert_owner_only(path: Path) -> None:
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
