"""The one writer behind every export (phrase packs, reports, handover notes): files that are safe to open.

A text cell that a spreadsheet would run as a formula is neutralised (core.cells), and XLSX text is always
written as a string cell, never a formula. CSV is UTF-8 with a BOM so that Excel reads Chinese. Every file
is written beside its target and renamed into place (an interrupted export leaves no half file) and is
readable by its owner only, like the database: exports hold buyers' nicknames and notes.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from deskassist.core.cells import neutralise, xml_safe
from deskassist.core.errors import UserError
from deskassist.i18n import _

Cell: TypeAlias = str | int | float | None
Row: TypeAlias = Sequence[Cell]


@dataclass(frozen=True)
class Sheet:
    """One table: a worksheet of an XLSX file (a CSV file holds the first sheet only)."""

    title: str
    rows: Sequence[Row]
    widths: Sequence[float] = ()


def safe_row(row: Row) -> list[Cell]:
    """The cells as a spreadsheet should get them: text neutralised, numbers and blanks as they are."""
    return [neutralise(value) if isinstance(value, str) else value for value in row]


def csv_text(rows: Iterable[Row]) -> str:
    """CSV text of the rows, neutralised (for showing or copying; files go through write_csv)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if v is None else v for v in safe_row(row)])
    return out.getvalue()


def write_csv(path: str | os.PathLike[str], rows: Iterable[Row]) -> Path:
    rows = list(rows)
    return _write_atomically(Path(path), lambda temp: temp.write_text(csv_text(rows), encoding="utf-8-sig",
                                                                      newline=""))


def write_xlsx(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    return _write_atomically(Path(path), lambda temp: _save_workbook(temp, sheets))


def write_table(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    """XLSX when the name ends in .xlsx, else CSV of the first sheet."""
    if Path(path).suffix.lower() == ".xlsx":
        return write_xlsx(path, sheets)
    return write_csv(path, sheets[0].rows if sheets else [])


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Plain UTF-8 text (Markdown, a team-chat note, a JSON pack): atomic and owner-only like the tables."""
    return _write_atomically(Path(path), lambda temp: temp.write_text(text, encoding="utf-8", newline=""))


def _save_workbook(temp: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook  # lazy: only exports need it (~10 MB)
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for index, sheet in enumerate(sheets):
        worksheet = book.worksheets[0] if index == 0 else book.create_sheet()
        worksheet.title = sheet.title
        for row_number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(safe_row(row), start=1):
                if value is None:
                    continue
                cell = worksheet.cell(row=row_number, column=column)
                if isinstance(value, str):
                    cell.value = xml_safe(value)
                    cell.data_type = "s"  # openpyxl would make "=..." a formula; text stays text
                else:
                    cell.value = value
        for column, width in enumerate(sheet.widths, start=1):
            worksheet.column_dimensions[get_column_letter(column)].width = width
    book.save(temp)


def _write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Write a private temporary file beside path, then rename it over path; UserError when that fails."""
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a file").format(path=path))
    temp: Path | None = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(handle)
        temp = Path(temp_name)
        if os.name == "posix":
            temp.chmod(0o600)  # mkstemp's mode already; said here because it is the point
        write(temp)
        os.replace(temp, path)
    except OSError as exc:
        raise UserError(_("{path} cannot be written: {reason}").format(
            path=path, reason=exc.strerror or type(exc).__name__)) from None
    finally:
        if temp is not None and temp.exists() and temp != path:
            temp.unlink(missing_ok=True)
    return path
