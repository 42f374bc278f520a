"""Suggested replies: the example buyer questions (问法) of phrases, learning from picks, and ranking.

Building the index is slow for big libraries, so the service hands out a snapshot to build on a worker
thread and adopts the result only if the library has not changed in the meantime.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskassist import log
from deskassist.core.clock import stamp
from deskassist.core.errors import UserError
from deskassist.core.models import Phrase, Question
from deskassist.core.suggest import LEARNED, QUESTION, Example, SuggestIndex, Suggestion, phrase_examples
from deskassist.i18n import _
from deskassist.services.changes import Change
from deskassist.services.phrases import PhraseService
from deskassist.services.questions import MAX_QUESTION_CHARS, check_question, normalise_question
from deskassist.storage.questions_repo import QuestionsRepo

if TYPE_CHECKING:
    from deskassist.services.session import Session

PACK = "pack"
LEARNED_SOURCE = "learned"
_log = log.get("db")


@dataclass
class IndexSource:
    """The texts of a library at one moment, enough to build its suggestion index on any thread."""

    signature: tuple[object, ...]
    examples: list[Example]


class SuggestService:
    """Questions per phrase and the suggestion index, kept in step with the phrase library."""

    def __init__(self, session: Session, phrases: PhraseService | None = None) -> None:
        self._session = session
        self._phrases = phrases or PhraseService(session)
        self._repo = QuestionsRepo(session.db)
        self._index: SuggestIndex | None = None
        self._signature: tuple[object, ...] = ()
        self._stale = False
        session.changes.subscribe(self._library_changed)

    def _library_changed(self, change: Change) -> None:
        if change.touches("phrases", "categories", "questions"):
            self.reload()

    def reload(self) -> None:
        """The library changed (here or in another process): the next suggest() checks whether the texts it
        ranks by changed and only then builds the index again."""
        self._stale = True

    def questions(self, phrase_id: int) -> list[Question]:
        self._phrases.get(phrase_id)
        return self._repo.of_phrase(phrase_id)

    def add_question(self, phrase_id: int, text: str) -> bool:
        """Add an example question to a phrase; False when the phrase had it already."""
        text = check_question(text)
        self._phrases.get(phrase_id)
        return self._insert(phrase_id, text, PACK)

    def remove_question(self, phrase_id: int, text: str) -> None:
        self._phrases.get(phrase_id)
        with self._session.db.atomic():
            removed = self._repo.delete(phrase_id, normalise_question(text))
            if removed:
                self._session.changes.publish("questions", [phrase_id])
        if not removed:
            raise UserError(_("Phrase {id} has no question {text}").format(id=phrase_id, text=text))
        log.event(_log, "question_removed", phrase_id=phrase_id)
        self._index = None

    def change_questions(self, phrase_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[bool]:
        """Remove then add questions in one transaction: every one checked first, so one bad entry changes
        nothing. Returns, per added question, whether it was new."""
        self._phrases.get(phrase_id)
        additions = [check_question(text) for text in add]
        known = {q.text for q in self._repo.of_phrase(phrase_id)}
        remove = list(remove)
        removals = [normalise_question(text) for text in remove]
        for original, text in zip(remove, removals, strict=True):
            if text not in known:
                raise UserError(_("Phrase {id} has no question {text}").format(id=phrase_id, text=original))
        now = stamp(self._session.clock.now())
        with self._session.db.atomic():
            for text in removals:
                self._repo.delete(phrase_id, text)
            added = [self._repo.insert(phrase_id, [text], PACK, now) > 0 for text in additions]
            self._session.changes.publish("questions", [phrase_id])
        log.event(_log, "questions_changed", phrase_id=phrase_id, added=sum(added), removed=len(removals))
        self._index = None
        return added

    def learn(self, message: str, phrase_id: int) -> bool:
        """The agent answered message with phrase_id: keep the message as a learned example of that phrase
        (and of no other: the latest pick wins), so the next similar message ranks it first. False when there
        was nothing new to learn."""
        text = normalise_question(message)[:MAX_QUESTION_CHARS]
        if not text:
            return False
        self._phrases.get(phrase_id)
        with self._session.db.atomic():  # the latest pick wins: the message leaves the phrases picked before
            others = self._repo.delete_learned_elsewhere(phrase_id, text)
            added = self._insert(phrase_id, text, LEARNED_SOURCE)
        if others:
            log.event(_log, "learned_moved", phrase_id=phrase_id, others=len(others))
            if self._index is not None and not self._stale:
                for other in others:
                    self._index.drop(other, text)
                self._signature = self._repo.library_signature()
            else:
                self._index = None
        return added or bool(others)

    def _insert(self, phrase_id: int, text: str, source: str) -> bool:
        with self._session.db.atomic():
            added = self._repo.insert(phrase_id, [text], source, stamp(self._session.clock.now())) > 0
        if added:
            log.event(_log, "question_added", phrase_id=phrase_id, source=source)
            if self._index is not None and not self._stale:  # one more example: no rebuild (big libraries)
                self._index.add(Example(phrase_id, text, LEARNED if source == LEARNED_SOURCE else QUESTION))
                self._signature = self._repo.library_signature()
            else:
                self._index = None
            self._session.changes.publish("questions", [phrase_id])  # after the index took it: no rebuild
        return added

    def snapshot(self) -> IndexSource:
        """What the index is built from, read now (on the thread that owns the database)."""
        examples: list[Example] = []
        for phrase_id, category, title, body in self._repo.phrase_texts():
            examples.extend(phrase_examples(phrase_id, title, category, body))
        for question in self._repo.all():
            kind = LEARNED if question.source == LEARNED_SOURCE else QUESTION
            examples.append(Example(question.phrase_id, question.text, kind))
        return IndexSource(self._repo.library_signature(), examples)

    def needs_build(self) -> bool:
        """True when there is no index or the texts it ranks by changed since it was built."""
        if self._stale:
            self._stale = False
            if self._repo.library_signature() != self._signature:
                self._index = None
        return self._index is None

    def adopt(self, source: IndexSource, index: SuggestIndex) -> bool:
        """Use an index built elsewhere (a worker thread) from source, unless the library changed since."""
        if source.signature != self._repo.library_signature():
            return False
        self._index, self._signature, self._stale = index, source.signature, False
        return True

    def _built(self) -> SuggestIndex:
        if self.needs_build():
            source = self.snapshot()
            self._index, self._signature = SuggestIndex(source.examples), source.signature
        assert self._index is not None
        return self._index

    def suggest(self, message: str, limit: int = 10) -> list[tuple[Phrase, Suggestion]]:
        """The phrases that answer a buyer's message, best first, each with its score and matched example."""
        result = []
        for suggestion in self._built().suggest(message, limit=limit):
            try:  # read now: the index keeps no phrase objects (memory of big libraries)
                result.append((self._phrases.get(suggestion.phrase_id), suggestion))
            except UserError:
                continue
        return result
