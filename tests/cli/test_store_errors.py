"""Storage failures as real processes meet them: one line in the user's language, exit 1, the file unchanged,
and the right diagnosis (in use is not damaged). Needs root for mounts and for running as another user."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_processes import deskassist, digest, lock_held, one_line_error, read_only, tmpfs

from deskassist.services.phrases import load_default_pack

PACK = len(load_default_pack()["phrases"])
OTHER_UID = 65534  # nobody


def _made(folder: Path) -> Path:
    result = deskassist(folder, "phrases", "list")
    assert result.returncode == 0, result.stderr
    return folder / "deskassist.db"


def _phrases(folder: Path) -> list[dict]:
    result = deskassist(folder, "phrases", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_first_run_on_a_full_disk_says_so_and_a_later_run_gets_the_whole_pack(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "64k") as disk:
        folder = disk / "data"
        line = one_line_error(deskassist(folder, "phrases", "list"))
        assert "no space left on the disk" in line and str(folder) in line
        assert not (folder / "deskassist.db").exists()  # no library without its pack
        chinese = one_line_error(deskassist(folder, "phrases", "list", language="zh_CN.UTF-8"))
        assert "磁盘已满" in chinese
        subprocess_remount(disk, "16m")
        assert len(_phrases(folder)) == PACK


def subprocess_remount(where: Path, size: str) -> None:
    import subprocess

    subprocess.run(["mount", "-o", f"remount,size={size}", str(where)], check=True)


def test_a_write_on_a_full_disk_is_one_line_and_the_file_is_unchanged(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        folder = disk / "data"
        database = _made(folder)
        filler = disk / "filler"
        with open(filler, "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        before = digest(database)
        line = one_line_error(deskassist(folder, "phrases", "add", "--category", "满", "--body", "很长的短语" * 900))
        assert "no space left on the disk" in line and "Traceback" not in line
        assert digest(database) == before
        filler.unlink()
        assert len(_phrases(folder)) == PACK


def test_a_read_only_data_folder_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    database = _made(folder)
    before = digest(database)
    with read_only(folder):
        listed = deskassist(folder, "phrases", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == PACK
        line = one_line_error(deskassist(folder, "phrases", "add", "--category", "只读", "--body", "写不进去"))
        assert "read-only" in line and str(database) in line
        assert "只读" in one_line_error(deskassist(folder, "memos", "add", "备忘", language="zh_CN.UTF-8"))
    assert digest(database) == before


def test_a_read_only_empty_folder_cannot_get_a_database_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        line = one_line_error(deskassist(folder, "phrases", "list"))
    assert "read-only" in line and str(folder) in line


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another uid can reach (pytest's tmp folders are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="deskassist-other-user-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.posix
def test_a_database_owned_by_another_user_is_refused_in_one_line(shared_dir: Path) -> None:
    folder = shared_dir / "data"
    database = _made(folder)
    folder.chmod(0o700)
    import os

    os.chown(folder, OTHER_UID, OTHER_UID)
    for leftover in folder.iterdir():
        if leftover.is_dir():
            shutil.chown(leftover, OTHER_UID, OTHER_UID)
    os.chown(database, OTHER_UID + 1, OTHER_UID + 1)  # yet another account owns the database, 0600
    before = digest(database)
    line = one_line_error(deskassist(folder, "phrases", "list", user=OTHER_UID))
    assert "permission denied" in line and str(database) in line
    assert digest(database) == before


def test_a_folder_named_like_the_database_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "deskassist.db").mkdir(parents=True)
    line = one_line_error(deskassist(folder, "phrases", "list"))
    assert "is a folder" in line and str(folder / "deskassist.db") in line
    assert list((folder / "deskassist.db").iterdir()) == []


@pytest.mark.parametrize("how", ["normal", "exclusive-mode"])
def test_a_lock_held_by_another_program_is_in_use_not_damaged(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "data"
    database = _made(folder)
    before = digest(database)
    with lock_held(database, how):
        line = one_line_error(deskassist(folder, "phrases", "add", "--category", "忙", "--body", "等一下"))
        assert "in use by another program" in line and str(database) in line
        assert "damaged" not in line and "restore" not in line
        if how == "exclusive-mode":  # even reading is blocked: still "in use", never "restore a backup"
            line = one_line_error(deskassist(folder, "phrases", "list"))
            assert "in use by another program" in line
        else:
            assert deskassist(folder, "phrases", "list").returncode == 0  # WAL readers are not blocked
    assert digest(database) == before
    assert len(_phrases(folder)) == PACK


def test_a_database_from_a_newer_deskassist_is_refused_and_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    database = _made(folder)
    conn = sqlite3.connect(database)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('deskassist', 'm999_from_the_future', '2027-01-01')")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(database)
    for args in (("phrases", "list"), ("phrases", "add", "--category", "新", "--body", "新版本")):
        line = one_line_error(deskassist(folder, *args))
        assert "newer version of DeskAssist" in line and str(database) in line
    assert "更新版本" in one_line_error(deskassist(folder, "phrases", "list", language="zh_CN.UTF-8"))
    assert digest(database) == before


FORCED = r"""
import sys
from deskassist.services import phrases

def broken(self, category=None):
    raise ValueError("张三 13812345678 北京市朝阳区")

phrases.PhraseService.list = broken
from deskassist.cli import main
main(["--data-dir", sys.argv[1], "phrases", "list"])
"""


def test_an_unexpected_error_prints_its_kind_only_and_logs_frames_without_values(tmp_path: Path) -> None:
    import subprocess
    import sys

    from store_processes import environment

    folder = tmp_path / "data"
    result = subprocess.run([sys.executable, "-c", FORCED, str(folder)], capture_output=True, text=True,
                            env=environment(), timeout=120, cwd="/")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["Unexpected error (ValueError); details are in the log file"]
    log_text = (folder / "logs" / "deskassist.log").read_text(encoding="utf-8")
    assert "13812345678" not in log_text and "张三" not in log_text
    record = json.loads(log_text.strip().splitlines()[-1])
    assert record["event"] == "unexpected_error" and record["kind"] == "ValueError"
    assert any("in broken" in frame for frame in record["frames"])


def test_an_unreadable_wal_is_not_dropped_silently(tmp_path: Path) -> None:
    import random

    folder = tmp_path / "data"
    database = _made(folder)
    wal = Path(f"{database}-wal")
    assert not wal.exists()  # closed cleanly
    garbage = random.Random(12).randbytes(32 + 24 + 4096)
    wal.write_bytes(garbage)
    result = deskassist(folder, "phrases", "list", "--json")
    assert result.returncode == 0 and len(json.loads(result.stdout)) == PACK
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 1 and "cannot be read" in warnings[0] and str(wal) in warnings[0], result.stderr
    kept = list(folder.glob("deskassist.db-wal.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert deskassist(folder, "phrases", "list").stderr == ""  # said once
