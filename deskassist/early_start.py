"""Grab first, build everything else: `deskassist` without a command (the tray app) takes the data folder's
lock and grabs its hotkeys before click, Qt and the UI are imported, so a hotkey pressed while the app is
still loading is held for it (and delivered once it is ready) instead of reaching the chat window.

Only the standard library, python-xlib, the settings' declarations and the read-only settings reader are
loaded here. run_app takes over what this made (take()): the lock goes to the single-instance server and
the X connection with its grabs to the X11 hotkey backend, so nothing is ungrabbed and grabbed again.
Whenever something is unusual (no display, the lock held by a running app, a settings file this version
cannot read, a command or option other than --data-dir) nothing is grabbed here and the app starts exactly
as before. On Windows this does nothing: RegisterHotKey belongs to a window of the GUI thread, so the
hotkeys are registered once Qt is up.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskassist import log, paths
from deskassist.core.errors import UserError

if TYPE_CHECKING:
    from deskassist.core.keys import KeyCombo
    from deskassist.platform.folder_lock import FolderLock
    from deskassist.platform.x11_grab import HeldHotkeys

_log = log.get("hotkey")
HOTKEY_SETTINGS = ("hotkeys.enabled", "hotkeys.picker", "hotkeys.panel", "hotkeys.slot_modifiers",
                   "hotkeys.memo", "memo.capture_enabled", "hotkeys.suggest")
"""What decides which hotkeys the app registers at start (app/hotkeys.py, the memo and suggest features)."""


@dataclass
class EarlyStart:
    """The lock and grabs taken before the app was built, waiting for run_app."""

    folder: Path
    lock: FolderLock
    hotkeys: HeldHotkeys | None
    """None when the stored settings could not be read here: the app grabs after start-up, as before."""

    def abandon(self) -> None:
        """The app did not start: end the grabs (closing the connection does) and free the lock."""
        if self.hotkeys is not None:
            self.hotkeys.disp.close()
            self.hotkeys = None
        self.lock.release()


_waiting: EarlyStart | None = None


def take(folder: Path) -> EarlyStart | None:
    """For run_app: what the early start made for this data folder (once); None when it did not run."""
    global _waiting
    early, _waiting = _waiting, None
    if early is not None and early.folder != folder:
        early.abandon()
        return None
    return early


def plain_app_launch(argv: Sequence[str]) -> tuple[str | None] | None:
    """(data_dir,) when argv starts the tray app (nothing, or only --data-dir); None for anything else."""
    if not argv:
        return (None,)
    if len(argv) == 2 and argv[0] == "--data-dir":
        return (argv[1],)
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return (argv[0].removeprefix("--data-dir="),)
    return None


def wanted_hotkeys(stored: Mapping[str, Any]) -> dict[str, KeyCombo]:
    """The hotkeys the app registers at start for these stored values (invalid ones count as the default,
    as Settings does; a combo that is not a valid global hotkey is left to the app to report)."""
    from deskassist.core.keys import check_global_hotkey
    from deskassist.settings import OPTIONS_BY_KEY, coerce

    def get(key: str) -> Any:
        option = OPTIONS_BY_KEY[key]
        if key not in stored:
            return option.default
        try:
            return coerce(option, stored[key])
        except UserError:
            return option.default

    if not get("hotkeys.enabled"):
        return {}
    texts = {"picker": get("hotkeys.picker"), "panel": get("hotkeys.panel")}
    modifiers = get("hotkeys.slot_modifiers")
    if modifiers:
        texts.update({f"slot{n}": f"{modifiers}+{n}" for n in range(1, 10)})
    if get("memo.capture_enabled"):
        texts["memo"] = get("hotkeys.memo")
    texts["suggest"] = get("hotkeys.suggest")
    combos = {}
    for name, text in texts.items():
        try:
            combos[name] = check_global_hotkey(text)
        except UserError:
            continue
    return combos


def start(argv: Sequence[str]) -> None:
    """Take the lock and grab the hotkeys now, when argv starts the tray app on X11; otherwise do nothing."""
    global _waiting
    began = time.perf_counter()
    launch = plain_app_launch(argv)
    display = os.environ.get("DISPLAY")
    if launch is None or not sys.platform.startswith("linux") or not display:
        return
    try:
        folder = paths.data_dir(launch[0])
        log.setup(log_dir=paths.log_dir(folder))
    except (OSError, UserError):
        return  # the app says what is wrong with the folder
    from deskassist.platform.folder_lock import FolderLock, FolderLockHeld

    try:
        from deskassist.platform.x11_grab import open_display

        disp = open_display(display)  # the core protocol is all the grabs need
    except Exception:  # noqa: BLE001 - Xlib raises several kinds; run_app's display check says which
        return
    try:
        lock = FolderLock.acquire(folder)
    except (FolderLockHeld, OSError) as exc:  # a running app: this launch hands over to it and grabs nothing
        disp.close()
        log.event(_log, "early_start_skipped", reason="running" if isinstance(exc, FolderLockHeld) else "no_lock")
        return
    try:
        held = _grab(disp, folder)
    except Exception:  # noqa: BLE001 - whatever went wrong, the app grabs after start-up as before
        _log.warning("early_grab_failed", exc_info=True)
        with contextlib.suppress(Exception):  # the connection may be broken already
            disp.close()
        held = None
    _waiting = EarlyStart(folder, lock, held)
    if held is not None:
        log.event(_log, "early_grabbed", count=len(held.grabs), names=sorted(held.grabs),
                  ms=round((time.perf_counter() - began) * 1000, 1))


def _grab(disp: Any, folder: Path) -> HeldHotkeys | None:
    from deskassist.platform.x11_grab import grab_hotkeys
    from deskassist.storage.settings_reader import read_stored_settings

    stored = read_stored_settings(paths.database_path(folder), HOTKEY_SETTINGS)
    if stored is None:
        log.event(_log, "early_start_skipped", reason="settings_unreadable")
        disp.close()
        return None
    return grab_hotkeys(disp, wanted_hotkeys(stored))
