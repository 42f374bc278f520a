"""Damage found before it spreads: real pages corrupted so that quick_check still passes; the full check
before a backup finds it, the file is then read but never written, and good backups are not pushed out."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import damage_quietly

from deskassist import paths
from deskassist.core.errors import DatabaseError
from deskassist.core.models import PhraseDraft
from deskassist.services.backup import auto_backup, backup, list_backups, restore
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService
from deskassist.services.phrases import PhraseService
from deskassist.storage.database import damage_marker


@pytest.fixture
def damaged_folder(data_dir: Path, clock) -> Path:
    session = open_session(data_dir, clock=clock)
    memos = MemoService(session)
    for number in range(300):
        memos.add(f"第{number}条备忘 联系买家确认尺码和颜色 #售后")
    session.close()
    damage_quietly(paths.database_path(data_dir))
    return data_dir


def test_a_backup_of_a_quietly_damaged_file_is_refused_and_writes_stop(damaged_folder: Path, clock) -> None:
    database = paths.database_path(damaged_folder)
    session = open_session(damaged_folder, clock=clock)  # quick_check passes: it opens
    try:
        before = database.read_bytes()
        with pytest.raises(DatabaseError, match="failed its integrity check") as caught:
            backup(session)
        assert str(database) in str(caught.value)
        assert list_backups(damaged_folder) == []
        assert damage_marker(database).exists()
        with pytest.raises(DatabaseError, match="damaged"):
            PhraseService(session).add(PhraseDraft(category="新", body="写不进损坏的文件"))
        assert database.read_bytes() == before
    finally:
        session.close()
    again = open_session(damaged_folder, clock=clock)  # the next start remembers: reads yes, writes no
    try:
        assert PhraseService(again).count() > 0
        with pytest.raises(DatabaseError, match="damaged"):
            again.settings.set("agent.name", "小美")
    finally:
        again.close()
    assert database.read_bytes() == before


def test_the_daily_backup_of_a_damaged_file_keeps_the_good_backups(data_dir: Path, clock) -> None:
    session = open_session(data_dir, clock=clock)
    MemoService(session).add("好的一天")
    session.settings.set("backup.keep", 1)
    good = auto_backup(session)
    session.close()
    assert good is not None
    session = open_session(data_dir, clock=clock)
    for number in range(300):
        MemoService(session).add(f"第{number}条备忘 联系买家确认尺码和颜色 #售后")
    session.close()
    damage_quietly(paths.database_path(data_dir))
    clock.advance(days=1)
    session = open_session(data_dir, clock=clock)
    try:
        with pytest.raises(DatabaseError, match="failed its integrity check"):
            auto_backup(session)
    finally:
        session.close()
    assert list_backups(data_dir) == [good]


def test_restoring_a_backup_over_a_damaged_file_lifts_the_refusal(tmp_path: Path, damaged_folder: Path,
                                                                   clock) -> None:
    healthy = tmp_path / "healthy"
    fresh = open_session(healthy, clock=clock)
    saved = backup(fresh, tmp_path / "good.db")
    fresh.close()
    session = open_session(damaged_folder, clock=clock)
    with pytest.raises(DatabaseError):
        backup(session)
    session.close()
    result = restore(damaged_folder, saved)
    assert result.damaged and result.safety_copy is not None
    assert not damage_marker(paths.database_path(damaged_folder)).exists()
    session = open_session(damaged_folder, clock=clock)
    try:
        PhraseService(session).add(PhraseDraft(category="新", body="恢复以后可以写了"))
    finally:
        session.close()
