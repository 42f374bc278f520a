"""Composition root of the tray app: QApplication, data folder, services, platform backends, hotkeys,
paste engine, tray, picker and side panel. All wiring lives here; the widgets only emit signals.

Extension hook (used by deskassist.ui.notes_feature, imported guarded so the app runs without it):
`install(app: DeskAssistApp)` is called once the core is wired, before "app/ready" is logged. It may use

    app.session, app.settings, app.phrases, app.backends, app.bridge, app.engine, app.tray, app.picker, app.panel
    app.features.append(obj)                          keep its objects alive (and listed)
    app.add_tray_actions(title, actions)              a titled section of QActions in the tray menu;
                                                      title is a callable returning translated text
    app.add_hotkey(name, setting_key, handler, enabled_key=None)
                                                      a global hotkey read from a settings key; re-registered
                                                      when that setting changes; paused with the others;
                                                      handler(target) gets the window that had the focus
    app.current_buyer = obj                           an object with .nick (fills {客户}) and .groups
                                                      (customer group keys ranked first in the picker)
    app.paste_phrase(phrase_id, target, send=None)    fill-in dialog, render, count the use, paste
    app.paste_text(text, target, send=None)           paste any text through the paste engine
    app.on_quit(callback)                             called before the app shuts down
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from deskassist import log, paths
from deskassist.core.errors import UserError
from deskassist.core.templating import fill_fields, reads_clipboard
from deskassist.i18n import _
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session, open_session
from deskassist.ui import file_dialogs, icons
from deskassist.ui.change_signals import ChangeSignals, follow
from deskassist.ui.fill_dialog import FillDialog
from deskassist.ui.hotkey_bridge import HotkeyBridge
from deskassist.ui.paste_engine import PasteEngine
from deskassist.ui.picker import PickerPopup
from deskassist.ui.qt_i18n import apply_language
from deskassist.ui.side_panel import SidePanel
from deskassist.ui.single_instance import SingleInstance, notify_lock_holder
from deskassist.ui.tray import TrayController

_log = log.get("app")
SLOTS = range(1, 10)
ERASE_DELETED_EVERY_MS = 6 * 60 * 60 * 1000  # deleted memos past their undo window, while the app runs for days
CLIPBOARD_NOTE_CHARS = 40


def clipboard_note(clipboard: str) -> str:
    """The first line of a preview whose phrase sends the clipboard: says so, with the text it will add."""
    text = " ".join(clipboard.split())
    if not text:
        return _("⚠ This reply includes the clipboard, which is empty now")
    if len(text) > CLIPBOARD_NOTE_CHARS:
        text = text[:CLIPBOARD_NOTE_CHARS - 1] + "…"
    return _("⚠ This reply includes the clipboard: {text}").format(text=text)


def hotkey_label(name: str) -> str:
    """What a hotkey does, for messages ("The hotkey Ctrl+Alt+P for the side panel ...")."""
    if name.startswith("slot") and name[4:].isdigit():
        return _("pinned phrase {number}").format(number=name[4:])
    labels = {"picker": _("the phrase picker"), "panel": _("the side panel"), "memo": _("the quick memo"),
              "suggest": _("suggested replies")}
    return labels.get(name, name)


class DeskAssistApp(QObject):
    """Holds the session, services, backends, hotkey bridge, paste engine and the windows, and wires them."""

    integrity_checked = Signal(object)  # from the daily backup's worker thread: the problems found ([]: sound)

    def __init__(self, session: Session, backends: Any, *, tray_available: bool | None = None,
                 autostart_command: Sequence[str] | None = None, load_features: bool = True) -> None:
        super().__init__()
        self.integrity_checked.connect(self._finish_daily_backup)
        self._shut_down = False
        self.session = session
        self.settings = session.settings
        self.phrases = PhraseService(session)
        self.backends = backends
        self.features: list[object] = []
        self.current_buyer: Any = None
        self._autostart_command = list(autostart_command or default_autostart_command(None))
        self._quit_callbacks: list[Callable[[], None]] = []
        # name -> (combo setting, handler, setting that switches it on, or None)
        self._extra_hotkeys: dict[str, tuple[str, Callable[[object], None], str | None]] = {}
        self._registered: dict[str, str] = {}
        self._target: object | None = None
        self._windows: dict[str, QWidget] = {}
        self._fill_dialog: FillDialog | None = None
        self.ready = False
        self._load_features = load_features
        self._user_paused = False
        self._hotkeys_started = False

        self.changes = ChangeSignals(session, parent=self)
        self.bridge = HotkeyBridge(backends.hotkeys, parent=self)
        self.engine = PasteEngine(backends, self.settings, parent=self)
        self.picker = PickerPopup(self.phrases, groups=self._buyer_groups, preview=self._preview_text)
        self.panel = SidePanel(self.phrases, self.settings, state_dir=session.data_dir,
                               capture_target=self.engine.capture_target, preview=self._preview_text)
        self.tray = TrayController(tray_available=tray_available, parent=self)
        self._erase_timer = QTimer(self)
        self._erase_timer.setInterval(ERASE_DELETED_EVERY_MS)
        self._erase_timer.timeout.connect(self._erase_deleted)

        self.bridge.triggered.connect(self._hotkey_triggered)
        self.bridge.failed.connect(self._hotkey_failed)
        self.engine.pasted.connect(self._pasted)
        self.engine.failed.connect(self._paste_failed)
        self.restore_clipboard_action = QAction(self.tray.menu)
        self.restore_clipboard_action.setObjectName("tray:restore_clipboard")
        self.restore_clipboard_action.setText(_("Put back the previous clipboard"))
        self.restore_clipboard_action.setEnabled(False)
        self.restore_clipboard_action.triggered.connect(self._restore_previous_clipboard)
        self.engine.previous_kept.connect(self.restore_clipboard_action.setEnabled)
        self.tray.add_section(lambda: _("Clipboard"), [self.restore_clipboard_action])
        self.picker.phrase_chosen.connect(lambda pid, send: self.paste_phrase(pid, self._target,
                                                                             send=True if send else None))
        self.picker.closed.connect(self._picker_closed)
        self.panel.phrase_chosen.connect(lambda pid, send, target: self.paste_phrase(pid, target, send=send))
        self.tray.picker_requested.connect(lambda: self.show_picker(capture=False))
        self.tray.panel_requested.connect(self.panel.toggle)
        self.tray.manager_requested.connect(self.open_phrase_manager)
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.pause_toggled.connect(self.set_paused)
        self.tray.quit_requested.connect(self.quit)
        self.settings.on_change(self._setting_changed)
        follow(self.changes, self.picker, ("phrases", "categories"), self.picker.refresh)
        follow(self.changes, self.panel, ("phrases", "categories", "customers"), self.panel.reload)

    # --- start and stop -----------------------------------------------------------------------------
    def start(self) -> None:
        """Show the tray, register the hotkeys, plug in the features; log app/ready once the loop runs."""
        self.tray.show()
        self.register_hotkeys()
        self._sync_autostart(initial=True)
        if self._load_features:
            self._install_features()
            self._install_suggest()
        for note in [*getattr(self.backends, "notes", ()), *self.session.db.notices]:
            self.tray.show_message(_("DeskAssist"), note, warning=True)
        QTimer.singleShot(0, self._announce_ready)

    def _announce_ready(self) -> None:
        self.ready = True
        log.event(_log, "ready", tray=self.tray.tray_available, hotkeys=len(self._registered),
                  features=len(self.features))
        QTimer.singleShot(0, self._warm_up)

    def _warm_up(self) -> None:
        """Build the search index once the tray is up (start-up stays short; the first picker is instant)."""
        started = time.perf_counter()
        self.picker.warm_up()
        log.event(_log, "warmed_up", ms=round((time.perf_counter() - started) * 1000, 1))
        QTimer.singleShot(0, self._daily_backup)


    def _daily_backup(self) -> None:
        """The day's automatic backup (setting backup.auto), after start-up so it never delays the tray.

        Its full integrity check reads the whole file: it runs on a worker thread with a connection of its own.
        """
        from deskassist.services.backup import daily_backup_due, integrity_problems

        self._erase_deleted()
        self._erase_timer.start()
        if not daily_backup_due(self.session):
            return
        db_path = paths.database_path(self.session.data_dir)

        def check() -> None:
            try:
                problems = integrity_problems(db_path)
            except UserError as exc:  # e.g. in use: no backup this time, say why
                problems = [str(exc)]
            self.integrity_checked.emit(problems)

        threading.Thread(target=check, name="integrity-check", daemon=True).start()

    def _finish_daily_backup(self, problems: list[str]) -> None:
        from deskassist.services.backup import auto_backup

        if self._shut_down:
            return
        try:
            auto_backup(self.session, problems)
        except (OSError, UserError) as exc:
            self.tray.show_message(_("Backup failed"), _("The daily backup could not be made: {reason}").format(
                reason=exc), warning=True)

    def _erase_deleted(self) -> None:
        """Deleted memos past their undo window are erased for good (at start, then every few hours)."""
        from deskassist.services.retention import erase_deleted

        try:
            erase_deleted(self.session)
        except (OSError, UserError) as exc:  # e.g. busy with another writer: the next run erases them
            log.event(_log, "erase_deleted_failed", error=type(exc).__name__)

    def _capturing_hotkey(self, active: bool) -> None:
        """While a key field in Settings records a combination, our grabs must not swallow it."""
        self.bridge.pause(active or self._user_paused or not self.settings.get("hotkeys.enabled"))

    def _install_features(self) -> None:
        try:
            from deskassist.ui import notes_feature
        except ImportError:
            return
        install = getattr(notes_feature, "install", None)
        if install is None:
            return
        try:
            feature = install(self)
        except Exception:  # noqa: BLE001 - a broken feature must not take the phrase tools down
            _log.error("feature_failed", exc_info=True, extra={"fields": {"feature": "notes"}})
            return
        self.features.append(feature if feature is not None else notes_feature)
        if self.current_buyer is not None and hasattr(self.current_buyer, "set_nick"):
            self.picker.attach_buyer(self.current_buyer)
            self.panel.attach_buyer(self.current_buyer)

    def _install_suggest(self) -> None:
        """Suggested replies (Ctrl+Alt+Q): its own feature module, like the notes."""
        from deskassist.ui import suggest_feature

        self.features.append(suggest_feature.install(self))

    def on_quit(self, callback: Callable[[], None]) -> None:
        self._quit_callbacks.append(callback)

    def quit(self) -> None:
        log.event(_log, "quitting")
        self.shutdown()
        QApplication.quit()

    def shutdown(self) -> None:
        """Release hotkeys and hide windows (idempotent)."""
        self._shut_down = True  # a daily backup check still running reports to nobody
        for callback in self._quit_callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - keep shutting down
                _log.error("quit_callback_failed", exc_info=True)
        self._quit_callbacks.clear()
        self.changes.stop()
        self.engine.close()
        self.bridge.unregister_all()
        self._registered.clear()
        self.picker.hide()
        self.panel.hide()
        self.tray.hide()

    def bring_forward(self, command: str = "show") -> None:
        """A second launch: show the side panel (and the no-tray window) and say we are already running."""
        self.tray.bring_forward()
        if not self.panel.isVisible():
            self.panel.present()
        self.tray.show_message(_("DeskAssist"), _("DeskAssist is already running."))

    # --- extension hook -------------------------------------------------------------------------------
    def add_tray_actions(self, title: Callable[[], str] | str, actions: Sequence[QAction]) -> None:
        title_fn = title if callable(title) else (lambda text=title: text)
        self.tray.add_section(title_fn, actions)

    def add_hotkey(self, name: str, setting_key: str, handler: Callable[[object], None],
                   enabled_key: str | None = None) -> None:
        """A feature's global hotkey: combo from setting_key, active while enabled_key (if any) is on."""
        self._extra_hotkeys[name] = (setting_key, handler, enabled_key)
        combo = self.hotkey_combos().get(name)
        if self._hotkeys_started and combo and self.bridge.register(name, combo):
            self._registered[name] = combo

    # --- hotkeys ----------------------------------------------------------------------------------------
    def hotkey_combos(self) -> dict[str, str]:
        """name -> combo text for every hotkey that should be active now (empty combos are left out)."""
        combos = {"picker": self.settings.get("hotkeys.picker"), "panel": self.settings.get("hotkeys.panel")}
        modifiers = self.settings.get("hotkeys.slot_modifiers")
        if modifiers:
            combos.update({f"slot{n}": f"{modifiers}+{n}" for n in SLOTS})
        for name, (key, _handler, enabled_key) in self._extra_hotkeys.items():
            if enabled_key is None or self.settings.get(enabled_key):
                combos[name] = self.settings.get(key)
        return {name: combo for name, combo in combos.items() if combo}

    def register_hotkeys(self) -> None:
        """(Re)register every hotkey; each failure is reported by the bridge, the others keep working."""
        self._hotkeys_started = True
        self.bridge.unregister_all()
        self._registered.clear()
        paused = self._user_paused or not self.settings.get("hotkeys.enabled")
        self.bridge.pause(paused)
        combos = self.hotkey_combos()
        for name, combo in combos.items():
            if self.bridge.register(name, combo):
                self._registered[name] = combo
        self.tray.set_paused(paused)
        self.tray.set_hotkeys_text(self._hotkeys_text(combos))
        log.event(log.get("hotkey"), "all_registered", count=len(self._registered), wanted=len(combos))

    def _hotkeys_text(self, combos: dict[str, str]) -> str:
        lines = []
        if combos.get("picker"):
            lines.append(_("Phrase picker: {combo}").format(combo=combos["picker"]))
        if combos.get("panel"):
            lines.append(_("Side panel: {combo}").format(combo=combos["panel"]))
        if combos.get("slot1"):
            lines.append(_("Pinned phrases: {combo}").format(
                combo=f"{self.settings.get('hotkeys.slot_modifiers')}+1…9"))
        return "\n".join(lines)

    def set_paused(self, paused: bool) -> None:
        """Pause from the tray: every hotkey is released for other programs until resumed."""
        self._user_paused = paused
        self.bridge.pause(paused or not self.settings.get("hotkeys.enabled"))
        self.tray.set_paused(paused)

    def _hotkey_triggered(self, name: str) -> None:
        if name == "picker":
            self.show_picker(capture=True)
        elif name == "panel":
            self.panel.toggle()
        elif name.startswith("slot") and name[4:].isdigit():
            self.paste_slot(int(name[4:]))
        elif name in self._extra_hotkeys:
            self._extra_hotkeys[name][1](self.engine.capture_target())

    def _hotkey_failed(self, name: str, combo: str, reason: str) -> None:
        self.tray.show_message(
            _("Hotkey not available"),
            _("The hotkey {combo} for {what} could not be set up: {reason}. The other hotkeys still work; "
              "choose another combination in Settings.").format(combo=combo, what=hotkey_label(name),
                                                                 reason=reason),
            warning=True)

    # --- picking and pasting ----------------------------------------------------------------------------
    def show_picker(self, capture: bool = True) -> None:
        """Remember the focused window first (it is the paste target), then show the prebuilt picker."""
        self._target = self.engine.capture_target() if capture else None
        self.changes.check()  # a commit the watcher has not reported yet is searched too
        self.picker.popup()

    def show_suggestions(self, target: object | None, message: str, phrases: Sequence[Any]) -> None:
        """The picker for a buyer's message (the suggest hotkey): message above, suggested phrases first."""
        self._target = target
        self.picker.popup_suggestions(message, phrases)

    def _preview_text(self, phrase: Any) -> str:
        """What the agent will send: placeholders filled for the current buyer and with the clipboard as it
        is now (fill-ins show their default); a phrase that sends the clipboard says so on a first line."""
        reads = reads_clipboard(phrase.body)
        clipboard = self.engine.user_clipboard_text() if reads else ""
        try:
            text = self.phrases.render(phrase.id, buyer=getattr(self.current_buyer, "nick", "") or "",
                                       clipboard=clipboard)
        except UserError:
            return phrase.body
        return clipboard_note(clipboard) + "\n" + text if reads else text

    def _buyer_groups(self) -> Sequence[str]:
        return tuple(getattr(self.current_buyer, "groups", ()) or ())

    def _picker_closed(self) -> None:
        self._give_focus_back(self._target)

    def _give_focus_back(self, target: object | None) -> None:
        windows = getattr(self.backends, "windows", None)
        if target is not None and windows is not None:
            try:
                windows.activate(target)
            except Exception:  # noqa: BLE001 - the window may be gone; nothing to give back
                log.event(_log, "focus_back_failed")

    def paste_slot(self, slot: int) -> None:
        """Pinned phrase N straight into the focused window, no picker."""
        target = self.engine.capture_target()
        phrase = self.phrases.by_pinned(slot)
        if phrase is None:
            self.tray.show_message(_("Nothing pinned"), _(
                "No phrase is pinned to slot {slot}. Pin one in the phrase manager.").format(slot=slot))
            return
        self.paste_phrase(phrase.id, target, slot=slot)

    def paste_phrase(self, phrase_id: int, target: object | None, send: bool | None = None,
                     slot: int | None = None) -> None:
        """Ask fill-in fields (if any), render, count the use and hand the text to the paste engine.

        slot: pasted by that pinned-slot hotkey, with no preview seen: sending the clipboard gets a tray note."""
        try:
            phrase = self.phrases.get(phrase_id)
        except UserError as exc:
            self.tray.show_message(_("Cannot paste"), str(exc), warning=True)
            return
        fields = fill_fields(phrase.body)
        if not fields:
            self._render_and_paste(phrase_id, phrase.body, target, send, {}, slot)
            return
        if self._fill_dialog is not None:
            self._fill_dialog.reject()
        dialog = FillDialog(fields, title=phrase.title)
        self._fill_dialog = dialog
        dialog.accepted.connect(lambda: self._render_and_paste(phrase_id, phrase.body, target, send,
                                                               dialog.values(), slot))
        dialog.rejected.connect(lambda: self._give_focus_back(target))
        dialog.finished.connect(lambda _code: self._forget_dialog(dialog))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        log.event(_log, "fill_asked", phrase_id=phrase_id, fields=len(fields))

    def _forget_dialog(self, dialog: FillDialog) -> None:
        if self._fill_dialog is dialog:
            self._fill_dialog = None
        dialog.deleteLater()

    def _render_and_paste(self, phrase_id: int, body: str, target: object | None, send: bool | None,
                          fills: dict[str, str], slot: int | None = None) -> None:
        reads = reads_clipboard(body)  # templating's own parser: {Clipboard}, { 剪贴板 } ... all count
        clipboard = self.engine.user_clipboard_text() if reads else ""
        buyer = getattr(self.current_buyer, "nick", "") or ""
        try:
            text = self.phrases.render(phrase_id, buyer=buyer, fills=fills, clipboard=clipboard)
        except UserError as exc:  # e.g. deleted in the manager while the fill-in dialog was open
            self.tray.show_message(_("Cannot paste"), str(exc), warning=True)
            self._give_focus_back(target)
            return
        self.phrases.record_use(phrase_id, agent=self.session.agent)
        log.event(_log, "paste_requested", phrase_id=phrase_id, send=send, chars=len(text))
        self.engine.paste(text, target, send=send, phrase_id=phrase_id)
        if reads and slot is not None:
            log.event(_log, "slot_sent_clipboard", slot=slot, chars=len(clipboard))
            self.tray.show_message(_("Clipboard pasted"), _("Pinned phrase {slot} includes the clipboard. {note}")
                                   .format(slot=slot, note=clipboard_note(clipboard)))

    def paste_text(self, text: str, target: object | None, send: bool | None = None) -> None:
        self.engine.paste(text, target, send=send)

    def _pasted(self, *args: int) -> None:
        log.event(_log, "paste_done", details=list(args))

    def _restore_previous_clipboard(self) -> None:
        if not self.engine.restore_previous():
            self.tray.show_message(_("Clipboard"), _("There is no previous clipboard to put back."))

    def _paste_failed(self, message: str) -> None:
        """The engine's message already says the text is on the clipboard and to press Ctrl+V."""
        self.tray.show_message(_("Paste failed"), message, warning=True)

    # --- other windows (lazy: their modules are not imported at start) ---------------------------------
    def open_phrase_manager(self) -> None:
        def build() -> QWidget:
            from deskassist.ui.phrase_manager import PhraseManagerWindow

            window = PhraseManagerWindow(self.session, service=self.phrases)
            follow(self.changes, window, ("phrases", "categories", "questions"), window.reload_categories)
            return window

        self._open_window("manager", build, _("The phrase manager"))

    def open_settings(self) -> None:
        def build() -> QWidget:
            from deskassist.ui.settings_dialog import SettingsDialog

            dialog = SettingsDialog(self.settings, session=self.session)
            dialog.hotkey_capture_active.connect(self._capturing_hotkey)
            follow(self.changes, dialog, ("settings",), dialog.show_stored_values)
            return dialog

        self._open_window("settings", build, _("The settings dialog"))

    def _open_window(self, key: str, build: Callable[[], QWidget], what: str) -> None:
        window = self._windows.get(key)
        if window is None:
            try:
                window = build()
            except ImportError:
                self.tray.show_message(_("Not available"), _("{what} is not available in this version.").format(
                    what=what), warning=True)
                return
            window.destroyed.connect(lambda *_a, k=key: self._windows.pop(k, None))
            self._windows[key] = window
        window.show()
        window.raise_()
        window.activateWindow()
        log.event(log.get("ui"), "window_shown", window=key)

    # --- settings -------------------------------------------------------------------------------------
    def _setting_changed(self, key: str, value: Any) -> None:
        if key.startswith("hotkeys."):
            self.register_hotkeys()
        elif key == "ui.language":
            apply_language(value)
            self.retranslate()
        elif key == "ui.start_at_login":
            self._sync_autostart()
        elif key == "ui.panel_edge":
            self.panel.dock()
        elif any(key in (k, on) for k, _h, on in self._extra_hotkeys.values()):
            self.register_hotkeys()

    def retranslate(self) -> None:
        self.restore_clipboard_action.setText(_("Put back the previous clipboard"))
        self.tray.retranslate()
        self.tray.set_hotkeys_text(self._hotkeys_text(self.hotkey_combos()))
        self.picker.retranslate()
        self.panel.retranslate()
        if self.panel.isVisible():
            self.panel.reload()

    def _sync_autostart(self, initial: bool = False) -> None:
        """Make the login entry match ui.start_at_login (at start only when they disagree)."""
        autostart = getattr(self.backends, "autostart", None)
        if autostart is None:
            return
        wanted = bool(self.settings.get("ui.start_at_login"))
        try:
            enabled = autostart.is_enabled()
            if wanted and (not initial or not enabled):
                autostart.enable(self._autostart_command)
            elif not wanted and enabled:
                autostart.disable()
        except OSError as exc:
            self.tray.show_message(_("Start at login"), _("Could not change the login start: {reason}").format(
                reason=exc), warning=True)
            return
        log.event(_log, "autostart", enabled=wanted)


def default_autostart_command(data_dir: Path | None) -> list[str]:
    """How the login entry starts us: the frozen executable, or this Python running -m deskassist."""
    python = Path(sys.executable)
    if sys.platform == "win32" and python.with_name("pythonw.exe").exists():
        python = python.with_name("pythonw.exe")  # no console window at login
    command = [str(python)] if getattr(sys, "frozen", False) else [str(python), "-m", "deskassist"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def run_app(data_dir: str | None) -> int:
    """`deskassist` without a command: start the tray app (or bring the running one forward)."""
    started = time.perf_counter()
    folder = paths.data_dir(data_dir)
    file_dialogs.protect_data_dir(folder)
    log.setup(log_dir=paths.log_dir(folder))
    sys.excepthook = log.log_uncaught  # an error escaping a slot: its kind and frames, not its values
    if QApplication.instance() is None:
        from deskassist.platform.factory import detect

        try:
            detect()  # before Qt: without a display Qt would abort with its own message
        except UserError as exc:
            print(_("Error: {message}").format(message=exc), file=sys.stderr)
            return 1
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    qt_app.setApplicationName("DeskAssist")
    qt_app.setWindowIcon(icons.icon())
    instance = SingleInstance(folder)
    if not instance.listen():  # another launch holds the folder's lock: hand over to it
        answered = notify_lock_holder(folder)
        log.event(_log, "already_running", answered=answered)
        if answered:
            return 0
        print(_("Error: {message}").format(message=_(
            "DeskAssist is already running for {folder} but does not answer; end it and start again.").format(
                folder=folder)), file=sys.stderr)
        return 1
    try:
        session = open_session(folder)
    except UserError as exc:  # e.g. a damaged database: it is left untouched; say so where the user looks
        log.event(_log, "open_failed", kind=type(exc).__name__)
        apply_language("auto")
        QMessageBox.critical(None, _("DeskAssist"), str(exc))
        instance.close()
        return 1
    apply_language(session.settings.get("ui.language"))
    try:
        from deskassist.platform.factory import create_backends

        backends = create_backends()
    except UserError as exc:
        log.event(_log, "no_backend")
        QMessageBox.critical(None, _("DeskAssist"), str(exc))
        session.close()
        return 1
    desk = DeskAssistApp(session, backends, autostart_command=default_autostart_command(
        folder if data_dir else None))
    instance.requested.connect(desk.bring_forward)
    desk.start()
    log.event(_log, "started", ms=round((time.perf_counter() - started) * 1000, 1))
    try:
        code = qt_app.exec()
    finally:
        desk.shutdown()
        close = getattr(backends, "close", None)
        if close is not None:
            close()
        instance.close()
        session.close()
    return code
