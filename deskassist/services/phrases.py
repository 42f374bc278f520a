"""Phrase library use cases: categories, phrases, search, use counting, rendering, the default pack.

The UI and the CLI both go through PhraseService, so validation (UserError), undo snapshots and the one
short transaction per write live in one place instead of in every window and command.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.mentions import bare_nick
from deskassist.core.models import Category, Phrase, PhraseDraft, Question
from deskassist.core.pinyin import pinyin_keys
from deskassist.core.search import PhraseIndex
from deskassist.core.templating import RenderContext, empty_placeholders, plain_text
from deskassist.core.templating import render as render_template
from deskassist.i18n import _
from deskassist.services.agents import AgentIds
from deskassist.services.changes import Change
from deskassist.services.customers import shop_address
from deskassist.services.questions import check_question
from deskassist.storage.customers_repo import CustomersRepo
from deskassist.storage.database import connect, written
from deskassist.storage.phrases_repo import PhrasesRepo, RevisionMark
from deskassist.storage.questions_repo import QuestionsRepo
from deskassist.storage.team_repo import team_phrase_read_only

if TYPE_CHECKING:
    from deskassist.services.session import Session

TITLE_FROM_BODY_CHARS = 12
MAX_BODY_CHARS = 5000
MAX_TITLE_CHARS = 200
MAX_CATEGORY_CHARS = 100
MAX_CODE_CHARS = 32
DEFAULT_PACK = "default_phrases.json"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_log = log.get("db")


@dataclass
class CategorySnapshot:
    """A deleted category with its phrases, enough to put everything back (undo)."""

    category: Category
    phrases: list[Phrase] = field(default_factory=list)


def derive_title(body: str) -> str:
    """A title for a phrase that has none: the first non-empty line of its own words (no placeholders or
    fill-ins, see templating.plain_text), cut to a glanceable length."""
    return _first_line(plain_text(body))


def _raw_title(body: str) -> str:
    """The automatic title before plain_text: a phrase titled so still follows its body."""
    return _first_line(body)


def _first_line(body: str) -> str:
    for line in body.splitlines():
        line = " ".join(line.split())
        if line:
            return line[:TITLE_FROM_BODY_CHARS].rstrip()
    return ""


def _drop_controls(text: str) -> str:
    return _CONTROL_CHARS.sub("", text)


def normalise_body(body: str) -> str:
    """Line endings as \\n, no control characters, no surrounding blank space (what is stored and exported)."""
    return _drop_controls(body.replace("\r\n", "\n").replace("\r", "\n")).strip()


def normalise_title(title: str) -> str:
    """One line, single spaces, no control characters (titles and category names)."""
    return " ".join(_drop_controls(title).split())


def normalise_code(code: str | None) -> str | None:
    code = (code or "").strip()
    return code or None


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_pinned(value: Any) -> int | None:
    """None/''/'none' -> None; 1..9 (int, 3.0, text '3' or full-width '３') -> int; anything else -> UserError."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return None
    slot: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        slot = value
    elif isinstance(value, float) and value.is_integer():
        slot = int(value)
    elif isinstance(value, str):
        digits = value.strip().translate(_FULL_WIDTH_DIGITS)
        if digits.isascii() and digits.isdigit() and len(digits) <= 2:  # not "³" (isdigit, yet int() fails)
            slot = int(digits)
    if slot is None or not 1 <= slot <= 9:
        shown = " ".join(str(value).split())
        shown = shown if len(shown) <= 20 else shown[:20] + "…"
        raise UserError(_("A pinned slot is a number from 1 to 9, not {value}").format(value=shown))
    return slot


def check_fields(category: str, title: str, body: str, code: str | None, pinned: Any) -> int | None:
    """Raise UserError for a value no phrase may have (conflicts aside); returns pinned as int or None."""
    if not category:
        raise UserError(_("A phrase needs a category"))
    if len(category) > MAX_CATEGORY_CHARS:
        raise UserError(_("The category name is longer than {limit} characters").format(limit=MAX_CATEGORY_CHARS))
    if not body:
        raise UserError(_("The phrase text is empty"))
    if len(body) > MAX_BODY_CHARS:
        raise UserError(_("The phrase text is longer than {limit} characters").format(limit=MAX_BODY_CHARS))
    if len(title) > MAX_TITLE_CHARS:
        raise UserError(_("The title is longer than {limit} characters").format(limit=MAX_TITLE_CHARS))
    if code is not None:
        if len(code) > MAX_CODE_CHARS:
            raise UserError(_("The code is longer than {limit} characters").format(limit=MAX_CODE_CHARS))
        if any(ch.isspace() or not ch.isprintable() for ch in code):
            raise UserError(_("A code cannot contain spaces: {code}").format(code=code))
    return parse_pinned(pinned)


PATCH_MOST = 128  # more changed phrases than this: the index is built anew (on the worker) rather than patched
# on the GUI thread, where each moved phrase costs ~0.3 ms at 100,000 phrases (benchmarks/external_change.py)


@dataclass
class BuiltIndex:
    """A search index and the revision of the library it was read at (to catch up from when adopted)."""

    index: PhraseIndex
    mark: RevisionMark


class SharedPhraseIndex:
    """The search index of one session, shared by its PhraseService objects and kept current by the change
    feed. Every write, ours or another process's, is followed phrase by phrase: the phrases' revision
    numbers (kept by triggers) tell which ones changed since the index was read, so a write that touched
    no phrase costs one index lookup. Only a change too big to patch (an import, a restore) builds anew:
    in the app on a worker thread while the current index keeps answering (`rebuild`), else at once."""

    def __init__(self, session: Session) -> None:
        self._repo = PhrasesRepo(session.db)
        self.index: PhraseIndex | None = None
        self.mark: RevisionMark | None = None  # what the index reflects
        self.stale = False  # the index lags behind a big change; a full build is on its way
        self.rebuild: Callable[[], None] | None = None  # the app's worker-thread build of the full index
        session.changes.subscribe(self._changed)

    def get(self) -> PhraseIndex:
        """The index; without one, a quick one without the inverted part (a tenth of the build time: right for
        a one-off search; the app builds the full one on a worker thread and adopts it)."""
        if self.index is None or (self.stale and self.rebuild is None):
            with self._repo.snapshot():
                mark = self._repo.revision_mark()
                self.index = PhraseIndex(self._repo.iter_for_index(), grams=False)
            self.mark, self.stale = mark, False
        return self.index

    def adopt(self, built: BuiltIndex) -> bool:
        """Use an index built elsewhere after catching it up with the writes since it was read; False when
        they were too many (the caller builds again, this index answers meanwhile)."""
        self.index, self.mark, self.stale = built.index, built.mark, False
        if built.mark.lineage:  # else a file without revision numbers: as read, nothing to follow
            self.follow()
        return not self.stale

    def follow(self) -> None:
        """Patch in the phrases written or deleted since the index was read (cheap when none)."""
        if self.index is None or self.mark is None:
            return
        if not self.mark.lineage:  # no revision numbers in the file (read-only, damaged): build anew
            self.index, self.mark = None, None
            return
        changes = self._repo.changed_since(self.mark, PATCH_MOST)
        if changes is None:
            self._too_big()
            return
        self.index.apply(changes.written, changes.deleted)
        self.mark = changes.mark

    def _too_big(self) -> None:
        if self.index is not None and self.index.has_grams and self.rebuild is not None:
            if not self.stale:
                self.stale = True
                self.rebuild()
        else:
            self.index, self.mark = None, None

    def _changed(self, change: Change) -> None:
        if change.touches("phrases", "categories") and not self.stale:
            self.follow()


class PhraseService:
    """Rules of the phrase library on top of PhrasesRepo; searches the session's shared index."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._repo = PhrasesRepo(session.db)
        self._deleted_questions: dict[int, list[Question]] = {}  # put back by restore (undo of a delete)

    # plumbing
    def _changed(self, kind: str, ids: Collection[int] | None = None) -> None:
        self._session.changes.publish(kind, ids)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many writes in one transaction: all or none; the feed hears of them together after the commit."""
        with self._repo.atomic():
            yield

    def _now(self) -> str:
        return stamp(self._session.clock.now())

    # categories
    def categories(self) -> list[Category]:
        return self._repo.categories()

    def category(self, category_id: int) -> Category:
        found = self._repo.category(category_id)
        if found is None:
            raise UserError(_("There is no category with id {id}").format(id=category_id))
        return found

    def _valid_category_name(self, name: str, category_id: int | None) -> str:
        name = normalise_title(name)
        if not name:
            raise UserError(_("A category needs a name"))
        if len(name) > MAX_CATEGORY_CHARS:
            raise UserError(_("The category name is longer than {limit} characters").format(limit=MAX_CATEGORY_CHARS))
        other = self._repo.category_by_name(name)
        if other and other.id != category_id:
            raise UserError(_("There is already a category named {name}").format(name=name))
        return name

    def add_category(self, name: str) -> Category:
        name = self._valid_category_name(name, None)
        with self._repo.atomic():
            created = self._repo.insert_category(name)
            self._changed("categories", [created.id])
        return created

    def _category_for(self, name: str) -> Category:
        """The category of that name, created (last in order) when absent."""
        return self._repo.category_by_name(name) or self._repo.insert_category(name)

    def rename_category(self, category_id: int, name: str) -> Category:
        current = self.category(category_id)
        name = self._valid_category_name(name, category_id)
        with self._repo.atomic():
            self._repo.rename_category(category_id, name)
            self._changed("categories", [category_id])
        return Category(current.id, name, current.position)

    def move_category(self, category_id: int, position: int) -> None:
        """Put the category at position (0 = first) and renumber the others."""
        self.category(category_id)
        order = [c.id for c in self._repo.categories() if c.id != category_id]
        order.insert(max(0, min(position, len(order))), category_id)
        with self._repo.atomic():
            self._repo.set_category_order(order)
            self._changed("categories", order)

    def delete_category(self, category_id: int) -> CategorySnapshot:
        """Delete a category and its phrases; the snapshot puts them back (restore_category)."""
        snapshot = CategorySnapshot(self.category(category_id), self._repo.phrases(category_id))
        for phrase in snapshot.phrases:
            self._keep_questions(phrase.id)
        with self._repo.atomic():
            self._repo.delete_category(category_id)
            self._changed("categories", [category_id])
            self._changed("phrases", [phrase.id for phrase in snapshot.phrases])
        log.event(_log, "category_deleted", category_id=category_id, phrases=len(snapshot.phrases))
        return snapshot

    def restore_category(self, snapshot: CategorySnapshot) -> None:
        """Undo delete_category: the same category (id, name, position) and phrases (ids, uses) again."""
        category = snapshot.category
        if self._repo.category(category.id) or self._repo.category_by_name(category.name):
            raise UserError(_("There is already a category named {name}").format(name=category.name))
        for phrase in snapshot.phrases:
            self._check_free(phrase.code, phrase.pinned, None)
        keys = [self._search_keys(phrase.title, phrase.body) for phrase in snapshot.phrases]
        with self._repo.atomic():
            self._repo.insert_category(category.name, category.position, category.id)
            for phrase, phrase_keys in zip(snapshot.phrases, keys, strict=True):
                self._reinsert(phrase, category.id, phrase_keys)
            self._changed("categories", [category.id])
            self._changed("phrases", [phrase.id for phrase in snapshot.phrases])

    # phrases
    def count(self) -> int:
        return self._repo.count()

    def list(self, category: str | None = None) -> list[Phrase]:
        """All phrases in category order (optionally of one category, by name)."""
        if category is None:
            return self._repo.phrases()
        found = self._repo.category_by_name(normalise_title(category))
        if found is None:
            raise UserError(_("There is no category named {name}").format(name=category))
        return self._repo.phrases(found.id)

    def get(self, phrase_id: int) -> Phrase:
        found = self._repo.phrase(phrase_id)
        if found is None:
            raise UserError(_("There is no phrase with id {id}").format(id=phrase_id))
        return found

    def by_pinned(self, slot: int) -> Phrase | None:
        return self._repo.phrase_by_pinned(slot)

    def by_code(self, code: str) -> Phrase | None:
        return self._repo.phrase_by_code(code)

    def _check_free(self, code: str | None, pinned: int | None, phrase_id: int | None) -> None:
        if code is not None:
            other = self._repo.phrase_by_code(code)
            if other and other.id != phrase_id:
                raise UserError(_("The code {code} is already used by phrase {id} ({title})").format(
                    code=code, id=other.id, title=other.title))
        if pinned is not None:
            other = self._repo.phrase_by_pinned(pinned)
            if other and other.id != phrase_id:
                raise UserError(_("Pinned slot {slot} is already taken by phrase {id} ({title})").format(
                    slot=pinned, id=other.id, title=other.title))

    @staticmethod
    def _search_keys(title: str, body: str) -> dict[str, str]:
        title_pinyin, title_initials = pinyin_keys(title)
        body_pinyin, body_initials = pinyin_keys(body)
        return {"title_pinyin": title_pinyin, "title_initials": title_initials,
                "body_pinyin": body_pinyin, "body_initials": body_initials}

    def _prepared(self, draft: PhraseDraft) -> dict[str, Any]:
        """A checked row with its search keys, computed before any transaction (pinyin takes a while)."""
        category = normalise_title(draft.category)
        body = normalise_body(draft.body)
        title = normalise_title(draft.title) or derive_title(body)
        code = normalise_code(draft.code)
        pinned = check_fields(category, title, body, code, draft.pinned)
        groups = tuple(g.strip() for g in draft.groups if g.strip())
        return {"category": category, "title": title, "body": body, "code": code, "pinned": pinned,
                "groups": groups, **self._search_keys(title, body)}

    def _insert_prepared(self, row: dict[str, Any], now: str) -> int:
        """Inside a transaction: the conflict checks and the insert (short: no pinyin here)."""
        self._check_free(row["code"], row["pinned"], None)
        fields = dict(row)
        category_row = self._category_for(fields.pop("category"))
        return self._repo.insert_phrase({**fields, "category_id": category_row.id, "created": now, "updated": now})

    def add(self, draft: PhraseDraft) -> Phrase:
        row = self._prepared(draft)
        with self._repo.atomic():
            new_category = self._repo.category_by_name(row["category"]) is None
            phrase_id = self._insert_prepared(row, self._now())
            if new_category:
                self._changed("categories", [written(self._repo.category_by_name(row["category"])).id])
            questions = [" ".join(q.split()) for q in draft.questions if q.strip()]
            if questions:
                QuestionsRepo(self._session.db).insert(phrase_id, questions, "pack", self._now())
                self._changed("questions", [phrase_id])
            self._changed("phrases", [phrase_id])
        log.event(_log, "phrase_added", phrase_id=phrase_id)
        return self.get(phrase_id)

    def add_many(self, categories: Collection[str], drafts: Collection[PhraseDraft],
                 questions_for_existing: Mapping[int, Collection[str]] | None = None) -> int:
        """New categories and phrases (and new questions of phrases already there, as an imported pack brings
        them), all or none: keys computed first, then one short transaction."""
        rows = [self._prepared(draft) for draft in drafts]
        now = self._now()
        with self.batch():
            for name in categories:
                if self._repo.category_by_name(normalise_title(name)) is None:
                    self._repo.insert_category(self._valid_category_name(name, None))
            questions = QuestionsRepo(self._session.db)
            for draft, row in zip(drafts, rows, strict=True):
                phrase_id = self._insert_prepared(row, now)
                texts = [" ".join(q.split()) for q in draft.questions if q.strip()]
                if texts:
                    questions.insert(phrase_id, texts, "pack", now)
            for phrase_id, more in (questions_for_existing or {}).items():
                questions.insert(phrase_id, more, "pack", now)
            for kind in ("categories", "phrases", "questions"):
                self._changed(kind)
        return len(rows)

    def update(self, phrase_id: int, **changes: Any) -> Phrase:
        """Change some of category/title/body/code/pinned/groups/questions (the full list of example questions).

        title="" derives the title from the body; a title derived before follows a changed body.
        """
        unknown = set(changes) - {"category", "title", "body", "code", "pinned", "groups", "questions"}
        if unknown:
            raise TypeError(f"cannot change {sorted(unknown)}")
        current = self.get(phrase_id)
        self._check_not_team(phrase_id)
        category = normalise_title(changes.get("category", current.category) or "")
        body = normalise_body(changes.get("body", current.body) or "")
        if "title" not in changes and current.title in (derive_title(current.body), _raw_title(current.body)):
            changes["title"] = ""  # a title that was derived from the body follows the new body
        title = normalise_title(changes.get("title", current.title) or "") or derive_title(body)
        code = normalise_code(changes["code"]) if "code" in changes else current.code
        pinned = check_fields(category, title, body, code, changes.get("pinned", current.pinned))
        groups = tuple(g.strip() for g in changes.get("groups", current.groups) if g.strip())
        keys = self._search_keys(title, body)
        questions = None
        if "questions" in changes:
            questions = [check_question(q) for q in changes["questions"]]
        with self._repo.atomic():
            self._check_free(code, pinned, phrase_id)
            if questions is not None:
                QuestionsRepo(self._session.db).replace(phrase_id, questions, self._now())
            category_row = self._category_for(category)
            self._repo.update_phrase(phrase_id, {
                "category_id": category_row.id, "title": title, "body": body, "code": code, "pinned": pinned,
                "groups": groups, "updated": self._now(), **keys})
            self._changed("phrases", [phrase_id])
            if questions is not None:
                self._changed("questions", [phrase_id])
            if category_row.name != current.category:
                self._changed("categories", [category_row.id, current.category_id])
        log.event(_log, "phrase_updated", phrase_id=phrase_id)
        return self.get(phrase_id)

    def _keep_questions(self, phrase_id: int) -> None:
        """The questions go with the phrase (ON DELETE CASCADE); keep them for an undo."""
        self._deleted_questions[phrase_id] = self.question_rows(phrase_id)

    def read_only(self, phrase_id: int) -> bool:
        """A team phrase on an agent's desk: the shop's standard, shown but not changed here."""
        return team_phrase_read_only(self._session.db, phrase_id)

    def _check_not_team(self, phrase_id: int) -> None:
        """Team mode: the shop's standard phrases are read-only on an agent's desk (the server refuses too)."""
        if team_phrase_read_only(self._session.db, phrase_id):
            raise UserError(_("Phrase {id} is one of the shop's standard phrases (team): only a supervisor can "
                              "change or delete it.").format(id=phrase_id))

    def delete(self, phrase_id: int) -> Phrase:
        phrase = self.get(phrase_id)
        self._check_not_team(phrase_id)
        self._keep_questions(phrase_id)
        with self._repo.atomic():
            self._repo.delete_phrase(phrase_id)
            self._changed("phrases", [phrase_id])
        log.event(_log, "phrase_deleted", phrase_id=phrase_id)
        return phrase

    def restore(self, phrase: Phrase) -> Phrase:
        """Undo delete(): the phrase comes back with its id, uses and dates (its category too if gone)."""
        if self._repo.phrase(phrase.id):
            raise UserError(_("Phrase {id} exists already").format(id=phrase.id))
        keys = self._search_keys(phrase.title, phrase.body)
        with self._repo.atomic():
            self._check_free(phrase.code, phrase.pinned, None)
            category = self._repo.category(phrase.category_id)
            if category is None or category.name != phrase.category:
                category = self._category_for(phrase.category)
            self._reinsert(phrase, category.id, keys)
            self._changed("phrases", [phrase.id])
            self._changed("categories", [category.id])
        return self.get(phrase.id)

    def _reinsert(self, phrase: Phrase, category_id: int, keys: dict[str, str]) -> None:
        self._repo.insert_phrase({
            "category_id": category_id, "title": phrase.title, "body": phrase.body, "code": phrase.code,
            "pinned": phrase.pinned, "uses": phrase.uses, "last_used": phrase.last_used,
            "created": phrase.created, "updated": phrase.updated, "groups": phrase.groups,
            **keys}, phrase_id=phrase.id)
        questions = QuestionsRepo(self._session.db)
        for question in self._deleted_questions.pop(phrase.id, ()):
            questions.insert(phrase.id, [question.text], question.source, question.created)

    def search(self, query: str, limit: int = 50, groups: Collection[str] = ()) -> builtins.list[Phrase]:
        """Best matches first (core.search), through the session's shared index (kept current by the feed).
        The index holds no phrases: those it ranks are read here as they are now (one deleted meanwhile is
        left out; one edited by another process shows its current text until the feed patches the index)."""
        return self._repo.phrases_by_ids(self._shared_index().get().search(query, limit=limit, groups=groups))

    def _shared_index(self) -> SharedPhraseIndex:
        return self._session.shared(SharedPhraseIndex)

    def title_initials(self, phrase_id: int) -> str:
        """A title's pinyin initials (to highlight what a query matched): from the index, else storage."""
        index = self._shared_index().index
        if index is not None:
            return index.title_initials(phrase_id)
        keys = self._repo.search_keys(phrase_id)
        return keys.title_initials if keys is not None else ""

    def index_builder(self) -> Callable[[], BuiltIndex]:
        """A function building the full search index on ANOTHER thread through its own connection; hand what
        it returns to adopt_index on this thread."""
        path = self._session.db.path

        def build() -> BuiltIndex:
            db = connect(path)
            try:
                repo = PhrasesRepo(db)
                with repo.snapshot():
                    return BuiltIndex(PhraseIndex(repo.iter_for_index()), repo.revision_mark())
            finally:
                db.conn.close()

        return build

    def adopt_index(self, built: BuiltIndex) -> bool:
        """Use an index built by index_builder's function, caught up with the writes since it was read; False
        when they were too many to patch (build again). While adopted, zero-hit queries never scan."""
        return self._shared_index().adopt(built)

    def needs_full_index(self) -> bool:
        """No index yet, only the quick one built without the inverted index, or one that lags behind a change
        too big to patch (an import, a restore)."""
        shared = self._shared_index()
        return shared.index is None or not shared.index.has_grams or shared.stale

    def drop_stale_index(self) -> None:
        """Give up on an index that fell too far behind: the next search builds the quick one at once."""
        shared = self._shared_index()
        if shared.stale:
            shared.index, shared.mark, shared.stale = None, None, False

    def rebuild_full_index_with(self, rebuild: Callable[[], None] | None) -> None:
        """The app's way to build the full index off the main thread: after a change too big to patch the
        current index keeps answering until rebuild() has built the next (None: build at once, as the CLI)."""
        self._shared_index().rebuild = rebuild

    def record_use(self, phrase_id: int, agent: str = "") -> None:
        """Count one paste: uses + 1, last used now, and a phrase_uses row for the daily figures."""
        phrase = self.get(phrase_id)
        with self._repo.atomic():
            self._repo.record_use(phrase_id, phrase.category, AgentIds(self._session).for_writing(agent or None),
                                  self._now())
            self._changed("phrases", [phrase_id])
        log.event(log.get("paste"), "phrase_used", phrase_id=phrase_id)

    def question_rows(self, phrase_id: int) -> builtins.list[Question]:
        """A phrase's example buyer questions with their source (pack or learned), in the order added."""
        return QuestionsRepo(self._session.db).of_phrase(phrase_id)

    def questions(self) -> dict[int, builtins.list[str]]:
        """The example buyer questions (问法) of every phrase that has some, by phrase id (export)."""
        found: dict[int, list[str]] = {}
        for question in QuestionsRepo(self._session.db).all():
            found.setdefault(question.phrase_id, []).append(question.text)
        return found

    def uses(self, phrase_id: int | None = None) -> builtins.list[dict[str, Any]]:
        """The use log (phrase_id, category, agent, at), oldest first."""
        return self._repo.uses(phrase_id)

    # rendering
    def context(self, buyer: str = "", fills: Mapping[str, str] | None = None, clipboard: str = "") -> RenderContext:
        """Values for rendering; buyer is a nickname, {客户} gets that buyer's form of address (称呼)."""
        settings = self._session.settings
        return RenderContext(
            agent=settings.get("agent.name"), agent_id=settings.get("agent.id"), shop=settings.get("shop.name"),
            buyer=self._address(buyer), now=self._session.clock.now(), clipboard=clipboard,
            fills=dict(fills or {}))

    def _address(self, nick: str) -> str:
        customer = CustomersRepo(self._session.db).by_nick(bare_nick(nick)) if nick else None
        if customer is not None and customer.salutation:
            return customer.salutation
        return shop_address(self._session.settings.get("buyer.salutation"), bare_nick(nick) if nick else "")

    def render(self, phrase_id: int, buyer: str = "", fills: Mapping[str, str] | None = None,
               clipboard: str = "") -> str:
        return render_template(self.get(phrase_id).body, self.context(buyer, fills, clipboard))

    def empty_placeholders(self, body: str, buyer: str = "", clipboard: str = "") -> builtins.list[str]:
        """For the picker's and editor's warning: which placeholders are not set (agent name, shop, buyer ...)
        where no optional segment covers them, so the text would read 「您好，这里是，我是客服～」."""
        return empty_placeholders(body, self.context(buyer, None, clipboard))


def load_default_pack() -> dict[str, Any]:
    """The default pack as shipped: {"categories": [...], "phrases": [{category, title, body, code, pinned}]}."""
    text = resources.files("deskassist.resources").joinpath(DEFAULT_PACK).read_text(encoding="utf-8")
    return json.loads(text)


def seed_default_pack(session: Session) -> int:
    """First run: fill an empty library with the default pack; returns how many phrases were added."""
    service = PhraseService(session)
    if service.count():
        return 0
    pack = load_default_pack()
    service.add_many(pack.get("categories", []), [
        PhraseDraft(category=item["category"], body=item["body"], title=item.get("title", ""),
                    code=item.get("code"), pinned=item.get("pinned"),
                    questions=tuple(item.get("questions", ()))) for item in pack["phrases"]])
    log.event(_log, "default_pack_seeded", phrases=len(pack["phrases"]))
    return len(pack["phrases"])
