"""Backups of the data folder's database, daily automatic ones with retention, and restoring a backup.

restore() checks the file first, then backs up the current database (or, when that one is damaged, keeps a
byte copy of it), and only then replaces it, in one step: a restore is never half done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deskassist import log, paths
from deskassist.core.errors import DatabaseError, UserError
from deskassist.i18n import _
from deskassist.services.changes import EXTERNAL
from deskassist.services.retention import erase_deleted
from deskassist.services.session import Session
from deskassist.storage import backup_store
from deskassist.storage.database import (
    Database,
    DatabaseDamagedError,
    clear_damaged,
    connect,
    damage_marker,
    inspect_file,
    mark_damaged,
)
from deskassist.storage.phrases_repo import PhrasesRepo

MANUAL_PREFIX = "deskassist-"
AUTO_PREFIX = "auto-"
BEFORE_RESTORE_PREFIX = "before-restore-"
_log = log.get("db")


@dataclass
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None  # where the database as it was before the restore went (None: there was none)
    damaged: bool = False  # the replaced database was damaged or foreign (kept as a byte copy)


def _backup_dir(data_dir: Path) -> Path:
    folder = paths.backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    return folder


def _free_name(folder: Path, prefix: str, moment: datetime) -> Path:
    stem = f"{prefix}{moment.strftime('%Y%m%d-%H%M%S')}"
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate


def integrity_problems(db_path: Path) -> list[str]:
    """A full integrity check on a connection of its own (so the app runs it on a worker thread): [] = sound.

    It reads every page (~0.6 s for 100,000 memos): quick_check misses damaged rows.
    """
    db = Database(backup_store.open_read_only(db_path), db_path)
    try:
        return db.integrity_problems()
    finally:
        db.close()


def daily_backup_due(session: Session) -> bool:
    if not session.settings.get("backup.auto"):
        return False
    today = f"{AUTO_PREFIX}{session.clock.now().strftime('%Y%m%d')}-"
    folder = paths.backup_dir(session.data_dir)
    return not (folder.is_dir() and any(p.name.startswith(today) for p in folder.glob(f"{AUTO_PREFIX}*.db")))


def check_sound(session: Session, problems: list[str] | None = None) -> None:
    """Run before every backup (problems: a check already made off the GUI thread). A failure is remembered
    beside the file, and from then on the file is read, never written."""
    db_path = paths.database_path(session.data_dir)
    if problems is None:
        problems = session.db.integrity_problems()
    if not problems:
        return
    mark_damaged(db_path)
    message = _("{path} failed its integrity check: it is damaged, so no backup was made and nothing more is "
                "written to it; restore a backup with 'deskassist restore FILE'").format(path=db_path)
    session.db.write_refusal = message
    log.event(_log, "integrity_check_failed")
    raise DatabaseDamagedError(message)


def backup(session: Session, file: str | os.PathLike[str] | None = None) -> Path:
    """Copy the database (online backup API) to file, or to a dated file in the backups folder; 0600.

    A damaged database is not copied: a backup of it would only push good backups out.
    """
    if file is None:
        target = _free_name(_backup_dir(session.data_dir), MANUAL_PREFIX, session.clock.now())
    else:
        target = Path(file).expanduser()
        if target.is_dir():
            target = _free_name(target, MANUAL_PREFIX, session.clock.now())
        elif target.exists():
            raise UserError(_("{path} already exists; choose another file name").format(path=target))
        elif not target.parent.is_dir():
            raise UserError(_("The folder {path} does not exist").format(path=target.parent))
    target = target.resolve()
    if target == paths.database_path(session.data_dir).resolve():
        raise UserError(_("{path} is the database itself; choose another file name").format(path=target))
    check_sound(session)
    erase_deleted(session)  # what was deleted and is past its undo window goes into no backup
    try:
        backup_store.backup_database(session.db, target)
    except OSError as exc:
        raise UserError(_("{path} cannot be written: {reason}").format(path=target, reason=exc.strerror)) from None
    log.event(_log, "backed_up", auto=False)
    return target


def list_backups(data_dir: Path) -> list[Path]:
    """Files in the backups folder, oldest first."""
    folder = paths.backup_dir(data_dir)
    return sorted(folder.glob("*.db"), key=lambda p: (p.stat().st_mtime, p.name)) if folder.is_dir() else []


def auto_backup(session: Session, problems: list[str] | None = None) -> Path | None:
    """Once a day (setting backup.auto): a backup named auto-DATE-TIME.db; keeps the newest backup.keep.

    problems: the result of integrity_problems() when the caller ran it already (the app, on a worker thread).
    """
    if not session.settings.get("backup.auto"):
        return None
    folder = _backup_dir(session.data_dir)
    now = session.clock.now()
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*.db"))
    made = None
    if not any(p.name.startswith(f"{AUTO_PREFIX}{now.strftime('%Y%m%d')}-") for p in autos):
        check_sound(session, problems)  # raises before any old backup is removed
        made = _free_name(folder, AUTO_PREFIX, now)
        erase_deleted(session)
        backup_store.backup_database(session.db, made)
        log.event(_log, "backed_up", auto=True)
        autos = sorted(folder.glob(f"{AUTO_PREFIX}*.db"))
    keep = session.settings.get("backup.keep")
    for old in autos[:-keep] if len(autos) > keep else []:
        old.unlink(missing_ok=True)
    return made


def restore(target: Session | str | os.PathLike[str] | None, file: str | os.PathLike[str]) -> RestoreResult:
    """Replace the database with the backup file (checked first); the current one is backed up before."""
    source = Path(file).expanduser().resolve()
    if not source.exists():
        raise UserError(_("{path} does not exist").format(path=source))
    backup_store.check_restorable(source)
    if isinstance(target, Session):
        return _restore_live(target, source)
    data_dir = paths.data_dir(target)
    db_path = paths.database_path(data_dir)
    if source == db_path.resolve():
        raise UserError(_("{path} is the database itself; choose a backup file").format(path=source))
    folder = _backup_dir(data_dir)
    now = datetime.now()
    staged = folder / f".restore-{now.strftime('%Y%m%d-%H%M%S')}.db"
    try:
        inspect_file(db_path)
        healthy = db_path.exists() and db_path.stat().st_size > 0 and not damage_marker(db_path).exists()
        damaged = damage_marker(db_path).exists()
    except DatabaseError:
        healthy = False
        damaged = True
    if healthy:
        db = connect(db_path)
        try:
            backup_store.stage_copy(source, staged, backup_store.page_size(db))
            safety = _free_name(folder, BEFORE_RESTORE_PREFIX, now)
            backup_store.backup_database(db, safety)
            backup_store.restore_into(db, staged)
            _migrate(db)
        finally:
            db.close()
            staged.unlink(missing_ok=True)
        result = RestoreResult(source, safety)
    else:
        try:
            backup_store.stage_copy(source, staged)
            safety = None
            if damaged:
                safety = _free_name(folder, BEFORE_RESTORE_PREFIX, now)
                backup_store.copy_raw(db_path, safety)
            backup_store.replace_file(staged, db_path)
        finally:
            staged.unlink(missing_ok=True)
        db = connect(db_path)
        try:
            _migrate(db)
        finally:
            db.close()
        result = RestoreResult(source, safety, damaged)
    clear_damaged(db_path)
    log.event(_log, "restored", damaged=result.damaged)
    return result


def _restore_live(session: Session, source: Path) -> RestoreResult:
    """Restore into the open database of a running app: other connections see the new content at once."""
    if source == paths.database_path(session.data_dir).resolve():
        raise UserError(_("{path} is the database itself; choose a backup file").format(path=source))
    folder = _backup_dir(session.data_dir)
    now = session.clock.now()
    staged = folder / f".restore-{now.strftime('%Y%m%d-%H%M%S')}.db"
    try:
        backup_store.stage_copy(source, staged, backup_store.page_size(session.db))
        safety = _free_name(folder, BEFORE_RESTORE_PREFIX, now)
        if damage_marker(session.db.path).exists():
            backup_store.copy_raw(session.db.path, safety)  # a damaged file is kept as its bytes
        else:
            backup_store.backup_database(session.db, safety)
        backup_store.restore_into(session.db, staged)
        session.db.write_refusal = None
        clear_damaged(session.db.path)
        _migrate(session.db)
    finally:
        staged.unlink(missing_ok=True)
    session.changes.publish(EXTERNAL)  # the backup API wrote through this connection: data_version did not move
    log.event(_log, "restored", damaged=False)
    return RestoreResult(source, safety)


def _migrate(db: Database) -> None:
    """A backup from an older version gets the newer schema steps; the phrases' revision numbers now come
    from the backup's history, so a search index elsewhere builds anew instead of following them."""
    from deskassist.storage.migrations import migrations

    migrations.apply(db)
    PhrasesRepo(db).renew_revision_lineage()
