"""Import and export of phrase packs: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX and JSON.

The column layout is the one Qianniu users already keep: 分组/category, 标题/title (optional),
快捷编码/code, 快捷短语 or 内容/body, plus DeskAssist's own 固定/pinned and 适用客户组/groups.
An import is all or nothing: every row is checked first, and a single problem writes nothing.
Spreadsheet cells starting with = + - @ are neutralised on export with a leading apostrophe, which
import takes off again, so a round trip gives back the same text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.models import PhraseDraft
from deskassist.i18n import _
from deskassist.services.phrases import (
    MAX_BODY_CHARS,
    PhraseService,
    check_fields,
    derive_title,
    normalise_body,
    normalise_code,
    normalise_title,
)

FORMATS = (".csv", ".xlsx", ".json")
MAX_CELL_CHARS = MAX_BODY_CHARS
MAX_FILE_BYTES = 50 * 1024 * 1024
PACK_FORMAT = "deskassist-phrases"
COLUMNS = ("category", "title", "code", "body", "pinned", "groups")
EXPORT_HEADERS = {"category": "分组", "title": "标题", "code": "快捷编码", "body": "快捷短语",
                  "pinned": "固定", "groups": "适用客户组"}
HEADER_ALIASES = {
    "category": ("分组", "分类", "category"),
    "title": ("标题", "title"),
    "code": ("快捷编码", "编码", "code", "shortcut"),
    "body": ("快捷短语", "内容", "短语", "body", "text", "content"),
    "pinned": ("固定", "固定位置", "pinned"),
    "groups": ("适用客户组", "客户组", "groups"),
}
_ALIAS_TO_COLUMN = {alias.lower(): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
_FORMULA_START = re.compile(r"^'*[=+\-@]")
_NEUTRALISED = re.compile(r"^'+[=+\-@]")
_log = log.get("db")


@dataclass(frozen=True)
class ImportIssue:
    """A row that stops the import: where it is (as the user sees it) and what is wrong, translated."""

    row: int
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ImportReport:
    added: int = 0
    skipped_duplicates: int = 0
    categories_created: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    where: str
    values: dict[str, Any]
    table: bool = True  # a spreadsheet row: one with only a category creates that (empty) category


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if _FORMULA_START.match(text) else text


def unneutralise(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return ".csv"
    if suffix in (".xlsx", ".json"):
        return suffix
    if suffix in (".xls", ".et", ".wps"):
        raise UserError(_("{path}: old Excel files (.xls) cannot be read; save it as .xlsx or .csv first").format(
            path=path))
    raise UserError(_("{path}: unknown file type; use .csv, .xlsx or .json").format(path=path))


# reading
def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(_("{path} is too large to import (more than {limit} MB)").format(
                path=path, limit=MAX_FILE_BYTES // (1024 * 1024)))
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("{path} does not exist").format(path=path)) from None
    except IsADirectoryError:
        raise UserError(_("{path} is a folder, not a file").format(path=path)) from None
    except OSError as exc:
        raise UserError(_("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror)) from None


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else GB18030 (a GBK superset)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UserError(_("{path} is not a text file in UTF-8 or GBK encoding").format(path=path))


def _header_columns(header: list[Any], path: Path) -> dict[int, str]:
    """Position -> column name; UserError when the category or body column is missing."""
    columns: dict[int, str] = {}
    for position, name in enumerate(header):
        column = _ALIAS_TO_COLUMN.get(_cell_text(name).strip().lstrip("\ufeff").lower())
        if column and column not in columns.values():
            columns[position] = column
    missing = [c for c in ("category", "body") if c not in columns.values()]
    if missing:
        names = ", ".join(f"{HEADER_ALIASES[c][0]}/{c}" for c in missing)
        raise UserError(_("{path} has no {columns} column; the first row must name the columns "
                          "(分组/category, 标题/title, 快捷编码/code, 快捷短语/body)").format(path=path, columns=names))
    return columns


def _table_rows(records: Iterable[tuple[int, list[Any]]], path: Path) -> list[_Row]:
    """Spreadsheet-like records (row number, cells), the first being the header."""
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise UserError(_("{path} is empty").format(path=path))
    columns = _header_columns(first[1], path)
    rows = []
    for number, cells in iterator:
        values = {column: unneutralise(_cell_text(cells[pos])) for pos, column in columns.items() if pos < len(cells)}
        rows.append(_Row(number, _("Row {row}").format(row=number), values))
    return rows


def _read_csv(path: Path) -> list[_Row]:
    text = decode_text(_read_bytes(path), path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _table_rows(((number, cells) for number, cells in enumerate(reader, start=1)), path)
    except csv.Error as exc:
        raise UserError(_("{path} is not a readable CSV file (line {line}: {reason})").format(
            path=path, line=reader.line_num, reason=exc)) from None


def _read_xlsx(path: Path) -> list[_Row]:
    import zipfile

    from openpyxl import load_workbook

    _read_bytes(path)  # existence and size checks with clear messages
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        _log.info("xlsx_unreadable", extra={"fields": {"error": type(exc).__name__}})
        raise UserError(_("{path} is not an Excel .xlsx file or is damaged").format(path=path)) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        _log.info("xlsx_unreadable", extra={"fields": {"error": type(exc).__name__}})
        raise UserError(_("{path} is not an Excel .xlsx file or is damaged").format(path=path)) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise UserError(_("{path} is empty").format(path=path))
        records = ((number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _table_rows(records, path)
    finally:
        book.close()


def _read_json(path: Path) -> tuple[list[_Row], list[str]]:
    """Rows and the category order of a JSON pack: a list of phrase objects, or {"categories", "phrases"}."""
    text = decode_text(_read_bytes(path), path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(_("{path} is not valid JSON (line {line}, column {column})").format(
            path=path, line=exc.lineno, column=exc.colno)) from None
    categories: list[str] = []
    if isinstance(data, dict):
        raw_categories = data.get("categories", [])
        if not isinstance(raw_categories, list) or not all(isinstance(c, str) for c in raw_categories):
            raise UserError(_("{path}: \"categories\" must be a list of names").format(path=path))
        categories = [normalise_title(c) for c in raw_categories if normalise_title(c)]
        data = data.get("phrases")
    if not isinstance(data, list):
        raise UserError(_("{path} is not a phrase pack: expected a list of phrases").format(path=path))
    rows = []
    for number, item in enumerate(data, start=1):
        where = _("Entry {row}").format(row=number)
        if not isinstance(item, dict):
            rows.append(_Row(number, where, {"_invalid": True}))
            continue
        values: dict[str, Any] = {}
        for key, value in item.items():
            column = _ALIAS_TO_COLUMN.get(str(key).strip().lower())
            if column and column not in values:
                if column == "groups" and isinstance(value, list):
                    value = ",".join(_cell_text(v) for v in value)
                values[column] = value if column == "pinned" else _cell_text(value)
        rows.append(_Row(number, where, values, table=False))
    return rows, categories


def read_pack(path: str | os.PathLike[str]) -> tuple[list[_Row], list[str]]:
    """The rows of a pack file and (JSON only) its category order."""
    path = Path(path)
    kind = _format_of(path)
    if kind == ".json":
        return _read_json(path)
    if kind == ".xlsx":
        return _read_xlsx(path), []
    return _read_csv(path), []


# importing
def import_phrases(service: PhraseService, path: str | os.PathLike[str], dry_run: bool = False) -> ImportReport:
    """Check every row, then write all of them in one transaction, or nothing when any row has a problem."""
    rows, category_order = read_pack(path)
    report = ImportReport(dry_run=dry_run)
    existing = service.list()
    known_categories = {c.name for c in service.categories()}
    seen = {(p.category, p.title, p.body, p.code) for p in existing}
    codes = {p.code: _("phrase {id} ({title})").format(id=p.id, title=p.title) for p in existing if p.code}
    slots = {p.pinned: _("phrase {id} ({title})").format(id=p.id, title=p.title) for p in existing if p.pinned}
    drafts: list[PhraseDraft] = []
    new_categories = [c for c in category_order if c not in known_categories]

    for row in rows:
        problem = _check_row(row, report, seen, codes, slots, drafts, new_categories, known_categories)
        if problem:
            report.errors.append(ImportIssue(row.number, problem, row.where))
    report.categories_created = list(dict.fromkeys(new_categories))
    report.added = len(drafts)
    if report.errors or dry_run:
        log.event(_log, "import_checked", rows=len(rows), errors=len(report.errors), dry_run=dry_run)
        return report
    service.add_many(report.categories_created, drafts)  # search keys first, then one short transaction
    report.written = True
    log.event(_log, "imported", added=report.added, skipped=report.skipped_duplicates,
              categories=len(report.categories_created))
    return report


def _check_row(row: _Row, report: ImportReport, seen: set[tuple], codes: dict[str, str], slots: dict[int, str],
               drafts: list[PhraseDraft], new_categories: list[str], known_categories: set[str]) -> str | None:
    """Validate one row and queue it; returns the problem as a translated message, or None."""
    values = row.values
    if values.get("_invalid"):
        return _("not a phrase object")
    for column in COLUMNS:
        value = values.get(column)
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            return _("the {column} cell is longer than {limit} characters").format(
                column=EXPORT_HEADERS[column], limit=MAX_CELL_CHARS)
    texts = {c: (values.get(c) if c == "pinned" else values.get(c, "")) for c in COLUMNS}
    if all(not _cell_text(v).strip() for v in texts.values()):
        return None  # a blank row
    category = normalise_title(texts["category"])
    body = normalise_body(texts["body"])
    title = normalise_title(texts["title"]) or derive_title(body)
    code = normalise_code(texts["code"])
    if row.table and category and not body and not normalise_title(texts["title"]) and code is None:
        if category not in known_categories and category not in new_categories:
            new_categories.append(category)  # a category without phrases
        return None
    if not category:
        return _("the category (分组) is empty")
    if not body:
        return _("the phrase text (快捷短语) is empty")
    try:
        pinned = check_fields(category, title, body, code, texts["pinned"])
    except UserError as exc:
        return str(exc)
    key = (category, title, body, code)
    if key in seen:
        report.skipped_duplicates += 1
        return None
    if code is not None and code in codes:
        return _("the code {code} is already used by {other}").format(code=code, other=codes[code])
    if pinned is not None and pinned in slots:
        return _("pinned slot {slot} is already taken by {other}").format(slot=pinned, other=slots[pinned])
    seen.add(key)
    if code is not None:
        codes[code] = row.where
    if pinned is not None:
        slots[pinned] = row.where
    if category not in known_categories and category not in new_categories:
        new_categories.append(category)
    groups = tuple(g.strip() for g in _cell_text(texts["groups"]).split(",") if g.strip())
    drafts.append(PhraseDraft(category=category, body=body, title=title, code=code, pinned=pinned, groups=groups))
    return None


# exporting
def _library_rows(service: PhraseService) -> Iterator[dict[str, Any]]:
    """Every phrase in category order; a category without phrases as a row of its own."""
    phrases = service.list()
    by_category: dict[int, list] = {}
    for phrase in phrases:
        by_category.setdefault(phrase.category_id, []).append(phrase)
    for category in service.categories():
        members = by_category.get(category.id, [])
        if not members:
            yield {"category": category.name, "title": "", "code": "", "body": "", "pinned": None, "groups": ""}
        for p in members:
            yield {"category": p.category, "title": p.title, "code": p.code or "", "body": p.body,
                   "pinned": p.pinned, "groups": ",".join(p.groups)}


def _write_atomically(path: Path, write: Any) -> None:
    """Write to a temporary file next to path, then rename: an interrupted export leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def export_phrases(service: PhraseService, path: str | os.PathLike[str]) -> int:
    """Write the whole library to path (format from the extension); returns how many phrases."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in FORMATS:
        raise UserError(_("{path}: unknown file type; use .csv, .xlsx or .json").format(path=path))
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a file").format(path=path))
    rows = list(_library_rows(service))
    writer = {".csv": _write_csv, ".xlsx": _write_xlsx, ".json": lambda t, r: _write_json(t, r, service)}[kind]
    try:
        _write_atomically(path, lambda temp: writer(temp, rows))
    except OSError as exc:
        raise UserError(_("{path} cannot be written: {reason}").format(path=path, reason=exc.strerror)) from None
    count = sum(1 for r in rows if r["body"])
    log.event(_log, "exported", phrases=count, format=kind)
    return count


def _spreadsheet_cells(row: dict[str, Any]) -> list[Any]:
    return [row["pinned"] if column == "pinned" else neutralise(row[column]) for column in COLUMNS]


def _write_csv(temp: Path, rows: list[dict[str, Any]]) -> None:
    with open(temp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([EXPORT_HEADERS[c] for c in COLUMNS])
        for row in rows:
            writer.writerow(["" if v is None else v for v in _spreadsheet_cells(row)])


def _write_xlsx(temp: Path, rows: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "快捷短语"
    sheet.append([EXPORT_HEADERS[c] for c in COLUMNS])
    for row in rows:
        sheet.append(_spreadsheet_cells(row))
    for column, width in zip("ABCDEF", (14, 20, 12, 60, 6, 14), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(temp)


def _write_json(temp: Path, rows: list[dict[str, Any]], service: PhraseService) -> None:
    phrases = []
    for row in rows:
        if not row["body"]:
            continue
        item = {"category": row["category"], "title": row["title"], "body": row["body"], "code": row["code"] or None}
        if row["pinned"]:
            item["pinned"] = row["pinned"]
        if row["groups"]:
            item["groups"] = row["groups"].split(",")
        phrases.append(item)
    data = {"format": PACK_FORMAT, "version": 1, "categories": [c.name for c in service.categories()],
            "phrases": phrases}
    temp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
