"""The shared Qt item models show what the picker, panel and manager display."""

from __future__ import annotations

from PySide6.QtCore import Qt

from deskassist.core.models import Category, Phrase
from deskassist.ui.library.models import CategoryListModel, PhraseListModel, PhraseRole, one_line_preview


def _phrase(pid: int, body: str, title: str = "", code: str | None = None) -> Phrase:
    return Phrase(id=pid, category_id=1, category="问候", title=title, body=body, code=code)


def test_preview_is_one_line_and_cut() -> None:
    assert one_line_preview("您好\n\n请稍等") == "您好 ⏎ 请稍等"
    long = one_line_preview("好" * 200, limit=10)
    assert len(long) == 10 and long.endswith("…")


def test_phrase_rows_expose_category_title_preview_and_code(qtbot) -> None:
    model = PhraseListModel([_phrase(7, "亲，您好！\n欢迎光临", title="欢迎", code="hy")])
    index = model.index(0, 0)
    assert model.rowCount() == 1
    assert index.data(Qt.ItemDataRole.DisplayRole) == "欢迎"
    assert index.data(PhraseRole.Category) == "问候"
    assert index.data(PhraseRole.Preview) == "亲，您好！ ⏎ 欢迎光临"
    assert index.data(PhraseRole.Code) == "hy"
    assert index.data(PhraseRole.Id) == 7


def test_untitled_phrase_shows_start_of_body_and_reset_replaces_rows(qtbot) -> None:
    model = PhraseListModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_phrases([_phrase(1, "在的亲，请问有什么可以帮您？"), _phrase(2, "好的")])
    assert model.index(0, 0).data() == "在的亲，请问有什么可以帮您？"
    assert model.row_of(2) == 1 and model.row_of(99) == -1
    model.update_phrase(_phrase(2, "好的呢", title="好"))
    assert model.index(1, 0).data() == "好"


def test_category_model_with_all_row() -> None:
    model = CategoryListModel([Category(1, "问候"), Category(2, "售后")], all_label="All")
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "All"
    assert model.category_at(0) is None
    assert model.category_at(2).name == "售后"
    assert model.row_of_name("售后") == 2
