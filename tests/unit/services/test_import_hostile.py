"""Phrase packs built to break the importer: lying XLSX dimensions, entity tricks, numbers too long for
int(), superscript digits, deep JSON, broken characters. Each one imports correctly or is refused with one
line (a UserError, the row where it makes sense) and nothing is written."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from deskassist.core.errors import UserError
from deskassist.services.phrase_io import import_phrases
from deskassist.services.phrases import PhraseService, parse_pinned
from deskassist.services.session import Session

SHEET = "xl/worksheets/sheet1.xml"
_LAUGHS = [b'<!ENTITY lol1 "lol">'] + [b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10) for n in range(2, 10)]
BILLION_LAUGHS = b'<?xml version="1.0"?><!DOCTYPE lolz [' + b"".join(_LAUGHS) + b"]>"
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.fixture
def service(empty_session: Session) -> PhraseService:
    return PhraseService(empty_session)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same XLSX with one part's XML changed, as a hand-edited or hostile file would be."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


PACK = [["分组", "快捷短语"], *([f"组{n % 2}", f"第{n}条"] for n in range(1, 7))]


def crafted(tmp_path: Path, change: Callable[[bytes], bytes], rows: list[list[object]] = PACK) -> Path:
    path = tmp_path / "crafted.xlsx"
    path.write_bytes(rewrite_part(xlsx_bytes(rows), SHEET, change))
    return path


def refused(service: PhraseService, path: Path, message: str) -> str:
    """Import path, insist on a one-line refusal matching message and an unchanged (empty) library."""
    with pytest.raises(UserError, match=message) as caught:
        import_phrases(service, path)
    assert "\n" not in str(caught.value)
    assert service.count() == 0 and service.categories() == []
    return str(caught.value)


# XLSX
def test_an_understated_dimension_still_imports_every_row(service: PhraseService, tmp_path: Path) -> None:
    path = crafted(tmp_path, lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:A2"', xml))
    report = import_phrases(service, path)
    assert report.errors == []
    assert sorted(p.body for p in service.list()) == [f"第{n}条" for n in range(1, 7)]


def test_a_sheet_without_dimension_imports_too(service: PhraseService, tmp_path: Path) -> None:
    path = crafted(tmp_path, lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml))
    assert import_phrases(service, path).added == 6


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_declarations_are_refused_before_parsing(service: PhraseService, tmp_path: Path,
                                                        prolog: bytes) -> None:
    entity = b"&lol9;" if prolog is BILLION_LAUGHS else b"&xxe;"
    path = crafted(tmp_path, lambda xml: prolog + xml.replace("第3条".encode(), entity))
    refused(service, path, "not an Excel .xlsx file or is damaged")


def test_entity_declarations_in_utf16_are_refused(service: PhraseService, tmp_path: Path) -> None:
    path = crafted(tmp_path, lambda xml: (XXE + xml.split(b"?>", 1)[-1]).decode().replace(
        '"1.0"?>', '"1.0" encoding="UTF-16"?>', 1).encode("utf-16"))
    refused(service, path, "not an Excel .xlsx file or is damaged")


def test_a_doctype_in_any_part_is_refused(service: PhraseService, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["分组", "快捷短语"])
    book.active.append(["a", "b"])
    out = io.BytesIO()
    book.save(out)
    data = rewrite_part(out.getvalue(), "[Content_Types].xml", lambda xml: XXE + xml.split(b"?>", 1)[-1])
    (tmp_path / "x.xlsx").write_bytes(data)
    refused(service, tmp_path / "x.xlsx", "not an Excel .xlsx file or is damaged")


def test_an_unusual_xml_encoding_is_refused(service: PhraseService, tmp_path: Path) -> None:
    """A single-byte encoding such as EBCDIC would hide <!DOCTYPE from a byte scan; Excel writes UTF-8."""
    path = crafted(tmp_path, lambda xml: b'<?xml version="1.0" encoding="cp500"?>'
                   + xml.decode().encode("cp500", "xmlcharrefreplace"))
    refused(service, path, "not an Excel .xlsx file or is damaged")


def test_a_number_too_long_for_int_is_refused(service: PhraseService, tmp_path: Path) -> None:
    digits = b"9" * 5000
    path = crafted(tmp_path, lambda xml: re.sub(rb'<c r="B3" t="inlineStr"><is><t>[^<]*</t></is></c>',
                                                b'<c r="B3"><v>' + digits + b"</v></c>", xml))
    assert "row 3" in refused(service, path, "damaged")


def test_a_row_number_past_excels_last_row_is_refused(service: PhraseService, tmp_path: Path) -> None:
    path = crafted(tmp_path, lambda xml: xml.replace(b'<row r="7">', b'<row r="1048577">').replace(
        b'r="A7"', b'r="A1048577"').replace(b'r="B7"', b'r="B1048577"'))
    refused(service, path, "more than 1048576 rows")


def test_a_zip_that_unpacks_to_far_more_than_it_weighs_is_refused(service: PhraseService, tmp_path: Path) -> None:
    padding = b" " * (101 * 1024 * 1024)
    path = crafted(tmp_path, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding))
    assert path.stat().st_size < 1024 * 1024
    refused(service, path, "too large")


def test_a_broken_sheet_is_refused_with_one_line(service: PhraseService, tmp_path: Path) -> None:
    path = crafted(tmp_path, lambda xml: xml.replace(b"</sheetData>", b"<row><c"))
    refused(service, path, "damaged")


# pinned values and numbers
@pytest.mark.parametrize("value", ["³", "²", "٣", "9" * 5000, "1" * 4301, "0x3", "+3", " 3.0 ", "三"])
def test_odd_pinned_text_is_refused_with_the_row(service: PhraseService, tmp_path: Path, value: str) -> None:
    path = tmp_path / "pack.csv"
    path.write_text(f"分组,快捷短语,固定\n问候,你好,{value}\n", encoding="utf-8")
    report = import_phrases(service, path)
    assert [(e.row, e.where) for e in report.errors] == [(2, "Row 2")]
    assert "A pinned slot is a number from 1 to 9" in report.errors[0].message
    assert len(report.errors[0].message) < 100
    assert service.count() == 0


def test_parse_pinned_takes_ascii_and_full_width_digits_only() -> None:
    assert parse_pinned(" 3 ") == 3 and parse_pinned("３") == 3 and parse_pinned(9.0) == 9
    assert parse_pinned("none") is None
    for value in ("³", "٣", "9" * 5000, True, float("nan"), float("inf")):
        with pytest.raises(UserError, match="from 1 to 9"):
            parse_pinned(value)


# JSON
def _json(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_deeply_nested_json_is_refused(service: PhraseService, tmp_path: Path) -> None:
    refused(service, _json(tmp_path, "[" * 100_000 + "]" * 100_000), "nested too deeply")


def test_a_json_integer_past_the_digit_limit_is_refused(service: PhraseService, tmp_path: Path) -> None:
    path = _json(tmp_path, '[{"category": "a", "body": "b", "pinned": ' + "9" * 5000 + "}]")
    refused(service, path, "a number that is too long")


def test_json_values_that_are_not_text_are_refused_with_the_entry(service: PhraseService, tmp_path: Path) -> None:
    deep = "[" * 900 + "]" * 900
    path = _json(tmp_path, json.dumps([
        {"category": {"x": 1}, "body": "b"},
        {"category": "a", "body": ["b"]},
        {"category": "a", "body": "ok", "groups": [1, "vip"]},
    ])[:-1] + ', {"category": "a", "body": "c", "groups": [' + deep + "]}]")
    report = import_phrases(service, path)
    assert [(e.where, e.message) for e in report.errors] == [
        ("Entry 1", "the 分组 value is not text"), ("Entry 2", "the 快捷短语 value is not text"),
        ("Entry 4", "the 适用客户组 value is not text")]
    assert service.count() == 0


def test_unpaired_surrogates_in_json_are_refused(service: PhraseService, tmp_path: Path) -> None:
    path = _json(tmp_path, '[{"category": "a\\ud800", "body": "b"}, {"category": "a", "body": "\\udfff"}]')
    report = import_phrases(service, path)
    assert [(e.where, e.message) for e in report.errors] == [
        ("Entry 1", "the 分组 value has a broken character"), ("Entry 2", "the 快捷短语 value has a broken character")]
    assert service.count() == 0


def test_json_numbers_as_text_still_import(service: PhraseService, tmp_path: Path) -> None:
    path = _json(tmp_path, '[{"category": "a", "body": 12.5, "code": 7, "pinned": 3.0, "groups": ["vip"]}]')
    assert import_phrases(service, path).errors == []
    phrase = service.list()[0]
    assert (phrase.body, phrase.code, phrase.groups) == ("12.5", "7", ("vip",))
