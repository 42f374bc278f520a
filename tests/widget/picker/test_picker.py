"""The picker popup: filtering (pinyin initials, Chinese through the input method), keyboard handling,
IME-safe Enter, lint warnings, placement, and survival of a long key storm."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from deskassist.core.lint import lint
from deskassist.core.models import PhraseDraft
from deskassist.core.placement import Rect
from deskassist.services.phrases import PhraseService
from deskassist.ui.library.models import PhraseRole
from deskassist.ui.picker.popup import POSITION_KEY, STATE_FILE, PickerAnchor, PickerPopup


@pytest.fixture
def phrases(session) -> PhraseService:
    return PhraseService(session)


@pytest.fixture
def picker(qtbot, phrases) -> PickerPopup:
    popup = PickerPopup(phrases)
    qtbot.addWidget(popup)
    popup.popup(QPoint(100, 100))
    qtbot.waitExposed(popup)
    return popup


def commit_text(widget, text: str) -> None:
    """Type Chinese the way an input method delivers it (keyClicks with non-ASCII aborts the process)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def compose(widget, preedit: str) -> None:
    QApplication.sendEvent(widget, QInputMethodEvent(preedit, []))


def titles(picker: PickerPopup) -> list[str]:
    return [picker.model.index(r, 0).data(PhraseRole.Title) for r in range(picker.model.rowCount())]


def settle(qtbot, picker: PickerPopup) -> None:
    """Let the coalesced search run."""
    qtbot.waitUntil(lambda: not picker._search_timer.isActive())


def test_popup_shows_focused_search_and_all_phrases(qtbot, picker, phrases) -> None:
    qtbot.waitUntil(lambda: picker.search_field.hasFocus())
    assert picker.isVisible()
    assert picker.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert picker.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert picker.model.rowCount() == min(50, len(phrases.list()))
    assert picker.results.currentIndex().row() == 0


def test_pinyin_initials_filter_and_rows_show_category_title_preview_code(qtbot, picker, phrases) -> None:
    qtbot.keyClicks(picker.search_field, "fh")
    settle(qtbot, picker)
    first = picker.model.index(0, 0)
    shipping = phrases.by_code("fh")
    assert first.data(PhraseRole.Id) == shipping.id
    assert first.data(PhraseRole.Category) == shipping.category
    assert first.data(PhraseRole.Code) == "fh"
    assert first.data(PhraseRole.Preview)
    assert picker.preview.text() == shipping.body
    assert picker.model.rowCount() < len(phrases.list())


def test_chinese_query_through_input_method_commit(qtbot, picker) -> None:
    commit_text(picker.search_field, "退货")
    assert picker.search_field.text() == "退货"
    settle(qtbot, picker)
    rows = picker.model.rowCount()
    assert rows > 0
    for row in range(rows):
        phrase = picker.model.phrase_at(row)
        assert "退货" in phrase.title + phrase.body


def test_no_match_says_so(qtbot, picker) -> None:
    qtbot.keyClicks(picker.search_field, "qqqqxxxzz")
    settle(qtbot, picker)
    assert picker.model.rowCount() == 0
    assert picker.empty_label.isVisible()


def test_up_down_move_while_focus_stays_in_search_field(qtbot, picker) -> None:
    qtbot.waitUntil(lambda: picker.search_field.hasFocus())
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Down)
    assert picker.results.currentIndex().row() == 2
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Up)
    assert picker.results.currentIndex().row() == 1
    assert picker.search_field.hasFocus()
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Up)
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Up)
    assert picker.results.currentIndex().row() == 0
    assert picker.preview.text() == picker.model.phrase_at(0).body


def test_the_picker_leaves_the_screen_after_the_paste_started_and_a_reopen_keeps_it(qtbot, picker) -> None:
    """Hiding costs the GUI thread about a millisecond just when it must answer the chat window's clipboard
    request: the picker goes a frame after the choice, and the hotkey pressed again meanwhile keeps it."""
    order: list[str] = []
    picker.phrase_chosen.connect(lambda *_args: order.append("visible" if picker.isVisible() else "hidden"))
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert order == ["visible"]
    qtbot.waitUntil(lambda: not picker.isVisible())
    picker.popup(QPoint(100, 100))
    qtbot.waitExposed(picker)
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    picker.popup(QPoint(100, 100))  # again, at once
    qtbot.wait(100)
    assert picker.isVisible()


def test_enter_pastes_selected_and_ctrl_enter_sends(qtbot, picker) -> None:
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Down)
    expected = picker.model.phrase_at(1).id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert chosen.args == [expected, False]
    qtbot.waitUntil(lambda: not picker.isVisible())  # a frame after the choice

    picker.popup(QPoint(100, 100))
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)  # the list is filled once the picker is on screen
    first = picker.model.phrase_at(0).id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert chosen.args == [first, True]


def test_enter_right_after_typing_uses_the_new_query(qtbot, picker, phrases) -> None:
    qtbot.keyClicks(picker.search_field, "fh")
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Enter)
    assert chosen.args == [phrases.by_code("fh").id, False]


def test_alt_digit_picks_that_row(qtbot, picker) -> None:
    third = picker.model.phrase_at(2).id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert chosen.args == [third, False]
    assert picker.search_field.text() == ""


def test_escape_closes_without_choosing(qtbot, picker) -> None:
    with qtbot.assertNotEmitted(picker.phrase_chosen), qtbot.waitSignal(picker.closed):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not picker.isVisible())  # a frame after the choice


def test_enter_while_input_method_composes_does_not_paste(qtbot, picker) -> None:
    compose(picker.search_field, "tui")
    with qtbot.assertNotEmitted(picker.phrase_chosen):
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert picker.isVisible()
    commit_text(picker.search_field, "退货")
    settle(qtbot, picker)
    expected = picker.model.phrase_at(0).id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert chosen.args == [expected, False]


def test_lint_warnings_shown_beside_the_preview(qtbot, phrases) -> None:
    bad = phrases.add(PhraseDraft(category="售后", title="拒绝模板", body="这个不能退。", code="zzjj"))
    popup = PickerPopup(phrases)
    qtbot.addWidget(popup)
    popup.popup(QPoint(50, 50))
    qtbot.keyClicks(popup.search_field, "zzjj")
    settle(qtbot, popup)
    assert popup.current_phrase().id == bad.id
    assert popup.warnings.isVisible()
    assert "⚠" in popup.warnings.text()
    popup.search_field.clear()
    settle(qtbot, popup)
    clean = next(p for p in popup.model.phrases() if not lint(p.body))
    popup.results.setCurrentIndex(popup.model.index(popup.model.row_of(clean.id), 0))
    assert not popup.warnings.isVisible()


def test_popup_stays_on_screen_near_the_pointer(qtbot, picker) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    picker.hide()
    picker.popup(QPoint(area.right() - 5, area.bottom() - 5))
    frame = picker.geometry()
    assert area.contains(frame)
    assert frame.right() <= area.right() - 5
    picker.hide()
    picker.popup(QPoint(area.left() + 30, area.top() + 40))
    assert picker.geometry().topLeft() == QPoint(area.left() + 42, area.top() + 52)


def test_survives_twenty_thousand_key_events_and_still_filters(qtbot, picker, phrases) -> None:
    field = picker.search_field
    sent = 0
    while sent < 20_000:
        qtbot.keyClick(field, Qt.Key.Key_F)
        qtbot.keyClick(field, Qt.Key.Key_H)
        qtbot.keyClick(field, Qt.Key.Key_Down)
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        sent += 5
        if sent % 1000 == 0:
            QApplication.processEvents()
    settle(qtbot, picker)
    assert field.text() == ""
    assert picker.isVisible()
    qtbot.keyClicks(field, "fh")
    settle(qtbot, picker)
    assert picker.model.phrase_at(0).id == phrases.by_code("fh").id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert chosen.args == [phrases.by_code("fh").id, False]


# --- issue 12: stable numbers, highlighted matches, create from the query, empty placeholders -------------
def test_the_same_query_keeps_its_numbers_after_use_counts_change(qtbot, picker, phrases) -> None:
    picker.search_field.setText("fh")
    settle(qtbot, picker)
    before = titles(picker)
    assert len(before) >= 3
    third = picker.model.phrase_at(2)
    for _ in range(5):
        phrases.record_use(third.id)  # would move it up the ranking
    picker.search_field.setText("")
    settle(qtbot, picker)
    picker.search_field.setText("fh")
    settle(qtbot, picker)
    assert titles(picker) == before  # Alt+3 is still the same phrase
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert chosen.args[0] == third.id


def test_matched_letters_are_found_for_highlighting() -> None:
    from deskassist.ui.picker.popup import match_positions

    assert match_positions("发货时间", "fhsj", "fh") == {0, 1}
    assert match_positions("什么时候发货", "smshfh", "发货") == {4, 5}
    assert match_positions("包邮 iPhone15", "byiphone15", "ipho") == {3, 4, 5, 6}
    assert match_positions("包邮，运费", "byyf", "yf") == {3, 4}  # punctuation has no initial
    assert match_positions("发货时间", "fahuoshijian", "fahuo") == set()  # full pinyin is not mapped back
    assert match_positions("", "", "x") == set()


def test_nothing_matches_then_enter_asks_for_a_new_phrase(qtbot, picker) -> None:
    picker.search_field.setText("qqqxyz")
    settle(qtbot, picker)
    assert picker.model.rowCount() == 0
    assert picker.empty_label.text() == "No phrase matches. Enter creates a phrase from “qqqxyz”."
    with qtbot.assertNotEmitted(picker.phrase_chosen), qtbot.waitSignal(picker.create_phrase_requested) as asked:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert asked.args == ["qqqxyz"] and not picker.isVisible()


def test_an_empty_placeholder_is_warned_about_before_sending(qtbot, phrases) -> None:
    popup = PickerPopup(phrases, missing=lambda phrase: phrases.empty_placeholders(phrase.body))
    qtbot.addWidget(popup)
    popup.popup(QPoint(100, 100))
    popup.search_field.setText("hy")
    qtbot.waitUntil(lambda: not popup._search_timer.isActive())
    body = "您好，这里是{店铺}，我是客服{客服}～"
    phrase = phrases.add(PhraseDraft(category="问候开场", title="测试", body=body, code="zzcs"))
    popup.search_field.setText("zzcs")
    qtbot.waitUntil(lambda: popup.current_phrase() is not None and popup.current_phrase().id == phrase.id)
    assert popup.warnings.text().startswith("⚠ Not set yet, left empty: {店铺}、{客服}")


def test_create_from_the_picker_opens_a_new_phrase_with_the_text(qtbot, make_desk) -> None:
    desk = make_desk()
    desk.picker.create_phrase_requested.emit("亲，这款明天补货")
    manager = desk.windows.visible("manager")
    assert manager is not None
    assert manager.editor.body_edit.toPlainText() == "亲，这款明天补货"
    assert manager.editor._phrase is None  # a new phrase, not an edit


def test_initials_of_search_results_come_from_the_index_for_highlighting(qtbot, picker, phrases) -> None:
    picker.search_field.setText("fh")
    settle(qtbot, picker)
    first = picker.model.phrase_at(0)
    assert first == phrases.get(first.id)  # a search result is the same Phrase as the stored one
    assert picker.delegate.initials(first) == phrases.title_initials(first.id) != ""


def test_without_a_caret_the_picker_keeps_off_the_middle_of_a_maximised_chat_window(qtbot, picker) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    picker.hide()
    window = Rect(area.x(), area.y(), area.width(), area.height())
    picker.popup(anchor=PickerAnchor(window=window))
    frame = picker.geometry()
    assert frame.top() >= area.y() + area.height() // 2
    assert area.contains(frame)


def test_a_dragged_picker_opens_there_next_time_when_no_caret_is_known(qtbot, picker) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    picker.hide()
    picker.popup(anchor=PickerAnchor(window=Rect(area.x(), area.y(), area.width(), area.height())))
    target = QPoint(area.x() + 40, area.y() + 30)
    drag(picker, target)
    assert picker.remembered == (target.x(), target.y())
    picker.hide()
    picker.popup(anchor=PickerAnchor(window=Rect(area.x(), area.y(), area.width(), area.height())))
    assert picker.geometry().topLeft() == target
    picker.hide()
    caret = Rect(area.x() + 300, area.y() + 100, 2, 18)
    picker.popup(anchor=PickerAnchor(caret=caret))
    assert picker.geometry().top() > caret.bottom  # a known caret still wins


def drag(picker: PickerPopup, target: QPoint) -> None:
    start = picker.mapToGlobal(QPoint(3, 3))
    for kind, point, buttons in ((QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
                                 (QEvent.Type.MouseMove, target + QPoint(3, 3), Qt.MouseButton.LeftButton),
                                 (QEvent.Type.MouseButtonRelease, target + QPoint(3, 3), Qt.MouseButton.NoButton)):
        local = QPointF(picker.mapFromGlobal(point))
        QApplication.sendEvent(picker, QMouseEvent(kind, local, QPointF(point), Qt.MouseButton.LeftButton,
                                                   buttons, Qt.KeyboardModifier.NoModifier))


def test_the_dragged_place_is_kept_across_restarts(qtbot, phrases, tmp_path) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    window = PickerAnchor(window=Rect(area.x(), area.y(), area.width(), area.height()))
    first = PickerPopup(phrases, state_dir=tmp_path)
    qtbot.addWidget(first)
    first.popup(anchor=window)
    target = QPoint(area.x() + 50, area.y() + 20)
    drag(first, target)
    first.hide()
    del first  # the app quits; the next run reads the place back
    again = PickerPopup(phrases, state_dir=tmp_path)
    qtbot.addWidget(again)
    assert again.remembered == (target.x(), target.y())
    again.popup(anchor=window)
    assert again.geometry().topLeft() == target


def test_a_place_on_a_monitor_that_is_gone_opens_on_a_screen_that_exists(qtbot, phrases, tmp_path) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    gone = (area.right() + 400, area.bottom() + 200)  # was on a second monitor right of and below this one
    state = QSettings(str(tmp_path / STATE_FILE), QSettings.Format.IniFormat)
    state.setValue(POSITION_KEY, list(gone))
    state.sync()
    picker = PickerPopup(phrases, state_dir=tmp_path)
    qtbot.addWidget(picker)
    assert picker.remembered == gone
    picker.popup(anchor=PickerAnchor(window=Rect(area.x(), area.y(), area.width(), area.height())))
    assert area.contains(picker.geometry())


def test_a_damaged_saved_place_is_ignored(qtbot, phrases, tmp_path) -> None:
    state = QSettings(str(tmp_path / STATE_FILE), QSettings.Format.IniFormat)
    state.setValue(POSITION_KEY, ["left", "top"])
    state.sync()
    assert PickerPopup(phrases, state_dir=tmp_path).remembered is None


def test_enter_before_the_list_is_filled_pastes_the_top_phrase(qtbot, picker, phrases) -> None:
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    picker.popup(QPoint(100, 100))  # reopened at once: the list is filled only once it is on screen
    top = phrases.search("", limit=1)[0].id
    with qtbot.waitSignal(picker.phrase_chosen) as chosen:
        qtbot.keyClick(picker.search_field, Qt.Key.Key_Return)
    assert chosen.args == [top, False]


def test_the_window_goes_up_first_and_the_list_is_filled_once_it_is_on_screen(qtbot, picker, phrases) -> None:
    qtbot.keyClicks(picker.search_field, "fh")
    qtbot.keyClick(picker.search_field, Qt.Key.Key_Escape)
    searches: list[str] = []
    real_search = phrases.search
    picker._phrases = type("Spy", (), {"search": lambda _self, query, **kw: searches.append(query) or real_search(
        query, **kw), "title_initials": phrases.title_initials})()
    picker.popup(QPoint(100, 100))
    assert searches == [] and picker.model.rowCount() == 0  # no old "fh" results, no search before showing
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)
    assert searches == [""]
    assert picker.search_field.text() == ""
