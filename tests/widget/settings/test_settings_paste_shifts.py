"""Settings as an agent meets them: the known chat clients listed, the millisecond timers folded under
Advanced, shifts edited as a table of name, start and end."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from deskassist.ui.settings.dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot, empty_session) -> SettingsDialog:
    shown = SettingsDialog(empty_session.settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.tabs.setCurrentIndex(2)
    return shown


def _ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_the_paste_tab_lists_the_chat_clients_and_folds_the_timers(qtbot, dialog) -> None:
    text = dialog.presets_label.text()
    for client in ("千牛", "AliWorkbench.exe".lower(), "拼多多", "京麦", "抖店/飞鸽", "WeChat"):
        assert client in text
    timers = [key for key in dialog.fields if key.startswith("paste.") and key.endswith("_ms")]
    assert len(timers) >= 5
    assert not any(dialog.field(key).widget.isVisible() for key in timers)
    assert not dialog.field("paste.key_overrides").widget.isVisible()
    assert dialog.field("paste.auto_send").widget.isVisible()
    dialog.paste_advanced.toggle.click()
    assert all(dialog.field(key).widget.isVisible() for key in timers)


def test_shifts_are_a_table_saved_in_the_stored_syntax(qtbot, dialog, empty_session) -> None:
    shifts = dialog.field("shifts.definitions").widget
    assert [[shifts.table.item(r, c).text() for c in range(3)] for r in range(shifts.table.rowCount())] == [
        ["白班", "09:00", "17:00"], ["晚班", "17:00", "24:00"]]
    shifts.add_button.click()
    for column, text in enumerate(("早班", "07：00", "09:00")):  # a full-width colon as a Chinese IME types it
        shifts.table.item(2, column).setText(text)
    shifts.table.setCurrentCell(0, 0)
    shifts.remove_button.click()
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert empty_session.settings.get("shifts.definitions") == "晚班=17:00-24:00; 早班=07:00-09:00"


def test_a_bad_shift_row_is_named_and_nothing_is_saved(qtbot, dialog, empty_session) -> None:
    field = dialog.field("shifts.definitions")
    field.widget.table.item(1, 2).setText("25:00")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "Row 2" in field.error.text()
    assert empty_session.settings.get("shifts.definitions") == "白班=09:00-17:00; 晚班=17:00-24:00"


def test_a_bad_timer_opens_the_folded_section(qtbot, dialog) -> None:
    field = dialog.field("paste.read_timeout_ms")
    field.widget.lineEdit().setText("20")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and field.error.isVisible()
