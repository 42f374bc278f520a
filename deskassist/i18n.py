"""Translation of user-visible text.

Source strings are English. Catalogs are JSON files under resources/i18n/<lang>/ (one per area, merged at
load), mapping each English string to its translation. `_()` marks and translates a string; format
placeholders use str.format names, e.g. _("Imported {count} phrases").format(count=3).
"""

from __future__ import annotations

import json
import locale
import os
import sys
from importlib import resources

SUPPORTED = ("zh_CN", "en")
_catalog: dict[str, str] = {}
_language = "en"


def detect_language() -> str:
    """The system's language: zh_CN for any Chinese locale, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    if sys.platform == "win32":
        try:
            import ctypes

            lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
            return "zh_CN" if (lang_id & 0x3FF) == 0x04 else "en"
        except (AttributeError, OSError):
            pass
    loc = locale.getlocale()[0] or ""
    return "zh_CN" if loc.lower().startswith(("zh", "chinese")) else "en"


def load_catalog(language: str) -> dict[str, str]:
    """All catalog files of one language merged into one mapping."""
    merged: dict[str, str] = {}
    folder = resources.files("deskassist.resources").joinpath("i18n", language)
    if not folder.is_dir():
        return merged
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            merged.update(json.loads(entry.read_text(encoding="utf-8")))
    return merged


def set_language(language: str | None) -> str:
    """Switch the language ('auto', None, 'zh_CN' or 'en'); returns the one in force."""
    global _catalog, _language
    if not language or language == "auto":
        language = detect_language()
    if language not in SUPPORTED:
        language = "en"
    _language = language
    _catalog = {} if language == "en" else load_catalog(language)
    return language


def current_language() -> str:
    return _language


def _(text: str) -> str:
    """Translate one English source string into the current language."""
    return _catalog.get(text, text) if _catalog else text


def N_(text: str) -> str:
    """Mark a string for translation without translating it now (translate it with _() when shown)."""
    return text
