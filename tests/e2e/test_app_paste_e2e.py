"""The real tray app (python -m deskassist) under Xvfb: hotkey -> picker -> render -> paste into the
stand-in chat client; slot hotkeys; auto-send with split lines; the clipboard comes back; a hotkey
another program holds is reported while the others work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from x_harness import AppProcess, ChatStandin, XServer, run_cli

AGENT = {"agent.name": "小美", "shop.name": "花花旗舰店"}
REFUND_TEMPLATE = "您好，我是{店铺}的客服{客服}～退款会在1-3个工作日内原路退回，请您留意~"
REFUND_TEXT = "您好，我是花花旗舰店的客服小美～退款会在1-3个工作日内原路退回，请您留意~"
WELCOME_TEMPLATE = "欢迎光临{店铺}！我是客服{客服}，请问有什么可以帮您？"
WELCOME_TEXT = "欢迎光临花花旗舰店！我是客服小美，请问有什么可以帮您？"
DELIVERY_TEMPLATE = "亲，{店铺}下单后48小时内发货。\n\n默认中通快递，偏远地区可选EMS。\n一般3天左右送达~"


@pytest.fixture
def app_with_phrases(launch_app: Callable[..., AppProcess], tmp_path: Path) -> Callable[..., AppProcess]:
    """The app on a data folder with the default pack, agent/shop names and a few phrases of ours."""

    def start(settings: dict | None = None) -> AppProcess:
        folder = tmp_path / "data"
        run_cli(folder, "phrases", "add", "-c", "售后", "-t", "退款到账时间", "-b", REFUND_TEMPLATE)
        run_cli(folder, "phrases", "edit", "1", "--body", WELCOME_TEMPLATE)
        run_cli(folder, "phrases", "edit", "7", "--body", DELIVERY_TEMPLATE)
        app = launch_app({**AGENT, **(settings or {})}, data_dir=folder)
        app.wait_for("app", "ready", timeout=20)
        return app

    return start


def test_picker_with_pinyin_initials_and_enter_pastes_the_rendered_phrase(
        xserver: XServer, standin: ChatStandin, app_with_phrases) -> None:
    xserver.set_clipboard("订单号 20261122")
    app = app_with_phrases()
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+Space")
    app.wait_for("picker", "shown", since=since)
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
    xserver.xdotool_run("type", "tkdz")  # 退款到账
    xserver.xdotool_run("key", "Return")
    standin.wait_text(REFUND_TEXT)
    assert standin.sent == []
    pasted = app.wait_for("paste", "pasted", since=since)
    assert pasted["chunks"] == 1
    app.wait_for("paste", "clipboard_restored", since=since)
    assert xserver.clipboard() == "订单号 20261122"
    assert xserver.focused_window() == standin.window


def test_slot_hotkey_pastes_pinned_phrase_one_directly(xserver: XServer, standin: ChatStandin,
                                                       app_with_phrases) -> None:
    app = app_with_phrases()
    standin.focus()
    since = app.mark()
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(WELCOME_TEXT)
    assert app.find(since, logger="picker", event="shown") == []
    assert app.wait_for("paste", "pasted", since=since)["phrase_id"] == 1


def test_auto_send_with_split_lines_sends_each_paragraph_as_a_message(
        xserver: XServer, standin: ChatStandin, app_with_phrases) -> None:
    app = app_with_phrases({"paste.auto_send": "true", "paste.split_lines": "true",
                            "paste.split_gap_ms": "80"})
    standin.focus()
    xserver.key("Ctrl+Alt+2")
    assert standin.wait_sent(3) == ["亲，花花旗舰店下单后48小时内发货。", "默认中通快递，偏远地区可选EMS。",
                                    "一般3天左右送达~"]
    assert app.wait_for("paste", "pasted")["chunks"] == 3
    standin.wait_text("")  # the last message went out too


def test_a_hotkey_taken_by_another_program_is_reported_and_the_others_work(
        xserver: XServer, standin: ChatStandin, app_with_phrases, grab_first) -> None:
    grab_first("Ctrl+Alt+2")
    app = app_with_phrases()
    failed = app.wait_for("hotkey", "failed")
    assert (failed["name"], failed["combo"], failed["reason"]) == ("slot2", "Ctrl+Alt+2", "taken")
    standin.focus()
    xserver.key("Ctrl+Alt+1")
    standin.wait_text(WELCOME_TEXT)
    standin.clear()
    since = app.mark()
    xserver.key("Ctrl+Alt+Space")
    app.wait_for("picker", "shown", since=since)
    app.wait_for("picker", "active", since=since)  # keys typed now reach it
