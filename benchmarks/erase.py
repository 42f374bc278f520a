"""What erasing deleted memos costs at 100,000 memos: the purge with secure_delete on and off, the TRUNCATE
checkpoint, and a full VACUUM (the alternative that rewrites the whole file).

    python -m benchmarks.erase [--memos N] [--deleted N]

Each variant runs on its own fresh copy of the same database; prints milliseconds (the erase, then the same
call with nothing left to erase, as at most starts) and file sizes.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from deskassist import paths
from deskassist.core.clock import stamp
from deskassist.services.agents import AgentIds
from deskassist.services.data_folder import open_session
from deskassist.services.retention import erase_deleted
from deskassist.storage.memos_repo import MemosRepo

WORDS = ["发货", "尺码", "退货", "快递", "地址", "电话", "优惠券", "售后", "补发", "订单"]


class _Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def build(folder: Path, memos: int, deleted: int) -> None:
    session = open_session(folder, clock=_Clock(datetime(2026, 1, 1)), seed=False)
    at = stamp(datetime(2026, 1, 1))
    agent_id = AgentIds(session).for_writing("客服")  # the agents row's id (memos.agent_id), not the name
    rows = [(agent_id, f"{WORDS[i % 10]} 买家电话 139{i:08d} 地址某区某路{i}号", None, (), at) for i in range(memos)]
    MemosRepo(session.db).bulk_insert(rows)
    with session.db.atomic():
        session.db.execute("UPDATE memos SET deleted_at = ? WHERE id % ? = 0", [at, max(1, memos // deleted)])
    session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    session.close()


def measure(source: Path, work: Path, label: str, secure: bool, vacuum: bool) -> None:
    shutil.copytree(source, work)
    session = open_session(work, clock=_Clock(datetime(2026, 1, 1) + timedelta(days=2)), seed=False)
    session.db.execute(f"PRAGMA secure_delete={'ON' if secure else 'OFF'}")
    start = time.perf_counter()
    erased = erase_deleted(session)
    erase_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    erase_deleted(session)
    again_ms = (time.perf_counter() - start) * 1000
    vacuum_ms = 0.0
    if vacuum:
        start = time.perf_counter()
        session.db.conn.execute("VACUUM")  # not db.execute: that wraps writes in a transaction
        session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        vacuum_ms = (time.perf_counter() - start) * 1000
    size = paths.database_path(work).stat().st_size
    session.close()
    print(f"{label:<28} erased {erased:>6}  erase {erase_ms:7.1f} ms  nothing left {again_ms:6.1f} ms  "
          f"vacuum {vacuum_ms:7.1f} ms  "
          f"file {size / 1e6:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memos", type=int, default=100_000)
    parser.add_argument("--deleted", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        source = Path(temp) / "source"
        build(source, args.memos, args.deleted)
        for number, (label, secure, vacuum) in enumerate([
                ("purge, secure_delete off", False, False), ("purge, secure_delete on", True, False),
                ("purge + VACUUM", False, True)]):
            measure(source, Path(temp) / f"run{number}", label, secure, vacuum)


if __name__ == "__main__":
    main()
