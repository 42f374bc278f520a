"""Team mode's sync worker on a QThread: the blocking loop (deskassist.team.worker) off the GUI thread, its
news as queued signals on it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from deskassist.team.worker import SyncLoop, TeamState


class TeamSyncThread(QThread):
    state_changed = Signal(object)   # TeamState
    pulled = Signal(object)          # {local table: {ids}}: rows another desk changed, now in SQLite

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("team-sync")
        self.loop = SyncLoop(data_dir, self.state_changed.emit, self.pulled.emit)

    def run(self) -> None:
        self.loop.run()

    def poke(self) -> None:
        """Written here: send it now."""
        self.loop.poke()

    def stop(self, wait_ms: int = 10_000) -> None:
        self.loop.stop()
        self.wait(wait_ms)


__all__ = ["TeamState", "TeamSyncThread"]
