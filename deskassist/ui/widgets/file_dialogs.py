"""Every file dialog of the app, built so that it can never open the live database files.

Closing any descriptor of a file drops all of this process's POSIX (fcntl) locks on it, SQLite's
included; a CLI command run afterwards then believes the app gone, checkpoints and deletes the live
-wal/-shm, and what the app saves next is lost. Qt's file dialogs open files to sniff their MIME type
(icons, the Type column) and the native dialogs do the same in-process. So: Qt's own dialog, an icon
provider that never reads file contents, a proxy model that hides the database files, a refusal if
they are typed in anyway, and a start folder outside the data folder (the user's Documents).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QFileInfo,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStandardPaths,
)
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QMessageBox, QStyle, QWidget

from deskassist import log, paths
from deskassist.i18n import _

_log = log.get("ui")
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")
"""The live database and SQLite's companion files beside it (any of them opened by us drops the locks)."""

_protected_folders: set[Path] = set()  # filled at start-up, read by dialogs: all on the GUI thread


def protect_data_dir(folder: Path) -> None:
    """Called by the composition root for the data folder in use: its database files are never shown."""
    _protected_folders.add(Path(os.path.realpath(folder)))


def protected_files() -> list[Path]:
    """The database files of every protected data folder (whether they exist right now or not)."""
    return [Path(f"{paths.database_path(folder)}{suffix}")
            for folder in sorted(_protected_folders) for suffix in DATABASE_SUFFIXES]


def is_protected(path: str | os.PathLike[str]) -> bool:
    """True for a live database file, by name anywhere, by real path (symlinks) or by inode (hard links).

    Uses only stat/readlink: nothing here opens the file.
    """
    name = os.path.basename(os.fspath(path))
    if any(name == paths.DB_NAME + suffix for suffix in DATABASE_SUFFIXES):
        return True
    real = os.path.realpath(path)
    protected = protected_files()
    if any(real == str(p) for p in protected):
        return True
    try:
        identity = os.stat(real)
    except OSError:
        return False
    for candidate in protected:
        try:
            other = os.stat(candidate)
        except OSError:
            continue
        if (identity.st_dev, identity.st_ino) == (other.st_dev, other.st_ino):
            return True
    return False


def documents_dir() -> Path:
    """Where dialogs start: the user's Documents (home when there is none), never a data folder."""
    located = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (Path(located) if located else None, Path.home()):
        if candidate is not None and candidate.is_dir() \
                and Path(os.path.realpath(candidate)) not in _protected_folders:
            return candidate
    return Path(os.path.realpath(Path.home())).parent  # home is the data folder itself: one up


def dated_name(stem: str, suffix: str, day: date | None = None) -> str:
    """An export's suggested file name: 话术导出-2026-11-28.xlsx."""
    return f"{stem}-{(day or date.today()).isoformat()}{suffix}"


class PlainIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file name only: Qt's providers read file contents to guess the type."""

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        pixmap = QStyle.StandardPixmap
        if isinstance(what, QFileInfo):
            shown = pixmap.SP_DriveHDIcon if what.isRoot() else (
                pixmap.SP_DirIcon if what.isDir() else pixmap.SP_FileIcon)
        else:
            kind = QAbstractFileIconProvider.IconType
            shown = {kind.Computer: pixmap.SP_ComputerIcon, kind.Drive: pixmap.SP_DriveHDIcon,
                     kind.Folder: pixmap.SP_DirIcon, kind.Desktop: pixmap.SP_DesktopIcon,
                     kind.Trashcan: pixmap.SP_TrashIcon, kind.Network: pixmap.SP_DriveNetIcon,
                     }.get(what, pixmap.SP_FileIcon)
        return QApplication.style().standardIcon(shown)  # no icon kept: the provider outlives the app

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return _("Folder")
        suffix = info.suffix()
        return _("{suffix} file").format(suffix=suffix.upper()) if suffix else _("File")


_plain_icons: list[PlainIconProvider] = []


def plain_icons() -> PlainIconProvider:
    """One provider for the life of the process: the file model and its gatherer thread use it until they
    are gone, which can be after the dialog's Python side has been freed."""
    if not _plain_icons:
        _plain_icons.append(PlainIconProvider())
    return _plain_icons[0]


class HideDatabaseFiles(QSortFilterProxyModel):
    """The dialog's view of the folder without the live database files (so they cannot be picked or read)."""

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QFileSystemModel):
            return True
        index = model.index(source_row, 0, source_parent)
        return not is_protected(model.filePath(index))


class SafeFileDialog(QFileDialog):
    """QFileDialog (Qt's own widgets) that never reads or returns a live database file."""

    def __init__(self, parent: QWidget | None, caption: str, directory: Path, filters: str,
                 mode: QFileDialog.AcceptMode) -> None:
        super().__init__(parent, caption, "", filters)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setOption(QFileDialog.Option.DontResolveSymlinks, True)
        self.setIconProvider(plain_icons())
        self._hide = HideDatabaseFiles(self)
        self.setProxyModel(self._hide)
        self.setAcceptMode(mode)
        self.setFileMode(QFileDialog.FileMode.AnyFile if mode == QFileDialog.AcceptMode.AcceptSave
                         else QFileDialog.FileMode.ExistingFile)
        self.setDirectory(str(directory))

    def accept(self) -> None:
        chosen = [name for name in self.selectedFiles() if is_protected(name)]
        if chosen:
            log.event(_log, "file_dialog_refused")
            message = _("{name} is DeskAssist's own database; choose another file.")
            QMessageBox.warning(self, self.windowTitle(), message.format(name=os.path.basename(chosen[0])))
            return
        super().accept()


def _start_folder(start: Path | None) -> Path:
    if start is not None:
        folder = start if start.is_dir() else start.parent
        if folder.is_dir() and Path(os.path.realpath(folder)) not in _protected_folders:
            return folder
    return documents_dir()


def open_file(parent: QWidget | None, caption: str, filters: str, start: Path | None = None) -> Path | None:
    """Ask for an existing file to read; None when cancelled."""
    dialog = SafeFileDialog(parent, caption, _start_folder(start), filters, QFileDialog.AcceptMode.AcceptOpen)
    if start is not None and start.is_file() and not is_protected(start):
        dialog.selectFile(start.name)
    try:
        if not dialog.exec():
            return None
        files = dialog.selectedFiles()
        return Path(files[0]) if files else None
    finally:
        dialog.deleteLater()


def save_file(parent: QWidget | None, caption: str, suggested_name: str, filters: str,
              start: Path | None = None) -> tuple[Path, str] | None:
    """Ask where to write a new file (starting in Documents); (path, chosen filter) or None when cancelled."""
    dialog = SafeFileDialog(parent, caption, _start_folder(start), filters, QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(suggested_name)
    try:
        if not dialog.exec():
            return None
        files = dialog.selectedFiles()
        return (Path(files[0]), dialog.selectedNameFilter()) if files else None
    finally:
        dialog.deleteLater()

