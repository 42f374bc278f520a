"""Drives the file dialogs the code under test opens (the real, modal QFileDialog), and reads the kernel's
record of this process's POSIX locks, which is what SQLite's safety rests on."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot


def posix_locks(path: Path, pid: int | None = None) -> list[str]:
    """The fcntl locks a process (this one by default) holds on path's inode, as /proc/locks lists them."""
    pid = os.getpid() if pid is None else pid
    stat = os.stat(path)
    device = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    held = []
    with open("/proc/locks", encoding="ascii") as table:
        for line in table:
            parts = line.split()
            if parts[1] == "->":  # a process waiting for a lock, not holding one
                continue
            kind, lock_pid, where = parts[1], parts[4], parts[5]
            if kind == "POSIX" and lock_pid == str(pid) and where == device:
                held.append(" ".join(parts[3:4] + parts[6:]))
    return held


def sqlite_locks(data_dir: Path) -> dict[str, list[str]]:
    """This process's locks on the database and its shared-memory index (SQLite holds a read lock on both)."""
    return {name: posix_locks(data_dir / name) for name in ("deskassist.db", "deskassist.db-shm")}


@dataclass
class DialogVisit:
    """What a driven dialog showed: where it started, what it suggested, what it listed in the data folder."""

    start_folder: str = ""
    suggested: list[str] = field(default_factory=list)
    listed_in_data_folder: list[str] = field(default_factory=list)
    locks_while_open: dict[str, list[str]] = field(default_factory=dict)
    dialog_class: str = ""
    native: bool = True


def _source_model(dialog: QFileDialog) -> QFileSystemModel:
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    return model


def _listed(dialog: QFileDialog, folder: Path) -> list[str]:
    """The names the dialog's views show for folder (through its proxy model when it has one)."""
    view = dialog.findChild(QAbstractItemView, "listView")
    assert view is not None
    model = view.model()
    source = _source_model(dialog)
    parent = source.index(str(folder))
    proxy = dialog.proxyModel()
    if proxy is not None:
        parent = proxy.mapFromSource(parent)
    return sorted(model.index(row, 0, parent).data() for row in range(model.rowCount(parent)))


def browse_into(qtbot: QtBot, dialog: QFileDialog, folder: Path) -> list[str]:
    """Go into folder, show every file in the detail view and let the dialog fetch and paint all it wants.

    Every column of every row of the file model is asked for its text and icon (what the views ask when
    painting), so that whatever the dialog would read for type names or icons is read now.
    """
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    for name_filter in dialog.nameFilters():
        if "(*)" in name_filter:
            dialog.selectNameFilter(name_filter)
    source = _source_model(dialog)
    loaded: list[str] = []
    source.directoryLoaded.connect(loaded.append)
    dialog.setDirectory(str(folder))
    qtbot.waitUntil(lambda: os.path.realpath(folder) in {os.path.realpath(p) for p in loaded}, timeout=10_000)
    parent = source.index(str(folder))
    for row in range(source.rowCount(parent)):
        for column in range(source.columnCount(parent)):
            index = source.index(row, column, parent)
            index.data()
            index.data(1)  # Qt.DecorationRole: the icon
    dialog.grab()
    qtbot.wait(200)  # icons and types fetched in the background are delivered now
    dialog.grab()
    return _listed(dialog, folder)


def answer_next_file_dialog(qtbot: QtBot, action: Callable[[QFileDialog], None],
                            visit: DialogVisit | None = None) -> DialogVisit:
    """When the next modal file dialog shows, note where it starts and hand it to action (which closes it)."""
    visit = visit or DialogVisit()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        visit.dialog_class = type(dialog).__name__
        visit.native = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        visit.start_folder = dialog.directory().absolutePath()
        visit.suggested = [os.path.basename(name) for name in dialog.selectedFiles()]
        try:
            action(dialog)
        finally:
            if dialog.isVisible():  # the action failed half-way: do not leave the test hanging in exec()
                dialog.reject()

    QTimer.singleShot(0, answer)
    return visit

