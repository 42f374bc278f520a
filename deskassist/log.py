"""Named loggers (hotkey, picker, render, paste, db, ui, ...) and JSON-lines output.

JSON lines are the contract of the end-to-end tests: each record is one object with at least
"t" (seconds since the epoch), "logger", "level" and "event", plus the record's extra fields.
Never log personal data (nicknames, phones, note or phrase text): log ids and counts instead. Errors are
logged as their kinds and the frames they passed, never their messages: sqlite3 quotes the undecodable text
of a note, a KeyError its key.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from deskassist.paths import private_file, private_folder

ROOT = "deskassist"
NAMES = ("app", "hotkey", "picker", "render", "paste", "db", "ui", "cli", "notes", "handover")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def get(name: str) -> logging.Logger:
    """The logger for one area, e.g. get("paste")."""
    return logging.getLogger(f"{ROOT}.{name}")


def event(logger: logging.Logger, name: str, /, **fields: Any) -> None:
    """Log a structured event: the message is the event name, the fields travel as extras."""
    logger.info(name, extra={"fields": fields})


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    """The exception and those it was raised from or during, innermost last (as Python prints them)."""
    seen: set[int] = set()
    found = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        found.append(exc)
        exc = exc.__cause__ if exc.__cause__ is not None else (None if exc.__suppress_context__ else exc.__context__)
    return reversed(found)


def describe_error(exc: BaseException | None) -> str:
    """Kinds and frames (file:line in function) of an error and its causes; no messages, no values."""
    lines = []
    for item in _chain(exc):
        kind = type(item)
        name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        code = getattr(item, "sqlite_errorname", None) or (errno_name(item) if isinstance(item, OSError) else None)
        lines.append(name + (f" ({code})" if code else ""))
        lines += [f"  {frame.filename}:{frame.lineno} in {frame.name}"
                  for frame in traceback.extract_tb(item.__traceback__)]
    return "\n".join(lines)


def errno_name(exc: OSError) -> str | None:
    return errno.errorcode.get(exc.errno) if isinstance(exc.errno, int) else None


class SafeExceptions(logging.Formatter):
    """Exceptions as describe_error gives them."""

    def formatException(self, ei: Any) -> str:
        return describe_error(ei[1] if ei else None)


def frames_of(tb: TracebackType | None) -> list[str]:
    """Where an error passed, as file:line in function: no message and no values (they may hold customer data)."""
    return [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)]


def log_unexpected(exc: BaseException, logger_name: str) -> None:
    """The log file gets an unexpected error's kind and frames; stderr gets only the one line the caller prints."""
    logger = get(logger_name)
    record = logger.makeRecord(logger.name, logging.ERROR, __file__, 0, "unexpected_error", (), None,
                               extra={"fields": {"kind": type(exc).__name__, "frames": frames_of(exc.__traceback__)}})
    for handler in logging.getLogger(ROOT).handlers:
        if isinstance(handler, logging.FileHandler):
            handler.handle(record)


def log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the tray app: an error escaping a Qt slot is logged safely, not printed."""
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    get("app").error("uncaught_error", exc_info=(kind, exc, tb))


class JsonFormatter(SafeExceptions):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "t": round(record.created, 6),
            "logger": record.name.removeprefix(ROOT + "."),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class TextFormatter(SafeExceptions):
    """Human-readable lines with the structured fields appended."""

    def format(self, record: logging.LogRecord) -> str:
        base = f"{time.strftime('%H:%M:%S')} {record.levelname[0]} {record.name.removeprefix(ROOT + '.')}: "
        fields = getattr(record, "fields", None)
        extra = " " + " ".join(f"{k}={v}" for k, v in fields.items()) if fields else ""
        text = base + record.getMessage() + extra
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def setup(log_dir: Path | None = None, json_lines: bool | None = None, level: int = logging.INFO) -> None:
    """Log to stderr (JSON when asked or DESKASSIST_LOG_JSON=1) and to log_dir/deskassist.log (folder 0700,
    file 0600, like the database)."""
    if json_lines is None:
        json_lines = os.environ.get("DESKASSIST_LOG_JSON") == "1"
    root = logging.getLogger(ROOT)
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root.addHandler(stream)
    if log_dir is not None:
        path = private_file(private_folder(log_dir) / "deskassist.log")
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(JsonFormatter())
        root.addHandler(file_handler)
    root.propagate = False
