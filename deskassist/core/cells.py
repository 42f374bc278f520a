"""Spreadsheet cells that cannot run: the one rule for every CSV and XLSX that DeskAssist writes or reads back.

Excel (and LibreOffice) treat a cell starting with = + - @ as a formula, and OWASP adds tab and carriage
return. Full-width ＝＋－＠ count too: East Asian Excel may take them for the ASCII signs when a cell is typed
or edited, and an apostrophe there costs nothing. Spaces before a sign do not make it safe.
Such a cell gets a leading apostrophe; apostrophes already there count, so unneutralise() gives back exactly
what neutralise() was given, and a round trip through a spreadsheet file changes no text.
"""

from __future__ import annotations

import re

FORMULA_SIGNS = "=+-@＝＋－＠"
_RISKY = rf"(?:[\t\r]|\s*[{re.escape(FORMULA_SIGNS)}])"
_FORMULA_START = re.compile(rf"'*{_RISKY}")
_NEUTRALISED = re.compile(rf"'+{_RISKY}")
# Characters XML 1.0 cannot hold (openpyxl refuses them): C0 controls other than tab, newline and return.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet run or evaluate this cell (after any apostrophes a user typed)?"""
    return _FORMULA_START.match(text) is not None


def neutralise(text: str) -> str:
    """The cell a spreadsheet shows as this text and never runs: a leading apostrophe when needed."""
    return "'" + text if is_formula_like(text) else text


def unneutralise(text: str) -> str:
    """The text neutralise() was given (a cell read back from a file DeskAssist or a spreadsheet wrote)."""
    return text[1:] if _NEUTRALISED.match(text) else text


def xml_safe(text: str) -> str:
    """Text without the control characters an XLSX cell cannot hold (they are invisible anyway)."""
    return _NOT_IN_XML.sub("", text)
