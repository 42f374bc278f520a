"""Pinyin search keys for Chinese text, computed when a phrase or customer is written.

pypinyin costs ~0.2 s and ~57 MB to import: it is imported lazily here, on the write path only, never at
start-up or on the search path.
"""

from __future__ import annotations


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of text, lower-case, no spaces, ASCII kept as is.

    "重新发货" -> ("chongxinfahuo", "cxfh"); heteronyms follow pypinyin's phrase dictionary (银行 -> yinhang).
    """
    raise NotImplementedError
