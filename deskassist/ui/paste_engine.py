"""The paste engine: puts text into the chat window the user was typing in, then restores the clipboard.

One implementation behind picker, side panel and slot hotkeys. It carries out a core.paste plan on the
Qt event loop with QTimer steps (never a blocking sleep: this process owns the clipboard and must answer
the target's request for it). Steps: wait until the hotkey's key is up (modifiers still held are
released synthetically, as xdotool --clearmodifiers does, so they cannot merge with Ctrl+V), give focus back to the target
and wait until it has it, save the clipboard (every format), set the text (marked so clipboard-history
tools skip it), press the paste key (per-application override), send if asked, restore the clipboard
after a pause. On failure the text stays on the clipboard and `failed` says to press Ctrl+V.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.paste import PasteOptions, PastePlan, PressKey, SetClipboard, Wait, make_plan
from deskassist.core.ports import WindowHandle
from deskassist.i18n import N_, _
from deskassist.platform.factory import PlatformBackends
from deskassist.settings import Settings

_log = log.get("paste")
POLL_MS = 2
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
    "empty": N_("the text is empty"),
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
    text_on_clipboard: bool = False
    set_at: float = 0.0


def copy_mime(source: QMimeData | None) -> QMimeData:
    """A detached copy of every format of source (the live clipboard object changes under us)."""
    copy = QMimeData()
    if source is None:
        return copy
    for fmt in source.formats():
        if fmt in _SELECTION_META or fmt.startswith("application/x-qt-image"):
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

    def __init__(self, backends: PlatformBackends, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backends = backends
        self._settings = settings
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._queue: list[_Job] = []
        self._job: _Job | None = None
        self._saved: QMimeData | None = None
        self._ours: QMimeData | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._continue)
        self._next: Callable[[], None] | None = None
        self._restore_timer = QTimer(self)
        self._restore_timer.setSingleShot(True)
        self._restore_timer.timeout.connect(self.restore_clipboard)

    # -- public -------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._job is not None

    def capture_target(self) -> WindowHandle | None:
        """The window that has the keyboard focus now (call it when the hotkey fires)."""
        try:
            return self._backends.windows.focused()
        except Exception:  # noqa: BLE001 - a vanished window or display must not break the hotkey
            _log.warning("capture failed", exc_info=True)
            return None

    def paste(self, text: str, target: WindowHandle | None, *, send: bool | None = None,
              split: bool | None = None, phrase_id: int = -1) -> None:
        """Paste text into target (None: whatever has the focus). Returns at once; watch pasted/failed."""
        self._queue.append(_Job(text, target, send, split, phrase_id))
        if self._job is None:
            self._start_next()

    def restore_clipboard(self) -> None:
        """Put the saved clipboard back now (also called on quit while a restore is pending)."""
        self._restore_timer.stop()
        if self._job is not None:
            return  # the running paste restores when it is done
        saved, self._saved = self._saved, None
        self._ours = None
        if saved is None or not self._clipboard.ownsClipboard():
            return  # nothing saved, or the user copied something new meanwhile: keep it
        if saved.formats():
            self._clipboard.setMimeData(saved)
        else:
            self._clipboard.clear()
        log.event(_log, "clipboard_restored")

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
        try:
            names = self._backends.windows.app_names(job.target) if job.target else []
        except Exception:  # noqa: BLE001
            names = []
        try:
            options = PasteOptions.from_settings(self._settings.get, names, send=job.send, split=job.split)
            job.plan = make_plan(job.text, options)
        except UserError:
            self._fail("empty")
            return
        self._restore_timer.stop()
        job.deadline = time.monotonic() + self._settings.get("paste.modifier_release_timeout_ms") / 1000
        self._next = lambda: (self._prepare_clipboard(job), self._wait_keys_released())
        self._continue()

    def _prepare_clipboard(self, job: _Job) -> None:
        """Save the clipboard and put the first chunk on it now, while the user's keys are still going up."""
        assert job.plan is not None
        if self._saved is None:  # a pending restore keeps its older, real clipboard
            self._saved = copy_mime(self._clipboard.mimeData())
        first = job.plan.steps[0]
        if isinstance(first, SetClipboard):
            self._set_text(first.text)
            job.set_at = time.monotonic()
            job.step = 1
            job.text_on_clipboard = len(job.plan.chunks) == 1

    def _wait_keys_released(self) -> None:
        """Wait until the hotkey's key (or Enter in the picker) is up: on X11 that ends the key grab."""
        job = self._job
        assert job is not None
        modifiers = self._backends.modifiers
        if modifiers.keys_held():
            if time.monotonic() < job.deadline:
                self._later(POLL_MS, self._wait_keys_released)
                return
            log.event(_log, "keys_still_held")
        if modifiers.modifiers_held():
            modifiers.release_modifiers()  # Ctrl+Alt still down would turn Ctrl+V into Ctrl+Alt+V
        self._give_focus_back()

    def _give_focus_back(self) -> None:
        job = self._job
        assert job is not None
        if job.target is not None and not self._backends.windows.has_focus(job.target):
            if not self._backends.windows.activate(job.target):
                self._fail("window_gone")
                return
            job.deadline = time.monotonic() + self._settings.get("paste.focus_timeout_ms") / 1000
            self._later(0, self._wait_focus)
            return
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
                self._set_text(step.text)
                job.set_at = time.monotonic()
            elif isinstance(step, PressKey):
                self._backends.keys.send(step.combo)
        self._finish(job)

    def _set_text(self, text: str) -> None:
        data = QMimeData()
        data.setText(text)
        for fmt, value in HIDDEN_FORMATS.items():
            data.setData(fmt, value)
        self._ours = data
        self._clipboard.setMimeData(data)

    def _finish(self, job: _Job) -> None:
        assert job.plan is not None
        ms = round((time.monotonic() - job.started) * 1000)
        log.event(_log, "pasted", phrase_id=job.phrase_id, chunks=len(job.plan.chunks), ms=ms)
        self._job = None
        if job.plan.restore_after_ms is None:
            self._saved = self._ours = None
        else:
            self._restore_timer.start(job.plan.restore_after_ms)
        self.pasted.emit(job.phrase_id, ms)
        self._start_next()

    def _fail(self, reason: str) -> None:
        job, self._job = self._job, None
        self._timer.stop()
        self._next = None
        if job is not None and not job.text_on_clipboard and job.text.strip():
            self._set_text(job.text)
        self._saved = self._ours = None  # the text stays on the clipboard for Ctrl+V
        self._restore_timer.stop()
        log.event(_log, "failed", reason=reason)
        if reason == "empty":
            message = _("Nothing to paste: the text is empty")
        else:
            message = _("Could not paste ({reason}). The text is on the clipboard: click into the chat box "
                        "and press Ctrl+V.").format(reason=_(_REASONS.get(reason, reason)))
        self.failed.emit(message)
        self._start_next()
