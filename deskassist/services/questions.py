"""Example buyer questions as text: normalised, split from a cell, checked.

Apart from suggest.py because the phrase service checks questions too, and suggest builds on phrases.
"""

from __future__ import annotations

from deskassist.core.errors import UserError
from deskassist.i18n import _

MAX_QUESTION_CHARS = 200


def normalise_question(text: str) -> str:
    """One line, single spaces, no surrounding blanks (what is stored, compared and exported)."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def split_questions(cell: str) -> list[str]:
    """A spreadsheet cell of questions: one per line, or separated by |; blanks and repeats dropped."""
    parts = (normalise_question(p) for line in cell.splitlines() for p in line.split("|"))
    return list(dict.fromkeys(p for p in parts if p))


def check_question(text: str) -> str:
    """The normalised question, or UserError when it is empty or too long."""
    text = normalise_question(text)
    if not text:
        raise UserError(_("The question is empty"))
    if len(text) > MAX_QUESTION_CHARS:
        raise UserError(_("The question is longer than {limit} characters").format(limit=MAX_QUESTION_CHARS))
    return text
