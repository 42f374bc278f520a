"""Import: a dry run previews what would change, rows with problems block the import; export by extension."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from file_dialog_driver import answer_next_file_dialog
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService
from deskassist.ui.library import import_export
from deskassist.ui.library.import_export import ImportDialog, export_with_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
HEADER = ["分组", "标题", "快捷编码", "快捷短语"]


@pytest.fixture
def service(session) -> PhraseService:
    return PhraseService(session)


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def _open(qtbot, service, path: Path) -> ImportDialog:
    dialog = ImportDialog(service, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_dry_run_preview_then_import_and_summary(qtbot, tmp_path, service) -> None:
    existing = service.by_code("fh")
    path = _write_csv(tmp_path / "pack.csv", [
        ["新品推荐", "新品上架", "xpsj", "亲，本周新品已上架，{客户}可以先收藏加购哦～"],
        [existing.category, existing.title, existing.code, existing.body],
        ["新品推荐", "预售说明", "yssm", "预售款付款后15天内发货，到时第一时间通知您～"],
    ])
    count_before = len(service.list())
    dialog = _open(qtbot, service, path)
    assert dialog.add_label.text() == "Phrases to add: 2"
    assert dialog.duplicates_label.text() == "Duplicates skipped (already in the library): 1"
    assert "新品推荐" in dialog.categories_label.text()
    assert not dialog.errors_list.isVisible()
    assert dialog.import_button.isEnabled()
    assert len(service.list()) == count_before  # the preview wrote nothing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported
    assert len(service.list()) == count_before + 2
    assert service.by_code("xpsj").category == "新品推荐"
    assert dialog.summary_label.text() == "Imported 2 phrases; 1 duplicate skipped; 1 new category."
    assert not dialog.import_button.isEnabled()
    assert dialog.close_button.text() == "Close"


def test_rows_with_problems_are_listed_by_number_and_block_the_import(qtbot, tmp_path, service) -> None:
    path = _write_csv(tmp_path / "bad.csv", [
        ["新品推荐", "新品上架", "xp", "亲，本周新品已上架～"],
        ["新品推荐", "空行", "kb", ""],
        ["新品推荐", "抢编码", "fh", "这条的编码和已有短语重复"],
    ])
    count_before = len(service.list())
    dialog = _open(qtbot, service, path)
    errors = [dialog.errors_list.item(i).text() for i in range(dialog.errors_list.count())]
    assert len(errors) == 2
    assert errors[0].startswith("Row 3")
    assert errors[1].startswith("Row 4")
    assert dialog.errors_label.isVisible()
    assert "2 rows have problems" in dialog.errors_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.run_import()  # even when forced, nothing is written
    assert len(service.list()) == count_before


def test_gbk_file_from_chinese_excel_previews(qtbot, tmp_path, service) -> None:
    path = _write_csv(tmp_path / "gbk.csv", [["售后", "补发说明", "bf", "漏发的商品今天为您补发，请留意物流～"]],
                      encoding="gbk")
    dialog = _open(qtbot, service, path)
    assert dialog.add_label.text() == "Phrases to add: 1"
    assert dialog.import_button.isEnabled()


def test_unreadable_file_says_why(qtbot, tmp_path, service) -> None:
    path = tmp_path / "missing.csv"
    dialog = _open(qtbot, service, path)
    assert dialog.errors_label.isVisible()
    assert "missing.csv" in dialog.errors_label.text()
    assert not dialog.import_button.isEnabled()
    assert not dialog.add_label.isVisible()


def test_check_button_reruns_the_dry_run_after_fixing_the_file(qtbot, tmp_path, service) -> None:
    path = _write_csv(tmp_path / "pack.csv", [["新品推荐", "空", "kb", ""]])
    dialog = _open(qtbot, service, path)
    assert not dialog.import_button.isEnabled()
    _write_csv(path, [["新品推荐", "有内容", "kb", "现在有内容了～"]])
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()
    assert dialog.errors_list.count() == 0


def test_export_dialog_adds_the_chosen_format_extension(qtbot, tmp_path, service) -> None:
    target = tmp_path / "团队短语"

    def choose(dialog: QFileDialog) -> None:
        dialog.selectNameFilter("Excel (*.xlsx)")
        dialog.selectFile(str(target))
        dialog.accept()

    answer_next_file_dialog(qtbot, choose)
    message = export_with_dialog(None, service)
    written = tmp_path / "团队短语.xlsx"
    count = len(service.list())
    assert message == f"Exported {count} phrases to {written}"
    rows = list(load_workbook(written).active.iter_rows(values_only=True))
    assert len(rows) == count + 1
    assert import_export.export_suffix("JSON (*.json)") == ".json"


def test_exported_csv_imports_into_an_empty_library(qtbot, tmp_path, service, clock) -> None:
    path = tmp_path / "all.csv"
    assert import_export.export_to(service, path) == len(service.list())
    other = open_session(tmp_path / "other", clock=clock, seed=False)
    fresh = PhraseService(other)
    dialog = _open(qtbot, fresh, path)
    assert dialog.add_label.text() == f"Phrases to add: {len(service.list())}"
    dialog.run_import()
    assert sorted(p.body for p in fresh.list()) == sorted(p.body for p in service.list())
    other.close()


def test_the_preview_names_clipboard_phrases_and_pins_not_applied(qtbot, tmp_path, service) -> None:
    """A stranger's pack: {Clipboard} pinned to slot 9 would paste the clipboard on Ctrl+Alt+9."""
    path = tmp_path / "pack.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*HEADER, "固定"], ["感谢", "感谢支持", "", "好的亲，感谢您的支持！{Clipboard}", "9"]])
    dialog = _open(qtbot, service, path)
    notes = [dialog.notes_list.item(i).text() for i in range(dialog.notes_list.count())]
    assert notes == [
        "Row 2 (感谢支持): Reads the clipboard ({剪贴板}): whatever is on the clipboard when pasting (an address, "
        "a phone number) is sent to the buyer",
        "Row 2 (感谢支持): pinned slot 9 was not applied; an imported phrase takes no pinned slot"]
    assert dialog.notes_list.isVisible() and dialog.notes_label.isVisible()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported and service.by_pinned(9) is None
    assert dialog.notes_list.count() == 2  # still listed after the import


def test_no_notes_section_for_a_harmless_pack(qtbot, tmp_path, service) -> None:
    path = _write_csv(tmp_path / "pack.csv", [["新品推荐", "新品上架", "xpsj", "亲，本周新品已上架～"]])
    dialog = _open(qtbot, service, path)
    assert not dialog.notes_list.isVisible() and not dialog.notes_label.isVisible()


def test_keep_pins_box_applies_the_packs_free_slots(qtbot, tmp_path, service) -> None:
    taken = service.by_pinned(1)
    path = tmp_path / "pack.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*HEADER, "固定"], ["新品", "九号", "", "亲，新品上架啦～", "9"],
                                      ["新品", "一号", "", "亲，欢迎回来～", "1"]])
    dialog = _open(qtbot, service, path)
    assert dialog.notes_list.count() == 2 and not dialog.keep_pins_box.isChecked()
    dialog.keep_pins_box.setChecked(True)  # checks the file again
    notes = [dialog.notes_list.item(i).text() for i in range(dialog.notes_list.count())]
    assert notes == [f"Row 3 (一号): pinned slot 1 was not applied; it is taken by phrase {taken.id} ({taken.title})"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert service.by_pinned(9).title == "九号" and service.by_pinned(1).id == taken.id


def test_enter_in_the_path_field_checks_and_never_imports(qtbot, tmp_path, service) -> None:
    """Issue 12: Enter in the path field checked *and imported* in one go."""
    path = _write_csv(tmp_path / "pack.csv", [["新品推荐", "新品上架", "xpsj", "亲，本周新品已上架～"]])
    count_before = len(service.list())
    dialog = ImportDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.path_edit.setFocus()
    dialog.path_edit.setText(str(path))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.add_label.text() == "Phrases to add: 1"  # the report
    assert dialog.isVisible() and not dialog.imported and len(service.list()) == count_before
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # again: still only the check
    assert not dialog.imported and len(service.list()) == count_before
    assert dialog.import_button.text() == "Import 1 phrase"  # the explicit confirmation says what it does
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported and len(service.list()) == count_before + 1


def test_the_check_names_wording_the_platforms_punish(qtbot, tmp_path, service) -> None:
    """Issue 12 walk-through: 「全网最低价」 in a colleague's pack passed the import check silently."""
    path = tmp_path / "pack.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, ["价格", "低价", "", "本店全网最低价，放心拍"]])
    dialog = _open(qtbot, service, path)
    notes = [dialog.notes_list.item(i).text() for i in range(dialog.notes_list.count())]
    assert len(notes) == 1 and notes[0].startswith("Row 2 (低价): Absolute claim \"全网最低价\"")
    assert dialog.notes_list.isVisible() and dialog.import_button.isEnabled()
