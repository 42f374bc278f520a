"""Import and export of phrase packs: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX and JSON.

The column layout is the one Qianniu users already keep: 分组/category, 标题/title (optional),
快捷编码/code, 快捷短语 or 内容/body, plus DeskAssist's own 固定/pinned, 适用客户组/groups and 问法/questions
(example buyer questions, one per line or separated by |; a list in JSON).
An import is all or nothing: every row is checked first, and a single problem writes nothing.
Cells a spreadsheet would run (core.cells) get a leading apostrophe on export (services.export_writer), which
import takes off again, so a round trip gives back the same text.
A pack may come from someone else: the report names its phrases that read the clipboard, and an import takes
no pinned slot (a pinned phrase pastes on a hotkey the agent never chose) unless asked to keep the pack's pins,
and then only free slots; every pin not applied is named.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskassist import log
from deskassist.core.cells import unneutralise
from deskassist.core.errors import UserError
from deskassist.core.lint import PLATFORM_WORDING, clipboard_reason, lint
from deskassist.core.models import PhraseDraft
from deskassist.core.templating import reads_clipboard
from deskassist.i18n import _
from deskassist.services.export_writer import Sheet, write_csv, write_text, write_xlsx
from deskassist.services.phrases import (
    MAX_BODY_CHARS,
    PhraseService,
    check_fields,
    derive_title,
    normalise_body,
    normalise_code,
    normalise_title,
)
from deskassist.services.questions import MAX_QUESTION_CHARS, split_questions

FORMATS = (".csv", ".xlsx", ".json")
MAX_CELL_CHARS = MAX_BODY_CHARS
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts of an XLSX file together, as they unpack
EXCEL_MAX_ROWS = 1_048_576
PACK_FORMAT = "deskassist-phrases"
COLUMNS = ("category", "title", "code", "body", "pinned", "groups", "questions")
EXPORT_HEADERS = {"category": "分组", "title": "标题", "code": "快捷编码", "body": "快捷短语",
                  "pinned": "固定", "groups": "适用客户组", "questions": "问法"}
HEADER_ALIASES = {
    "category": ("分组", "分类", "category"),
    "title": ("标题", "title"),
    "code": ("快捷编码", "编码", "code", "shortcut"),
    "body": ("快捷短语", "内容", "短语", "body", "text", "content"),
    "pinned": ("固定", "固定位置", "pinned"),
    "groups": ("适用客户组", "客户组", "groups"),
    "questions": ("问法", "买家问法", "相似问法", "questions", "example questions"),
}
_ALIAS_TO_COLUMN = {alias.lower(): column for column, aliases in HEADER_ALIASES.items() for alias in aliases}
# An XLSX part with a DTD: Excel never writes one; entity tricks (XXE, billion laughs) need one.
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UTF16_DECLARATION = re.compile(rb"<\x00!\x00|\x00<\x00!")
_XML_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
# Encodings in which the scan above sees "<!DOCTYPE" as written (EBCDIC, for one, would hide it).
_SCANNABLE_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be", "iso-8859-1",
                        "latin-1", "latin1"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_log = log.get("db")


@dataclass(frozen=True)
class ImportIssue:
    """A row that stops the import: where it is (as the user sees it) and what is wrong, translated."""

    row: int
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True)
class PackPhrase:
    """A phrase of the pack the report names: where it is in the file, its title, the pinned slot it asked
    for and, when that slot is taken, by whom."""

    where: str
    title: str
    slot: int | None = None
    taken_by: str = ""


@dataclass
class ImportReport:
    added: int = 0
    skipped_duplicates: int = 0
    categories_created: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    keep_pins: bool = False
    reads_clipboard: list[PackPhrase] = field(default_factory=list)
    # wording the platforms and the advertising law punish (lint's 'absolute' and 'offplatform'): the phrase
    # and lint's message (reason and rewording); imported all the same, the agent decides
    wording: list[tuple[PackPhrase, str]] = field(default_factory=list)
    pins_dropped: list[PackPhrase] = field(default_factory=list)
    # new questions (问法) of rows already in the library, by that phrase's id: they are added, not skipped
    questions_for_existing: dict[int, list[str]] = field(default_factory=dict)

    @property
    def questions_added(self) -> int:
        return sum(len(texts) for texts in self.questions_for_existing.values())

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    where: str
    values: dict[str, Any]
    table: bool = True  # a spreadsheet row: one with only a category creates that (empty) category
    problem: str | None = None  # found while reading (a JSON value that is not text ...), translated


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


def _check_xlsx_parts(path: Path) -> None:
    """Refuse, before any XML parser sees it, an XLSX that unpacks to far more than it weighs or whose
    parts declare a DTD (in any encoding the scan can read; other encodings are refused)."""
    import zipfile

    damaged = UserError(_("{path} is not an Excel .xlsx file or is damaged").format(path=path))
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
            raise UserError(_("{path} is too large to import (more than {limit} MB unpacked)").format(
                path=path, limit=MAX_UNPACKED_BYTES // (1024 * 1024)))
        for part in parts:
            with archive.open(part) as stream:
                head = stream.read(256)
                declared = _XML_ENCODING.match(head)
                if declared and declared.group(1).decode("ascii", "replace").lower() not in _SCANNABLE_ENCODINGS:
                    raise damaged
                tail = b""
                chunk = head
                while chunk:
                    window = tail + chunk
                    if _DTD.search(window) or _UTF16_DECLARATION.search(window):
                        _log.info("xlsx_refused", extra={"fields": {"reason": "dtd"}})
                        raise damaged
                    tail = window[-32:]
                    chunk = stream.read(1024 * 1024)


def _read_xlsx(path: Path) -> list[_Row]:
    """The first sheet's rows; openpyxl's warnings about odd parts are not the user's business (stderr)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_xlsx_rows(path)


def _read_xlsx_rows(path: Path) -> list[_Row]:
    from openpyxl import load_workbook

    _read_bytes(path)  # existence and size checks with clear messages
    try:
        _check_xlsx_parts(path)
        book = load_workbook(path, read_only=True, data_only=True)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib, expat and openpyxl raise many kinds on a broken file
        _log.info("xlsx_unreadable", extra={"fields": {"error": type(exc).__name__}})
        raise UserError(_("{path} is not an Excel .xlsx file or is damaged").format(path=path)) from None
    number = 0
    records: list[tuple[int, list[Any]]] = []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise UserError(_("{path} is empty").format(path=path))
        sheet.reset_dimensions()  # read-only mode trusts <dimension>, which a hand-made file may under-state
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > EXCEL_MAX_ROWS:
                raise UserError(_("{path} has more than {limit} rows; it is not a sheet Excel wrote").format(
                    path=path, limit=EXCEL_MAX_ROWS))
            if number == 1 or any(cell is not None and cell != "" for cell in cells):
                records.append((number, list(cells)))
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a cell or row the parser cannot take (bad XML, a number past int's limit ...)
        _log.info("xlsx_unreadable", extra={"fields": {"error": type(exc).__name__, "row": number + 1}})
        raise UserError(_("{path} is damaged at row {row}; nothing was imported").format(
            path=path, row=number + 1)) from None
    finally:
        book.close()
    return _table_rows(records, path)


def _read_json(path: Path) -> tuple[list[_Row], list[str]]:
    """Rows and the category order of a JSON pack: a list of phrase objects, or {"categories", "phrases"}."""
    text = decode_text(_read_bytes(path), path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(_("{path} is not valid JSON (line {line}, column {column})").format(
            path=path, line=exc.lineno, column=exc.colno)) from None
    except RecursionError:
        raise UserError(_("{path} is nested too deeply to be a phrase pack").format(path=path)) from None
    except ValueError:  # an integer past Python's digit limit (4300)
        raise UserError(_("{path} has a number that is too long to read").format(path=path)) from None
    categories: list[str] = []
    if isinstance(data, dict):
        raw_categories = data.get("categories", [])
        if not isinstance(raw_categories, list) or not all(
                isinstance(c, str) and not _SURROGATE.search(c) for c in raw_categories):
            raise UserError(_("{path}: \"categories\" must be a list of names").format(path=path))
        categories = [normalise_title(c) for c in raw_categories if normalise_title(c)]
        data = data.get("phrases")
    if not isinstance(data, list):
        raise UserError(_("{path} is not a phrase pack: expected a list of phrases").format(path=path))
    rows = []
    for number, item in enumerate(data, start=1):
        where = _("Entry {row}").format(row=number)
        if not isinstance(item, dict):
            rows.append(_Row(number, where, {}, table=False, problem=_("not a phrase object")))
            continue
        row = _Row(number, where, {}, table=False)
        for key, value in item.items():
            column = _ALIAS_TO_COLUMN.get(key.strip().lower())
            if not column or column in row.values:
                continue
            row.problem = _json_value_problem(column, value)
            if row.problem:
                break
            if column == "groups" and isinstance(value, list):
                value = ",".join(_cell_text(v) for v in value)
            if column == "questions" and isinstance(value, list):
                value = "\n".join(_cell_text(v) for v in value)
            row.values[column] = value if column == "pinned" else _cell_text(value)
        rows.append(row)
    return rows, categories


def _json_value_problem(column: str, value: Any) -> str | None:
    """Why a JSON value cannot go into a column (objects, nested lists, broken characters), or None."""
    scalars = (str, int, float, type(None))
    items = value if column in ("groups", "questions") and isinstance(value, list) else [value]
    if not all(isinstance(v, scalars) and not isinstance(v, bool) for v in items):
        return _("the {column} value is not text").format(column=EXPORT_HEADERS[column])
    if any(isinstance(v, str) and _SURROGATE.search(v) for v in items):
        return _("the {column} value has a broken character").format(column=EXPORT_HEADERS[column])
    return None


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
def import_phrases(service: PhraseService, path: str | os.PathLike[str], dry_run: bool = False,
                   keep_pins: bool = False) -> ImportReport:
    """Check every row, then write all of them in one transaction, or nothing when any row has a problem.

    The pack's pinned slots are dropped, or with keep_pins applied where the slot is free."""
    rows, category_order = read_pack(path)
    report = ImportReport(dry_run=dry_run, keep_pins=keep_pins)
    existing = service.list()
    known_categories = {c.name for c in service.categories()}
    known_questions = service.questions()
    seen: dict[tuple, tuple[int, set[str]] | None] = {
        (p.category, p.title, p.body, p.code): (p.id, set(known_questions.get(p.id, ()))) for p in existing}
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
        log.event(_log, "import_checked", rows=len(rows), errors=len(report.errors), dry_run=dry_run,
                  reads_clipboard=len(report.reads_clipboard), pins_dropped=len(report.pins_dropped))
        return report
    service.add_many(report.categories_created, drafts,  # search keys first, then one short transaction
                     report.questions_for_existing)
    report.written = True
    log.event(_log, "imported", added=report.added, skipped=report.skipped_duplicates,
              categories=len(report.categories_created), reads_clipboard=len(report.reads_clipboard),
              pins_dropped=len(report.pins_dropped))
    return report


def pack_notes(report: ImportReport) -> list[str]:
    """What the agent must know before trusting the pack, one translated line each (CLI and import dialog):
    phrases that read the clipboard, wording the platforms punish, then pinned slots not applied."""
    notes = [_("{where} ({title}): {reason}").format(where=p.where, title=p.title, reason=clipboard_reason())
             for p in report.reads_clipboard]
    notes += [_("{where} ({title}): {reason}").format(where=p.where, title=p.title, reason=message)
              for p, message in report.wording]
    for p in report.pins_dropped:
        if p.taken_by:
            why = _("pinned slot {slot} was not applied; it is taken by {other}").format(slot=p.slot, other=p.taken_by)
        else:
            why = _("pinned slot {slot} was not applied; an imported phrase takes no pinned slot").format(slot=p.slot)
        notes.append(_("{where} ({title}): {reason}").format(where=p.where, title=p.title, reason=why))
    return notes


def _check_row(row: _Row, report: ImportReport, seen: dict[tuple, tuple[int, set[str]] | None], codes: dict[str, str], slots: dict[int, str],
               drafts: list[PhraseDraft], new_categories: list[str], known_categories: set[str]) -> str | None:
    """Validate one row and queue it; returns the problem as a translated message, or None."""
    if row.problem:
        return row.problem
    values = row.values
    for column in COLUMNS:
        value = values.get(column)
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            return _("the {column} cell is longer than {limit} characters").format(
                column=EXPORT_HEADERS[column], limit=MAX_CELL_CHARS)
    texts = {c: (values.get(c) if c == "pinned" else values.get(c, "")) for c in COLUMNS}
    if all(not _cell_text(v).strip() for v in texts.values()):
        return None  # a blank row
    category = normalise_title(_cell_text(texts["category"]))
    body = normalise_body(_cell_text(texts["body"]))
    title = normalise_title(_cell_text(texts["title"])) or derive_title(body)
    code = normalise_code(texts["code"])
    if row.table and category and not body and not normalise_title(_cell_text(texts["title"])) and code is None:
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
    questions = tuple(" ".join(q.split()) for q in split_questions(_cell_text(texts["questions"])))
    if any(len(q) > MAX_QUESTION_CHARS for q in questions):
        return _("a question (问法) is longer than {limit} characters").format(limit=MAX_QUESTION_CHARS)
    if key in seen:
        report.skipped_duplicates += 1
        in_library = seen[key]
        if in_library is not None:
            phrase_id, known = in_library
            for text in questions:
                if text and text not in known:
                    known.add(text)
                    report.questions_for_existing.setdefault(phrase_id, []).append(text)
        return None
    if code is not None and code in codes:
        return _("the code {code} is already used by {other}").format(code=code, other=codes[code])
    if pinned is not None and (not report.keep_pins or pinned in slots):
        report.pins_dropped.append(PackPhrase(row.where, title, pinned,
                                              slots.get(pinned, "") if report.keep_pins else ""))
        pinned = None
    seen[key] = None
    if code is not None:
        codes[code] = row.where
    if pinned is not None:
        slots[pinned] = row.where
    if category not in known_categories and category not in new_categories:
        new_categories.append(category)
    groups = tuple(g.strip() for g in _cell_text(texts["groups"]).split(",") if g.strip())
    drafts.append(PhraseDraft(category=category, body=body, title=title, code=code, pinned=pinned, groups=groups,
                              questions=questions))
    if reads_clipboard(body):
        report.reads_clipboard.append(PackPhrase(row.where, title))
    report.wording += [(PackPhrase(row.where, title), issue.message) for issue in lint(body)
                       if issue.kind in PLATFORM_WORDING]
    return None


# exporting
def _library_rows(service: PhraseService) -> Iterator[dict[str, Any]]:
    """Every phrase in category order; a category without phrases as a row of its own."""
    phrases = service.list()
    questions = service.questions()
    by_category: dict[int, list] = {}
    for phrase in phrases:
        by_category.setdefault(phrase.category_id, []).append(phrase)
    for category in service.categories():
        members = by_category.get(category.id, [])
        if not members:
            yield {"category": category.name, "title": "", "code": "", "body": "", "pinned": None, "groups": "",
                   "questions": ""}
        for p in members:
            yield {"category": p.category, "title": p.title, "code": p.code or "", "body": p.body,
                   "pinned": p.pinned, "groups": ",".join(p.groups), "questions": "\n".join(questions.get(p.id, []))}


def export_phrases(service: PhraseService, path: str | os.PathLike[str]) -> int:
    """Write the whole library to path (format from the extension); returns how many phrases."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in FORMATS:
        raise UserError(_("{path}: unknown file type; use .csv, .xlsx or .json").format(path=path))
    rows = list(_library_rows(service))
    if kind == ".json":
        write_text(path, _json_text(rows, service))
    elif kind == ".xlsx":
        write_xlsx(path, [Sheet("快捷短语", _spreadsheet_rows(rows), widths=(14, 20, 12, 60, 6, 14, 30))])
    else:
        write_csv(path, _spreadsheet_rows(rows))
    count = sum(1 for r in rows if r["body"])
    log.event(_log, "exported", phrases=count, format=kind)
    return count


def _spreadsheet_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[EXPORT_HEADERS[c] for c in COLUMNS], *([row[c] for c in COLUMNS] for row in rows)]


def _json_text(rows: list[dict[str, Any]], service: PhraseService) -> str:
    phrases = []
    for row in rows:
        if not row["body"]:
            continue
        item = {"category": row["category"], "title": row["title"], "body": row["body"], "code": row["code"] or None}
        if row["pinned"]:
            item["pinned"] = row["pinned"]
        if row["groups"]:
            item["groups"] = row["groups"].split(",")
        if row["questions"]:
            item["questions"] = row["questions"].split("\n")
        phrases.append(item)
    data = {"format": PACK_FORMAT, "version": 1, "categories": [c.name for c in service.categories()],
            "phrases": phrases}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
