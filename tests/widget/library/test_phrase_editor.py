"""The phrase editor: live preview with the agent's settings, lint underlines, conflict checks, saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from deskassist.core.models import PhraseDraft
from deskassist.services.phrases import PhraseService
from deskassist.ui.library.editor import PhraseEditor

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def service(session) -> PhraseService:
    session.settings.set("agent.name", "小美")
    session.settings.set("shop.name", "小熊旗舰店")
    return PhraseService(session)


@pytest.fixture
def editor(qtbot, service) -> PhraseEditor:
    widget = PhraseEditor(service)
    widget.set_categories([c.name for c in service.categories()])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _underlined(editor: PhraseEditor) -> list[str]:
    """The body text under each lint highlight, as the user sees it marked."""
    body = editor.body_edit.toPlainText()
    return [body[sel.cursor.selectionStart():sel.cursor.selectionEnd()] for sel in editor.body_edit.extraSelections()]


def test_preview_fills_placeholders_with_settings_and_samples(editor: PhraseEditor) -> None:
    editor.load(None, category="问候开场")
    editor.body_edit.setPlainText("{客户}您好，我是{客服}，欢迎光临{店铺}！要{?颜色:红色|白色}还是{?尺码}？")
    assert editor.preview.toPlainText() == "亲您好，我是小美，欢迎光临小熊旗舰店！要红色还是尺码？"  # the shop's 称呼


def test_preview_shows_what_a_buyer_gets_and_warns_about_missing_settings(qtbot, session) -> None:
    """Issue 12: the preview filled sample names, so the agent never saw 「您好，我是的客服」 there."""
    widget = PhraseEditor(PhraseService(session))
    qtbot.addWidget(widget)
    widget.show()
    widget.body_edit.setPlainText("我是{客服}")
    assert widget.preview.toPlainText() == "我是"
    assert widget.lint_list.item(0).text() == "⚠ Not set yet, left empty: {客服} (Settings or the first-run setup)"
    assert widget.lint_box.isVisible()


def test_heading_title_and_warnings_box_read_well(qtbot, session) -> None:
    """Issue 12: the internal ID in the heading, raw template text as the automatic title, an empty box."""
    service = PhraseService(session)
    widget = PhraseEditor(service)
    qtbot.addWidget(widget)
    widget.show()
    phrase = service.add(PhraseDraft(category="问候开场", title="发货提醒", body="亲，今天下单今天发哦"))
    widget.load(phrase)
    assert widget.heading.text() == "发货提醒" and str(phrase.id) not in widget.heading.text()
    assert not widget.lint_box.isVisible()  # nothing to warn about: no empty framed box
    widget.title_edit.clear()
    widget.body_edit.setPlainText("{客户}亲，这款{?颜色:红色|白色}还有货")
    assert widget.title_edit.placeholderText() == "亲，这款还有货"


def test_bare_negative_is_listed_and_underlined(editor: PhraseEditor) -> None:
    editor.load(None, category="价格优惠")
    editor.body_edit.setPlainText("亲，这个价格不行。")
    assert editor.lint_list.count() >= 1
    assert any("不行" in text for text in _underlined(editor))
    assert "(" in editor.lint_box.title()
    editor.body_edit.setPlainText("亲，您好，请稍等～")
    assert editor.lint_list.count() == 0
    assert _underlined(editor) == []


def test_clicking_a_warning_selects_its_words(qtbot, editor: PhraseEditor) -> None:
    editor.load(None, category="价格优惠")
    editor.body_edit.setPlainText("亲，这个价格不行。")
    item = editor.lint_list.item(0)
    rect = editor.lint_list.visualItemRect(item)
    qtbot.mouseClick(editor.lint_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "不行" in editor.body_edit.textCursor().selectedText()


def test_code_and_slot_conflicts_name_the_holder_and_block_saving(qtbot, editor, service) -> None:
    holder_code = service.by_code("fh")
    holder_slot = service.by_pinned(1)
    editor.load(None, category="催付")
    editor.body_edit.setPlainText("亲，订单还没付款哦，今天下单今天发～")
    editor.code_edit.setText("fh")
    qtbot.waitUntil(editor.code_error.isVisible)
    assert holder_code.title in editor.code_error.text()
    editor.pinned_combo.setCurrentIndex(editor.pinned_combo.findData(1))
    assert editor.pinned_error.isVisible()
    assert holder_slot.title in editor.pinned_error.text()
    count = len(service.list())
    assert editor.save() is None
    assert "conflicts" in editor.error_label.text()
    assert len(service.list()) == count
    editor.code_edit.setText("cfnew")
    editor.pinned_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not editor.code_error.isVisible())
    saved = editor.save()
    assert saved is not None and service.by_code("cfnew").id == saved.id


def test_own_code_is_no_conflict(editor, service) -> None:
    phrase = service.by_code("fh")
    editor.load(phrase)
    assert editor.check_conflicts() == {}
    assert not editor.code_error.isVisible()


def test_editing_marks_dirty_and_saving_stores_every_field(qtbot, editor, service) -> None:
    phrase = service.by_code("fh")
    editor.load(phrase)
    assert not editor.is_dirty()
    with qtbot.waitSignal(editor.dirty_changed):
        editor.title_edit.setText("发货时效")
    editor.category_combo.setCurrentText("快递物流")
    editor.group_boxes["vip"].setChecked(True)
    editor.other_groups_edit.setText("老客户")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    stored = service.get(phrase.id)
    assert saved.args[0].id == phrase.id
    assert (stored.title, stored.category, stored.groups) == ("发货时效", "快递物流", ("vip", "老客户"))
    assert not editor.is_dirty()


def test_revert_throws_away_edits(editor, service) -> None:
    phrase = service.by_code("fh")
    editor.load(phrase)
    editor.body_edit.setPlainText("改过的内容")
    assert editor.is_dirty()
    editor.revert_button.click()
    assert editor.body_edit.toPlainText() == phrase.body
    assert not editor.is_dirty()


def test_empty_body_is_refused_with_a_message(editor, service) -> None:
    editor.load(None, category="催付")
    editor.title_edit.setText("空的")
    assert editor.save() is None
    assert editor.error_label.text() == "Write the text of the phrase first"


def test_insert_menu_puts_placeholders_at_the_caret(editor) -> None:
    editor.load(None, category="问候开场")
    editor.body_edit.setPlainText("您好，")
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    labels = [a.text() for a in editor.insert_menu.actions() if a.text()]
    assert any(text.startswith("Buyer nickname") for text in labels)
    next(a for a in editor.insert_menu.actions() if a.text().startswith("Buyer nickname")).trigger()
    assert editor.body_edit.toPlainText() == "您好，{客户}"
    assert editor.preview.toPlainText() == "您好，亲"
    next(a for a in editor.insert_menu.actions() if a.text().startswith("Field asked")).trigger()
    assert editor.body_edit.textCursor().selectedText() == "尺码"


def test_tab_leaves_the_body_instead_of_typing_a_tab(qtbot, editor) -> None:
    editor.body_edit.setFocus()
    qtbot.waitUntil(editor.body_edit.hasFocus)
    QTest.keyClick(editor.body_edit, Qt.Key.Key_Tab)
    assert "\t" not in editor.body_edit.toPlainText()
    assert not editor.body_edit.hasFocus()


def test_preview_says_how_many_messages_split_sending_makes(qtbot, session, service) -> None:
    widget = PhraseEditor(service, settings=session.settings)
    qtbot.addWidget(widget)
    widget.body_edit.setPlainText("亲，您好～\n这款今天下单明天发货\n\n有问题随时找我哦")
    assert widget.split_label.text() == ""
    session.settings.set("paste.auto_send", True)
    session.settings.set("paste.split_lines", True)
    widget.body_edit.setPlainText(widget.body_edit.toPlainText() + "！")
    assert widget.split_label.text() == "Sent as 3 messages, one per line"


def test_a_pinned_slot_can_be_moved_here_from_its_holder(qtbot, editor, service) -> None:
    holder = service.by_pinned(1)
    phrase = next(p for p in service.list() if p.pinned is None)
    editor.load(phrase)
    editor.pinned_combo.setCurrentIndex(editor.pinned_combo.findData(1))
    assert editor.take_slot_button.isVisible()
    qtbot.mouseClick(editor.take_slot_button, Qt.MouseButton.LeftButton)
    assert not editor.take_slot_button.isVisible()
    assert editor.pinned_error.text() == f"Slot 1 moves here from “{holder.title}” when you save"
    assert editor.is_dirty()
    assert service.by_pinned(1).id == holder.id  # nothing changes before saving
    assert editor.save() is not None
    assert service.by_pinned(1).id == phrase.id
    assert service.get(holder.id).pinned is None


def test_choosing_another_slot_cancels_the_move(qtbot, editor, service) -> None:
    holder = service.by_pinned(1)
    phrase = next(p for p in service.list() if p.pinned is None)
    editor.load(phrase)
    editor.pinned_combo.setCurrentIndex(editor.pinned_combo.findData(1))
    editor.take_slot_button.click()
    editor.pinned_combo.setCurrentIndex(0)
    assert not editor.is_dirty()
    editor.pinned_combo.setCurrentIndex(editor.pinned_combo.findData(1))
    assert editor.take_slot_button.isVisible()
    assert editor.save() is None
    assert service.by_pinned(1).id == holder.id
