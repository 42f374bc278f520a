"""A busy chat client (its GUI thread stalls 800 ms on Ctrl+V before it reads the clipboard, as Qianniu
does) must receive the phrase, never the clipboard the agent had before: the previous clipboard comes back
only once the target has read the phrase. A paste key that never arrives leaves the phrase on the
clipboard, says so, and gives the previous clipboard back only when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from x_harness import AppProcess, ChatStandin, PasteDriver, XServer, run_cli, wait_until

PRIVATE = "张三 13812345678 北京市朝阳区建国路88号"
PHONE = "13812345678"
ORDER = "订单号 2026112800123"
GREETING = "亲，您好！我是客服小美，很高兴为您服务~"
LONG_ANSWER = "亲，本店下单后48小时内发货。\n\n默认中通快递，偏远地区可选EMS。\n一般3天左右送达，请您放心~"
STALL_MS = 800


@pytest.fixture
def busy_standin(xserver: XServer) -> Iterator[ChatStandin]:
    chat = ChatStandin(xserver, title="busy chat", stall_ms=STALL_MS)
    chat.focus()
    yield chat
    chat.stop()


@pytest.fixture
def start_driver(xserver: XServer, tmp_path: Path) -> Iterator[Callable[..., PasteDriver]]:
    drivers: list[PasteDriver] = []

    def start(settings: dict[str, Any] | None = None) -> PasteDriver:
        driver = PasteDriver(xserver, tmp_path / f"driver{len(drivers)}", {"slot1": ("Ctrl+Alt+1", GREETING)},
                             settings)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.stop()


def everything_the_box_showed(chat: ChatStandin) -> list[str]:
    return [r["text"] for r in chat.find(event="text")] + chat.sent


def test_a_busy_client_gets_the_phrase_and_never_the_previous_clipboard(
        xserver: XServer, busy_standin: ChatStandin, start_driver) -> None:
    xserver.set_clipboard(PRIVATE)
    driver = start_driver({"paste.auto_send": True})
    for count in range(1, 5):
        since = driver.mark()
        driver.paste(GREETING, busy_standin.window)
        busy_standin.wait_sent(count)
        driver.wait_for("paste", "clipboard_restored", since=since)
    assert busy_standin.sent == [GREETING] * 4
    assert not [text for text in everything_the_box_showed(busy_standin) if PHONE in text]
    assert xserver.clipboard() == PRIVATE


def test_split_lines_set_each_chunk_only_after_the_busy_client_read_the_previous_one(
        xserver: XServer, busy_standin: ChatStandin, start_driver) -> None:
    xserver.set_clipboard(PRIVATE)
    driver = start_driver({"paste.auto_send": True, "paste.split_lines": True, "paste.split_gap_ms": 0})
    driver.paste(LONG_ANSWER, busy_standin.window)
    assert busy_standin.wait_sent(3) == ["亲，本店下单后48小时内发货。", "默认中通快递，偏远地区可选EMS。",
                                         "一般3天左右送达，请您放心~"]
    assert driver.wait_for("paste", "pasted")["chunks"] == 3
    driver.wait_for("paste", "clipboard_restored")
    assert len(driver.find(logger="paste", event="read")) == 3
    assert not [text for text in everything_the_box_showed(busy_standin) if PHONE in text]
    assert xserver.clipboard() == PRIVATE


def test_the_app_slot_hotkey_into_a_busy_client_sends_the_phrase_each_time(
        xserver: XServer, busy_standin: ChatStandin, launch_app: Callable[..., AppProcess],
        tmp_path: Path) -> None:
    folder = tmp_path / "data"
    run_cli(folder, "phrases", "edit", "1", "--body", GREETING)
    app = launch_app({"paste.auto_send": "true"}, data_dir=folder)
    app.wait_for("app", "ready", timeout=20)
    xserver.set_clipboard(PRIVATE)
    busy_standin.focus()
    for count in range(1, 4):
        since = app.mark()
        xserver.key("Ctrl+Alt+1").wait(5)
        busy_standin.wait_sent(count)
        app.wait_for("paste", "clipboard_restored", since=since)
    assert busy_standin.sent == [GREETING] * 3
    assert not [text for text in everything_the_box_showed(busy_standin) if PHONE in text]
    assert xserver.clipboard() == PRIVATE


def test_a_lost_paste_key_keeps_the_phrase_on_the_clipboard_and_the_previous_one_for_later(
        xserver: XServer, busy_standin: ChatStandin, start_driver) -> None:
    xserver.set_clipboard(PRIVATE)
    # Ctrl+B does nothing in the stand-in: the paste key is "lost" and the clipboard is never read
    driver = start_driver({"paste.key_overrides": {"ChatStandin": "Ctrl+B"}, "paste.read_timeout_ms": 1000})
    driver.paste(GREETING, busy_standin.window)
    assert driver.wait_for("paste", "failed")["reason"] == "not_read"
    assert xserver.clipboard() == GREETING  # a read after the timeout does not bring the old one back
    since = busy_standin.mark()
    xserver.key("Ctrl+V").wait(5)  # the agent pastes by hand, as the message says
    busy_standin.wait_text(GREETING)
    wait_until(lambda: busy_standin.find(since, event="key", key="Ctrl+V"), 5, what="the agent's Ctrl+V")
    assert xserver.clipboard() == GREETING
    assert driver.find(logger="paste", event="clipboard_restored") == []
    assert not [text for text in everything_the_box_showed(busy_standin) if PHONE in text]
    since = driver.mark()
    driver.send({"do": "restore_previous"})  # the tray's "Put back the previous clipboard"
    driver.wait_for("paste", "clipboard_restored", since=since)
    assert xserver.clipboard() == PRIVATE


def test_a_copy_while_the_busy_client_has_not_read_yet_stops_the_paste_before_sending(
        xserver: XServer, busy_standin: ChatStandin, start_driver) -> None:
    xserver.set_clipboard(PRIVATE)
    driver = start_driver({"paste.auto_send": True})
    since = busy_standin.mark()
    driver.paste(GREETING, busy_standin.window)
    busy_standin.wait_record(5, since=since, event="key", key="Ctrl+V")  # the client is stalled now
    xserver.set_clipboard("另一位买家的订单 20261128")  # the agent copies something meanwhile
    assert driver.wait_for("paste", "failed")["reason"] == "clipboard_taken"
    busy_standin.wait_text("另一位买家的订单 20261128")  # what the client reads now is not ours to choose...
    assert busy_standin.sent == []  # ...but it is never sent
    assert xserver.clipboard() == "另一位买家的订单 20261128"
    assert driver.find(logger="paste", event="clipboard_restored") == []


def test_only_a_text_read_counts_as_the_target_taking_the_text_not_a_targets_query(
        xserver: XServer, busy_standin: ChatStandin, start_driver) -> None:
    xserver.set_clipboard(PRIVATE)
    driver = start_driver({"paste.key_overrides": {"ChatStandin": "Ctrl+B"}, "paste.read_timeout_ms": 10000})
    since = busy_standin.mark()
    driver.paste(GREETING, busy_standin.window)
    busy_standin.wait_record(5, since=since, event="key", key="Ctrl+B")  # the key that reads nothing
    assert "UTF8_STRING" in xserver.clipboard_targets()  # what a clipboard tool asks first: not a read
    assert xserver.clipboard("x-kde-passwordManagerHint") == "secret"  # a history tool's check: not a read
    assert xserver.clipboard() == GREETING  # xclip reading the text is the read: it still gets the phrase
    assert driver.wait_for("paste", "read")["chunk"] == 1
    driver.wait_for("paste", "clipboard_restored")
    assert xserver.clipboard() == PRIVATE
    assert len(driver.find(logger="paste", event="read")) == 1


def test_the_clipboard_copied_before_comes_back_even_when_the_chat_client_is_frozen_at_hotkey_time(
        xserver: XServer, start_driver) -> None:
    """The agent copies an order number in the chat client, which then freezes (longer than Qt's 5 s clipboard
    timeout) just as the slot hotkey comes: the copy taken when the clipboard changed is what comes back;
    nothing has to be fetched from the frozen client at hotkey time."""
    chat = ChatStandin(xserver, title="frozen chat")
    try:
        chat.focus()
        driver = start_driver({"paste.read_timeout_ms": 15000})
        driver.wait_for("paste", "clipboard_saved")  # the copy taken at start (of an empty clipboard)
        since = driver.mark()
        chat.copy({"text/plain": ORDER})
        driver.wait_for("paste", "clipboard_saved", since=since)
        chat.freeze(6000)
        since = driver.mark()
        xserver.key("Ctrl+Alt+1").wait(5)
        chat.wait_text(GREETING, timeout=20)  # read once the client wakes up
        driver.wait_for("paste", "clipboard_restored", since=since, timeout=10)
        assert xserver.clipboard() == ORDER
    finally:
        chat.stop()
