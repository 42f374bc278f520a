"""The real tray app under Xvfb with a real tray host (Debian's trayer): the icon docks, its menu works by
mouse and keyboard; the side panel pastes on click while the stand-in chat client keeps the focus; a second
launch hands over to the running app."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tray_host import TrayHost
from x_harness import ROOT, AppProcess, ChatStandin, XServer, run_cli, wait_until

AGENT = {"agent.name": "小美", "shop.name": "花花旗舰店"}
WELCOME_TEMPLATE = "欢迎光临{店铺}！我是客服{客服}，请问有什么可以帮您？"
WELCOME_TEXT = "欢迎光临花花旗舰店！我是客服小美，请问有什么可以帮您？"


@pytest.fixture
def tray_host(xserver: XServer) -> Iterator[TrayHost]:
    host = TrayHost(xserver)
    yield host
    host.stop()


def menu_is_open(xserver: XServer, near: tuple[int, int]) -> bool:
    """A visible window taller than a tray icon whose corner is at the click point: the context menu."""
    out = xserver.xdotool_run("search", "--onlyvisible", "--name", "", "getwindowgeometry", "%@")
    for block in out.split("Window ")[1:]:
        lines = block.splitlines()
        pos = next(line for line in lines if "Position" in line).split(":")[1].split("(")[0].strip()
        size = next(line for line in lines if "Geometry" in line).split(":")[1].strip()
        x, y = (int(v) for v in pos.split(","))
        height = int(size.split("x")[1])
        if height > 100 and abs(x - near[0]) <= 40 and abs(y - near[1]) <= 40:
            return True
    return False


def open_tray_menu(xserver: XServer, host: TrayHost) -> None:
    x, y = host.icon_point()
    xserver.xdotool_run("mousemove", str(x), str(y), "click", "3")
    wait_until(lambda: menu_is_open(xserver, (x, y)), 5, 0.02, what="the tray menu to open")


def test_tray_icon_docks_and_its_menu_works(xserver: XServer, tray_host: TrayHost,
                                            launch_app: Callable[..., AppProcess]) -> None:
    app = launch_app()
    ready = app.wait_for("app", "ready", timeout=20)
    assert ready["tray"] is True

    since = app.mark()
    open_tray_menu(xserver, tray_host)
    xserver.xdotool_run("key", "Down", "Down", "Return")  # Phrase picker, Side panel
    app.wait_for("ui", "tray_action", since=since, action="panel")
    app.wait_for("ui", "panel_shown", since=since)

    since = app.mark()
    x, y = tray_host.icon_point()
    xserver.xdotool_run("mousemove", str(x), str(y), "click", "1")  # left click toggles the panel
    app.wait_for("ui", "tray_action", since=since, action="click")
    app.wait_for("ui", "panel_hidden", since=since)

    since = app.mark()
    open_tray_menu(xserver, tray_host)
    xserver.xdotool_run("key", "Up", "Return")  # the last entry: Quit
    app.wait_for("ui", "tray_action", since=since, action="quit")
    wait_until(lambda: app.proc.poll() is not None, 10, what="the app to quit")
    assert app.proc.returncode == 0


def test_without_a_tray_the_app_says_where_it_is(xserver: XServer,
                                                 launch_app: Callable[..., AppProcess]) -> None:
    app = launch_app()
    ready = app.wait_for("app", "ready", timeout=20)
    assert ready["tray"] is False
    out = xserver.xdotool_run("search", "--onlyvisible", "--name", "^DeskAssist$")
    assert out.split()


def test_side_panel_click_pastes_while_the_chat_keeps_focus(
        xserver: XServer, standin: ChatStandin, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    run_cli(folder, "phrases", "edit", "1", "--body", WELCOME_TEMPLATE)
    app = launch_app(AGENT, data_dir=folder)
    app.wait_for("app", "ready", timeout=20)
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+P")
    shown = app.wait_for("ui", "panel_shown", since=since)
    assert shown["first_id"] == 1
    assert xserver.focused_window() == standin.window

    xserver.xdotool_run("mousemove", str(shown["first_row_x"]), str(shown["first_row_y"]), "click", "1")
    standin.wait_text(WELCOME_TEXT)
    assert standin.sent == []
    assert xserver.focused_window() == standin.window
    app.wait_for("paste", "pasted", since=since, phrase_id=1)

    standin.clear()
    xserver.xdotool_run("mousemove", str(shown["first_row_x"]), str(shown["first_row_y"]),
                        "click", "--repeat", "2", "--delay", "80", "1")
    assert standin.wait_sent(1) == [WELCOME_TEXT]
    assert xserver.focused_window() == standin.window


def test_second_launch_brings_the_running_app_forward(xserver: XServer, launch_app: Callable[..., AppProcess],
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = launch_app(data_dir=folder)
    app.wait_for("app", "ready", timeout=20)
    since = app.mark()
    second = subprocess.run([*app.argv], cwd=ROOT, env=xserver.env(), capture_output=True, text=True, timeout=30)
    assert second.returncode == 0
    assert '"already_running"' in second.stderr
    app.wait_for("app", "second_launch", since=since, command="show")
    app.wait_for("ui", "panel_shown", since=since)
