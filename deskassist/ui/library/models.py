"""Qt item models over phrases and categories, shared by the picker, the side panel and the phrase manager.

The models hold plain dataclasses (core.models) handed to them by the caller; they never query the
database themselves, so a search refresh is one model reset and no widget is rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from deskassist.core.models import Category, Phrase
from deskassist.core.templating import without_segment_marks
from deskassist.ui.widgets.icons import pin_icon

PREVIEW_CHARS = 80

_Index = QModelIndex | QPersistentModelIndex


class PhraseRole(IntEnum):
    """Data roles of PhraseListModel (beyond Qt's display/tool-tip roles)."""

    Id = Qt.ItemDataRole.UserRole + 1
    Category = Qt.ItemDataRole.UserRole + 2
    Title = Qt.ItemDataRole.UserRole + 3
    Preview = Qt.ItemDataRole.UserRole + 4
    Code = Qt.ItemDataRole.UserRole + 5
    Pinned = Qt.ItemDataRole.UserRole + 6
    Body = Qt.ItemDataRole.UserRole + 7
    Phrase = Qt.ItemDataRole.UserRole + 8
    Uses = Qt.ItemDataRole.UserRole + 9


def one_line_preview(body: str, limit: int = PREVIEW_CHARS) -> str:
    """The body on one line (line breaks shown as ' ⏎ '), cut to `limit` characters with an ellipsis."""
    body = without_segment_marks(body)  # 「欢迎光临[[{店铺}]]」 reads 「欢迎光临{店铺}」 in a list
    text = " ⏎ ".join(part.strip() for part in body.strip().splitlines() if part.strip())
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def phrase_label(phrase: Phrase) -> str:
    """A phrase's title, or the start of its body when it has no title."""
    return phrase.title.strip() or one_line_preview(phrase.body, 24)


class PhraseListModel(QAbstractListModel):
    """A flat list of phrases (search results, one category's phrases). With `pin_icons` a phrase on a pinned
    slot has the drawn pin as its decoration."""

    pin_icons = False

    def __init__(self, phrases: Iterable[Phrase] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._phrases: list[Phrase] = list(phrases)
        self._previews: list[str] = [one_line_preview(p.body) for p in self._phrases]

    # --- the list ---------------------------------------------------------------------------------
    def set_phrases(self, phrases: Iterable[Phrase]) -> None:
        """Replace every row (one reset; views keep their widgets)."""
        self.beginResetModel()
        self._phrases = list(phrases)
        self._previews = [one_line_preview(p.body) for p in self._phrases]
        self.endResetModel()

    def phrases(self) -> Sequence[Phrase]:
        return tuple(self._phrases)

    def phrase_at(self, row: int) -> Phrase | None:
        return self._phrases[row] if 0 <= row < len(self._phrases) else None

    def row_of(self, phrase_id: int) -> int:
        """Row of a phrase id, -1 when absent."""
        for row, phrase in enumerate(self._phrases):
            if phrase.id == phrase_id:
                return row
        return -1

    def update_phrase(self, phrase: Phrase) -> None:
        """Replace one row in place (after an edit) without resetting the view."""
        row = self.row_of(phrase.id)
        if row < 0:
            return
        self._phrases[row] = phrase
        self._previews[row] = one_line_preview(phrase.body)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    # --- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._phrases)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._phrases):
            return None
        phrase = self._phrases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return phrase_label(phrase)
        if role == Qt.ItemDataRole.ToolTipRole:
            return phrase.body
        if role == Qt.ItemDataRole.DecorationRole:
            return pin_icon() if self.pin_icons and phrase.pinned else None
        if role == PhraseRole.Id:
            return phrase.id
        if role == PhraseRole.Category:
            return phrase.category
        if role == PhraseRole.Title:
            return phrase_label(phrase)
        if role == PhraseRole.Preview:
            return self._previews[index.row()]
        if role == PhraseRole.Code:
            return phrase.code or ""
        if role == PhraseRole.Pinned:
            return phrase.pinned
        if role == PhraseRole.Body:
            return phrase.body
        if role == PhraseRole.Phrase:
            return phrase
        if role == PhraseRole.Uses:
            return phrase.uses
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({int(r): QByteArray(r.name.lower().encode()) for r in PhraseRole})
        return names


class CategoryListModel(QAbstractListModel):
    """The categories in their order; optionally led by an "All" row (category id None)."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    CategoryRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, categories: Iterable[Category] = (), all_label: str | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._all_label = all_label
        self._categories: list[Category] = list(categories)

    def set_categories(self, categories: Iterable[Category]) -> None:
        self.beginResetModel()
        self._categories = list(categories)
        self.endResetModel()

    def categories(self) -> Sequence[Category]:
        return tuple(self._categories)

    def category_at(self, row: int) -> Category | None:
        """The category of a row; None for the "All" row or out of range."""
        offset = 1 if self._all_label is not None else 0
        row -= offset
        return self._categories[row] if 0 <= row < len(self._categories) else None

    def row_of_name(self, name: str) -> int:
        offset = 1 if self._all_label is not None else 0
        for row, category in enumerate(self._categories):
            if category.name == name:
                return row + offset
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return 0
        return len(self._categories) + (1 if self._all_label is not None else 0)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self._all_label is not None and index.row() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._all_label
            return None
        category = self.category_at(index.row())
        if category is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return category.name
        if role == self.IdRole:
            return category.id
        if role == self.CategoryRole:
            return category
        return None
