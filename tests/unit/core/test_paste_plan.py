"""The paste plan: chunks, keys and pauses from text and settings."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.core.keys import parse_combo
from deskassist.core.paste import (
    PROGRAM_PRESETS,
    AwaitRead,
    PasteOptions,
    PressKey,
    SetClipboard,
    Wait,
    make_plan,
    paste_key_for,
    split_messages,
)
from deskassist.settings import OPTIONS_BY_KEY

CTRL_V = parse_combo("Ctrl+V")
ENTER = parse_combo("Enter")


def options(**changes: object) -> PasteOptions:
    values = dict(paste_key=CTRL_V, send_key=ENTER, pre_paste_delay_ms=15, send_delay_ms=40,
                  split_gap_ms=250, read_timeout_ms=3000)
    values.update(changes)
    return PasteOptions(**values)


def test_plain_paste_sets_clipboard_waits_and_presses_ctrl_v() -> None:
    plan = make_plan("亲，您好！", options())
    assert plan.chunks == ("亲，您好！",)
    assert plan.steps == (SetClipboard("亲，您好！"), Wait(15), PressKey(CTRL_V), AwaitRead(3000))
    assert plan.restore is True


def test_auto_send_presses_the_send_key_after_a_pause() -> None:
    plan = make_plan("在的亲", options(send=True, send_key=parse_combo("Ctrl+Enter")))
    assert plan.steps == (SetClipboard("在的亲"), Wait(15), PressKey(CTRL_V), AwaitRead(3000), Wait(40),
                          PressKey(parse_combo("Ctrl+Enter")))


def test_split_with_send_makes_one_message_per_non_blank_line() -> None:
    text = "亲，您好！\n\n本店今天下单，48小时内发货。  \r\n请放心购买~\n"
    plan = make_plan(text, options(send=True, split=True, pre_paste_delay_ms=0, send_delay_ms=0))
    assert plan.chunks == ("亲，您好！", "本店今天下单，48小时内发货。", "请放心购买~")
    assert plan.steps == (
        SetClipboard("亲，您好！"), PressKey(CTRL_V), AwaitRead(3000), PressKey(ENTER), Wait(250),
        SetClipboard("本店今天下单，48小时内发货。"), PressKey(CTRL_V), AwaitRead(3000), PressKey(ENTER), Wait(250),
        SetClipboard("请放心购买~"), PressKey(CTRL_V), AwaitRead(3000), PressKey(ENTER),
    )


def test_split_without_send_pastes_the_text_whole() -> None:
    plan = make_plan("第一行\n第二行\n", options(split=True))
    assert plan.chunks == ("第一行\n第二行",)
    assert [s for s in plan.steps if isinstance(s, PressKey)] == [PressKey(CTRL_V)]


def test_empty_text_is_refused_with_a_message() -> None:
    with pytest.raises(UserError, match="Nothing to paste"):
        make_plan(" \n\n", options())


def test_every_paste_key_waits_for_the_read_even_without_restore() -> None:
    plan = make_plan("a\nb", options(send=True, split=True, restore=False, read_timeout_ms=900))
    assert plan.restore is False
    keys = [i for i, step in enumerate(plan.steps) if step == PressKey(CTRL_V)]
    assert [plan.steps[i + 1] for i in keys] == [AwaitRead(900), AwaitRead(900)]


def test_split_messages_handles_every_line_ending() -> None:
    assert split_messages("a\r\nb\rc\n\n  \nd") == ["a", "b", "c", "d"]


def test_paste_key_override_by_window_class_or_program_any_case() -> None:
    overrides = {"xterm": "Shift+Insert", "Konsole": "Ctrl+Shift+V"}
    assert paste_key_for(["XTerm", "xterm"], "Ctrl+V", overrides) == parse_combo("Shift+Insert")
    assert paste_key_for(["konsole"], "Ctrl+V", overrides) == parse_combo("Ctrl+Shift+V")
    assert paste_key_for(["AliWorkBench.exe", ""], "Ctrl+V", overrides) == CTRL_V
    assert paste_key_for([], "Ctrl+V", overrides) == CTRL_V


def test_options_follow_settings_and_per_call_choices() -> None:
    values = {key: opt.default for key, opt in OPTIONS_BY_KEY.items()}
    values.update({"paste.auto_send": True, "paste.split_lines": True, "paste.pre_paste_delay_ms": 5})
    opts = PasteOptions.from_settings(values.__getitem__, ["xterm"])
    assert (opts.send, opts.split, opts.pre_paste_delay_ms) == (True, True, 5)
    assert opts.paste_key == parse_combo("Shift+Insert")
    assert opts.send_key == ENTER
    quiet = PasteOptions.from_settings(values.__getitem__, ["chatstandin"], send=False, split=False)
    assert (quiet.send, quiet.split, quiet.paste_key) == (False, False, CTRL_V)


def test_windows_chat_clients_get_their_preset_pauses_and_the_users_key_override_wins() -> None:
    values = {key: opt.default for key, opt in OPTIONS_BY_KEY.items()}
    qianniu = PasteOptions.from_settings(values.__getitem__, ["AliWorkbench.exe", "AliWorkbench"])
    assert (qianniu.paste_key, qianniu.pre_paste_delay_ms, qianniu.send_delay_ms) == (CTRL_V, 20, 120)
    wechat = PasteOptions.from_settings(values.__getitem__, ["WeChat.exe", "WeChat"])
    assert (wechat.pre_paste_delay_ms, wechat.send_delay_ms) == (values["paste.pre_paste_delay_ms"], 80)
    values.update({"paste.send_delay_ms": 300, "paste.key_overrides": {"AliWorkbench.exe": "Shift+Insert"}})
    slower = PasteOptions.from_settings(values.__getitem__, ["AliWorkbench.exe", "AliWorkbench"])
    assert (slower.paste_key, slower.send_delay_ms) == (parse_combo("Shift+Insert"), 300)
    other = PasteOptions.from_settings(values.__getitem__, ["notepad.exe", "notepad"])
    assert (other.pre_paste_delay_ms, other.send_delay_ms) == (values["paste.pre_paste_delay_ms"], 300)


def test_every_preset_key_is_a_valid_combo() -> None:
    for name, preset in PROGRAM_PRESETS.items():
        assert name == name.lower() and name.endswith(".exe")
        parse_combo(preset.paste_key)
