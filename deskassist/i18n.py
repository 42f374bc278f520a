"""Translation of user-visible text, through the standard gettext module.

Source strings are English. The catalogs are deskassist/locale/<lang>/LC_MESSAGES/deskassist.po, compiled to
the .mo files read here (the tooling is deskassist.i18n_tools; Babel is never imported at run time).
Mark text with _(), counts with ngettext() (never "{count} things" through _()), a word that needs two
translations with pgettext(); N_() marks a string that is translated later with _(). Placeholders use
str.format names: ngettext("{count} phrase", "{count} phrases", n).format(count=n).
"""

from __future__ import annotations

import gettext
import locale
import os
import sys
from pathlib import Path

DOMAIN = "deskassist"
CLICK_DOMAIN = "click"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SUPPORTED = ("zh_CN", "en")

_language = "en"
_ours: gettext.NullTranslations = gettext.NullTranslations()
_click: gettext.NullTranslations = gettext.NullTranslations()


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


def translation(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The compiled catalog of one language (English: the source strings themselves)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[language], fallback=True)


def set_language(language: str | None) -> str:
    """Switch the language ('auto', None, 'zh_CN' or 'en'); returns the one in force."""
    global _language, _ours, _click
    if not language or language == "auto":
        language = detect_language()
    if language not in SUPPORTED:
        language = "en"
    _language = language
    _ours = translation(language)
    _click = translation(language, CLICK_DOMAIN)
    return language


def _(message: str) -> str:
    """Translate one English source string into the current language."""
    return _ours.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that fits the count n (Chinese has one form, English two)."""
    return _ours.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a short message whose meaning depends on where it stands ("Remove" a row, a question)."""
    return _ours.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it now (translate it with _() when shown)."""
    return message


def click_gettext(message: str) -> str:
    """Click's own messages (usage errors, help headings) in the current language."""
    return _click.gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return _click.ngettext(singular, plural, n)
