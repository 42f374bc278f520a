"""The app language: a Chinese system gets Chinese (our text and Qt's own buttons); ui.language overrides."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from deskassist.i18n import _
from deskassist.qt.translators import apply_language, qt_translation_loaded


@pytest.fixture
def chinese_system(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    yield
    apply_language("en")


def cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text


def test_chinese_system_shows_chinese(qtbot, chinese_system) -> None:
    assert apply_language("auto") == "zh_CN"
    assert _("Quit") == "退出"
    assert qt_translation_loaded()
    assert cancel_text() == "取消"


def test_setting_overrides_the_system_language(qtbot, chinese_system) -> None:
    assert apply_language("en") == "en"
    assert _("Quit") == "Quit"
    assert not qt_translation_loaded()
    assert cancel_text() == "Cancel"


def test_chinese_on_an_english_system(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    try:
        assert apply_language("zh_CN") == "zh_CN"
        assert _("Side panel") == "侧边栏"
        assert cancel_text() == "取消"
    finally:
        apply_language("en")


def file_dialog_labels() -> list[str]:
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    dialog.deleteLater()
    return texts


def test_file_dialog_labels_are_chinese(qtbot, chinese_system) -> None:
    """Qt's shipped qtbase_zh_CN.qm lacks the mnemonic forms Qt 6 asks for (&Look in:, Files of &type:)."""
    apply_language("zh_CN")
    labels = file_dialog_labels()
    latin = [text for text in labels if re.search(r"[A-Za-z]", re.sub(r"\(&\w\)", "", text))]
    assert labels and not latin, latin
    apply_language("en")
    assert "&Look in:" in file_dialog_labels()
