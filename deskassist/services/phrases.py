"""Phrase library use cases: categories, phrases, search, use counting, rendering, the default pack.

Interface (to be implemented; UI and CLI code against it):

    class PhraseService:
        def __init__(self, session: Session) -> None
        # categories
        def categories(self) -> list[Category]
        def add_category(self, name: str) -> Category
        def rename_category(self, category_id: int, name: str) -> Category
        def move_category(self, category_id: int, position: int) -> None
        def delete_category(self, category_id: int) -> CategorySnapshot   # for undo
        def restore_category(self, snapshot: CategorySnapshot) -> None
        # phrases
        def list(self, category: str | None = None) -> list[Phrase]
        def get(self, phrase_id: int) -> Phrase                            # UserError if absent
        def by_pinned(self, slot: int) -> Phrase | None
        def add(self, draft: PhraseDraft) -> Phrase                        # UserError on conflicts
        def update(self, phrase_id: int, **changes) -> Phrase              # category/title/body/code/pinned/groups
        def delete(self, phrase_id: int) -> Phrase                         # returns it for undo
        def restore(self, phrase: Phrase) -> Phrase                        # undo a delete (same id)
        def search(self, query: str, limit: int = 50, groups=()) -> list[Phrase]
        def record_use(self, phrase_id: int, agent: str = "") -> None
        # rendering
        def context(self, buyer: str = "", fills=None, clipboard: str = "") -> RenderContext
        def render(self, phrase_id: int, buyer: str = "", fills=None, clipboard: str = "") -> str

    def seed_default_pack(session: Session) -> None   # first run: resources/default_phrases.json
"""

from __future__ import annotations
