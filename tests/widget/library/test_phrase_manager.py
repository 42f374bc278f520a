"""The phrase manager: categories, phrases, search, delete with undo, unsaved edits, lint all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QToolBar

from deskassist.services.changes import Change
from deskassist.services.phrases import PhraseService
from deskassist.ui.library.manager import LintReportDialog, PhraseManagerWindow
from deskassist.ui.library.models import PhraseRole

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, session) -> PhraseManagerWindow:
    shown = PhraseManagerWindow(session)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.editor.revert()  # closing with unsaved edits asks first (a modal box); tests end without it
    shown.close()
    shown.deleteLater()


@pytest.fixture
def service(session) -> PhraseService:
    """A second service on the same database: what the manager wrote, read back independently."""
    return PhraseService(session)


def _titles(window: PhraseManagerWindow) -> list[str]:
    model = window.phrase_model
    return [model.index(row, 0).data(PhraseRole.Title) for row in range(model.rowCount())]


def _choose_category(qtbot, window: PhraseManagerWindow, name: str) -> None:
    row = window.category_names().index(name)
    rect = window.categories_list.visualItemRect(window.categories_list.item(row))
    qtbot.mouseClick(window.categories_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_category() == name


def _click_phrase(qtbot, window: PhraseManagerWindow, title: str) -> None:
    row = _titles(window).index(title)
    rect = window.phrases_view.visualRect(window.phrase_model.index(row, 0))
    qtbot.mouseClick(window.phrases_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _answer_box_with(button_text: str, seen: list[str]) -> None:
    """Click a button of the unsaved-changes box once it is up (it runs its own event loop)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, press)


def test_categories_in_order_and_phrases_of_the_chosen_one(qtbot, window, service) -> None:
    assert window.category_names() == [c.name for c in service.categories()]
    _choose_category(qtbot, window, "发货时间")
    assert _titles(window) == [p.title for p in service.list(category="发货时间")]
    assert window.editor.phrase().category == "发货时间"
    assert window.count_label.text() == f"{len(_titles(window))} phrases"


def test_rows_show_code_and_pinned_slot_and_category_while_searching(qtbot, window, service) -> None:
    phrase = service.by_code("fh")
    _choose_category(qtbot, window, phrase.category)
    row = window.phrase_model.row_of(phrase.id)
    assert window.phrase_model.index(row, 0).data() == f"{phrase.title}    [fh · slot {phrase.pinned}]"
    window.search_edit.setText("fh")
    assert window.phrase_model.index(0, 0).data().startswith(f"{phrase.category} › {phrase.title}")


def test_new_phrase_with_ctrl_n_and_save_with_ctrl_s(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "催付")
    before = len(service.list(category="催付"))
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.editor.phrase() is None
    assert window.editor.body_edit.hasFocus()
    window.editor.title_edit.setText("限时提醒")
    window.editor.body_edit.setPlainText("亲，活动今晚结束，现在付款还能享受优惠哦～")
    QTest.keyClick(window.editor.title_edit, Qt.Key.Key_S, CTRL)
    assert len(service.list(category="催付")) == before + 1
    assert "限时提醒" in _titles(window)
    assert window.selected_phrase().title == "限时提醒"
    assert not window.editor.is_dirty()


def test_edit_and_save_updates_the_list(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "发货时间")
    phrase = window.selected_phrase()
    window.editor.title_edit.setText("发货说明")
    assert window.windowTitle().endswith("*")
    window.save_action.trigger()
    assert service.get(phrase.id).title == "发货说明"
    assert _titles(window)[window.phrases_view.currentIndex().row()] == "发货说明"


def test_delete_key_deletes_and_undo_button_restores(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "发货时间")
    phrase = window.selected_phrase()
    window.phrases_view.setFocus()
    qtbot.waitUntil(window.phrases_view.hasFocus)
    QTest.keyClick(window.phrases_view, Qt.Key.Key_Delete)
    assert phrase.title not in _titles(window)
    assert phrase.id not in [p.id for p in service.list()]
    assert window.toast.isVisible()
    assert window.toast.label.text() == f"Deleted “{phrase.title}”"
    qtbot.mouseClick(window.toast.button, Qt.MouseButton.LeftButton)
    restored = service.get(phrase.id)
    assert (restored.title, restored.body, restored.code) == (phrase.title, phrase.body, phrase.code)
    assert phrase.title in _titles(window)


def test_ctrl_z_undoes_a_phrase_delete(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "发货时间")
    phrase = window.selected_phrase()
    window.delete_action.trigger()
    QTest.keyClick(window.phrases_view, Qt.Key.Key_Z, CTRL)
    assert service.get(phrase.id).body == phrase.body
    assert not window.undo_action.isEnabled()


def test_category_add_rename_move_and_delete_with_undo(qtbot, window, service) -> None:
    qtbot.mouseClick(window.add_category_button, Qt.MouseButton.LeftButton)
    assert "New category" in [c.name for c in service.categories()]
    item = window.categories_list.currentItem()
    assert item.text() == "New category"
    window.categories_list.closePersistentEditor(item)
    item.setText("新品推荐")  # what typing the new name in place ends with
    assert "新品推荐" in [c.name for c in service.categories()]
    qtbot.waitUntil(lambda: window.categories_list.currentItem().text() == "新品推荐")
    assert window.current_category() == "新品推荐"

    names = [c.name for c in service.categories()]
    qtbot.mouseClick(window.up_button, Qt.MouseButton.LeftButton)
    moved = [c.name for c in service.categories()]
    assert moved.index("新品推荐") == names.index("新品推荐") - 1
    assert window.category_names() == moved

    _choose_category(qtbot, window, "退换货")
    phrases = service.list(category="退换货")
    window.categories_list.setFocus()
    QTest.keyClick(window.categories_list, Qt.Key.Key_Delete)
    assert "退换货" not in [c.name for c in service.categories()]
    assert window.toast.label.text() == f"Deleted category “退换货” and its {len(phrases)} phrases"
    window.undo()
    assert "退换货" in [c.name for c in service.categories()]
    assert [p.id for p in service.list(category="退换货")] == [p.id for p in phrases]
    assert window.current_category() == "退换货"


def test_alt_up_moves_the_category_from_the_keyboard(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "催付")
    before = [c.name for c in service.categories()].index("催付")
    window.categories_list.setFocus()
    QTest.keyClick(window.categories_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [c.name for c in service.categories()].index("催付") == before - 1
    assert window.current_category() == "催付"


def test_dragging_a_category_stores_the_new_order(qtbot, window, service) -> None:
    names = window.category_names()
    model = window.categories_list.model()
    assert model.moveRow(window.categories_list.rootIndex(), 0, window.categories_list.rootIndex(), 3)
    assert [c.name for c in service.categories()] == names[1:3] + names[:1] + names[3:]


def test_renaming_to_an_existing_name_is_refused(qtbot, window, service) -> None:
    item = window.categories_list.item(0)
    old = item.text()
    item.setText(window.categories_list.item(1).text())
    qtbot.waitUntil(lambda: window.categories_list.item(0).text() == old)
    assert [c.name for c in service.categories()][0] == old
    assert window.toast.label.text()


def test_search_shows_matches_from_every_category(qtbot, window) -> None:
    QTest.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.search_edit.hasFocus()
    qtbot.keyClicks(window.search_edit, "fh")
    assert _titles(window)[0] == "发货时间"
    QTest.keyClick(window.search_edit, Qt.Key.Key_Down)
    assert window.phrases_view.hasFocus()
    window.search_edit.clear()
    assert _titles(window) == [p.title for p in window.service.list(category=window.current_category())]


def test_unsaved_edit_asks_before_switching(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "发货时间")
    first, second = _titles(window)[:2]
    first_id = window.selected_phrase().id
    window.editor.title_edit.setText("没保存的标题")
    seen: list[str] = []

    _answer_box_with("Keep editing", seen)
    _click_phrase(qtbot, window, second)
    assert seen == ["The phrase has changes that are not saved yet."]
    assert window.editor.title_edit.text() == "没保存的标题"
    assert window.selected_phrase().id == first_id

    _answer_box_with("Discard", seen)
    _click_phrase(qtbot, window, second)
    assert window.editor.phrase().title == second
    assert service.get(first_id).title == first

    second_id = window.editor.phrase_id()
    window.editor.title_edit.setText("保存后的标题")
    _answer_box_with("Save", seen)
    _choose_category(qtbot, window, "催付")
    assert service.get(second_id).title == "保存后的标题"
    assert window.editor.phrase().category == "催付"
    assert len(seen) == 3


def test_lint_all_lists_phrases_with_warnings(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "价格优惠")
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    window.editor.title_edit.setText("不议价")
    window.editor.body_edit.setPlainText("亲，这个价格不行。")
    assert window.save() is not None
    findings = window.lint_findings()
    assert "不议价" in [phrase.title for phrase, _messages in findings]
    dialog = LintReportDialog(findings, window)
    qtbot.addWidget(dialog)
    titles = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert "不议价" in titles


def test_closing_with_unsaved_edits_can_be_cancelled(qtbot, window) -> None:
    window.editor.title_edit.setText("还没存")
    seen: list[str] = []
    _answer_box_with("Keep editing", seen)
    window.close()
    assert window.isVisible()
    _answer_box_with("Discard", seen)
    window.close()
    assert not window.isVisible()


def test_edits_in_the_manager_reach_the_feed_and_the_shared_index(qtbot, session, service) -> None:
    """The picker's index and the panel refresh after manager edits: they listen to the session's feed."""
    changes: list[Change] = []
    session.changes.subscribe(changes.append)
    shared = PhraseManagerWindow(session, service=service)
    qtbot.addWidget(shared)
    shared.editor.title_edit.setText("改个标题")
    assert shared.save() is not None
    assert "phrases" in [c.kind for c in changes]
    assert service.search("改个标题")[0].title == "改个标题"


def test_renaming_or_moving_categories_keeps_unsaved_edits(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "催付")
    phrase_id = window.editor.phrase_id()
    window.editor.title_edit.setText("还在编辑")
    window.categories_list.currentItem().setText("催付款")
    qtbot.waitUntil(lambda: "催付款" in window.category_names())
    assert window.editor.title_edit.text() == "还在编辑"
    assert window.editor.is_dirty()
    qtbot.mouseClick(window.up_button, Qt.MouseButton.LeftButton)
    assert window.editor.title_edit.text() == "还在编辑"
    assert window.save() is not None
    stored = service.get(phrase_id)
    assert (stored.title, stored.category) == ("还在编辑", "催付款")


def test_showing_again_picks_up_changes_made_elsewhere(qtbot, window, service) -> None:
    window.hide()
    service.add_category("直播专场")
    window.show()
    assert "直播专场" in window.category_names()


def test_chinese_typed_through_the_input_method_reaches_the_preview(qtbot, window) -> None:
    from PySide6.QtGui import QInputMethodEvent

    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    body = window.editor.body_edit
    qtbot.waitUntil(body.hasFocus)
    QApplication.sendEvent(body, QInputMethodEvent("", []))
    commit = QInputMethodEvent()
    commit.setCommitString("您好，我是{客服}")
    QApplication.sendEvent(body, commit)
    assert body.toPlainText() == "您好，我是{客服}"
    assert window.editor.preview.toPlainText() == "您好，我是"  # no name set yet: what a buyer would get
    assert window.editor.is_dirty()


def test_tab_walks_categories_search_phrases_then_editor(qtbot, window) -> None:
    window.categories_list.setFocus()
    qtbot.waitUntil(window.categories_list.hasFocus)
    for expected in (window.add_category_button, window.rename_category_button, window.up_button,
                     window.down_button, window.delete_category_button, window.search_edit, window.phrases_view,
                     window.editor.category_combo, window.editor.title_edit, window.editor.body_edit,
                     window.editor.insert_button, window.editor.code_edit, window.editor.pinned_combo):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(expected.hasFocus)


def test_lint_report_opens_the_chosen_phrase(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "价格优惠")
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    window.editor.title_edit.setText("不议价")
    window.editor.body_edit.setPlainText("亲，这个价格不行。")
    saved = window.save()
    _choose_category(qtbot, window, "催付")

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LintReportDialog):
            QTimer.singleShot(10, choose)
            return
        item = next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
                    if dialog.tree.topLevelItem(i).text(0) == "不议价")
        dialog.tree.itemActivated.emit(item, 0)

    QTimer.singleShot(0, choose)
    window.lint_action.trigger()
    assert window.current_category() == "价格优惠"
    assert window.editor.phrase_id() == saved.id
    assert window.selected_phrase().id == saved.id


def test_f2_renames_a_category_in_place(qtbot, window, service) -> None:
    _choose_category(qtbot, window, "催付")
    window.categories_list.setFocus()
    QTest.keyClick(window.categories_list, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not window.categories_list
    QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "VIP")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_category() == "VIP" and "VIP" in window.category_names())
    assert "VIP" in [c.name for c in service.categories()]
    assert "催付" not in [c.name for c in service.categories()]
    assert window.categories_list.currentItem().text() == "VIP"


def test_one_save_button(qtbot, window) -> None:
    """Issue 12: two 保存 buttons in different states (the toolbar's and the editor's)."""
    toolbar = window.findChild(QToolBar, "phrase_manager_toolbar")
    assert window.save_action not in toolbar.actions()
    saves = [b for b in window.findChildren(QPushButton) if b.text() == "Save" and b.isVisible()]
    assert saves == [window.editor.save_button]
