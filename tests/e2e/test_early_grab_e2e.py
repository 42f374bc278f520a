"""Issue 13: grab first, build everything else. The real app (python -m deskassist) holds its hotkeys before Qt
and the UI are loaded: a hotkey pressed while it loads never reaches the chat window and pastes once the app
is ready; the app keeps those grabs (none ungrabbed and grabbed again) and reconciles them with the settings;
a second launch grabs nothing.

The early_gate module holds the real start right after the early grab, so the key is pressed while the app
is provably not built yet. Whether a key leaked is decided by order, not by waiting: a marker combo nobody
grabs is pressed after the hotkey; once the stand-in has the marker, a leaked hotkey would be there before it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from launch_gate import release_together
from x_harness import (
    AppProcess,
    ChatStandin,
    JsonLineProcess,
    XGrabber,
    XServer,
    run_cli,
    wait_until,
    xdotool_combo,
)

from deskassist.early_start import wanted_hotkeys

HERE = Path(__file__).resolve().parent
PHRASE_TEXT = "亲，在的～请问有什么可以帮您？"
MARKER = "Ctrl+Alt+X"  # no DeskAssist hotkey: it always reaches the focused window
DEFAULT_NAMES = sorted(wanted_hotkeys({}))


def gated_app(xserver: XServer, launch_app: Callable[..., AppProcess], folder: Path,
              settings: dict | None = None) -> AppProcess:
    """The real start of the app on folder, waiting at the gate just after its early grab."""
    gate = folder.parent / "gate"
    os.mkfifo(gate)
    app = launch_app(settings, data_dir=folder, module="tests.e2e.early_gate",
                     env=xserver.env(DESKASSIST_TEST_GATE=str(gate)))
    app.wait_for("test", "at_gate", timeout=60)
    return app


def open_gate(folder: Path, app: AppProcess) -> None:
    release_together(folder.parent / "gate", [app])


def press_then_marker(xserver: XServer, standin: ChatStandin, combo: str) -> list[str]:
    """Press combo, then the marker; the keys the stand-in got up to the marker."""
    since = standin.mark()
    xserver.xdotool_run("key", "--clearmodifiers", xdotool_combo(combo))
    xserver.xdotool_run("key", "--clearmodifiers", xdotool_combo(MARKER))
    wait_until(lambda: MARKER in standin.keys(since), 10, what="the marker key in the stand-in",
               details=standin.tail)
    return standin.keys(since)


def key_is_free(xserver: XServer, combo: str) -> bool:
    """Whether another X client can grab combo now (grabber.py says "grabbed" or "failed")."""
    probe = JsonLineProcess([sys.executable, str(HERE / "grabber.py"), combo], xserver.env(), "stdout")
    try:
        record = wait_until(lambda: (probe.find(event="grabbed") or probe.find(event="failed")), 10,
                            what="the grab probe", details=probe.tail)
        return record[0]["event"] == "grabbed"
    finally:
        probe.stop()


def test_a_hotkey_pressed_while_the_app_loads_is_held_then_pastes_once_ready(
        xserver: XServer, standin: ChatStandin, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    run_cli(folder, "phrases", "edit", "1", "--body", PHRASE_TEXT)  # pinned to slot 1 in the default pack
    app = gated_app(xserver, launch_app, folder)
    assert app.wait_for("hotkey", "early_grabbed")["names"] == DEFAULT_NAMES
    assert app.find(logger="app", event="ready") == []

    standin.focus()
    assert press_then_marker(xserver, standin, "Ctrl+Alt+1") == [MARKER]  # the hotkey did not leak
    assert standin.text == ""

    open_gate(folder, app)
    app.wait_for("app", "ready", timeout=60)
    standin.wait_text(PHRASE_TEXT, timeout=20)  # the press made during start-up, delivered once ready
    assert app.wait_for("paste", "pasted")["phrase_id"] == 1
    settled = app.wait_for("hotkey", "early_grabs_settled")
    assert (settled["kept"], settled["released"]) == (len(DEFAULT_NAMES), [])  # none ungrabbed and re-grabbed

    standin.clear()  # after the hand-over the hotkeys work as ever
    since = app.mark()
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(PHRASE_TEXT)
    app.wait_for("paste", "pasted", since=since)  # logged after the chat window has read the text
    assert len(app.find(logger="paste", event="pasted")) == 2  # the press during start-up pasted once
    xserver.key("Ctrl+Alt+Space")
    app.wait_for("picker", "shown", since=since)
    assert MARKER not in standin.keys(since) and "Ctrl+Alt+1" not in standin.keys(0)


def test_grabs_follow_settings_changed_while_the_app_loaded(
        xserver: XServer, standin: ChatStandin, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    app = gated_app(xserver, launch_app, folder, {"hotkeys.picker": "Ctrl+Alt+K"})
    assert "picker" in app.wait_for("hotkey", "early_grabbed")["names"]
    assert not key_is_free(xserver, "Ctrl+Alt+K")  # held from the early start on, as stored
    assert key_is_free(xserver, "Ctrl+Alt+Space")  # the default is not grabbed when another is stored
    run_cli(folder, "config", "set", "memo.capture_enabled", "false")  # after the early read

    open_gate(folder, app)
    app.wait_for("app", "ready", timeout=60)
    settled = app.wait_for("hotkey", "early_grabs_settled")
    assert (settled["kept"], settled["released"]) == (len(DEFAULT_NAMES) - 1, ["memo"])
    assert key_is_free(xserver, "Ctrl+Alt+M")
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+K")
    app.wait_for("picker", "shown", since=since)


def test_a_hotkey_another_program_holds_is_left_to_the_app_to_report(
        xserver: XServer, launch_app: Callable[..., AppProcess], grab_first, tmp_path: Path) -> None:
    grab_first("Ctrl+Alt+2")
    app = launch_app(data_dir=tmp_path / "data")
    assert "slot2" not in app.wait_for("hotkey", "early_grabbed", timeout=60)["names"]
    failed = app.wait_for("hotkey", "failed", timeout=60)
    assert (failed["name"], failed["reason"]) == ("slot2", "taken")  # reported as before the early start


def test_a_second_launch_grabs_nothing_and_hands_over(
        xserver: XServer, standin: ChatStandin, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    folder = tmp_path / "data"
    run_cli(folder, "phrases", "edit", "1", "--body", PHRASE_TEXT)
    first = launch_app(data_dir=folder)
    first.wait_for("app", "ready", timeout=60)
    since = first.mark()

    second = launch_app(data_dir=folder)
    wait_until(lambda: second.proc.poll() is not None, 60, 0.05, what="the second launch to hand over",
               details=second.tail)
    assert second.proc.returncode == 0, second.tail()
    assert [r["reason"] for r in second.find(logger="hotkey", event="early_start_skipped")] == ["running"]
    assert second.find(logger="hotkey", event="early_grabbed") == []
    assert second.find(logger="app", event="already_running")
    first.wait_for("app", "second_launch", since=since)

    since = first.mark()  # the first app still holds its hotkeys (its side panel came forward: no paste)
    xserver.key("Ctrl+Alt+1")
    first.wait_for("hotkey", "fired", since=since, name="slot1")
    assert "Ctrl+Alt+1" not in standin.keys(0)


def test_without_a_database_the_defaults_are_grabbed_early(
        xserver: XServer, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    """The first start: no database yet, nothing written before; the first-run setup still comes."""
    app = launch_app(data_dir=tmp_path / "new", first_run=True)
    assert app.wait_for("hotkey", "early_grabbed", timeout=60)["names"] == DEFAULT_NAMES
    assert app.wait_for("app", "setup_offered", timeout=60)["shown"] is True
    settled = app.wait_for("hotkey", "early_grabs_settled")
    assert (settled["kept"], settled["released"]) == (len(DEFAULT_NAMES), [])


def test_grabber_probe_sees_a_held_key(xserver: XServer) -> None:
    """The probe the tests above rely on: it fails while another client holds the key."""
    holder = XGrabber(xserver, "Ctrl+Alt+J")
    try:
        assert not key_is_free(xserver, "Ctrl+Alt+J")
    finally:
        holder.stop()
    assert key_is_free(xserver, "Ctrl+Alt+J")


def test_launches_racing_for_the_early_grab_leave_one_app_holding_every_hotkey(
        xserver: XServer, launch_app: Callable[..., AppProcess], tmp_path: Path) -> None:
    """Three launches released together just before the early start: one takes the lock and grabs, the others
    grab nothing and hand over to it."""
    folder = tmp_path / "data"
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    env = xserver.env(DESKASSIST_TEST_GATE=str(gate), DESKASSIST_TEST_GATE_AT="before")
    apps = [launch_app(data_dir=folder, module="tests.e2e.early_gate", env=env) for _ in range(3)]
    release_together(gate, apps)
    wait_until(lambda: all(app.proc.poll() is not None or app.find(logger="app", event="ready") for app in apps),
               60, 0.05, what="every launch to settle", details=lambda: "\n".join(app.tail(8) for app in apps))
    running = [app for app in apps if app.proc.poll() is None]
    assert len(running) == 1, "\n".join(app.tail(8) for app in apps)
    assert running[0].find(logger="hotkey", event="early_grabbed")[0]["names"] == DEFAULT_NAMES
    assert running[0].find(logger="hotkey", event="failed") == []
    for app in apps:
        if app is not running[0]:
            assert app.proc.returncode == 0, app.tail()
            assert app.find(logger="hotkey", event="early_grabbed") == []
            assert [r["reason"] for r in app.find(logger="hotkey", event="early_start_skipped")] == ["running"]
