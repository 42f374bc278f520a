"""No file dialog can make SQLite lose its locks: every dialog the app opens is browsed into the data folder
(all files, detail view, every icon and type asked for) and the kernel's lock table must still list this
process's read locks on deskassist.db and its -shm; a CLI run afterwards must leave the live -wal alone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from file_dialog_driver import DialogVisit, answer_next_file_dialog, browse_into, sqlite_locks
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from deskassist.services.handover import HandoverService, ItemDraft
from deskassist.services.phrases import PhraseService
from deskassist.services.reports import ReportService
from deskassist.services.session import Session
from deskassist.ui.library.import_export import ImportDialog
from deskassist.ui.library.manager import PhraseManagerWindow
from deskassist.ui.notes.handover import HandoverHistoryWindow
from deskassist.ui.notes.reports import ReportsWindow
from deskassist.ui.settings.dialog import SettingsDialog
from deskassist.ui.widgets import file_dialogs

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
ROOT = Path(__file__).resolve().parents[3]


def _phrase_export(qtbot: QtBot, session: Session) -> None:
    window = PhraseManagerWindow(session)
    qtbot.addWidget(window)
    window.export_action.trigger()


def _phrase_import(qtbot: QtBot, session: Session) -> None:
    dialog = ImportDialog(PhraseService(session))
    qtbot.addWidget(dialog)
    dialog.browse_button.click()


def _restore(qtbot: QtBot, session: Session) -> None:
    dialog = SettingsDialog(session.settings, session=session)
    qtbot.addWidget(dialog)
    dialog.restore_button.click()


def _report_export(qtbot: QtBot, session: Session) -> None:
    window = ReportsWindow(ReportService(session), session.clock)
    qtbot.addWidget(window)
    window.export_to()


def _handover_export(qtbot: QtBot, session: Session) -> None:
    handover = HandoverService(session)
    note = handover.write("白班", [ItemDraft("notice", "双十二预热")], agent="小李")
    window = HandoverHistoryWindow(handover)
    qtbot.addWidget(window)
    window.select_note(note.id)
    window.export_to()


CALL_SITES: dict[str, Callable[..., None]] = {
    "phrase manager export": _phrase_export, "phrase import, choose file": _phrase_import,
    "settings restore": _restore, "reports export": _report_export, "handover export": _handover_export}


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "deskassist", "--data-dir", str(data_dir), *args],
                          env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("site", CALL_SITES)
def test_browsing_the_data_folder_keeps_sqlite_locks(qtbot, session, site: str) -> None:
    data_dir = Path(session.data_dir)
    (data_dir / "notes.csv").write_text("a,b\n", encoding="utf-8")  # an ordinary file there stays visible
    before = sqlite_locks(data_dir)
    assert all(before.values()), before  # SQLite's read locks in WAL mode: the thing to keep

    def cancel_after_browsing(dialog: QFileDialog) -> None:
        visit.listed_in_data_folder = browse_into(qtbot, dialog, data_dir)
        visit.locks_while_open = sqlite_locks(data_dir)
        dialog.reject()

    visit = answer_next_file_dialog(qtbot, cancel_after_browsing, DialogVisit())
    CALL_SITES[site](qtbot, session)
    assert visit.dialog_class, "no file dialog was shown"
    assert visit.locks_while_open == before
    assert sqlite_locks(data_dir) == before

    result = _cli(data_dir, "memos", "list")  # a CLI command closes its connection: the last one, it thinks?
    assert result.returncode == 0, result.stderr
    assert (data_dir / "deskassist.db-wal").exists()  # not checkpointed away under the running app

    assert not visit.native
    assert Path(visit.start_folder).resolve() != data_dir.resolve()
    assert not [name for name in visit.listed_in_data_folder if name.startswith("deskassist.db")]


def _documents_at(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, folder: Path) -> None:
    """Point the XDG Documents folder (what QStandardPaths reads on Linux) at folder."""
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))


def test_exports_start_in_documents_with_a_dated_name(qtbot, session, tmp_path, monkeypatch) -> None:
    documents = tmp_path / "文档"
    documents.mkdir()
    _documents_at(monkeypatch, tmp_path, documents)
    visit = answer_next_file_dialog(qtbot, lambda dialog: dialog.reject())
    _phrase_export(qtbot, session)
    assert Path(visit.start_folder) == documents
    assert visit.suggested == [f"phrase-export-{date.today().isoformat()}.xlsx"]


def test_dialogs_never_start_in_the_data_folder_even_when_it_is_documents(qtbot, session, tmp_path,
                                                                         monkeypatch) -> None:
    data_dir = Path(session.data_dir)
    file_dialogs.protect_data_dir(data_dir)
    _documents_at(monkeypatch, tmp_path, data_dir)
    visit = answer_next_file_dialog(qtbot, lambda dialog: dialog.reject())
    _phrase_import(qtbot, session)
    assert Path(visit.start_folder) == Path.home()


def test_typing_the_database_name_is_refused(qtbot, session) -> None:
    data_dir = Path(session.data_dir)
    database = data_dir / "deskassist.db"
    size = database.stat().st_size
    warnings: list[str] = []

    def close_warning() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            warnings.append(box.text())
            box.reject()
        else:
            QTimer.singleShot(10, close_warning)

    def type_database_name(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(data_dir))
        dialog.selectFile(str(database))
        QTimer.singleShot(0, close_warning)
        dialog.accept()  # the warning's own loop runs here and is closed by close_warning
        assert dialog.isVisible()  # still asking
        dialog.reject()

    answer_next_file_dialog(qtbot, type_database_name)
    assert file_dialogs.save_file(None, "Export", "x.csv", "CSV (*.csv)") is None
    assert warnings == ["deskassist.db is DeskAssist's own database; choose another file."]
    assert database.stat().st_size == size


@pytest.mark.posix
def test_protected_by_name_path_symlink_and_hard_link(tmp_path, session) -> None:
    data_dir = Path(session.data_dir)
    file_dialogs.protect_data_dir(data_dir)
    (tmp_path / "alias.sqlite").symlink_to(data_dir / "deskassist.db")
    os.link(data_dir / "deskassist.db", tmp_path / "copy.bin")
    (tmp_path / "other.db").write_bytes(b"")
    assert file_dialogs.is_protected(data_dir / "deskassist.db-wal")
    assert file_dialogs.is_protected(tmp_path / "alias.sqlite")
    assert file_dialogs.is_protected(tmp_path / "copy.bin")
    assert not file_dialogs.is_protected(tmp_path / "other.db")


BROWSE_UNDER_STRACE = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel
from deskassist.services.data_folder import open_session
from deskassist.ui.widgets import file_dialogs

folder, marker = Path(sys.argv[1]), Path(sys.argv[2])
app = QApplication([])
session = open_session(folder)
file_dialogs.protect_data_dir(folder)
marker.write_text("from here on only the dialog opens files")

def browse():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QFileDialog):
        QTimer.singleShot(10, browse)
        return
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    model = dialog.findChild(QFileSystemModel)
    model.directoryLoaded.connect(lambda path: QTimer.singleShot(300, dialog.reject))
    dialog.setDirectory(str(folder))

QTimer.singleShot(0, browse)
file_dialogs.open_file(None, "Import", "All files (*)")
session.close()
"""


@pytest.mark.posix
def test_strace_sees_no_open_of_the_database_files_while_a_dialog_lists_them(tmp_path, data_dir) -> None:
    """The syscalls themselves: after the marker, nothing but SQLite (O_NOFOLLOW, never closed) opens them."""
    trace, marker = tmp_path / "trace.txt", tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(["strace", "-f", "-e", "trace=openat,open", "-o", str(trace), sys.executable, "-c",
                    BROWSE_UNDER_STRACE, str(data_dir), str(marker)], env=env, check=True, timeout=120,
                   capture_output=True)
    lines = trace.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if str(marker) in line)
    listed = [line for line in lines[start:] if f'"{data_dir}"' in line and "O_DIRECTORY" in line]
    opened = [line for line in lines[start:] if f"{data_dir}/deskassist.db" in line]
    assert listed  # the dialog did read the data folder
    assert opened == []
