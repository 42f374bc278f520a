"""Pinyin search keys for Chinese text, computed when a phrase or customer is written.

pypinyin costs ~0.2 s and ~57 MB to import: it is imported lazily here, on the write path only, never at
start-up or on the search path; the app drops it again (`unload`) once writes have been quiet for a while.

The keys are plain concatenations (no separators), so search can use substring matching: "fahuo", "fa huo"
(the query's spaces are dropped), "fah" (a partial last syllable) and "fh" (initials) all find 发货, and a
query may run across word boundaries ("xinfa" finds 重新发货). Non-Chinese runs are kept in both keys as
lower-case letters and digits (so "iPhone 15" adds "iphone15"); punctuation, spaces and other scripts are
dropped. Heteronyms follow pypinyin's phrase dictionary: 重新 -> chongxin, 银行 -> yinhang.
"""

from __future__ import annotations

import sys
import threading
import unicodedata

_RAW = "\x00"  # marks runs pypinyin left untouched (not Chinese)
_IMPORT_LOCK = threading.Lock()
"""No thread uses or imports pypinyin while another drops it (a half-dropped package would be imported in
pieces)."""


def _ascii_alnum(run: str) -> str:
    return "".join(ch for ch in run.lower() if ch.isascii() and ch.isalnum())


def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of text, lower-case, no spaces, ASCII kept as is.

    "重新发货" -> ("chongxinfahuo", "cxfh"); heteronyms follow pypinyin's phrase dictionary (银行 -> yinhang).
    ü is written v (绿 -> lv), as pinyin input methods type it.
    """
    if not text:
        return "", ""
    with _IMPORT_LOCK:  # held while pypinyin works too: it imports parts of itself as it goes
        return _keys(unicodedata.normalize("NFKC", text))


def _keys(normal: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin  # lazy: see the module docstring

    full: list[str] = []
    initials: list[str] = []
    for item in lazy_pinyin(normal, style=Style.NORMAL, errors=lambda run: _RAW + run):
        if item.startswith(_RAW):
            kept = _ascii_alnum(item)
            full.append(kept)
            initials.append(kept)
        else:
            syllable = _ascii_alnum(item)
            if syllable:
                full.append(syllable)
                initials.append(syllable[0])
    return "".join(full), "".join(initials)


def loaded() -> bool:
    return "pypinyin" in sys.modules


def unload() -> bool:
    """Drop pypinyin's modules, so that its dictionaries (most of its 57 MB) can be freed once nothing uses
    them; the next write imports it again (0.2 s). True when it was loaded."""
    with _IMPORT_LOCK:
        names = [name for name in sys.modules if name == "pypinyin" or name.startswith("pypinyin.")]
        for name in names:
            del sys.modules[name]
    return bool(names)
