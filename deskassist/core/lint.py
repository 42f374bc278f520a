"""Phrase checks for the house style (see DOMAIN.md): used by `deskassist phrases lint` and the editor."""

from __future__ import annotations

from dataclasses import dataclass

MAX_MESSAGE_CHARS = 500  # longer bodies are hard to read as one chat message


@dataclass(frozen=True)
class LintIssue:
    """One finding: kind is 'negative', 'placeholder' or 'length'; start/end index the body (for highlighting)."""

    kind: str
    message: str  # translated, for the user
    start: int = 0
    end: int = 0


def lint(body: str) -> list[LintIssue]:
    """All findings for one phrase body, in text order."""
    raise NotImplementedError
