"""The tray app on a joined desk (real Qt widgets offscreen, real PostgreSQL): another desk's change reaches
the picker's search, the tray line follows the server, team phrases are read-only in the editor, and the
supervisor's desks window lists the desks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deskassist.app import DeskAssistApp
from deskassist.platform.factory import PlatformBackends
from deskassist.services.data_folder import open_session
from deskassist.ui.library.editor import PhraseEditor
from tests.team.conftest import Shop
from tests.team.helpers import ok
from tests.team.pg_cluster import Cluster
from tests.widget.conftest import OFFSCREEN_NOISE, FakeAutostart, FakeDesktop, FakeHotkeys

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.fixture
def running(qtbot) -> Iterator:
    made: list[tuple[DeskAssistApp, object]] = []

    def start(folder: Path) -> DeskAssistApp:
        session = open_session(folder)
        desktop = FakeDesktop()
        app = DeskAssistApp(session, PlatformBackends("fake", FakeHotkeys(), desktop, desktop, desktop,
                                                      FakeAutostart()),
                            tray_available=False, autostart_command=["deskassist"], load_features=True)
        app.start()
        qtbot.waitUntil(lambda: app.ready)
        made.append((app, session))
        return app

    yield start
    for app, session in made:
        app.shutdown()
        for widget in (app.picker, app.panel, app.tray.window):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        session.close()


def _connected(app: DeskAssistApp) -> bool:
    return app.team is not None and app.team.state is not None and app.team.state.connected


def test_a_team_phrase_published_elsewhere_is_found_by_the_running_picker(qtbot, shop: Shop, running) -> None:
    boss = shop.desk("boss", "主管")
    app = running(shop.desk("alice", "小美"))
    qtbot.waitUntil(lambda: _connected(app), timeout=20_000)
    assert app.team is not None and app.team.status_action.text() == "Team: connected"
    assert [a.objectName() for a in app.team.actions()] == ["tray:team_status"]  # no desks window for agents
    ok(boss, "phrases", "add", "--team", "-c", "标准话术", "-t", "双十二", "-b", "双十二全场满300减40")
    qtbot.waitUntil(lambda: any(p.title == "双十二" for p in app.phrases.search("双十二")), timeout=20_000)
    phrase = next(p for p in app.phrases.search("双十二") if p.title == "双十二")
    editor = PhraseEditor(app.phrases)
    qtbot.addWidget(editor)
    editor.load(phrase)
    assert editor.locked and not editor.body_edit.isEnabled() and "read-only" in editor.heading.text()
    assert editor.save() is None and "supervisor" in editor.error_label.text()


def test_the_tray_line_goes_offline_with_the_server_and_back(qtbot, shop: Shop, pg_cluster: Cluster,
                                                              running) -> None:
    app = running(shop.desk("alice", "小美"))
    qtbot.waitUntil(lambda: _connected(app), timeout=20_000)
    pg_cluster.stop()
    try:
        qtbot.waitUntil(lambda: app.team is not None and "offline" in app.team.status_action.text(),
                        timeout=20_000)
    finally:
        pg_cluster.start()
    qtbot.waitUntil(lambda: _connected(app), timeout=30_000)


def test_the_supervisor_sees_every_desk(qtbot, shop: Shop, running) -> None:
    shop.desk("alice", "小美")
    app = running(shop.desk("boss", "主管"))
    qtbot.waitUntil(lambda: _connected(app), timeout=20_000)
    assert app.team is not None
    app.team.desks_action.trigger()
    window = app.windows.get("team:desks")
    qtbot.waitUntil(lambda: window is not None and window.table.row_count() >= 2, timeout=20_000)
    agents = {window.table.cell_text(n, 0) for n in range(window.table.row_count())}
    assert {"小美", "主管"} <= agents
    window.close()
