"""Real page damage for the integrity tests: the kind quick_check does not see."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path


def _checks(path: Path) -> tuple[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        quick = conn.execute("PRAGMA quick_check").fetchone()[0]
        full = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError:
        return "error", ["error"]
    finally:
        conn.close()
    return quick, full


def damage_quietly(path: Path) -> None:
    """16 random bytes into a page, chosen (deterministically) so that quick_check passes and the full check
    does not: the kind of damage the app used to write on top of."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    rng = random.Random(16)
    trial = path.with_name("trial.db")
    for _attempt in range(2000):
        page = rng.randrange(2, len(data) // page_size + 1)
        start = (page - 1) * page_size + rng.randrange(8, page_size - 16)
        candidate = bytearray(data)
        candidate[start:start + 16] = rng.randbytes(16)
        trial.write_bytes(bytes(candidate))
        quick, full = _checks(trial)
        if quick == "ok" and full != ["ok"]:
            trial.unlink()
            path.write_bytes(bytes(candidate))
            return
    raise AssertionError("no quiet damage found")
