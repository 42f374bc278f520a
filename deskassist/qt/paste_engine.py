"""The paste engine: puts text into the chat window the user was typing in, then restores the clipboard.

One implementation behind picker, side panel and slot hotkeys. It carries out a core.paste plan on the
Qt event loop with QTimer steps (never a blocking sleep: this process owns the clipboard and must answer
the target's request for it). Steps: wait until the hotkey's key is up (modifiers still held are
released synthetically, as xdotool --clearmodifiers does, so they cannot merge with Ctrl+V; the picker's Enter
still down need not be waited for where the platform can catch its auto-repeat), give focus back to the target,
set the text while it takes it (marked so clipboard-history tools skip it), wait until it has it, press the paste key
(per-application override), wait until the target has READ the text, send if asked, and put the previous
clipboard back as soon as the target has read the last chunk. The previous clipboard (every format) is
copied when it changes (Qt's clipboard signal), not at hotkey time, where a busy owner (the chat client
itself, after the agent copied an order number) would hold the paste up; the platform's ClipboardWatch
says whether that copy is still current, else it is fetched then. Bookkeeping (log lines, `pasted`, the use
count) waits until a short quiet period after the target's read: the target is putting the text in then.

Why a read and not a delay: a busy chat client (Qianniu stalls 500-1000 ms) reads the clipboard long after
the key; any fixed delay then hands it the previous clipboard, often another buyer's address. The text
goes on the clipboard as a TrackedText, which sees the read happen (see there).

When the target never reads (the paste key was lost) nothing is restored blindly, since a later read would
get the previous clipboard: the text stays on the clipboard, `failed` says to press Ctrl+V, and the
previous clipboard is *kept aside*: it comes back only when the agent asks (`restore_previous`, the tray
menu), or after a later paste has been read; it is dropped when something else is copied (the agent's
new copy wins, as a copy always does). So it can only reach a chat box by the agent's own choice.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QMetaType, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.paste import AwaitRead, PasteOptions, PastePlan, PressKey, SetClipboard, Wait, make_plan
from deskassist.core.ports import WindowHandle
from deskassist.i18n import N_, _
from deskassist.platform.factory import PlatformBackends
from deskassist.settings import Settings

_log = log.get("paste")
POLL_MS = 2
GUARD_POLL_MS = 5
"""How often the keymap is read while a guarded key is down (a round trip); a new press of the key within this
time of its release would still be caught by the guard."""
GUARD_SLOW_AFTER_S = 1.0
GUARD_SLOW_POLL_MS = 50
"""A key down longer than GUARD_SLOW_AFTER_S is read less often: a person lets go of Enter well before."""
QUIET_AFTER_READ_MS = 10
"""From the target's read of the last chunk to this paste's bookkeeping (its log lines, `pasted`, the use count):
the target is then putting the text into its box, and on a desk with few cores our logging and SQLite write at
that moment held it up by 1.5 ms (the stand-in's own stamps of Ctrl+V and text: 4.2 ms, 2.4-2.7 with the books
kept after, the floor's 2.2-2.8)."""
RESTORE_SETTLE_MS = 20
"""From the target's read of the last chunk to the previous clipboard going back: a reader that fetches
two text formats for one paste gets both from us. Counted from the read, so never a blind delay."""
OPTIONS_KEPT = 32
"""Paste options kept for this many (program, send, split) cases; more are read again."""
_WIN_MIME = 'application/x-qt-windows-mime;value="{name}"'
if sys.platform == "win32":
    HIDDEN_FORMATS = {
        _WIN_MIME.format(name="ExcludeClipboardContentFromMonitorProcessing"): b"\x00",
        _WIN_MIME.format(name="CanIncludeInClipboardHistory"): b"\x00\x00\x00\x00",
        _WIN_MIME.format(name="CanUploadToCloudClipboard"): b"\x00\x00\x00\x00",
    }
else:
    # Klipper, CopyQ and other history tools skip content carrying this hint.
    HIDDEN_FORMATS = {"x-kde-passwordManagerHint": b"secret"}

_SELECTION_META = {"TARGETS", "MULTIPLE", "TIMESTAMP", "SAVE_TARGETS", "DELETE", "INCR"}
_REASONS = {
    "window_gone": N_("the chat window is gone"),
    "focus_timeout": N_("the chat window did not take the focus back"),
    "keys": N_("pressing the paste key failed"),
    "not_read": N_("the chat window did not take the text in time"),
    "clipboard_busy": N_("another program kept the clipboard open"),
}


@dataclass
class _Job:
    text: str
    target: WindowHandle | None
    send: bool | None
    split: bool | None
    phrase_id: int
    started: float = field(default_factory=time.monotonic)
    plan: PastePlan | None = None
    step: int = 0
    deadline: float = 0.0
    chunk: int = 0
    """How many chunks have been put on the clipboard so far."""
    set_at: float = 0.0
    key_at: float = 0.0
    set_tries: int = 0
    """Failed tries at setting the current chunk (another program holding the clipboard, Windows)."""
    focused: bool = False
    """The target was read as the focused window for this very paste (a slot hotkey): no second check."""
    focus_in_app: bool = False
    """The focus is in our own window (the picker): the target is activated without first asking X."""
    done: Callable[[], None] | None = None
    """Bookkeeping to run once the paste is over (read or failed): it never delays the target's read."""
    stages: dict[str, float] = field(default_factory=dict)
    """Monotonic times of the paste's stages (the "pasted" log line gives them in ms from `started`)."""
    reads: list[tuple[int, int]] = field(default_factory=list)
    """(chunk, ms from its paste key) of each read, logged with the bookkeeping after the last one."""

    def mark(self, stage: str) -> None:
        self.stages[stage] = time.monotonic()

    def stage_ms(self) -> dict[str, float]:
        return {name: round((at - self.started) * 1000, 2) for name, at in self.stages.items()}

    def text_left(self) -> str:
        """What the agent still has to paste by hand: the whole text, or the chunks not yet read."""
        if self.plan is None or self.chunk <= 1:
            return self.text
        return "\n".join(self.plan.chunks[self.chunk - 1:])


class TrackedText(QMimeData):
    """Text on the clipboard that notices when another program reads it.

    Qt asks the clipboard's QMimeData for a format only when a reader wants it: on X11 when the target's
    SelectionRequest arrives (QXcbClipboard -> data() -> retrieveData), on Windows when the target calls
    GetData on Qt's OLE data object (delayed rendering). A text read here is therefore the target taking
    the phrase. TARGETS queries only ask formats() and do not count, nor do reads before `armed` (history
    tools react to the new owner, before the paste key is pressed).
    """

    def __init__(self, text: str, on_read: Callable[[], None]) -> None:
        super().__init__()
        self.armed = False
        self.reads = 0
        self._on_read = on_read
        self.setText(text)
        for fmt, value in HIDDEN_FORMATS.items():
            self.setData(fmt, value)

    def arm(self) -> None:
        self.armed = True
        self.reads = 0

    def retrieveData(self, mimetype: str, preferred_type: QMetaType | QMetaType.Type) -> Any:
        if self.armed and mimetype.startswith("text/"):
            self.reads += 1
            try:
                self._on_read()
            except Exception:  # noqa: BLE001 - never raise into Qt's clipboard code
                _log.warning("read callback failed", exc_info=True)
        return super().retrieveData(mimetype, preferred_type)


def copy_mime(source: QMimeData | None, keep: Callable[[str], bool] | None = None) -> QMimeData:
    """A detached copy of source's formats (the live clipboard object changes under us); keep picks the
    formats worth reading (Windows: not the dozens of delayed-rendered and OLE formats Excel offers)."""
    copy = QMimeData()
    if source is None:
        return copy
    for fmt in source.formats():
        if fmt in _SELECTION_META or fmt.startswith("application/x-qt-image"):
            continue
        if keep is not None and not keep(fmt):
            continue
        copy.setData(fmt, source.data(fmt))
    if source.hasImage() and not copy.hasImage():
        copy.setImageData(source.imageData())
    return copy


class PasteEngine(QObject):
    pasted = Signal(int, int)
    """phrase_id (or -1), milliseconds from paste() to the last key."""
    failed = Signal(str)
    """Translated message: the text is on the clipboard, press Ctrl+V."""
    previous_kept = Signal(bool)
    """True: after a failed paste the previous clipboard is kept aside for restore_previous(); False: not any more."""

    def __init__(self, backends: PlatformBackends, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backends = backends
        self._settings = settings
        self._options: dict[tuple[tuple[str, ...], bool | None, bool | None], PasteOptions] = {}
        """Paste options by (program names, send, split), as the settings give them (dropped when one of the
        paste settings changes): parsing the keys and reading ten settings is not done at every hotkey."""
        settings.on_change(self._setting_changed)
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._queue: list[_Job] = []
        self._job: _Job | None = None
        self._saved: QMimeData | None = None
        self._kept_aside = False
        self._ours: TrackedText | None = None
        self._ours_text = ""
        self._awaiting_read = False
        self._setting_ours = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._continue)
        self._next: Callable[[], None] | None = None
        self._guard_timer = QTimer(self)
        self._guard_since = 0.0
        self._guard_timer.timeout.connect(self._check_guard)
        self._restore_timer = QTimer(self)
        self._restore_timer.setSingleShot(True)
        self._restore_timer.timeout.connect(self.restore_clipboard)
        self._books: list[_Job] = []
        """Pastes read in full whose bookkeeping waits for the quiet period after the read."""
        self._books_timer = QTimer(self)
        self._books_timer.setSingleShot(True)
        self._books_timer.timeout.connect(self._keep_books)
        self._backup: QMimeData | None = None
        """A copy of the agent's clipboard, taken when it changes, so a paste need not fetch it at hotkey time."""
        self._backup_mark: object = None
        self._backup_timer = QTimer(self)
        self._backup_timer.setSingleShot(True)
        self._backup_timer.timeout.connect(self._refresh_backup)
        self._backup_timer.start(0)
        self._clipboard.dataChanged.connect(self._clipboard_changed)
        self._listening = True

    # -- public -------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    @property
    def settled(self) -> bool:
        """No paste running or waiting, and the bookkeeping of those finished is done."""
        return self._job is None and not self._queue and not self._books

    @property
    def has_previous(self) -> bool:
        """A previous clipboard is kept aside after a failed paste (restore_previous puts it back)."""
        return self._kept_aside

    def capture_target(self) -> WindowHandle | None:
        """The window that has the keyboard focus now (call it when the hotkey fires)."""
        try:
            return self._backends.windows.focused()
        except Exception:  # noqa: BLE001 - a vanished window or display must not break the hotkey
            _log.warning("capture failed", exc_info=True)
            return None

    def prepare_target(self, target: WindowHandle | None) -> None:
        """Read the target's program names now (the platform keeps them while it is the focused window),
        so that a paste chosen in the picker later does not read them between Enter and the paste key."""
        if target is None:
            return
        try:
            self._backends.windows.app_names(target)
        except Exception:  # noqa: BLE001 - read again at paste time
            _log.warning("app names failed", exc_info=True)

    def paste(self, text: str, target: WindowHandle | None, *, send: bool | None = None,
              split: bool | None = None, phrase_id: int = -1, focused: bool = False, focus_in_app: bool = False,
              started: float | None = None, stages: dict[str, float] | None = None,
              done: Callable[[], None] | None = None) -> None:
        """Paste text into target (None: whatever has the focus). Returns at once; watch pasted/failed.

        focused: target was captured as the focused window just now (no focus check before the key);
        focus_in_app: the focus is in DeskAssist's picker (the target is activated without asking first);
        started/stages: monotonic times from the caller (the hotkey's arrival), for the stage timings;
        done: the caller's bookkeeping, run when the paste is over (after the target's read, or failed)."""
        job = _Job(text, target, send, split, phrase_id, focused=focused and self._job is None and not self._queue,
                   done=done, focus_in_app=focus_in_app)
        if started is not None:
            job.started = started
        job.stages.update(stages or {})
        self._queue.append(job)
        if self._job is None:
            self._start_next()

    def user_clipboard_text(self) -> str:
        """The agent's own clipboard text: the saved one while our text is on the clipboard (mid-paste or
        kept after a failure). Never reads our TrackedText through Qt, which would count as the target's read."""
        if self._holding_ours():
            return self._saved.text() if self._saved is not None else self._ours_text
        return self._clipboard.text()

    def restore_clipboard(self) -> None:
        """Put the saved clipboard back now that the target has read our text (the restore timer's step)."""
        self._restore_timer.stop()
        if self._job is not None or self._kept_aside:
            return  # the running paste restores when it is done; a kept-aside clipboard waits to be asked for
        self._put_back("read")

    def restore_previous(self) -> bool:
        """The agent asks for the clipboard kept aside after a failed paste (tray menu). False: nothing kept."""
        if not self._kept_aside or self._job is not None:
            return False
        self._set_kept_aside(False)
        return self._put_back("asked")

    def close(self) -> None:
        """On quit: finish a restore that is due; leave Qt-made data on the clipboard (no Python callback
        may run once the interpreter is gone, e.g. when a clipboard manager fetches it at exit)."""
        self._timer.stop()
        self._guard_timer.stop()
        if self._listening:  # a closed engine copies nothing more (tests build several in one process)
            self._listening = False
            self._clipboard.dataChanged.disconnect(self._clipboard_changed)
        self._backup_timer.stop()
        self._backup = None
        self._next = None
        self._keep_books()
        for job in [self._job, *self._queue]:
            self._run_done(job)  # a use counted at quit is not lost
        self._queue.clear()
        self._job = None
        if self._restore_timer.isActive():
            self.restore_clipboard()
        if self._holding_ours():
            self._clipboard.setText(self._ours_text)
        self._ours = None
        self._saved = None
        self._set_kept_aside(False)

    # -- the steps ------------------------------------------------------------------------------------

    def _later(self, ms: int, step: Callable[[], None]) -> None:
        self._next = step
        self._timer.start(max(0, ms))

    def _continue(self) -> None:
        step, self._next = self._next, None
        if step is None or self._job is None:
            return
        try:
            step()
        except Exception:  # noqa: BLE001 - any platform error ends in the Ctrl+V fallback
            _log.warning("paste step failed", exc_info=True)
            self._fail("keys")

    def _start_next(self) -> None:
        if not self._queue:
            return
        self._job = job = self._queue.pop(0)
        job.mark("engine")
        try:
            names = self._backends.windows.app_names(job.target) if job.target else []
        except Exception:  # noqa: BLE001
            names = []
        try:
            job.plan = make_plan(job.text, self._options_for(tuple(names), job.send, job.split))
        except UserError:
            self._fail("empty")
            return
        self._restore_timer.stop()
        job.deadline = time.monotonic() + self._settings.get("paste.modifier_release_timeout_ms") / 1000

        job.mark("plan")

        self._next = lambda: self._check_target(job)
        self._continue()

    def _options_for(self, names: tuple[str, ...], send: bool | None, split: bool | None) -> PasteOptions:
        key = (names, send, split)
        options = self._options.get(key)
        if options is None:
            if len(self._options) >= OPTIONS_KEPT:
                self._options.clear()
            options = self._options[key] = PasteOptions.from_settings(self._settings.get, names, send=send,
                                                                      split=split)
        return options

    def _setting_changed(self, key: str, _value: object) -> None:
        if key.startswith("paste."):
            self._options.clear()

    def _refresh_backup(self, for_paste: bool = False) -> None:
        """Copy the agent's clipboard now (it changed, or a paste needs it). Never while our text is on it: the
        copy saved before our text went on is the agent's clipboard then. An image (a screenshot: megabytes) is
        copied only for a paste, not held while idle."""
        self._backup_timer.stop()
        source = self._clipboard.mimeData()
        if self._holding_ours() or isinstance(source, TrackedText):
            return  # a phrase on its way (ours, or another engine's in this process) is no agent's clipboard
        if not for_paste and source is not None and source.hasImage():
            self._backup = self._backup_mark = None
            return
        watch = self._backends.clipboard_watch
        mark = watch.mark() if watch is not None else None  # before the copy: a change after it shows as stale
        facts = self._backends.clipboard
        self._backup = copy_mime(source, facts.keep_format if facts is not None else None)
        self._backup_mark = mark
        log.event(_log, "clipboard_saved", formats=len(self._backup.formats()))

    def _take_backup(self, job: _Job) -> QMimeData:
        """The copy of the agent's clipboard to put back after this paste: the one kept current, fetched now
        only when a change has not been copied yet (Qt has not reported it, or the copy is still due)."""
        watch = self._backends.clipboard_watch
        if (self._backup is None or self._backup_timer.isActive()
                or (watch is not None and watch.changed_since(self._backup_mark, after=job.started))):
            self._refresh_backup(for_paste=True)
            job.mark("backup_fetched")
        backup, self._backup = self._backup, None
        return backup if backup is not None else QMimeData()

    def _check_target(self, job: _Job) -> None:
        """A platform rule may forbid keys into the target (Windows: it runs elevated and we do not): then
        nothing is sent, the text stays on the clipboard and the message says why."""
        guard = self._backends.guard
        refusal = guard.paste_refusal(job.target) if guard is not None and job.target is not None else None
        if refusal:
            self._fail("refused", refusal)
            return
        self._wait_keys_released()

    def _save_previous(self, job: _Job) -> None:
        """Keep the agent's clipboard to put back once the text has been read (or after a failure, aside)."""
        assert job.plan is not None
        if not self._holding_ours():
            self._saved = self._take_backup(job) if job.plan.restore else None
            job.mark("backup")
        elif not job.plan.restore:
            self._saved = None
        # else our earlier text is on the clipboard: the clipboard saved then (maybe kept aside) is the real one
        self._set_kept_aside(False)

    def _prepare_clipboard(self, job: _Job) -> None:
        """Save the clipboard and put the first chunk on it now, while the chat window takes the focus back."""
        assert job.plan is not None
        self._save_previous(job)
        first = job.plan.steps[0]
        if isinstance(first, SetClipboard) and self._set_text(first.text):
            job.mark("set")
            job.set_at = time.monotonic()
            job.step = 1
            job.chunk = 1
        # else another program holds the clipboard: _run_steps tries again on its timer

    def _wait_keys_released(self) -> None:
        """Wait until the hotkey's key (or Enter in the picker) is up: on X11 that ends the key grab. Enter too:
        held past the repeat delay once the chat window has the focus, it repeats into it and sends."""
        job = self._job
        assert job is not None
        modifiers = self._backends.modifiers
        if modifiers.keys_held():
            if self._guard_held_keys(job):
                job.mark("keys_guarded")
            elif time.monotonic() < job.deadline:
                self._later(POLL_MS, self._wait_keys_released)
                return
            else:
                log.event(_log, "keys_still_held")
        modifiers.release_modifiers()  # Ctrl+Alt still down would turn Ctrl+V into Ctrl+Alt+V
        job.mark("keys_up")
        self._give_focus_back()

    def _guard_held_keys(self, job: _Job) -> bool:
        """Go on at once with the held keys' auto-repeat caught (X11), when the plan presses one key only:
        Enter held past the repeat delay would otherwise repeat into the chat window and send. A plan with a
        second key (an auto-send Enter, a split reply) waits for the keys to go up as before, since the guard
        could catch its key too."""
        guard = self._backends.held_key_guard
        if guard is None or job.plan is None or sum(isinstance(s, PressKey) for s in job.plan.steps) != 1:
            return False
        if not guard.guard_held_keys():
            return False
        self._guard_since = time.monotonic()
        self._guard_timer.start(GUARD_POLL_MS)
        return True

    def _check_guard(self) -> None:
        """Drop the guard as soon as the keys are up: the next press of Enter is the agent's own again."""
        guard = self._backends.held_key_guard
        if guard is None or guard.guarded_keys_up():
            self._guard_timer.stop()
            log.event(_log, "keys_unguarded")
        elif time.monotonic() - self._guard_since > GUARD_SLOW_AFTER_S:
            self._guard_timer.setInterval(GUARD_SLOW_POLL_MS)  # a key left down (something on the keyboard)

    def _give_focus_back(self) -> None:
        """Ask for the focus first, then put the text on the clipboard: the chat window takes the focus (a
        window manager's turn, the window's own focus handling) while we do, not after."""
        job = self._job
        assert job is not None
        if job.target is not None and not job.focused and (
                job.focus_in_app or not self._backends.windows.has_focus(job.target)):
            if not self._backends.windows.activate(job.target):
                self._fail("window_gone")
                return
            job.deadline = time.monotonic() + self._settings.get("paste.focus_timeout_ms") / 1000
            self._prepare_clipboard(job)
            self._wait_focus()  # without a window manager the focus is there at once: no event-loop turn
            return
        self._prepare_clipboard(job)
        self._run_steps()

    def _wait_focus(self) -> None:
        job = self._job
        assert job is not None and job.target is not None
        if self._backends.windows.has_focus(job.target):
            self._run_steps()
        elif time.monotonic() < job.deadline:
            self._later(POLL_MS, self._wait_focus)
        else:
            self._fail("focus_timeout")

    def _run_steps(self) -> None:
        job = self._job
        assert job is not None and job.plan is not None
        steps = job.plan.steps
        while job.step < len(steps):
            step = steps[job.step]
            job.step += 1
            if isinstance(step, Wait):
                after_set = isinstance(steps[job.step - 2], SetClipboard) if job.step >= 2 else False
                spent = (time.monotonic() - job.set_at) * 1000 if after_set else 0
                if step.ms - spent >= 1:
                    self._later(round(step.ms - spent), self._run_steps)
                    return
                continue
            if isinstance(step, SetClipboard):
                if not self._set_text(step.text):
                    job.step -= 1
                    self._retry_set(job)
                    return
                job.set_tries = 0
                job.set_at = time.monotonic()
                job.chunk += 1
            elif isinstance(step, PressKey):
                if job.step < len(steps) and isinstance(steps[job.step], AwaitRead) and self._ours is not None:
                    self._ours.arm()  # from now on a text read is the target taking the chunk
                    job.key_at = time.monotonic()
                self._backends.keys.send(step.combo)
                job.stages.setdefault("key", time.monotonic())
            elif isinstance(step, AwaitRead):
                if self._ours is None or self._ours.reads == 0:
                    self._awaiting_read = True
                    self._later(step.timeout_ms, self._read_timed_out)
                    return
                self._log_read(job)
        self._finish(job)

    def _retry_set(self, job: _Job) -> None:
        """The clipboard is held open by another program (Windows): try again a few times, then give up."""
        facts = self._backends.clipboard
        delay = facts.set_retry_delay(job.set_tries) if facts is not None else None
        job.set_tries += 1
        if delay is None:
            self._fail("clipboard_busy")
            return
        log.event(_log, "clipboard_busy", attempt=job.set_tries)
        self._later(delay, self._run_steps)

    def _text_read(self) -> None:
        """TrackedText was read (called inside Qt's clipboard code: change nothing on the clipboard here)."""
        if self._awaiting_read:
            self._awaiting_read = False
            self._later(0, self._read_arrived)

    def _read_arrived(self) -> None:
        job = self._job
        assert job is not None
        if self._backends.clipboard is not None:
            self._backends.clipboard.stamp()  # rendering our text for the reader may count as a change
        self._log_read(job)
        self._run_steps()

    def _log_read(self, job: _Job) -> None:
        """Noted now, logged with the bookkeeping (_keep_books) once the target is done with the text."""
        job.stages.setdefault("read", time.monotonic())
        job.reads.append((job.chunk, round((time.monotonic() - job.key_at) * 1000)))

    def _read_timed_out(self) -> None:
        self._awaiting_read = False
        self._fail("not_read" if self._holding_ours() else "clipboard_taken")

    def _clipboard_changed(self) -> None:
        """Another owner took the clipboard: a kept-aside clipboard is stale; a chunk not yet read is lost."""
        if self._setting_ours or self._holding_ours():
            return
        self._backup_timer.start(0)  # copy the new clipboard once this change is handled (bursts coalesce)
        self._set_kept_aside(False)
        if self._awaiting_read:
            self._fail("clipboard_taken")
        elif self._job is None and not self._restore_timer.isActive():
            self._saved = None

    def _holding_ours(self) -> bool:
        """Our text is what the clipboard serves. Qt hands back the very object we set while we own it (X11,
        Windows, offscreen) and drops it when another program takes over; ownsClipboard() is always False
        on the offscreen platform, so identity is the test that means the same everywhere."""
        return self._ours is not None and self._clipboard.mimeData() is self._ours

    def _set_text(self, text: str) -> bool:
        """Put text on the clipboard; False when another program holds it open (Windows) and it did not."""
        data = TrackedText(text, self._text_read)
        self._ours = data
        self._ours_text = text
        self._setting_ours = True  # the change Qt reports from inside setMimeData is this one
        try:
            self._clipboard.setMimeData(data)
        finally:
            self._setting_ours = False
        # Qt has just checked with the X server that we own it (Windows: OleIsCurrentClipboard); asking Qt for
        # the clipboard's object again would be one more round trip. Offscreen (tests) owns nothing: identity.
        if not self._clipboard.ownsClipboard() and self._clipboard.mimeData() is not data:
            return False
        if self._backends.clipboard is not None:
            self._backends.clipboard.stamp()
        return True

    def _put_back(self, why: str) -> bool:
        saved, self._saved = self._saved, None
        if saved is None or not self._holding_ours() or not self._clipboard_unchanged():
            return False  # nothing saved, or the user copied something new meanwhile: keep it
        self._ours = None
        if saved.formats():
            self._clipboard.setMimeData(saved)
        else:
            self._clipboard.clear()
        log.event(_log, "clipboard_restored", why=why)
        return True

    def _clipboard_unchanged(self) -> bool:
        """Windows: nobody wrote the clipboard since our text went on it or was read (sequence number)."""
        facts = self._backends.clipboard
        return facts is None or facts.unchanged()

    def _set_kept_aside(self, kept: bool) -> None:
        if kept != self._kept_aside:
            self._kept_aside = kept
            self.previous_kept.emit(kept)

    def _finish(self, job: _Job) -> None:
        """The target has read the last chunk: the restore is timed from here, the bookkeeping comes after
        the quiet period (QUIET_AFTER_READ_MS), the next paste starts at once."""
        assert job.plan is not None
        job.mark("finished")
        self._job = None
        if job.plan.restore and self._saved is not None:
            self._restore_timer.start(RESTORE_SETTLE_MS)
        else:
            self._saved = None
        self._books.append(job)
        if not self._books_timer.isActive():
            self._books_timer.start(QUIET_AFTER_READ_MS)
        self._start_next()

    def _keep_books(self) -> None:
        """Log, signal and count the pastes finished before now, in their order."""
        self._books_timer.stop()
        books, self._books = self._books, []
        for job in books:
            assert job.plan is not None
            for chunk, ms in job.reads:
                log.event(_log, "read", chunk=chunk, ms=ms)
            ms = round((job.stages["finished"] - job.started) * 1000)
            log.event(_log, "pasted", phrase_id=job.phrase_id, chunks=len(job.plan.chunks), ms=ms,
                      stages=job.stage_ms())
            self.pasted.emit(job.phrase_id, ms)
            self._run_done(job)

    def _fail(self, reason: str, message: str | None = None) -> None:
        self._keep_books()  # an earlier paste's `pasted` before this one's `failed`
        job, self._job = self._job, None
        self._timer.stop()
        self._next = None
        self._awaiting_read = False
        if reason == "empty":  # nothing was touched: a restore that is due still happens
            log.event(_log, "failed", reason=reason)
            self.failed.emit(_("Nothing to paste: the text is empty"))
            self._run_done(job)
            self._start_next()
            return
        self._restore_timer.stop()
        if reason == "clipboard_taken":
            self._saved = None  # the new owner's content is the agent's clipboard now
        elif job is not None and job.text.strip():
            if job.chunk == 0 and job.plan is not None:
                self._save_previous(job)  # failed before the text went on: the agent's clipboard is kept aside
            self._set_text(job.text_left())  # unarmed: a late read changes nothing
        log.event(_log, "failed", reason=reason)
        if reason == "clipboard_taken":
            message = _("Another program changed the clipboard before the chat window read the text, so "
                        "nothing more was sent. Paste the reply again.")
        elif not self._holding_ours():  # another program holds the clipboard: the text could not go on it
            self._saved = None
            message = _("Could not paste ({reason}). Paste the reply again.").format(
                reason=_(_REASONS.get(reason, reason)))
        else:
            if message is None:
                message = _("Could not paste ({reason}). The text is on the clipboard: click into the chat box "
                            "and press Ctrl+V.").format(reason=_(_REASONS.get(reason, reason)))
            if self._saved is not None:
                self._set_kept_aside(True)
                message += " " + _("Your previous clipboard is kept: “Put back the previous clipboard” in the "
                                   "tray menu returns it.")
        self.failed.emit(message)
        self._run_done(job)
        self._start_next()

    @staticmethod
    def _run_done(job: _Job | None) -> None:
        if job is None or job.done is None:
            return
        done, job.done = job.done, None
        try:
            done()
        except Exception:  # noqa: BLE001 - the paste itself is over and fine
            _log.warning("bookkeeping failed", exc_info=True)
