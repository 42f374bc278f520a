"""The app language for Qt as well: our catalogs through deskassist.i18n, Qt's own strings (standard
buttons, context menus of text fields) through a QTranslator loaded from PySide6's translations folder.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from deskassist import i18n

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
    return language


def qt_translation_loaded() -> bool:
    """True when Qt's own strings are being translated (a Qt translator is installed)."""
    return bool(_installed)
