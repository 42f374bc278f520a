"""The app language for Qt as well: our catalogs through deskassist.i18n, Qt's own strings (standard
buttons, context menus of text fields) through a QTranslator loaded from PySide6's translations folder.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from deskassist import i18n
from deskassist.i18n import N_

# Qt 6 asks for these with mnemonics; the qtbase_zh_CN.qm PySide6 ships has only the old forms, so the
# non-native file dialog showed "Look in:" and "Files of type:" in English beside Chinese text.
_QT_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
}


class _QtGapsTranslator(QTranslator):
    """Fills the few Qt strings the shipped catalog misses from our own catalog; installed last, asked first."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        message = _QT_GAPS.get((context, source))
        return i18n._(message) if message else None  # None reaches Qt as a null string: "not mine"

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False

_installed: list[QTranslator] = []


def apply_language(setting: str | None) -> str:
    """Set the language from ui.language ('auto', 'zh_CN', 'en') for our text and Qt's; returns it."""
    language = i18n.set_language(setting)
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if language == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if language != "en" and app is not None:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
        gaps = _QtGapsTranslator(app)
        app.installTranslator(gaps)
        _installed.append(gaps)
    return language


def qt_translation_loaded() -> bool:
    """True when Qt's own strings are being translated (a Qt translator is installed)."""
    return bool(_installed)
