"""The settings dialog shows every option, refuses bad values inline and saves only what changed."""

from __future__ import annotations

import pytest
from file_dialog_driver import answer_next_file_dialog
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit

from deskassist.i18n import _, set_language
from deskassist.settings import OPTIONS
from deskassist.ui.settings.dialog import IntSettingSpin, MappingEdit, SettingsDialog, ShiftsEdit
from deskassist.ui.settings.hotkey_edit import HotkeyCaptureEdit

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def settings(empty_session):
    return empty_session.settings


@pytest.fixture
def dialog(qtbot, settings) -> SettingsDialog:
    shown = SettingsDialog(settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def _click_ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _type_into(qtbot, widget, text: str) -> None:
    """Select what is there and type ASCII over it, as a user would."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_every_option_has_a_widget_of_its_type(dialog: SettingsDialog) -> None:
    expected = {"bool": QCheckBox, "int": IntSettingSpin, "choice": QComboBox, "hotkey": HotkeyCaptureEdit,
                "keys": HotkeyCaptureEdit, "mapping": MappingEdit, "str": QLineEdit, "shifts": ShiftsEdit}
    assert set(dialog.fields) == {o.key for o in OPTIONS}
    for opt in OPTIONS:
        assert isinstance(dialog.field(opt.key).widget, expected[opt.type]), opt.key
    tab_titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tab_titles[:3] == ["Agent and shop", "Hotkeys", "Paste"]


def test_labels_and_choices_are_chinese_on_a_chinese_system(qtbot, settings) -> None:
    set_language("zh_CN")
    shown = SettingsDialog(settings)
    qtbot.addWidget(shown)
    labels = {label.text() for label in shown.findChildren(QLabel)}
    assert "打开短语选择框" in labels
    assert shown.tabs.tabText(1) == _("Hotkeys") == "快捷键"
    language = shown.field("ui.language").widget
    assert [language.itemText(i) for i in range(language.count())] == [
        _("Same as the system"), "简体中文", "English"]


def test_an_out_of_range_number_is_shown_inline_and_not_saved(qtbot, dialog, settings) -> None:
    field = dialog.field("paste.read_timeout_ms")
    dialog.tabs.setCurrentIndex(2)
    dialog.paste_advanced.toggle.click()  # the timers sit under Advanced
    _type_into(qtbot, field.widget, "20")
    assert field.error.isVisible()
    assert "between 500 and 30000" in field.error.text()
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "correct the marked settings" in dialog.status.text()
    assert field.widget.cleanText() == "20"  # the typed value stays for the user to fix
    assert settings.get("paste.read_timeout_ms") == 3000


def test_a_hotkey_used_by_another_action_is_refused_naming_it(qtbot, dialog, settings) -> None:
    dialog.tabs.setCurrentIndex(1)
    panel = dialog.field("hotkeys.panel")
    panel.widget.setFocus()
    QTest.keyClick(panel.widget, Qt.Key.Key_Space, CTRL_ALT)
    assert panel.widget.text() == "Ctrl+Alt+P"
    assert panel.error.isVisible()
    assert panel.error.text() == "Ctrl+Alt+Space is already used for: Opens the phrase picker"


def test_a_hotkey_clashing_with_the_pinned_slots_is_refused(qtbot, dialog) -> None:
    dialog.tabs.setCurrentIndex(1)
    memo = dialog.field("hotkeys.memo")
    memo.widget.setFocus()
    QTest.keyClick(memo.widget, Qt.Key.Key_3, CTRL_ALT)
    assert memo.widget.hotkey() == "Ctrl+Alt+M"
    assert "Pinned phrases" in memo.error.text()


def test_ctrl_space_is_refused_for_the_input_method(qtbot, dialog) -> None:
    dialog.tabs.setCurrentIndex(1)
    picker = dialog.field("hotkeys.picker")
    picker.widget.setFocus()
    QTest.keyClick(picker.widget, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert picker.widget.hotkey() == "Ctrl+Alt+Space"
    assert "Ctrl+Space switches the Chinese input method" in picker.error.text()


def test_ok_saves_only_the_changed_values(qtbot, dialog, settings) -> None:
    changed: list[str] = []
    settings.on_change(lambda key, _value: changed.append(key))
    dialog.field("agent.name").widget.setText("小美")
    dialog.field("paste.auto_send").widget.setChecked(True)
    dialog.tabs.setCurrentIndex(2)
    _type_into(qtbot, dialog.field("paste.read_timeout_ms").widget, "4500")
    dialog.tabs.setCurrentIndex(1)
    picker = dialog.field("hotkeys.picker").widget
    picker.setFocus()
    QTest.keyClick(picker, Qt.Key.Key_K, CTRL_ALT)
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert sorted(changed) == ["agent.name", "hotkeys.picker", "paste.auto_send", "paste.read_timeout_ms"]
    assert settings.get("agent.name") == "小美"
    assert settings.get("paste.auto_send") is True
    assert settings.get("paste.read_timeout_ms") == 4500
    assert settings.get("hotkeys.picker") == "Ctrl+Alt+K"


def test_cancel_keeps_the_stored_values(qtbot, dialog, settings) -> None:
    dialog.field("shop.name").widget.setText("小熊旗舰店")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert settings.get("shop.name") == ""


def test_bad_shifts_and_mapping_rows_are_explained(qtbot, dialog, settings) -> None:
    shifts = dialog.field("shifts.definitions")
    shifts.widget.table.item(0, 1).setText("9点")
    assert "Row 1: times as HH:MM" in shifts.error.text()
    mapping = dialog.field("paste.key_overrides")
    mapping.widget.add_button.click()
    row = mapping.widget.table.rowCount() - 1
    mapping.widget.table.item(row, 1).setText("Shift+Insert")
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert f"Row {row + 1}: name the application" in mapping.error.text()
    assert settings.get("shifts.definitions") == "白班=09:00-17:00; 晚班=17:00-24:00"


def test_mapping_rows_are_saved_normalised(qtbot, dialog, settings) -> None:
    mapping = dialog.field("paste.key_overrides")
    mapping.widget.add_button.click()
    row = mapping.widget.table.rowCount() - 1
    mapping.widget.table.item(row, 0).setText("alacritty")
    mapping.widget.table.item(row, 1).setText("ctrl+shift+v")
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert settings.get("paste.key_overrides")["alacritty"] == "Ctrl+Shift+V"


def test_back_up_now_writes_a_backup_file(qtbot, empty_session) -> None:
    from deskassist import paths

    shown = SettingsDialog(empty_session.settings, session=empty_session)
    qtbot.addWidget(shown)
    qtbot.mouseClick(shown.backup_button, Qt.MouseButton.LeftButton)
    backups = list(paths.backup_dir(empty_session.data_dir).glob("*.db"))
    assert len(backups) == 1
    assert shown.status.text() == f"Backed up to {backups[0]}"


def test_check_box_options_carry_their_description(dialog) -> None:
    box = dialog.field("paste.auto_send").widget
    assert box.text() == "Press Enter after pasting, so the reply is sent"


def test_slot_modifiers_take_modifier_keys_only(qtbot, dialog, settings) -> None:
    dialog.tabs.setCurrentIndex(1)
    slots = dialog.field("hotkeys.slot_modifiers")
    slots.widget.setFocus()
    QTest.keyClick(slots.widget, Qt.Key.Key_K, CTRL_ALT)
    assert slots.widget.hotkey() == "Ctrl+Alt"
    assert "modifier keys only" in slots.error.text()
    QTest.keyPress(slots.widget, Qt.Key.Key_Control)
    QTest.keyPress(slots.widget, Qt.Key.Key_Shift, Qt.KeyboardModifier.ControlModifier)
    QTest.keyRelease(slots.widget, Qt.Key.Key_Shift,
                     Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyRelease(slots.widget, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
    assert slots.widget.hotkey() == "Ctrl+Shift"
    assert not slots.error.isVisible()
    _click_ok(qtbot, dialog)
    assert settings.get("hotkeys.slot_modifiers") == "Ctrl+Shift"


def test_restore_puts_back_the_backed_up_settings(qtbot, empty_session, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from deskassist import paths

    settings = empty_session.settings
    settings.set("agent.name", "小美")
    shown = SettingsDialog(settings, session=empty_session)
    qtbot.addWidget(shown)
    shown.backup_button.click()
    backup_file = next(paths.backup_dir(empty_session.data_dir).glob("*.db"))
    settings.set("agent.name", "阿强")
    answer_next_file_dialog(qtbot, lambda dialog: (dialog.selectFile(str(backup_file)), dialog.accept()))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shown.restored):
        shown.restore_button.click()
    assert settings.get("agent.name") == "小美"
    assert shown.field("agent.name").widget.text() == "小美"
    assert shown.status.text().startswith(f"Restored from {backup_file}")


def test_restore_refused_by_the_user_changes_nothing(qtbot, empty_session, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from deskassist import paths

    settings = empty_session.settings
    shown = SettingsDialog(settings, session=empty_session)
    qtbot.addWidget(shown)
    shown.backup_button.click()
    settings.set("agent.name", "阿强")
    backup_file = next(paths.backup_dir(empty_session.data_dir).glob("*.db"))
    answer_next_file_dialog(qtbot, lambda dialog: (dialog.selectFile(str(backup_file)), dialog.accept()))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    shown.restore_button.click()
    assert settings.get("agent.name") == "阿强"


def test_opening_again_shows_the_stored_values(qtbot, dialog, settings) -> None:
    dialog.field("shop.name").widget.setText("没保存的店名")
    dialog.reject()
    settings.set("agent.name", "命令行改的")
    dialog.show()
    assert dialog.field("shop.name").widget.text() == ""
    assert dialog.field("agent.name").widget.text() == "命令行改的"
