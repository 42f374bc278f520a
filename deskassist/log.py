"""Named loggers (hotkey, picker, render, paste, db, ui, ...) and JSON-lines output.

JSON lines are the contract of the end-to-end tests: each record is one object with at least
"t" (seconds since the epoch), "logger", "level" and "event", plus the record's extra fields.
Never log personal data (nicknames, phones, note or phrase text): log ids and counts instead.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
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


class JsonFormatter(logging.Formatter):
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


class TextFormatter(logging.Formatter):
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
