"""The fill-in dialog (填写内容): the sentence around the fields, a calendar for dates, a proper window."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit

from deskassist.core.templating import RenderContext, fill_fields, render
from deskassist.ui.picker.fill_dialog import FillDialog

BODY = "亲，您要的尺码是{?尺码}，颜色{?颜色:红色|白色}，预计{?发货日期}发出～"


def make(qtbot, body: str = BODY) -> FillDialog:
    dialog = FillDialog(fill_fields(body), title="确认尺码", sentence=lambda fills: render(
        body, RenderContext(fills=dict(fills))), today=QDate(2026, 11, 28))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_sentence_is_shown_with_the_fields_marked_and_follows_the_typing(qtbot) -> None:
    """Issue 12: a 201×95 box with a bare label and no view of the sentence around the field."""
    dialog = make(qtbot)
    shown = dialog.sentence_label.text()
    assert dialog.sentence_label.isVisible()
    assert "亲，您要的尺码是" in shown and "[尺码]" in shown and "发出～" in shown and "background-color" in shown
    dialog.editor("尺码").setText("XL<b>")
    assert "XL&lt;b&gt;" in dialog.sentence_label.text()  # typed text is text, never markup
    assert "[尺码]" not in dialog.sentence_label.text()


def test_a_date_field_gets_a_calendar_and_reads_as_chat_dates(qtbot) -> None:
    dialog = make(qtbot)
    editor = dialog.editor("发货日期")
    assert isinstance(editor, QDateEdit) and editor.calendarPopup()
    editor.setDate(QDate(2026, 12, 3))
    assert dialog.values()["发货日期"] == "12月3日"
    assert "12月3日" in dialog.sentence_label.text()


def test_a_dialog_window_without_minimise_or_maximise_and_wide_enough(qtbot) -> None:
    dialog = make(qtbot)
    flags = dialog.windowFlags()
    assert not flags & Qt.WindowType.WindowMinimizeButtonHint
    assert not flags & Qt.WindowType.WindowMaximizeButtonHint
    assert dialog.minimumWidth() >= 400 and dialog.width() >= 400
    assert dialog.height() > 95
