"""The paste flow: picker, side panel, pinned slot or suggestion -> fill-in dialog -> render for the current buyer
-> count the use -> paste engine -> focus back to the chat window."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

from deskassist import log
from deskassist.app.windows import WindowRegistry
from deskassist.core.errors import DatabaseError, UserError
from deskassist.core.models import Phrase
from deskassist.core.ports import CurrentBuyer, WindowGeometry, WindowHandle
from deskassist.core.templating import fill_fields, reads_clipboard, renders_the_same
from deskassist.core.templating import render as render_template
from deskassist.i18n import _
from deskassist.qt.paste_engine import PasteEngine
from deskassist.services.changes import Change
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.ui.picker.fill_dialog import FillDialog
from deskassist.ui.picker.popup import PickerAnchor, PickerPopup
from deskassist.ui.tray import TrayController

_log = log.get("app")
CLIPBOARD_NOTE_CHARS = 40


@dataclass
class _Timing:
    """When a hotkey reached the app and its first stages (monotonic): the paste engine logs them in ms."""

    started: float
    stages: dict[str, float]
    focused: bool = False
    """The target was read as the focused window at this hotkey (no second focus check needed)."""
    focus_in_app: bool = False
    """The focus is in DeskAssist's own window (the picker): give it back without asking X where it is."""


class ReadyTexts:
    """Phrases' texts rendered ahead, when the text is the same at every paste (templating.renders_the_same: no
    buyer, clock, clipboard or fill-in): a pinned slot's (keyed by slot) and the picker's current row's (keyed
    by phrase id). The paste then reads no SQLite row and renders nothing. A committed change to a kept phrase
    drops its text (its row holds its body and its slot: a phrase pinned elsewhere or unpinned changes its
    row); a change to categories, settings (a name, the shop ...) or phrases not named, and every commit by
    another process, drop them all. So a text kept here is what a render would give now, provided another
    process's commits are looked for (ChangeFeed.check_external) before one is used."""

    def __init__(self, session: Session, most: int = 16) -> None:
        self._texts: dict[int, tuple[Phrase, str]] = {}
        self._most = most
        self.unsubscribe = session.changes.subscribe(self._heard)

    def get(self, key: int) -> tuple[Phrase, str] | None:
        return self._texts.get(key)

    def keep(self, key: int, phrase: Phrase, text: str) -> None:
        """phrase: as read for this render (its body is what decides whether the text can be kept)."""
        if renders_the_same(phrase.body):
            if len(self._texts) >= self._most and key not in self._texts:
                del self._texts[next(iter(self._texts))]
            self._texts[key] = (phrase, text)

    def _heard(self, change: Change) -> None:
        if change.touches("categories", "settings") or (change.kind == "phrases" and change.ids is None):
            self._texts.clear()
        elif change.kind == "phrases" and change.ids is not None:
            for key, (phrase, _text) in list(self._texts.items()):
                if phrase.id in change.ids:
                    del self._texts[key]


def clipboard_note(clipboard: str) -> str:
    """The first line of a preview whose phrase sends the clipboard: says so, with the text it will add."""
    text = " ".join(clipboard.split())
    if not text:
        return _("⚠ This reply includes the clipboard, which is empty now")
    if len(text) > CLIPBOARD_NOTE_CHARS:
        text = text[:CLIPBOARD_NOTE_CHARS - 1] + "…"
    return _("⚠ This reply includes the clipboard: {text}").format(text=text)


class PasteFlow(QObject):
    """From a chosen phrase to text in the chat box; remembers the target window the picker was opened over."""

    def __init__(self, session: Session, phrases: PhraseService, engine: PasteEngine, tray: TrayController,
                 windows: WindowRegistry, check_changes: Callable[[], object] | None = None,
                 parent: QObject | None = None, geometry: object | None = None) -> None:
        """geometry: the platform's ActiveWindow when it can tell where the window and its caret are."""
        super().__init__(parent)
        self._geometry = geometry if isinstance(geometry, WindowGeometry) else None
        self._session = session
        self._check_changes = check_changes or (lambda: None)
        self._phrases = phrases
        self._engine = engine
        self._tray = tray
        self._windows = windows
        self._picker: PickerPopup | None = None
        self.current_buyer: CurrentBuyer | None = None  # fills {客户}; set by the root when notes are wired
        self.target: WindowHandle | None = None
        self.fill_dialog: FillDialog | None = None
        self.slot_texts = ReadyTexts(session)
        self.picked_texts = ReadyTexts(session)
        """The texts of the rows the picker previewed, by phrase id: Enter on one pastes it without a render."""
        engine.pasted.connect(self._pasted)
        engine.failed.connect(self._paste_failed)

    def bind_picker(self, picker: PickerPopup) -> None:
        """The picker is built with this flow's preview and ranking, then handed back here."""
        self._picker = picker
        picker.phrase_chosen.connect(self._picked)
        picker.closed.connect(lambda: self._windows.focus_back(self.target))

    def _picked(self, phrase_id: int, send: bool) -> None:
        """Enter (or Ctrl+Enter) on a row: its text as previewed when nothing it shows has changed since."""
        timing = _Timing(time.monotonic(), {}, focus_in_app=True)
        ready = self.picked_texts.get(phrase_id) if self._other_commits_seen() else None
        if ready is not None:
            timing.stages["rendered"] = time.monotonic()
            self._send(phrase_id, ready[1], self.target, True if send else None, timing)
            return
        self.paste_phrase(phrase_id, self.target, send=True if send else None, timing=timing)

    # --- opening the picker ---------------------------------------------------------------------------
    def show_picker(self, capture: bool = True) -> None:
        """Remember the focused window first (it is the paste target), then show the prebuilt picker."""
        self.target = self._engine.capture_target() if capture else None
        self._check_changes()  # another process's commit the file watcher has not reported yet is searched too
        assert self._picker is not None
        self._picker.popup(anchor=self._anchor(self.target))
        target = self.target
        QTimer.singleShot(0, self, lambda: self._engine.prepare_target(target))  # once the picker is up

    def show_suggestions(self, target: WindowHandle | None, message: str, phrases: Sequence[Any]) -> None:
        """The picker for a buyer's message (the suggest hotkey): message above, suggested phrases first."""
        self.target = target
        assert self._picker is not None
        self._picker.popup_suggestions(message, phrases, anchor=self._anchor(target))

    def _anchor(self, target: object | None) -> PickerAnchor:
        """Where the target's caret and window are, so the picker opens beside them, not over the chat."""
        if self._geometry is None or not isinstance(target, int):
            return PickerAnchor()
        try:
            return PickerAnchor(self._geometry.caret(target), self._geometry.window_rect(target))
        except Exception:  # noqa: BLE001 - a window that vanished just now: open near the pointer instead
            _log.warning("window geometry failed", exc_info=True)
            return PickerAnchor()

    def preview_text(self, phrase: Phrase) -> str:
        """What the agent will send: placeholders filled for the current buyer and with the clipboard as it
        is now (fill-ins show their default); a phrase that sends the clipboard says so on a first line."""
        reads = reads_clipboard(phrase.body)
        clipboard = self._engine.user_clipboard_text() if reads else ""
        try:
            current = self._phrases.get(phrase.id)  # the row as it is now: the one Enter would paste
            text = render_template(current.body, self._phrases.context(self._buyer_nick(), clipboard=clipboard))
        except UserError:
            return phrase.body
        self.picked_texts.keep(phrase.id, current, text)
        return clipboard_note(clipboard) + "\n" + text if reads else text

    def missing_values(self, phrase: Phrase) -> list[str]:
        """Placeholders of the phrase that would come out empty where the text needs them (agent name, shop
        ...; the buyer only without a shop-wide form of address): the picker warns before sending."""
        return self._phrases.empty_placeholders(phrase.body, buyer=self._buyer_nick())

    def buyer_groups(self) -> Sequence[str]:
        return tuple(getattr(self.current_buyer, "groups", ()) or ())

    def _buyer_nick(self) -> str:
        return getattr(self.current_buyer, "nick", "") or ""

    # --- pasting --------------------------------------------------------------------------------------
    def paste_slot(self, slot: int) -> None:
        """Pinned phrase N straight into the focused window, no picker; its text rendered ahead when it is the
        same at every paste (SlotTexts), else read and rendered now."""
        started = time.monotonic()
        target = self._engine.capture_target()
        stages = {"target": time.monotonic()}
        ready = self.slot_texts.get(slot) if self._other_commits_seen() else None
        if ready is not None:
            kept, text = ready
            stages["rendered"] = time.monotonic()
            self._send(kept.id, text, target, None, _Timing(started, stages, focused=True), ahead=slot)
            return
        phrase = self._phrases.by_pinned(slot)
        if phrase is None:
            self._tray.show_message(_("Nothing pinned"), _(
                "No phrase is pinned to slot {slot}. Pin one in the phrase manager.").format(slot=slot))
            return
        stages["phrase"] = time.monotonic()
        self.paste_phrase(phrase.id, target, slot=slot, phrase=phrase,
                          timing=_Timing(started, stages, focused=True))

    def _other_commits_seen(self) -> bool:
        """Look for another process's commit now (it drops the texts rendered ahead); False when that cannot be
        told (the database failing): then nothing kept is used."""
        try:
            self._session.changes.check_external()
        except DatabaseError:
            return False
        return True

    def _render_slot_ahead(self, slot: int) -> None:
        """After a slot's paste is over (its use counted, which drops the kept texts): the next press of it
        finds its text ready."""
        if self.slot_texts.get(slot) is not None:
            return
        try:
            phrase = self._phrases.by_pinned(slot)
            if phrase is not None and renders_the_same(phrase.body):
                self.slot_texts.keep(slot, phrase, render_template(phrase.body, self._phrases.context()))
        except UserError as exc:  # e.g. the database went away: the next press reads it again
            log.event(_log, "slot_not_rendered", slot=slot, kind=type(exc).__name__)

    def paste_phrase(self, phrase_id: int, target: WindowHandle | None, send: bool | None = None,
                     slot: int | None = None, phrase: Phrase | None = None, timing: _Timing | None = None) -> None:
        """Ask fill-in fields (if any), render, count the use and hand the text to the paste engine.

        slot: pasted by that pinned-slot hotkey, with no preview seen: sending the clipboard gets a tray note.
        phrase: the phrase with that id, read just now (not read again)."""
        if phrase is None or phrase.id != phrase_id:
            try:
                phrase = self._phrases.get(phrase_id)
            except UserError as exc:
                self._tray.show_message(_("Cannot paste"), str(exc), warning=True)
                return
        fields = fill_fields(phrase.body)
        if not fields:
            self._render_and_paste(phrase_id, phrase.body, target, send, {}, slot, timing, fresh=True)
            return
        if self.fill_dialog is not None:
            self.fill_dialog.reject()
        dialog = FillDialog(fields, title=phrase.title, sentence=lambda fills: self._phrases.render(
            phrase_id, buyer=self._buyer_nick(), fills=dict(fills), clipboard=""))
        self.fill_dialog = dialog
        dialog.accepted.connect(lambda: self._render_and_paste(phrase_id, phrase.body, target, send,
                                                               dialog.values(), slot))
        dialog.rejected.connect(lambda: self._windows.focus_back(target))
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        log.event(_log, "fill_asked", phrase_id=phrase_id, fields=len(fields))

    def _forget_dialog(self, dialog: FillDialog) -> None:
        if self.fill_dialog is dialog:
            self.fill_dialog = None
        dialog.deleteLater()

    def _render_and_paste(self, phrase_id: int, body: str, target: WindowHandle | None, send: bool | None,
                          fills: dict[str, str], slot: int | None = None, timing: _Timing | None = None,
                          fresh: bool = False) -> None:
        """fresh: body was read from the database just now (else, after a fill-in dialog, it is read again:
        the phrase may have been edited or deleted meanwhile)."""
        reads = reads_clipboard(body)  # templating's own parser: {Clipboard}, { 剪贴板 } ... all count
        clipboard = self._engine.user_clipboard_text() if reads else ""
        try:
            if fresh:
                text = render_template(body, self._phrases.context(self._buyer_nick(), fills, clipboard))
            else:
                text = self._phrases.render(phrase_id, buyer=self._buyer_nick(), fills=fills, clipboard=clipboard)
        except UserError as exc:  # e.g. deleted in the manager while the fill-in dialog was open
            self._tray.show_message(_("Cannot paste"), str(exc), warning=True)
            self._windows.focus_back(target)
            return
        timing = timing or _Timing(time.monotonic(), {})
        timing.stages["rendered"] = time.monotonic()
        self._send(phrase_id, text, target, send, timing, ahead=slot if renders_the_same(body) else None)
        if reads and slot is not None:
            log.event(_log, "slot_sent_clipboard", slot=slot, chars=len(clipboard))
            self._tray.show_message(_("Clipboard pasted"), _("Pinned phrase {slot} includes the clipboard. {note}")
                                    .format(slot=slot, note=clipboard_note(clipboard)))

    def _send(self, phrase_id: int, text: str, target: WindowHandle | None, send: bool | None, timing: _Timing,
              ahead: int | None = None) -> None:
        """The rendered text to the paste engine; the use is counted once the target has read it, then the
        text of slot `ahead` is rendered again for its next press (counting dropped it)."""
        agent = self._session.agent

        def count_use() -> None:
            """After the target has read the text: a SQLite write here would keep this thread from serving
            the target's clipboard request."""
            try:
                self._phrases.record_use(phrase_id, agent=agent)
            except UserError as exc:  # e.g. the database refuses writes: the text is pasted all the same
                log.event(_log, "use_not_counted", phrase_id=phrase_id, kind=type(exc).__name__)
            if ahead is not None:
                self._render_slot_ahead(ahead)

        self._engine.paste(text, target, send=send, phrase_id=phrase_id, focused=timing.focused,
                           focus_in_app=timing.focus_in_app,
                           started=timing.started, stages=timing.stages, done=count_use)
        log.event(_log, "paste_requested", phrase_id=phrase_id, send=send, chars=len(text))

    def paste_text(self, text: str, target: WindowHandle | None, send: bool | None = None) -> None:
        """Any text (a handover note) through the paste engine."""
        self._engine.paste(text, target, send=send)

    def restore_previous_clipboard(self) -> None:
        if not self._engine.restore_previous():
            self._tray.show_message(_("Clipboard"), _("There is no previous clipboard to put back."))

    def _pasted(self, *args: int) -> None:
        log.event(_log, "paste_done", details=list(args))

    def _paste_failed(self, message: str) -> None:
        """The engine's message already says the text is on the clipboard and to press Ctrl+V."""
        self._tray.show_message(_("Paste failed"), message, warning=True)
