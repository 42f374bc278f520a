"""Team mode in the running app: the sync worker, the tray's connected / offline / pending line, and the
supervisors' desks window. Changes pulled from other desks reach every view through the change feed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from deskassist import log
from deskassist.i18n import _
from deskassist.qt.team_sync import TeamState, TeamSyncThread
from deskassist.services.changes import Change
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.ui.widgets.record_table import RecordTable

_log = log.get("team")


def state_text(state: TeamState | None) -> str:
    if state is None or not state.joined:
        return _("Team: not joined")
    if state.connected and not state.pending:
        return _("Team: connected")
    if state.connected:
        return _("Team: connected, {count} to send").format(count=state.pending)
    return _("Team: offline, {count} waiting to be sent").format(count=state.pending)


class TeamFeature(QObject):
    """Built by the app root on a joined desk."""

    state_changed = Signal(object)
    changes_pulled = Signal(object)

    def __init__(self, session: Session, phrases: PhraseService, role: str, notice_changes: Callable[[], object],
                 show_window: Callable[[str, Callable[[], QWidget]], QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.phrases, self.role = session, phrases, role
        self.notice_changes, self.show_window = notice_changes, show_window
        self.state: TeamState | None = None
        self.status_action = QAction(state_text(None), self)
        self.status_action.setObjectName("tray:team_status")
        self.status_action.setEnabled(False)
        self.desks_action = QAction(_("Team desks…"), self)
        self.desks_action.setObjectName("tray:team_desks")
        self.desks_action.triggered.connect(self.open_desks)
        self.sync_thread = TeamSyncThread(session.data_dir, self)  # not .thread: that is QObject.thread()
        self.sync_thread.state_changed.connect(self._state)
        self.sync_thread.pulled.connect(self._pulled)
        self._unsubscribe = session.changes.subscribe(self._written_here)

    def _written_here(self, change: Change) -> None:
        """A phrase written on this desk goes to the server soon (not a pulled one: that is "external")."""
        if change.kind in ("phrases", "categories", "questions"):
            self.sync_thread.poke()

    def actions(self) -> list[QAction]:
        return [self.status_action] + ([self.desks_action] if self.role == "supervisor" else [])

    def start(self) -> None:
        self.sync_thread.start()

    def stop(self) -> None:
        self._unsubscribe()
        self.sync_thread.stop()

    def retranslate(self) -> None:
        self.status_action.setText(state_text(self.state))
        self.desks_action.setText(_("Team desks…"))

    def _state(self, state: TeamState) -> None:
        if state != self.state:
            log.event(_log, "team_state", connected=state.connected, pending=state.pending)
        self.state = state
        self.status_action.setText(state_text(state))
        self.state_changed.emit(state)

    def _pulled(self, changed: dict[str, set[int]]) -> None:
        """Rows from other desks are in SQLite (written by the worker's own connection): the change feed
        reports them now, and the picker, the indexes and the open windows read them again."""
        if changed:
            self.notice_changes()
        log.event(_log, "team_applied", tables=len(changed))
        self.changes_pulled.emit(changed)

    def open_desks(self) -> None:
        self.show_window("team:desks", lambda: DesksWindow(self.session.data_dir))


class _DesksLoader(QThread):
    """Asks the server on its own thread (with its own SQLite session): the GUI never waits on the network."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir

    def run(self) -> None:
        from deskassist.core.errors import UserError
        from deskassist.services.data_folder import open_session
        from deskassist.team import sync

        session = open_session(self.data_dir, seed=False)
        try:
            self.loaded.emit(sync.desks(session))
        except UserError as exc:
            self.failed.emit(str(exc))
        finally:
            session.close()


class DesksWindow(QDialog):
    """The supervisor's morning check: every desk with its agent, last contact, team revision, app version."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team:desks")
        self.setWindowTitle(_("Team desks"))
        self.note = QLabel(_("Asking the server…"), self)
        self.table = RecordTable([_("Agent"), _("Last seen"), _("Team revision"), _("Version")], stretch=0,
                                 parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.resize(560, 360)
        self.loader = _DesksLoader(data_dir, self)
        self.loader.loaded.connect(self.show_desks)
        self.loader.failed.connect(self.note.setText)
        self.loader.start()

    def show_desks(self, rows: list[dict[str, Any]]) -> None:
        self.note.setText(_("{count} desks").format(count=len(rows)))
        self.table.set_records(rows, lambda row: tuple(row[key] for key in
                                                       ("agent", "last_seen", "team_revision", "app_version")))

    def done(self, result: int) -> None:
        self.loader.wait(10_000)
        super().done(result)
