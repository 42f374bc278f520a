"""Example buyer questions (问法) on a real SQLite file: stored, removed with their phrase, learned,
carried through import and export in every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from deskassist.core.errors import UserError
from deskassist.core.models import PhraseDraft
from deskassist.services.data_folder import open_session
from deskassist.services.phrase_io import export_phrases, import_phrases
from deskassist.services.phrases import PhraseService
from deskassist.services.questions import split_questions
from deskassist.services.session import Session
from deskassist.services.suggest import SuggestService


@pytest.fixture
def phrases(empty_session: Session) -> PhraseService:
    return PhraseService(empty_session)


@pytest.fixture
def suggest(empty_session: Session, phrases: PhraseService) -> SuggestService:
    return SuggestService(empty_session, phrases)


def _texts(suggest: SuggestService, phrase_id: int) -> list[tuple[str, str]]:
    return [(q.text, q.source) for q in suggest.questions(phrase_id)]


def test_questions_are_added_listed_and_removed(phrases: PhraseService, suggest: SuggestService) -> None:
    phrase = phrases.add(PhraseDraft(category="包邮运费", body="满59元包邮", questions=("包邮不", " 包邮  吗 ")))
    assert _texts(suggest, phrase.id) == [("包邮不", "pack"), ("包邮 吗", "pack")]
    assert suggest.add_question(phrase.id, "免运费吗") is True
    assert suggest.add_question(phrase.id, "免运费吗") is False
    suggest.remove_question(phrase.id, "包邮不")
    assert _texts(suggest, phrase.id) == [("包邮 吗", "pack"), ("免运费吗", "pack")]
    with pytest.raises(UserError, match="has no question"):
        suggest.remove_question(phrase.id, "包邮不")
    with pytest.raises(UserError, match="empty"):
        suggest.add_question(phrase.id, "   ")
    with pytest.raises(UserError, match="no phrase with id 999"):
        suggest.questions(999)


def test_questions_go_with_their_phrase(phrases: PhraseService, suggest: SuggestService,
                                        empty_session: Session) -> None:
    phrase = phrases.add(PhraseDraft(category="c", body="b", questions=("q1", "q2")))
    phrases.delete(phrase.id)
    assert empty_session.db.execute("SELECT COUNT(*) FROM phrase_questions").fetchone()[0] == 0


def test_learning_keeps_the_message_as_a_learned_example(phrases: PhraseService, suggest: SuggestService) -> None:
    phrase = phrases.add(PhraseDraft(category="c", body="b"))
    assert suggest.learn("  亲 这个\n啥时候发  ", phrase.id) is True
    assert suggest.learn("亲 这个 啥时候发", phrase.id) is False
    assert suggest.learn("   ", phrase.id) is False
    assert _texts(suggest, phrase.id) == [("亲 这个 啥时候发", "learned")]


def test_the_default_pack_brings_at_least_eight_questions_per_phrase(session: Session) -> None:
    service = SuggestService(session)
    counts = [len(service.questions(p.id)) for p in PhraseService(session).list()]
    assert counts and min(counts) >= 8


def test_a_library_made_before_questions_gets_the_pack_questions_on_upgrade(tmp_path: Path) -> None:
    from deskassist.storage.database import open_database
    from deskassist.storage.migrations import migrations

    path = tmp_path / "deskassist.db"
    db = open_database(path, migrate=False)
    migrations.apply(db, stop_before="m009_phrase_questions")
    db.execute("INSERT INTO categories(id, name, position) VALUES (1, '包邮运费', 0)")
    for code, title in (("by", "包邮说明"), ("mine", "自己的短语")):
        db.execute("INSERT INTO phrases(category_id, title, body, code, created, updated) "
                   "VALUES (1, ?, '满59包邮', ?, '2026-01-01 09:00:00', '2026-01-01 09:00:00')", [title, code])
    db.conn.commit()
    db.close()
    upgraded = open_session(tmp_path, seed=False)
    try:
        by_code = {p.code: p.id for p in PhraseService(upgraded).list()}
        service = SuggestService(upgraded)
        assert len(service.questions(by_code["by"])) >= 8
        assert service.questions(by_code["mine"]) == []
    finally:
        upgraded.close()


def test_a_cell_splits_on_new_lines_and_bars() -> None:
    assert split_questions("包邮不\n 能便宜点不 | 几天到\r\n\n包邮不|") == ["包邮不", "能便宜点不", "几天到"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
def test_questions_survive_an_export_and_import(phrases: PhraseService, tmp_path: Path, suffix: str) -> None:
    phrases.add(PhraseDraft(category="包邮运费", title="包邮", body="满59元包邮", code="by",
                            questions=("=运费多少", "包邮不", "免邮吗")))
    phrases.add(PhraseDraft(category="问候", body="您好"))
    path = tmp_path / f"pack{suffix}"
    export_phrases(phrases, path)
    target = open_session(tmp_path / "other", seed=False)
    try:
        report = import_phrases(PhraseService(target), path)
        assert report.ok and report.added == 2
        imported = {p.code: p.id for p in PhraseService(target).list()}
        texts = [q.text for q in SuggestService(target).questions(imported["by"])]
        assert texts == ["=运费多少", "包邮不", "免邮吗"]
    finally:
        target.close()


def test_import_reads_a_questions_column_of_a_qianniu_style_sheet(phrases: PhraseService, tmp_path: Path) -> None:
    csv_path = tmp_path / "pack.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["分组", "快捷短语", "问法"], ["发货时间", "48小时内发货", "啥时候发|几时发货\n发了没"]])
    xlsx_path = tmp_path / "pack.xlsx"
    book = Workbook()
    book.active.append(["category", "body", "questions"])
    book.active.append(["到货时间", "3天左右到", "几天到"])
    book.save(xlsx_path)
    json_path = tmp_path / "pack.json"
    json_path.write_text(json.dumps([{"category": "价格", "body": "实价", "questions": ["能便宜点不", "少点呗"]}]),
                         encoding="utf-8")
    for path in (csv_path, xlsx_path, json_path):
        assert import_phrases(phrases, path).ok
    suggest = SuggestService(phrases._session, phrases)
    got = {p.category: [q.text for q in suggest.questions(p.id)] for p in phrases.list()}
    assert got == {"发货时间": ["啥时候发", "几时发货", "发了没"], "到货时间": ["几天到"], "价格": ["能便宜点不", "少点呗"]}


def test_a_too_long_question_stops_the_import(phrases: PhraseService, tmp_path: Path) -> None:
    path = tmp_path / "pack.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["分组", "快捷短语", "问法"], ["c", "b", "问" * 201]])
    report = import_phrases(phrases, path)
    assert not report.ok and "longer than 200" in str(report.errors[0])
    assert phrases.count() == 0


def test_xlsx_export_has_a_questions_column(phrases: PhraseService, tmp_path: Path) -> None:
    phrases.add(PhraseDraft(category="c", body="b", questions=("q1", "q2")))
    path = tmp_path / "out.xlsx"
    export_phrases(phrases, path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][-1] == "问法" and rows[1][-1] == "q1\nq2"


def test_a_pick_is_learned_and_ranks_its_phrase_first_for_the_next_similar_message(session: Session) -> None:
    phrases = PhraseService(session)
    service = SuggestService(session, phrases)
    by_code = {p.code: p.id for p in phrases.list()}
    assert service.suggest("拍了能改成到付吗", limit=1)[0][0].id != by_code["sf"]
    assert service.learn("拍了能改成到付吗", by_code["sf"])
    phrase, suggestion = service.suggest("拍了可以改到付不", limit=1)[0]
    assert (phrase.id, suggestion.matched, suggestion.kind) == (by_code["sf"], "拍了能改成到付吗", "learned")


def test_suggestions_follow_changes_to_the_library(phrases: PhraseService, suggest: SuggestService) -> None:
    first = phrases.add(PhraseDraft(category="发票", body="可以开电子发票", questions=("能开发票吗",)))
    assert [p.id for p, _ in suggest.suggest("开发票不")] == [first.id]
    second = phrases.add(PhraseDraft(category="发票", body="专票请联系财务", questions=("能开专票吗",)))
    assert suggest.suggest("要开专票", limit=1)[0][0].id == second.id
    suggest.change_questions(second.id, remove=["能开专票吗"], add=["增值税发票"])
    assert suggest.suggest("增值税发票可以吗", limit=1)[0][0].id == second.id
    phrases.delete(second.id)
    assert [p.id for p, _ in suggest.suggest("增值税发票可以吗")] == [first.id]


def test_update_replaces_the_questions_and_keeps_the_source_of_those_kept(phrases: PhraseService,
                                                                            suggest: SuggestService) -> None:
    phrase = phrases.add(PhraseDraft(category="c", body="b", questions=("a", "b")))
    suggest.learn("learned one", phrase.id)
    phrases.update(phrase.id, questions=["learned one", " c  d ", "a"])
    assert _texts(suggest, phrase.id) == [("a", "pack"), ("learned one", "learned"), ("c d", "pack")]
    with pytest.raises(UserError, match="empty"):
        phrases.update(phrase.id, questions=["x", "  "])
    assert [t for t, _s in _texts(suggest, phrase.id)] == ["a", "learned one", "c d"]


def test_undoing_a_delete_brings_the_questions_back(phrases: PhraseService, suggest: SuggestService) -> None:
    phrase = phrases.add(PhraseDraft(category="c", body="b", questions=("a", "b")))
    suggest.learn("picked", phrase.id)
    before = _texts(suggest, phrase.id)
    phrases.restore(phrases.delete(phrase.id))
    assert _texts(suggest, phrase.id) == before
    snapshot = phrases.delete_category(phrase.category_id)
    phrases.restore_category(snapshot)
    assert _texts(suggest, phrase.id) == before


def test_a_paste_does_not_rebuild_the_index_but_a_change_elsewhere_does(empty_session: Session,
                                                                         phrases: PhraseService,
                                                                         suggest: SuggestService) -> None:
    phrase = phrases.add(PhraseDraft(category="c", body="满59包邮", questions=("包邮吗",)))
    other = phrases.add(PhraseDraft(category="c", body="48小时发货"))
    assert suggest.suggest("包邮不")[0][0].id == phrase.id
    built = suggest._index
    phrases.record_use(phrase.id)  # every paste counts a use: the ranking texts are the same
    suggest.suggest("包邮不")
    assert suggest._index is built
    elsewhere = open_session(empty_session.data_dir, seed=False)  # e.g. the CLI, in another process
    try:
        SuggestService(elsewhere).add_question(other.id, "几号寄出")
    finally:
        elsewhere.close()
    assert suggest._index is built
    assert empty_session.changes.check_external()  # what the app does when another process commits
    assert suggest.suggest("几号寄出")[0][0].id == other.id


def test_learning_a_pick_updates_the_index_without_a_rebuild(phrases: PhraseService,
                                                              suggest: SuggestService) -> None:
    first = phrases.add(PhraseDraft(category="c", body="满59包邮", questions=("包邮吗",)))
    second = phrases.add(PhraseDraft(category="c", body="48小时发货", questions=("几天发货",)))
    suggest.suggest("包邮吗")
    built = suggest._index
    assert suggest.learn("偏远地区包邮吗", second.id)
    phrases.record_use(second.id)  # the paste that follows the pick
    assert suggest.suggest("偏远地区包邮吗 ", limit=1)[0][0].id == second.id
    assert suggest.suggest("包邮吗", limit=1)[0][0].id == first.id
    assert suggest._index is built
