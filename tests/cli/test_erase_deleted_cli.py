"""`deskassist backup` as a real process: a memo and a customer deleted days ago are in none of the database
file, its WAL and the backup file (raw bytes searched)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from deskassist import paths
from deskassist.services.customers import CustomerService
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService

ROOT = Path(__file__).resolve().parents[2]
SECRET_PHONE = "13912345678"
SECRET_NOTE = "收货地址朝阳区机密路88号"


class _LongAgo:
    def now(self) -> datetime:
        return datetime(2020, 1, 1, 9, 0, 0)


def test_backup_leaves_no_trace_of_what_was_deleted_days_ago(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    session = open_session(folder, clock=_LongAgo())
    customers, memos = CustomerService(session), MemoService(session)
    customers.add("保密买家", note=SECRET_NOTE, phone=SECRET_PHONE)
    memo = memos.add(f"回电 {SECRET_PHONE}，{SECRET_NOTE}")
    memos.add("留下的备忘 13700001111")
    memos.delete(memo.id)
    customers.delete("保密买家")
    session.close()
    target = tmp_path / "copy.db"

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "DESKASSIST_"))}
    done = subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(folder), "backup", str(target)],
                          capture_output=True, text=True, env={**env, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)},
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr

    database = paths.database_path(folder)
    for path in (database, Path(f"{database}-wal"), target):
        raw = path.read_bytes() if path.exists() else b""
        assert SECRET_PHONE.encode() not in raw and SECRET_NOTE.encode() not in raw, path.name
    assert b"13700001111" in database.read_bytes() + target.read_bytes()
