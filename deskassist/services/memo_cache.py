"""Where the memo search indexes live, one per open database.

Apart from memos.py so that the services which change what memos show (customers: a buyer's nick; backup:
a restore) can drop an index without importing the memo service (which imports them: no cycle).
"""

from __future__ import annotations

import weakref
from typing import Any

indexes: weakref.WeakKeyDictionary[object, Any] = weakref.WeakKeyDictionary()


def forget_search_index(db: object) -> None:
    """Drop the memo search index of a database (after changes to buyers that memos link to)."""
    indexes.pop(db, None)
