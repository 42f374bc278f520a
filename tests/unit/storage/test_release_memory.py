"""A read of the whole file (the daily backup) filled the connection's page cache, and it stayed full all day:
Database.release_memory gives it back. Measured with SQLite's own count of the memory it holds (the library
Python's sqlite3 module is linked to)."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

from deskassist.storage.database import open_database


def sqlite_memory_used() -> int:
    library = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
    library.sqlite3_memory_used.restype = ctypes.c_int64
    return int(library.sqlite3_memory_used())


def test_the_page_cache_filled_by_a_whole_file_read_is_given_back(tmp_path: Path) -> None:
    db = open_database(tmp_path / "deskassist.db")
    try:
        with db.atomic():
            db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)")
            for n in range(2000):
                db.execute("INSERT INTO filler (body) VALUES (?)", ("客服回复" * 200 + str(n),))
        db.release_memory()
        before = sqlite_memory_used()
        assert db.execute("SELECT count(*), sum(length(body)) FROM filler").fetchone()[0] == 2000  # every page
        filled = sqlite_memory_used()
        db.release_memory()
        released = sqlite_memory_used()
    finally:
        db.close()
    assert filled - before > 1_000_000  # the cache held the file's pages
    assert filled - released > 1_000_000
