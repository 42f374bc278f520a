"""PhrasesRepo on a real SQLite file: rows in, dataclasses out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deskassist.storage.agents_repo import AgentsRepo
from deskassist.storage.database import open_database
from deskassist.storage.phrases_repo import PhrasesRepo


@pytest.fixture
def repo(tmp_path: Path) -> PhrasesRepo:
    db = open_database(tmp_path / "deskassist.db")
    yield PhrasesRepo(db)
    db.close()


def _values(category_id: int, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {"category_id": category_id, "title": "发货时间", "body": "付款后48小时内发货",
                                 "created": "2026-11-22 10:00:00", "updated": "2026-11-22 10:00:00"}
    values.update(extra)
    return values


def test_a_phrase_comes_back_as_it_was_written(repo: PhrasesRepo) -> None:
    category = repo.insert_category("发货")
    phrase_id = repo.insert_phrase(_values(category.id, code="fh", pinned=2, groups=("vip", "buyer"),
                                           title_pinyin="fahuoshijian", title_initials="fhsj"))
    phrase = repo.phrase(phrase_id)
    assert (phrase.category, phrase.title, phrase.code, phrase.pinned, phrase.groups) == (
        "发货", "发货时间", "fh", 2, ("vip", "buyer"))
    assert (phrase.uses, phrase.last_used) == (0, None)
    assert repo.search_keys(phrase_id)[:2] == ("fahuoshijian", "fhsj")  # the keys stay in storage
    assert repo.phrase_by_code("fh").id == phrase_id
    assert repo.phrase_by_pinned(2).id == phrase_id
    assert repo.phrase(phrase_id + 1) is None


def test_categories_keep_their_order_and_phrases_follow_it(repo: PhrasesRepo) -> None:
    first = repo.insert_category("问候")
    second = repo.insert_category("告别")
    repo.insert_phrase(_values(second.id, title="再见"))
    repo.insert_phrase(_values(first.id, title="你好"))
    assert [c.name for c in repo.categories()] == ["问候", "告别"]
    repo.set_category_order([second.id, first.id])
    assert [c.name for c in repo.categories()] == ["告别", "问候"]
    assert [p.title for p in repo.phrases()] == ["再见", "你好"]
    assert [p.title for p in repo.phrases(first.id)] == ["你好"]


def test_deleting_a_category_deletes_its_phrases(repo: PhrasesRepo) -> None:
    category = repo.insert_category("催付")
    repo.insert_phrase(_values(category.id))
    repo.delete_category(category.id)
    assert repo.phrases() == [] and repo.count() == 0


def test_the_database_refuses_duplicate_codes_and_slots(repo: PhrasesRepo) -> None:
    category = repo.insert_category("发货")
    repo.insert_phrase(_values(category.id, code="fh", pinned=1))
    with pytest.raises(sqlite3.IntegrityError):
        repo.insert_phrase(_values(category.id, code="fh"))
    with pytest.raises(sqlite3.IntegrityError):
        repo.insert_phrase(_values(category.id, pinned=1))


def test_record_use_counts_and_logs(repo: PhrasesRepo) -> None:
    category = repo.insert_category("发货")
    phrase_id = repo.insert_phrase(_values(category.id))
    xiaomei = AgentsRepo(repo._db).insert("小美", "", "2026-11-22 09:00:00")
    repo.record_use(phrase_id, "发货", xiaomei, "2026-11-22 10:05:00")
    repo.record_use(phrase_id, "发货", xiaomei, "2026-11-22 10:06:00")
    phrase = repo.phrase(phrase_id)
    assert (phrase.uses, phrase.last_used) == (2, "2026-11-22 10:06:00")
    assert repo.uses(phrase_id)[0] == {"phrase_id": phrase_id, "category": "发货", "agent": "小美",
                                       "at": "2026-11-22 10:05:00", "agent_id": xiaomei}
    repo.delete_phrase(phrase_id)
    assert [u["phrase_id"] for u in repo.uses()] == [None, None]  # the figures survive the phrase


def test_unknown_columns_are_a_programming_error(repo: PhrasesRepo) -> None:
    category = repo.insert_category("发货")
    with pytest.raises(ValueError):
        repo.insert_phrase(_values(category.id, colour="red"))


def test_phrases_by_ids_keep_the_order_given_and_leave_out_the_missing(repo: PhrasesRepo) -> None:
    """The search index ranks ids; the phrases are read in that order, however many."""
    category = repo.insert_category("发货")
    with repo.atomic():
        ids = [repo.insert_phrase(_values(category.id, title=f"第{n}句")) for n in range(1200)]
    repo.delete_phrase(ids[700])
    wanted = [*ids[::-1], 99_999]  # 1,201 ids: one deleted, one never there
    found = repo.phrases_by_ids(wanted)
    assert [p.id for p in found] == [i for i in ids[::-1] if i != ids[700]]
    assert found[0].title == "第1199句" and found[-1].title == "第0句"
    assert repo.phrases_by_ids([ids[5], ids[3]])[1].title == "第3句" and repo.phrases_by_ids([]) == []


def test_phrases_by_ids_is_one_statement_whatever_the_count(repo: PhrasesRepo, monkeypatch) -> None:
    """A statement per result count (IN (?,?,...)) fills the connection's statement cache: 1.2 MB after 200."""
    category = repo.insert_category("发货")
    ids = [repo.insert_phrase(_values(category.id, title=f"第{n}句")) for n in range(60)]
    texts: set[str] = set()
    execute = repo._db.execute
    monkeypatch.setattr(repo._db, "execute", lambda sql, *args: texts.add(sql) or execute(sql, *args))
    assert [len(repo.phrases_by_ids(ids[:count])) for count in (1, 7, 60)] == [1, 7, 60]
    assert len(texts) == 1
