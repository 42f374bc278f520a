"""The app's daily backup runs the full integrity check off the GUI thread; a damaged file is reported and
never written."""

from __future__ import annotations

import pytest
from damage import damage_quietly

from deskassist import paths
from deskassist.app import DeskAssistApp
from deskassist.core.errors import DatabaseError
from deskassist.core.models import PhraseDraft
from deskassist.services.data_folder import open_session
from deskassist.services.memos import MemoService

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_daily_backup_of_a_quietly_damaged_file_warns_and_stops_writes(qtbot, backends, tmp_path,
                                                                           clock) -> None:
    folder = tmp_path / "damaged"
    first = open_session(folder, clock=clock)
    for number in range(300):
        MemoService(first).add(f"第{number}条备忘 联系买家确认尺码和颜色 #售后")
    first.close()
    damage_quietly(paths.database_path(folder))
    damaged = open_session(folder, clock=clock)
    app = DeskAssistApp(damaged, backends, tray_available=False, autostart_command=["deskassist"],
                        load_features=False)
    try:
        app.start()
        qtbot.waitUntil(lambda: "failed its integrity check" in app.tray.window.status.text(), timeout=10000)
        assert not list(paths.backup_dir(folder).glob("auto-*.db"))
        with pytest.raises(DatabaseError, match="damaged"):
            app.phrases.add(PhraseDraft(category="新", body="不写进损坏的文件"))
    finally:
        app.shutdown()
        for widget in (app.picker, app.panel, app.tray.window):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        damaged.close()
