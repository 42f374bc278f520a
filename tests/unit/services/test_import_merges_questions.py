"""A pack row that is already in the library still brings its new example questions (问法): the everyday way
to add questions is to export the library, write them into the 问法 column and import it again."""

from __future__ import annotations

import csv
from pathlib import Path

from deskassist.core.models import PhraseDraft
from deskassist.services.data_folder import open_session
from deskassist.services.phrase_io import export_phrases, import_phrases
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.services.suggest import SuggestService


def _add_questions_in_the_sheet(path: Path, title: str, extra: str) -> None:
    """What the agent does in Excel: append questions to one phrase's 问法 cell."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("标题")] == title:
            row[header.index("问法")] += "\n" + extra
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_questions_added_to_an_exported_library_arrive_on_reimport(session: Session, tmp_path: Path) -> None:
    phrases = PhraseService(session)
    suggest = SuggestService(session, phrases)
    shipping = next(p for p in phrases.list() if p.code == "by")
    before = [q.text for q in suggest.questions(shipping.id)]
    path = tmp_path / "library.csv"
    export_phrases(phrases, path)
    _add_questions_in_the_sheet(path, shipping.title, "包邮到新疆不|运费  谁出")

    checked = import_phrases(phrases, path, dry_run=True)
    assert checked.ok and checked.added == 0 and checked.questions_added == 2
    assert [q.text for q in suggest.questions(shipping.id)] == before

    report = import_phrases(phrases, path)
    assert report.ok and report.written and report.added == 0 and report.questions_added == 2
    assert [q.text for q in suggest.questions(shipping.id)] == [*before, "包邮到新疆不", "运费 谁出"]
    assert suggest.suggest("包邮到新疆不", limit=1)[0][0].id == shipping.id
    assert import_phrases(phrases, path).questions_added == 0  # a second import adds nothing


def test_a_pack_with_questions_for_phrases_the_library_has_fills_them_in_a_fresh_folder(
        empty_session: Session, tmp_path: Path) -> None:
    source = PhraseService(empty_session)
    source.add(PhraseDraft(category="包邮运费", title="包邮", body="满59元包邮", code="by",
                           questions=("包邮不", "免邮吗")))
    path = tmp_path / "pack.json"
    export_phrases(source, path)
    target = open_session(tmp_path / "other", seed=False)
    try:
        phrases = PhraseService(target)
        phrases.add(PhraseDraft(category="包邮运费", title="包邮", body="满59元包邮", code="by",
                                questions=("包邮不",)))
        report = import_phrases(phrases, path)
        assert report.ok and report.skipped_duplicates == 1 and report.questions_added == 1
        phrase = phrases.list()[0]
        assert [q.text for q in SuggestService(target).questions(phrase.id)] == ["包邮不", "免邮吗"]
    finally:
        target.close()
