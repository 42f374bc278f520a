"""The real app as a process under a private Xvfb, on a joined desk: a team phrase published on another desk
is pasted through the picker by its short code (the stand-in chat client receives it). The time from the
publish to the change being applied is printed (figures, not a pass/fail line)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.x_harness import AppProcess, ChatStandin, XServer
from tests.team.conftest import Shop
from tests.team.helpers import ok

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def xserver() -> Iterator[XServer]:
    server = XServer()
    yield server
    server.stop()


def test_a_phrase_published_on_another_desk_pastes_from_the_running_app(xserver: XServer, shop: Shop) -> None:
    boss = shop.desk("boss", "主管")
    alice = shop.desk("alice", "小美")
    app = AppProcess(xserver, alice)
    chat = ChatStandin(xserver)
    try:
        app.wait_for("app", "ready", timeout=30)
        app.wait_for("team", "team_state", timeout=30, connected=True)
        chat.focus()
        since = app.mark()
        published = time.perf_counter()
        ok(boss, "phrases", "add", "--team", "-c", "标准话术", "--code", "sdh", "-t", "双十二活动",
           "-b", "双十二当天全场满300减40哦")
        app.wait_for("team", "team_applied", timeout=30, since=since)
        print(f"publish -> applied on the running desk: {1000 * (time.perf_counter() - published):.0f} ms "
              "(the publishing desk's push included)")
        since = app.mark()
        xserver.key("Ctrl+Alt+Space").wait(10)  # up before typing: with Ctrl+Alt still down "s" is Ctrl+Alt+S
        app.wait_for("picker", "shown", since=since)
        xserver.xdotool_run("type", "sdh")
        xserver.xdotool_run("key", "Return")
        chat.wait_text("双十二当天全场满300减40哦")
    finally:
        chat.stop()
        app.stop()
