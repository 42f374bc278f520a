"""Damaged phrase packs (CSV, JSON, XLSX bytes) for the import fuzz test and benchmarks/fuzz_import.py.

Standard library and openpyxl only, so the benchmark can import it by path. Each input starts from a valid
pack and is damaged the ways real and hostile files are: text edited (so most inputs still decode and reach
the row checks), bytes flipped, cut or repeated, and tokens spliced in that have broken parsers before
(entities, long digit runs, deep nesting, superscript digits, lone surrogates, BOMs ...).
"""

from __future__ import annotations

import io
import json
import random
import zipfile

FORMATS = ("csv", "json", "xlsx")
HEADER = ["分组", "标题", "快捷编码", "快捷短语", "固定", "适用客户组"]
ROWS = [["问候", "欢迎", "hy", "{客户}您好，欢迎光临{店铺}！", 1, "vip,buyer"],
        ["发货", "", "fh", "亲，付款后48小时内发货～", "", ""],
        ["售后", "=公式", "-1", "'@已中和", 3, ""],
        ["空分组", "", "", "", "", ""]]

TEXT_TOKENS = [",", ";", "\t", '"', '""', "\n", "\r\n", "\r", "\x00", "\ufeff", "\x0b", "\u202e", "³", "٣", "３",
               "9" * 5000, "1e999", "-0", "NaN", "Infinity", "[" * 3000, "{" * 3000, '{"category": {"x": [1]}}',
               "\\ud800", '"\\udfff"', "null", "true", "[]", "{}", '"pinned": "³"', '"groups": [[[1]]]',
               "=cmd|' /C calc'!A0", "{?", "}}", "{剪贴板}", "固定", "快捷短语", "x" * 70_000, " " * 300, "😀"]
BYTE_TOKENS = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe4\xb8", b"\xa3", b"\x81\x30"]
XML_TOKENS = [b"<", b">", b"&", b"&amp;", b"&lol;", b'<!DOCTYPE x [<!ENTITY e "ee">]>', b"<!ENTITY",
              b'<row r="1048577">', b'<row r="0">', b'<row r="-1">', b'<c r="ZZZZ1">',
              b'<c r="A1" t="s"><v>99999</v></c>', b'<c r="B2" t="n"><v>' + b"9" * 5000 + b"</v></c>",
              b"<v>1e999</v>", b"<v>NaN</v>", b'<c r="C2" t="b"><v>2</v></c>', b'<c r="C2" t="d"><v>not a date</v></c>',
              b'<c r="E2" s="999"><v>1</v></c>', b'<dimension ref="A1:A1"/>', b'<dimension ref="XFD1048576"/>',
              b"</sheetData>", b"<sheetData>", b"<is><t>", b"</t></is>", b'<?xml version="1.0" encoding="cp500"?>',
              b'<c r="D2" t="inlineStr"><is><t>\xef\xbf\xbe</t></is></c>', b"&#0;", b"&#xD800;", b"&#1114112;",
              "³".encode(), b'<c r="E3" t="inlineStr"><is><t>\xc2\xb3</t></is></c>']


def _rows(rng: random.Random) -> list[list[object]]:
    """The sample rows with codes made unique per input, so that most inputs do not collide with earlier ones."""
    tag = rng.randrange(10**9)
    return [HEADER, *([c, t, f"{code}{tag}" if code else "", b, rng.choice(["", "", pin]), g]
                      for c, t, code, b, pin, g in ROWS)]


def base_pack(kind: str, rng: random.Random) -> bytes:
    """A valid pack of the given format ("csv", "json" or "xlsx")."""
    rows = _rows(rng)
    if kind == "csv":
        return "".join(",".join(f'"{cell}"' for cell in row) + "\r\n" for row in rows).encode("utf-8-sig")
    if kind == "json":
        phrases = [dict(zip(("category", "title", "code", "body", "pinned", "groups"), row, strict=True))
                   for row in rows[1:] if row[3]]
        return json.dumps({"format": "deskassist-phrases", "version": 1, "categories": ["问候", "空分组"],
                           "phrases": phrases}, ensure_ascii=False).encode()
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mutate(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """data with 1-4 random edits: splice a token, flip a byte, cut, repeat or truncate a stretch."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(buffer) + 1)
        action = rng.randrange(6)
        if action <= 1:
            buffer[at:at] = rng.choice(tokens)
        elif action == 2 and buffer:
            buffer[min(at, len(buffer) - 1)] = rng.randrange(256)
        elif action == 3:
            del buffer[at:at + rng.randint(1, 64)]
        elif action == 4:
            buffer[at:at] = buffer[at:at + rng.randint(1, 200)] * rng.randint(2, 20)
        else:
            del buffer[rng.randint(at, len(buffer)):]
    return bytes(buffer)


def mutate_text(text: str, rng: random.Random) -> str:
    """text with 1-4 edits at character level: splice a token, cut or repeat a stretch."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        action = rng.randrange(4)
        if action <= 1:
            text = text[:at] + rng.choice(TEXT_TOKENS) + text[at:]
        elif action == 2:
            text = text[:at] + text[at + rng.randint(1, 32):]
        else:
            text = text[:at] + text[at:at + rng.randint(1, 100)] * rng.randint(2, 10) + text[at:]
    return text


def _mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    """One part of the archive mutated and zipped again (most inputs), or the archive's own bytes."""
    if rng.random() < 0.15:
        return mutate(data, rng, [b"PK\x03\x04", b"PK\x05\x06", b"\x00" * 30])
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target = "xl/worksheets/sheet1.xml" if rng.random() < 0.7 else rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = source.read(name)
            archive.writestr(name, mutate(content, rng, XML_TOKENS) if name == target else content)
    return out.getvalue()


def fuzz_input(kind: str, rng: random.Random) -> bytes:
    """One damaged pack of the given format."""
    pack = base_pack(kind, rng)
    if kind == "xlsx":
        return _mutate_xlsx(pack, rng)
    roll = rng.random()
    if roll < 0.05:
        return rng.randbytes(rng.randrange(1, 2000))
    if roll < 0.2:
        return mutate(pack, rng, BYTE_TOKENS + [t.encode() for t in TEXT_TOKENS])
    text = mutate_text(pack.decode("utf-8-sig"), rng)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"])
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")
