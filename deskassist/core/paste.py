"""The paste plan: which chunks of text go out, with which keys and which pauses. Pure; no I/O.

The paste engine (ui/paste_engine.py) carries a plan out step by step on the Qt event loop.

Split lines: with split on *and* auto-send on, every non-blank line of the text becomes its own message
(agents are taught to send long answers "one line at a time"); blank lines only separate and are dropped.
Split without auto-send would just paste the lines back together, so it then pastes the text whole.

Every paste key is followed by AwaitRead: the send key, the next chunk and the restore of the previous
clipboard all wait until the target has really read the chunk (never a fixed delay, see paste_engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from deskassist.core.errors import UserError
from deskassist.core.keys import KeyCombo, parse_combo
from deskassist.i18n import _


@dataclass(frozen=True)
class SetClipboard:
    text: str


@dataclass(frozen=True)
class PressKey:
    combo: KeyCombo


@dataclass(frozen=True)
class Wait:
    ms: int


@dataclass(frozen=True)
class AwaitRead:
    """Go on only once the target has read the clipboard after the paste key before it; give up (the key
    was lost) after timeout_ms. A busy chat client reads late: nothing may change the clipboard before."""

    timeout_ms: int


Step = SetClipboard | PressKey | Wait | AwaitRead


@dataclass(frozen=True)
class PasteOptions:
    paste_key: KeyCombo
    send_key: KeyCombo
    send: bool = False
    split: bool = False
    pre_paste_delay_ms: int = 15
    send_delay_ms: int = 40
    split_gap_ms: int = 250
    restore: bool = True
    read_timeout_ms: int = 3000

    @classmethod
    def from_settings(cls, get: Callable[[str], Any], app_names: Iterable[str] = (), *,
                      send: bool | None = None, split: bool | None = None) -> PasteOptions:
        """Options from settings (get = Settings.get); send/split None means "as configured". A chat
        client with a preset gets at least the preset's pauses; the key comes from paste.key_overrides
        when the user set one for it, else from the preset."""
        names = list(app_names)
        preset = preset_for(names)
        overrides = get("paste.key_overrides")
        default_key = preset.paste_key if preset is not None else get("paste.key")
        return cls(
            paste_key=paste_key_for(names, default_key, overrides),
            send_key=parse_combo(get("paste.send_key")),
            send=get("paste.auto_send") if send is None else send,
            split=get("paste.split_lines") if split is None else split,
            pre_paste_delay_ms=max(get("paste.pre_paste_delay_ms"), preset.pre_paste_delay_ms if preset else 0),
            send_delay_ms=max(get("paste.send_delay_ms"), preset.send_delay_ms if preset else 0),
            split_gap_ms=get("paste.split_gap_ms"),
            restore=get("paste.restore_clipboard"),
            read_timeout_ms=get("paste.read_timeout_ms"),
        )


@dataclass(frozen=True)
class ProgramPreset:
    """Paste key and least pauses for a chat client, found by its program name."""

    label: str
    paste_key: str = "Ctrl+V"
    pre_paste_delay_ms: int = 0
    send_delay_ms: int = 0


_QIANNIU = ProgramPreset("千牛 工作台", pre_paste_delay_ms=20, send_delay_ms=120)
_PDD = ProgramPreset("拼多多商家工作台", pre_paste_delay_ms=20, send_delay_ms=120)
_JINGMAI = ProgramPreset("京麦", pre_paste_delay_ms=20, send_delay_ms=120)
_FEIGE = ProgramPreset("抖店/飞鸽", pre_paste_delay_ms=20, send_delay_ms=120)
_WECHAT = ProgramPreset("WeChat", send_delay_ms=80)
PROGRAM_PRESETS: dict[str, ProgramPreset] = {
    "aliworkbench.exe": _QIANNIU,
    "pddworkbench.exe": _PDD, "拼多多商家工作台.exe": _PDD,
    "jingmai.exe": _JINGMAI, "jingmaiworkbench.exe": _JINGMAI,
    "douyinmerchant.exe": _FEIGE, "feige.exe": _FEIGE, "doudian.exe": _FEIGE,
    "wechat.exe": _WECHAT, "weixin.exe": _WECHAT, "wxwork.exe": _WECHAT,
}
"""Windows chat clients by executable name (lower case). Their chat boxes are embedded browsers that insert
a paste asynchronously: Enter right after the read can send the box before the text is in. The names
besides AliWorkbench.exe and WeChat.exe/Weixin.exe were taken from public scripts and are listed for
checking on a real desk in docs/windows-checklist.md."""


def preset_for(app_names: Iterable[str]) -> ProgramPreset | None:
    """The preset of the first app name that has one (any case), or None."""
    for name in app_names:
        preset = PROGRAM_PRESETS.get(name.lower()) if name else None
        if preset is not None:
            return preset
    return None


@dataclass(frozen=True)
class PastePlan:
    chunks: tuple[str, ...]
    steps: tuple[Step, ...]
    restore: bool
    """Put the previous clipboard back once the target has read the last chunk (False keeps the text)."""


def split_messages(text: str) -> list[str]:
    """Every non-blank line as its own message, trailing spaces trimmed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rstrip() for line in lines if line.strip()]


def paste_key_for(app_names: Iterable[str], default: str, overrides: Mapping[str, str]) -> KeyCombo:
    """The paste key for a program: the first override whose name matches one of app_names (any case)."""
    wanted = {name.lower() for name in app_names if name}
    for program, key in overrides.items():
        if program.lower() in wanted:
            return parse_combo(key)
    return parse_combo(default)


def make_plan(text: str, options: PasteOptions) -> PastePlan:
    """Steps to paste text (and send it, when asked); raises UserError when there is nothing to paste."""
    body = text.replace("\r\n", "\n").rstrip("\n")
    if not body.strip():
        raise UserError(_("Nothing to paste: the text is empty"))
    chunks = split_messages(body) if options.split and options.send else [body]
    steps: list[Step] = []
    for index, chunk in enumerate(chunks):
        if index:
            steps.append(Wait(options.split_gap_ms))
        steps.append(SetClipboard(chunk))
        if options.pre_paste_delay_ms:
            steps.append(Wait(options.pre_paste_delay_ms))
        steps.append(PressKey(options.paste_key))
        steps.append(AwaitRead(options.read_timeout_ms))
        if options.send:
            if options.send_delay_ms:
                steps.append(Wait(options.send_delay_ms))
            steps.append(PressKey(options.send_key))
    return PastePlan(tuple(chunks), tuple(steps), options.restore)
