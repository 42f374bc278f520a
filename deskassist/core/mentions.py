"""`@nick` and `#tag` in what agents type: the one reading of where a nickname starts and ends.

The memo box, handover items, the picker and customer lookups all read mentions here, so a full-width comma
(or any other mark below) ends a nickname everywhere or nowhere. Agents type Chinese text, so a nickname ends
at whitespace (the full-width space U+3000 too), at ASCII or full-width punctuation ，。！？；：、,.;:!?, at a
bracket or quote, or at the next `@`/`#`. An `@` written right after a letter, digit or one of . _ % + - and
followed by a domain (`qq.com`) is part of an e-mail address, not a mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MENTION_MARKS = "@＠"
TAG_MARKS = "#＃"
PUNCTUATION = "，。！？；：、,.;:!?"
BRACKETS = "()[]{}<>（）［］｛｝〈〉《》【】「」『』〔〕"
QUOTES = "\"'“”‘’"
NICK_ENDS = frozenset(PUNCTUATION + BRACKETS + QUOTES + MENTION_MARKS + TAG_MARKS)

_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Mention:
    """One `@nick` in a text: the nickname and where the mention runs (start at the mark, end past the nick)."""

    nick: str
    start: int
    end: int


def ends_nick(char: str) -> bool:
    """True for a character that cannot be part of a nickname written after `@`."""
    return char.isspace() or char in NICK_ENDS


def _word_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and not ends_nick(text[end]):
        end += 1
    return end


def in_email(text: str, at: int) -> bool:
    """Whether the mark at index `at` is the `@` of an e-mail address (name@domain.tld)."""
    return (at > 0 and text[at - 1] in _EMAIL_LOCAL
            and _EMAIL_DOMAIN.match(text, at + 1) is not None)


def find_mentions(text: str) -> list[Mention]:
    """Every `@nick` (or full-width `＠nick`) in text, in order; a mark with no nickname after it is skipped."""
    found: list[Mention] = []
    index = 0
    while index < len(text):
        if text[index] in MENTION_MARKS and not in_email(text, index):
            end = _word_end(text, index + 1)
            if end > index + 1:
                found.append(Mention(text[index + 1:end], index, end))
                index = end
                continue
        index += 1
    return found


def mentioned_nicks(text: str) -> tuple[str, ...]:
    """The nicknames mentioned in text, each once, in the order first written."""
    return tuple(dict.fromkeys(m.nick for m in find_mentions(text)))


def find_tags(text: str) -> tuple[str, ...]:
    """The `#tag` words of a text (a tag starts the text or follows whitespace; it ends where a nickname
    would), each once, in order."""
    tags: list[str] = []
    for index, char in enumerate(text):
        if char in TAG_MARKS and (index == 0 or text[index - 1].isspace()):
            end = _word_end(text, index + 1)
            if end > index + 1:
                tags.append(text[index + 1:end])
    return tuple(dict.fromkeys(tags))


def split_leading_mention(text: str) -> tuple[str, bool, str] | None:
    """A query that starts with `@`: (nick, complete, rest). The nick is complete once something ends it;
    rest is what follows that one ending character. None when text does not start with a mark.

    "@li fh" -> ("li", True, "fh"); "@li" -> ("li", False, ""); "@小美，发货" -> ("小美", True, "发货").
    """
    if not text or text[0] not in MENTION_MARKS:
        return None
    end = _word_end(text, 1)
    return text[1:end], end < len(text), text[end + 1:]


def bare_nick(value: str) -> str:
    """The nickname in a value typed where one nickname is expected (a --buyer option, a buyer field).

    Written as a mention ("@小美，" or "＠小美") it is read as one; otherwise the trimmed value is the
    nickname as it is, whatever characters it holds.
    """
    text = value.strip()
    leading = split_leading_mention(text)
    return text if leading is None else leading[0]
