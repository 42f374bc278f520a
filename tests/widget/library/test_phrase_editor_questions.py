"""The phrase editor's example buyer questions (问法): listed with learned ones marked, added, removed, saved
with the phrase, reverted, and given to a new phrase."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from deskassist.core.models import PhraseDraft
from deskassist.services.phrases import PhraseService
from deskassist.services.suggest import SuggestService
from deskassist.ui.library.editor import PhraseEditor

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def service(session) -> PhraseService:
    return PhraseService(session)


@pytest.fixture
def editor(qtbot, service) -> PhraseEditor:
    widget = PhraseEditor(service)
    widget.set_categories([c.name for c in service.categories()])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _rows(service: PhraseService, phrase_id: int) -> list[tuple[str, str]]:
    return [(q.text, q.source) for q in service.question_rows(phrase_id)]


def test_questions_are_listed_and_learned_ones_marked(session, service, editor) -> None:
    phrase = service.by_code("by")
    SuggestService(session, service).learn("运费咋算的", phrase.id)
    editor.load(service.get(phrase.id))
    texts = editor.question_texts()
    assert len(texts) >= 9 and texts[0] == "包邮吗" and texts[-1] == "运费咋算的"
    last = editor.questions_list.item(editor.questions_list.count() - 1)
    assert "(learned)" in last.text() and last.font().italic()
    assert not editor.questions_list.item(0).font().italic()


def test_adding_and_removing_marks_dirty_and_saving_stores_them(qtbot, session, service, editor) -> None:
    phrase = service.by_code("by")
    SuggestService(session, service).learn("运费咋算的", phrase.id)
    editor.load(service.get(phrase.id))
    editor.questions_list.item(0).setSelected(True)
    editor.questions_list.item(editor.questions_list.count() - 1).setSelected(True)  # the learned one
    with qtbot.waitSignal(editor.dirty_changed):
        qtbot.mouseClick(editor.question_remove_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.question_edit, "free shipping?")
    qtbot.keyClick(editor.question_edit, Qt.Key.Key_Return)
    assert editor.question_edit.text() == ""
    before = _rows(service, phrase.id)
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    after = _rows(service, phrase.id)
    assert after == [r for r in before if r[0] not in ("包邮吗", "运费咋算的")] + [("free shipping?", "pack")]
    assert not editor.is_dirty()


def test_revert_brings_the_questions_back(qtbot, service, editor) -> None:
    phrase = service.by_code("fh")
    editor.load(phrase)
    original = editor.question_texts()
    editor.questions_list.selectAll()
    editor.remove_selected_questions()
    assert editor.question_texts() == [] and editor.is_dirty()
    editor.revert()
    assert editor.question_texts() == original and not editor.is_dirty()
    assert len(service.question_rows(phrase.id)) == len(original)


def test_a_new_phrase_is_saved_with_its_questions(qtbot, service, editor) -> None:
    editor.load(None, category="发货时间")
    editor.body_edit.setPlainText("周日也发货哦～")
    for text in ("周末发货吗", "周末发货吗", "星期天发不发"):
        editor.question_edit.setText(text)
        editor.add_question()
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    assert _rows(service, saved.args[0].id) == [("周末发货吗", "pack"), ("星期天发不发", "pack")]


def test_a_too_long_question_is_refused_and_nothing_is_saved(qtbot, service, editor) -> None:
    phrase = service.add(PhraseDraft(category="c", body="b", questions=("q",)))
    editor.load(phrase)
    editor.question_edit.setText("问" * 201)
    editor.add_question()
    assert editor.save() is None and editor.error_label.isVisible()
    assert _rows(service, phrase.id) == [("q", "pack")]
