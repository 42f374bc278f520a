"""End-to-end harness: a private Xvfb, a stand-in chat client, the real app as a process, xdotool, xclip.

Used by tests/e2e/conftest.py and by benchmarks/ (which import it by path), so it depends on nothing
but the standard library. Everything Qt-on-X runs in subprocesses with DISPLAY set for them only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


class HarnessError(AssertionError):
    """Something the test waited for did not happen; the message carries the recent output."""


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.005,
               what: str = "condition", details: Callable[[], str] | None = None) -> Any:
    """Poll predicate until it returns something truthy; raise HarnessError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = "\n" + details() if details else ""
            raise HarnessError(f"timed out after {timeout}s waiting for {what}{extra}")
        time.sleep(interval)


class XServer:
    """A private Xvfb; the display number is chosen by Xvfb itself (-displayfd), so runs never clash."""

    def __init__(self, size: str = "1280x800x24") -> None:
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        number = b""
        with os.fdopen(read_fd, "rb") as pipe:
            deadline = time.monotonic() + 15
            while not number.endswith(b"\n") and time.monotonic() < deadline:
                chunk = pipe.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            self.proc.kill()
            raise HarnessError("Xvfb did not start (is the xvfb package installed?)")
        self.display = f":{number.decode().strip()}"

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a process on this X server: DISPLAY set, Qt on xcb, JSON logs, no Wayland."""
        env = dict(os.environ)
        for name in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DESKASSIST_HOME"):
            env.pop(name, None)
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", DESKASSIST_LOG_JSON="1",
                   PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
                   LANG="C.UTF-8", LC_ALL="", LANGUAGE="")
        env.update(extra)
        return env

    # -- small X tools -------------------------------------------------------------------------------

    def xdotool(self, *args: str) -> subprocess.Popen:
        """Start xdotool without waiting (the caller's processes keep spinning their loops)."""
        return subprocess.Popen(["xdotool", *args], env=self.env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def xdotool_run(self, *args: str, timeout: float = 10) -> str:
        proc = self.xdotool(*args)
        out, err = proc.communicate(timeout=timeout)
        if proc.returncode != 0:
            raise HarnessError(f"xdotool {' '.join(args)} failed: {err.strip()}")
        return out

    def key(self, combo: str) -> subprocess.Popen:
        """Press and release a combo given as "Ctrl+Alt+1" (xdotool spelling is derived)."""
        return self.xdotool("key", "--clearmodifiers", xdotool_combo(combo))

    def focused_window(self) -> int:
        return int(self.xdotool_run("getwindowfocus", "-f").strip())

    def set_clipboard(self, text: str | bytes, target: str = "UTF8_STRING",
                      selection: str = "clipboard") -> None:
        """Make xclip own the selection with one target (it serves until another owner takes over)."""
        data = text.encode() if isinstance(text, str) else text
        proc = subprocess.Popen(["xclip", "-i", "-selection", selection, "-t", target], env=self.env(),
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc.communicate(data, timeout=10)
        wait_until(lambda: target in self.clipboard_targets(selection), 5, what=f"xclip to own {selection}")

    def clipboard(self, target: str = "UTF8_STRING", selection: str = "clipboard") -> str | None:
        """The selection's content as text, or None when nobody owns it / the target is missing."""
        proc = subprocess.run(["xclip", "-o", "-selection", selection, "-t", target], env=self.env(),
                              capture_output=True, timeout=10)
        return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None

    def clipboard_targets(self, selection: str = "clipboard") -> list[str]:
        text = self.clipboard("TARGETS", selection)
        return text.split() if text else []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def xdotool_combo(combo: str) -> str:
    """ "Ctrl+Alt+Space" -> "ctrl+alt+space" in xdotool's key names."""
    names = {"ctrl": "ctrl", "alt": "alt", "shift": "shift", "meta": "super", "win": "super",
             "space": "space", "enter": "Return", "return": "Return", "esc": "Escape", "escape": "Escape",
             "tab": "Tab", "backspace": "BackSpace", "insert": "Insert", "delete": "Delete",
             "up": "Up", "down": "Down", "left": "Left", "right": "Right", "pageup": "Prior",
             "pagedown": "Next", "home": "Home", "end": "End"}
    parts = []
    for part in combo.replace(" ", "").split("+"):
        low = part.lower()
        parts.append(names.get(low, part if len(part) > 1 else low))
    return "+".join(parts)


class JsonLineProcess:
    """A child process whose output stream carries JSON lines; a reader thread records them with arrival time."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], stream: str, cwd: Path = ROOT,
                 stdin: bool = False) -> None:
        self.argv = list(argv)
        self.records: list[dict[str, Any]] = []
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(
            self.argv, env=env, cwd=cwd, text=True, encoding="utf-8", bufsize=1,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL,
            stderr=subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL)
        pipe = self.proc.stdout if stream == "stdout" else self.proc.stderr
        self._reader = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._reader.start()

    def _read(self, pipe: Any) -> None:
        for line in pipe:
            arrived = time.monotonic()
            line = line.rstrip("\n")
            record = None
            if line.startswith("{"):
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    record = None
            with self._cond:
                self.lines.append(line)
                if isinstance(record, dict):
                    record["_arrived"] = arrived
                    self.records.append(record)
                    self._on_record(record)
                self._cond.notify_all()

    def _on_record(self, record: dict[str, Any]) -> None:
        """Hook for subclasses (called with the lock held)."""

    def mark(self) -> int:
        """Index to pass as since= so a wait only looks at records that arrive from now on."""
        with self._cond:
            return len(self.records)

    def find(self, since: int = 0, **match: Any) -> list[dict[str, Any]]:
        with self._cond:
            return [r for r in self.records[since:] if all(r.get(k) == v for k, v in match.items())]

    def wait_record(self, timeout: float = 10, since: int = 0, **match: Any) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for record in self.records[since:]:
                    if all(record.get(k) == v for k, v in match.items()):
                        return record
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    break
                self._cond.wait(min(remaining, 0.1))
        raise HarnessError(f"timed out after {timeout}s waiting for {match} from {self.argv[1:3]}"
                           f"\n{self.tail()}")

    def tail(self, count: int = 40) -> str:
        with self._cond:
            status = self.proc.poll()
            return (f"(process {'exited ' + str(status) if status is not None else 'running'}) last lines:\n"
                    + "\n".join(self.lines[-count:]))

    def send(self, command: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def stop(self, timeout: float = 5) -> int | None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(2)
        return self.proc.returncode


class ChatStandin(JsonLineProcess):
    """The stand-in chat client (chat_standin.py) in its own process.

    It reports on stdout: ready {window}, text {text}, sent {text}, focus {in}. `text` is the box now,
    `sent` the messages "sent" with Enter (in order). stall_ms > 0: a busy client that reads the clipboard
    that long after the paste key.
    """

    def __init__(self, xserver: XServer, title: str = "Chat stand-in", app_name: str = "chatstandin",
                 stall_ms: int = 0) -> None:
        self.xserver = xserver
        self.text = ""
        self.text_changed_at = 0.0
        self.sent: list[str] = []
        self.has_focus = False
        super().__init__([PYTHON, str(HERE / "chat_standin.py"), "--title", title, "--app-name", app_name,
                          "--stall-ms", str(stall_ms)], xserver.env(), "stdout", stdin=True)
        ready = self.wait_record(15, event="ready")
        self.window = int(ready["window"])

    def _on_record(self, record: dict[str, Any]) -> None:
        kind = record.get("event")
        if kind == "text":
            self.text = record["text"]
            self.text_changed_at = record["_arrived"]
        elif kind == "sent":
            self.sent.append(record["text"])
        elif kind == "focus":
            self.has_focus = bool(record["in"])

    def focus(self, timeout: float = 5) -> None:
        """Give the stand-in the keyboard focus (and wait until it has it)."""
        since = self.mark()
        self.send({"do": "focus"})
        if not self.has_focus:
            self.wait_record(timeout, since=since, event="focus", **{"in": True})
        wait_until(lambda: self.xserver.focused_window() == self.window, timeout, 0.02,
                   what="the stand-in to have the X input focus")

    def clear(self) -> None:
        since = self.mark()
        self.send({"do": "clear"})
        self.wait_record(5, since=since, event="cleared")
        with self._cond:
            self.sent.clear()
            self.text = ""

    def copy(self, formats: dict[str, str]) -> None:
        """Make the stand-in own the clipboard with these formats (like a user copying rich text)."""
        since = self.mark()
        self.send({"do": "copy", "formats": formats})
        self.wait_record(5, since=since, event="copied")

    def freeze(self, ms: int) -> None:
        """Block the stand-in's GUI thread for ms (it answers no clipboard request meanwhile); returns at once."""
        since = self.mark()
        self.send({"do": "freeze", "ms": ms})
        self.wait_record(5, since=since, event="frozen")

    def keys(self, since: int = 0) -> list[str]:
        """Key combos with Ctrl/Alt (and Insert) the stand-in received."""
        return [r["key"] for r in self.find(since, event="key")]

    def wait_text(self, expected: str, timeout: float = 10) -> None:
        wait_until(lambda: self.text == expected, timeout, what=f"stand-in text {expected!r}",
                   details=lambda: f"text now: {self.text!r}\n{self.tail()}")

    def wait_sent(self, count: int, timeout: float = 10) -> list[str]:
        wait_until(lambda: len(self.sent) >= count, timeout, what=f"{count} sent messages",
                   details=lambda: f"sent: {self.sent!r}\n{self.tail()}")
        return list(self.sent)


class AppProcess(JsonLineProcess):
    """`python -m deskassist ...` (or another module) with JSON log lines read from stderr."""

    def __init__(self, xserver: XServer, data_dir: Path, args: Sequence[str] = (),
                 module: str = "deskassist", env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
        """cwd: the checkout whose deskassist runs (`python -m` imports from there first)."""
        argv = [PYTHON, "-m", module, "--data-dir", str(data_dir), *args]
        super().__init__(argv, env or xserver.env(), "stderr", cwd=cwd)

    def wait_for(self, logger: str, event: str, timeout: float = 10, since: int = 0,
                 **fields: Any) -> dict[str, Any]:
        """The first JSON log record of logger/event (matching fields) at or after index since."""
        return self.wait_record(timeout, since=since, logger=logger, event=event, **fields)


def prepare_data_dir(data_dir: Path, settings: dict[str, Any] | None = None,
                     env: dict[str, str] | None = None) -> None:
    """Create a data folder and set options through the real CLI (`deskassist config set`)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for key, value in (settings or {}).items():
        text = json.dumps(value) if isinstance(value, dict) else str(value)
        run_cli(data_dir, "config", "set", key, text, env=env)


def run_cli(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run([PYTHON, "-m", "deskassist", "--data-dir", str(data_dir), *args], cwd=ROOT,
                          env=env or {**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        raise HarnessError(f"deskassist {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


class XGrabber(JsonLineProcess):
    """Another X client holding a key grab (grabber.py), to see how DeskAssist reports a taken hotkey."""

    def __init__(self, xserver: XServer, combo: str) -> None:
        super().__init__([PYTHON, str(HERE / "grabber.py"), combo], xserver.env(), "stdout")
        self.wait_record(10, event="grabbed")


class PasteDriver(JsonLineProcess):
    """paste_driver.py: the real HotkeyBridge + PasteEngine + X11 backends without the tray app."""

    def __init__(self, xserver: XServer, folder: Path, hotkeys: dict[str, tuple[str, str]],
                 settings: dict[str, Any] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        spec = folder / "paste_driver.json"
        spec.write_text(json.dumps({"hotkeys": hotkeys, "settings": settings or {}}, ensure_ascii=False),
                        encoding="utf-8")
        super().__init__([PYTHON, str(HERE / "paste_driver.py"), str(spec)], xserver.env(), "stderr",
                         stdin=True)
        self.wait_record(15, logger="app", event="ready")

    def wait_for(self, logger: str, event: str, timeout: float = 10, since: int = 0,
                 **fields: Any) -> dict[str, Any]:
        return self.wait_record(timeout, since=since, logger=logger, event=event, **fields)

    def paste(self, text: str, target: int | None, **options: Any) -> None:
        self.send({"do": "paste", "text": text, "target": target, **options})
