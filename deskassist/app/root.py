"""The composition root of the tray app: builds the session's services, the platform backends, the Qt runtime
(hotkey bridge, paste engine), the tray, picker and side panel, the hotkey controller, the paste flow, the one
window registry and the notes and suggest features, and wires them. Behaviour lives in those parts; here is
only who talks to whom.
"""

from __future__ import annotations

import gc
import linecache
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from deskassist import early_start, log, paths
from deskassist.app.changes import ChangeSignals
from deskassist.app.hotkeys import HotkeyController
from deskassist.app.paste_flow import PasteFlow
from deskassist.app.windows import WindowRegistry
from deskassist.core import pinyin
from deskassist.core.errors import DatabaseError, UserError
from deskassist.core.ports import CurrentBuyer, WindowHandle
from deskassist.i18n import _
from deskassist.platform.memory import release_freed_memory
from deskassist.qt.hotkey_bridge import HotkeyBridge
from deskassist.qt.paste_engine import PasteEngine
from deskassist.qt.search_index import SearchIndexBuilder
from deskassist.qt.single_instance import SingleInstance, notify_lock_holder
from deskassist.qt.translators import apply_language
from deskassist.services.changes import Change
from deskassist.services.data_folder import open_session
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session
from deskassist.ui.panel.side_panel import SidePanel
from deskassist.ui.picker.popup import PickerPopup
from deskassist.ui.tray import TrayController
from deskassist.ui.widgets import file_dialogs, icons
from deskassist.ui.widgets.follow import follow

if TYPE_CHECKING:  # loaded in _wire_notes / _wire_team, after the tray is up
    from deskassist.platform.factory import PlatformBackends
    from deskassist.ui.notes.feature import NotesFeature
    from deskassist.ui.team.feature import TeamFeature

_log = log.get("app")
ERASE_DELETED_EVERY_MS = 6 * 60 * 60 * 1000  # deleted memos past their undo window, while the app runs for days
PINYIN_KEPT_MS = 60_000
"""pypinyin (57 MB, loaded by a write for its search keys) is dropped once writes have been quiet this long."""


class DeskAssistApp(QObject):
    """Builds the parts of the tray app and wires them; owns start-up order and shutdown."""

    integrity_checked = Signal(object)  # from the daily backup's worker thread: the problems found ([]: sound)

    def __init__(self, session: Session, backends: PlatformBackends, *, tray_available: bool | None = None,
                 autostart_command: Sequence[str] | None = None, load_features: bool = True) -> None:
        super().__init__()
        self.integrity_checked.connect(self._finish_daily_backup)
        self._shut_down = False
        self.session = session
        self.settings = session.settings
        self.phrases = PhraseService(session)
        self.backends = backends
        self.features: list[object] = []
        self.notes: NotesFeature | None = None  # once wired (its module loads after the tray is up)
        self.team: TeamFeature | None = None  # on a joined desk
        self._autostart_command = list(autostart_command or default_autostart_command(None))
        self._quit_callbacks: list[Callable[[], None]] = []
        self.ready = False
        self._load_features = load_features

        self.windows = WindowRegistry(backends.windows)
        self.changes = ChangeSignals(session, parent=self)
        self._hotkey_messages = self._route_hotkey_messages(backends)
        self.bridge = HotkeyBridge(backends.hotkeys, parent=self)
        self.engine = PasteEngine(backends, self.settings, parent=self)
        self.tray = TrayController(tray_available=tray_available, parent=self)
        self.paste_flow = PasteFlow(session, self.phrases, self.engine, self.tray, self.windows,
                                    check_changes=self.changes.check, parent=self,
                                    geometry=getattr(backends, "windows", None))
        self.picker = PickerPopup(self.phrases, groups=self.paste_flow.buyer_groups,
                                  preview=self.paste_flow.preview_text, missing=self.paste_flow.missing_values,
                                  state_dir=session.data_dir)
        self.picker.release_keyboard = self.bridge.release_keyboard
        self.picker.watch_focus = self.bridge.watch_focus
        self.bridge.window_focused.connect(self.picker.window_focused)
        self.picker.create_phrase_requested.connect(self.create_phrase_from)
        self.paste_flow.bind_picker(self.picker)
        self.search_index = SearchIndexBuilder(self.phrases, parent=self)
        self._warmed_up = False
        self.search_index.finished.connect(self.picker.warm_up)
        self.search_index.finished.connect(lambda: self._settle_memory("index"))
        self.panel = SidePanel(self.phrases, self.settings, state_dir=session.data_dir,
                               capture_target=self.engine.capture_target, preview=self.paste_flow.preview_text)
        self.hotkeys = HotkeyController(self.bridge, self.settings, self.tray,
                                        show_picker=self._picker_hotkey,
                                        toggle_panel=self.panel.toggle, paste_slot=self.paste_flow.paste_slot,
                                        capture_target=self.engine.capture_target, parent=self)
        self._erase_timer = QTimer(self)
        self._erase_timer.setInterval(ERASE_DELETED_EVERY_MS)
        self._erase_timer.timeout.connect(self._erase_deleted)

        self.restore_clipboard_action = QAction(self.tray.menu)
        self.restore_clipboard_action.setObjectName("tray:restore_clipboard")
        self.restore_clipboard_action.setText(_("Put back the previous clipboard"))
        self.restore_clipboard_action.setEnabled(False)
        self.restore_clipboard_action.triggered.connect(self.paste_flow.restore_previous_clipboard)
        self.engine.previous_kept.connect(self.restore_clipboard_action.setEnabled)
        self.tray.add_section(lambda: _("Clipboard"), [self.restore_clipboard_action])
        self.panel.phrase_chosen.connect(lambda pid, send, target: self.paste_flow.paste_phrase(pid, target,
                                                                                                send=send))
        self.tray.picker_requested.connect(lambda: self.show_picker(capture=False))
        self.tray.panel_requested.connect(self.panel.toggle)
        self.tray.manager_requested.connect(self.open_phrase_manager)
        self.tray.settings_requested.connect(self.open_settings)
        self.tray.help_requested.connect(self.open_about)
        self.tray.pause_toggled.connect(self.hotkeys.set_paused)
        self.tray.quit_requested.connect(self.quit)
        self.settings.on_change(self._setting_changed)
        follow(self.changes.changed, self.picker, ("phrases", "categories"), self.picker.refresh)
        follow(self.changes.changed, self.panel, ("phrases", "categories", "customers"), self.panel.reload)
        self.changes.changed.connect(self._rebuild_search_index)
        self._pinyin_timer = QTimer(self)
        self._pinyin_timer.setSingleShot(True)
        self._pinyin_timer.setTimerType(Qt.TimerType.PreciseTimer)  # one wake-up either way, on time
        self._pinyin_timer.setInterval(PINYIN_KEPT_MS)
        self._pinyin_timer.timeout.connect(self._drop_pinyin)
        self.changes.changed.connect(self._wrote)

    @property
    def current_buyer(self) -> CurrentBuyer | None:
        """The buyer the agent talks to (fills {客户}, ranks their group's phrases); None without notes."""
        return self.paste_flow.current_buyer

    # --- start and stop -----------------------------------------------------------------------------
    def start(self) -> None:
        """Show the tray, register the hotkeys, wire the features; log app/ready once the loop runs."""
        self.tray.show()
        self.hotkeys.register_all()
        self._sync_autostart(initial=True)
        if self._load_features:
            self._wire_notes()
            self._wire_suggest()
        self._wire_team()
        self.backends.release_unclaimed_hotkeys()  # every feature has registered its hotkey by now
        for note in [*self.backends.notes, *self.session.db.notices]:
            self.tray.show_message(_("DeskAssist"), note, warning=True)
        QTimer.singleShot(0, self._announce_ready)

    def _announce_ready(self) -> None:
        self.ready = True
        log.event(_log, "ready", tray=self.tray.tray_available, hotkeys=len(self.hotkeys.registered),
                  features=len(self.features))
        QTimer.singleShot(0, self._warm_up)

    def _rebuild_search_index(self, change: Change) -> None:
        """An import or another process's write drops the shared index (the feed cannot patch it): build the full
        one again off the main thread, once the start-up warm-up has run."""
        if self._warmed_up and change.touches("phrases", "categories"):
            self.search_index.start()

    def _warm_up(self) -> None:
        """Build the search index once the tray is up, off the main thread (start-up stays short, a hotkey
        never waits for it, and the first picker is instant)."""
        started = time.perf_counter()
        self._warmed_up = True
        if self.phrases.needs_full_index():  # built on a worker thread; the picker fills its list after
            self.search_index.start()
        else:
            self.picker.warm_up()
        linecache.clearcache()  # PySide6 reads the source of every module imported after it: 4 MB at rest
        if pinyin.loaded():  # a first start keyed the default pack before the app listened to writes
            self._pinyin_timer.start()
        log.event(_log, "warmed_up", ms=round((time.perf_counter() - started) * 1000, 1))
        QTimer.singleShot(0, self._daily_backup)

    def _wrote(self, _change: Change) -> None:
        """A write (here or elsewhere) may have loaded pypinyin for its search keys: keep it while writes go on."""
        if pinyin.loaded():
            self._pinyin_timer.start()

    def _drop_pinyin(self) -> None:
        """Writes have been quiet for PINYIN_KEPT_MS: pypinyin's 57 MB go, a customer or phrase added later
        imports it again (0.2 s)."""
        if pinyin.unload():
            gc.collect()  # the modules' own reference cycles
            self._settle_memory("pinyin")

    def _settle_memory(self, after: str = "index") -> None:
        """Freed memory goes back to the system: after the index build (its temporaries), the daily backup and
        dropping pypinyin."""
        log.event(_log, "memory_settled", trimmed=release_freed_memory(), after=after)

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
        finally:  # the backup read the whole file through this connection: its pages are not needed now
            with suppress(DatabaseError):
                self.session.db.release_memory()
            self._settle_memory("backup")

    def _erase_deleted(self) -> None:
        """Deleted memos past their undo window are erased for good (at start, then every few hours)."""
        from deskassist.services.retention import erase_deleted

        try:
            erase_deleted(self.session)
        except (OSError, UserError) as exc:  # e.g. busy with another writer: the next run erases them
            log.event(_log, "erase_deleted_failed", error=type(exc).__name__)

    def _wire_notes(self) -> None:
        """The customer-notes feature: tray section, memo hotkey, current buyer for the picker and the panel.

        Loaded after the tray is up (its services and windows are not needed for the first paste)."""
        from deskassist.ui.notes.buyer_card import BuyerCardWidget
        from deskassist.ui.notes.feature import NotesFeature

        notes = NotesFeature(self.session, lambda title, text, warning: self.tray.show_message(
            title, text, warning=warning), self.windows, parent=self, changed=self.changes.changed)
        self.notes = notes
        self.features.append(notes)
        self.paste_flow.current_buyer = notes.current_buyer
        notes.ack_pending.connect(lambda note: self.tray.set_attention(
            "" if note is None else _("Handover note from {shift} to read").format(shift=note.shift or "-")))
        actions = notes.actions()
        self.tray.hotkey_actions["memo"] = notes.memo_action
        self.add_tray_actions(lambda: _("Customers and memos"), actions)
        self.add_hotkey("memo", "hotkeys.memo", lambda target: notes.open_memo_box(target),
                        enabled_key="memo.capture_enabled")
        self.on_quit(notes.stop)
        # the root applies a new language in its own listener (registered first); the menu follows right after
        self.settings.on_change(lambda key, _value: notes.retranslate() if key == "ui.language" else None)
        icon = self.tray.icon
        if icon is not None:
            def clicked() -> None:
                if notes.last_notice and self.tray.last_message == notes.last_notice[1:]:
                    notes.notice_clicked()

            icon.messageClicked.connect(clicked)
        card = BuyerCardWidget(closable=True)
        card.follow(notes.current_buyer)
        self.picker.attach_buyer(notes.current_buyer, card)
        self.panel.attach_buyer(notes.current_buyer)
        notes.start()
        log.event(log.get("notes"), "notes_installed", actions=len(actions))

    def _wire_team(self) -> None:
        """Team mode on a joined desk: the sync worker and its line in the tray (a solo desk loads none of it)."""
        from deskassist.storage.team_repo import team_role

        role = team_role(self.session.db)
        if role is None:
            return
        from deskassist.ui.team.feature import TeamFeature

        team = TeamFeature(self.session, self.phrases, role, self.changes.check,
                           lambda key, build: self.windows.show(key, build, fresh=True), parent=self)
        self.team = team
        self.features.append(team)
        self.add_tray_actions(lambda: _("Team"), team.actions())
        self.settings.on_change(lambda key, _value: team.retranslate() if key == "ui.language" else None)
        self.on_quit(team.stop)
        team.start()

    def _wire_suggest(self) -> None:
        """Suggested replies (Ctrl+Alt+Q): its own feature module, like the notes."""
        from deskassist.ui.picker import suggest as suggest_feature

        self.features.append(suggest_feature.install(self))

    def on_quit(self, callback: Callable[[], None]) -> None:
        self._quit_callbacks.append(callback)

    def quit(self) -> None:
        log.event(_log, "quitting")
        self.shutdown()
        QApplication.quit()

    @staticmethod
    def _route_hotkey_messages(backends: PlatformBackends) -> object | None:
        """Windows: WM_HOTKEY reaches the hotkey source through a native event filter on this application."""
        read_msg = backends.read_native_message
        if read_msg is None:
            return None
        from deskassist.platform.windows.hotkeys import Win32HotkeySource
        from deskassist.qt.windows_hotkeys import install_hotkey_messages

        assert isinstance(backends.hotkeys, Win32HotkeySource), "native messages come with the Win32 source"
        return install_hotkey_messages(backends.hotkeys, read_msg)

    def shutdown(self) -> None:
        """Release hotkeys and hide windows (idempotent)."""
        self._shut_down = True  # a daily backup check still running reports to nobody
        for callback in self._quit_callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - keep shutting down
                _log.error("quit_callback_failed", exc_info=True)
        self._quit_callbacks.clear()
        self.search_index.stop()
        self.changes.stop()
        self.engine.close()
        self.hotkeys.unregister_all()
        if self._hotkey_messages is not None:
            from deskassist.qt.windows_hotkeys import remove_hotkey_messages

            remove_hotkey_messages(self._hotkey_messages)  # type: ignore[arg-type]
            self._hotkey_messages = None
        self.picker.hide()
        self.panel.hide()
        self.tray.hide()

    def bring_forward(self, command: str = "show") -> None:
        """A second launch: show the side panel (and the no-tray window) and say we are already running."""
        self.tray.bring_forward()
        if not self.panel.isVisible():
            self.panel.present()
        self.tray.show_message(_("DeskAssist"), _("DeskAssist is already running."))

    # --- what features use (the suggest feature gets the root) ----------------------------------------
    def add_tray_actions(self, title: Callable[[], str] | str, actions: Sequence[QAction]) -> None:
        title_fn = title if callable(title) else (lambda text=title: text)
        self.tray.add_section(title_fn, actions)

    def add_hotkey(self, name: str, setting_key: str, handler: Callable[[WindowHandle | None], object],
                   enabled_key: str | None = None) -> None:
        self.hotkeys.add(name, setting_key, handler, enabled_key)

    def show_picker(self, capture: bool = True) -> None:
        self.paste_flow.show_picker(capture)

    def show_suggestions(self, target: WindowHandle | None, message: str, phrases: Sequence[Any]) -> None:
        self.paste_flow.show_suggestions(target, message, phrases)

    def paste_text(self, text: str, target: WindowHandle | None, send: bool | None = None) -> None:
        self.paste_flow.paste_text(text, target, send)

    def _picker_hotkey(self) -> None:
        """The picker hotkey; while the first-run setup's try-it waits for it, it goes there instead."""
        setup = self.windows.visible("setup")
        if setup is not None:
            from deskassist.ui.settings.setup_dialog import SetupDialog  # loaded: its window is on screen

            if isinstance(setup, SetupDialog) and setup.is_trying():
                self.bridge.release_keyboard()  # no picker opens to take the keys held for it
                setup.hotkey_received("picker")
                return
        self.paste_flow.show_picker(capture=True)

    # --- other windows (lazy: their modules are not imported at start) ---------------------------------
    def offer_setup(self) -> None:
        """On the first start (nothing set yet, never asked), the setup window; shown once."""
        from deskassist.services.setup import SetupService

        needed = SetupService(self.session).needed()
        log.event(_log, "setup_offered", shown=needed)
        if needed:
            self.open_setup()

    def open_setup(self) -> None:
        def build() -> QWidget:
            from deskassist.app.hotkeys import hotkey_label
            from deskassist.services.setup import SetupService
            from deskassist.ui.settings.setup_dialog import SetupDialog

            combos = self.hotkeys.combos()
            from deskassist.ui.widgets.keys import combo_text, modifiers_text

            combos = {name: combo_text(combo) for name, combo in combos.items() if combo}
            keys = [(hotkey_label(name), combos.get(name, "")) for name in ("picker", "panel", "memo", "suggest")]
            modifiers = self.settings.get("hotkeys.slot_modifiers")
            if modifiers:
                keys.append((_("pinned phrases 1 to 9"), modifiers_text(modifiers) + "+1…9"))
            return SetupDialog(SetupService(self.session), keys)

        self._open_window("setup", build, _("The first-run setup"))
    def open_phrase_manager(self) -> None:
        def build() -> QWidget:
            from deskassist.ui.library.manager import PhraseManagerWindow

            window = PhraseManagerWindow(self.session, service=self.phrases)
            follow(self.changes.changed, window, ("phrases", "categories", "questions"), window.reload_categories)
            return window

        self._open_window("manager", build, _("The phrase manager"))

    def open_settings(self) -> None:
        def build() -> QWidget:
            from deskassist.ui.settings.dialog import SettingsDialog

            dialog = SettingsDialog(self.settings, session=self.session)
            dialog.hotkey_capture_active.connect(self.hotkeys.capturing)
            follow(self.changes.changed, dialog, ("settings",), dialog.show_stored_values)
            return dialog

        self._open_window("settings", build, _("The settings dialog"))

    def create_phrase_from(self, text: str) -> None:
        """The picker found nothing for what the agent typed: the phrase manager with a new phrase holding it."""
        self.open_phrase_manager()
        manager = self.windows.visible("manager")
        if manager is not None:
            manager.new_phrase(text)  # type: ignore[attr-defined]

    def open_about(self) -> None:
        def build() -> QWidget:
            from deskassist.ui.settings.about import AboutWindow

            return AboutWindow(self.hotkeys.text(), str(self.session.data_dir))

        self._open_window("about", build, _("Help and about"))

    def _open_window(self, key: str, build: Callable[[], QWidget], what: str) -> None:
        try:
            self.windows.show(key, build)
        except ImportError:
            self.tray.show_message(_("Not available"), _("{what} is not available in this version.").format(
                what=what), warning=True)

    # --- settings -------------------------------------------------------------------------------------
    def _setting_changed(self, key: str, value: Any) -> None:
        if key == "ui.language":
            apply_language(value)
            qt_app = QApplication.instance()
            if isinstance(qt_app, QApplication):
                set_display_name(qt_app)
            self.retranslate()
        elif key == "ui.start_at_login":
            self._sync_autostart()
        elif key == "ui.panel_edge":
            self.panel.dock()
        elif self.hotkeys.follows(key):
            self.hotkeys.register_all()

    def retranslate(self) -> None:
        self.restore_clipboard_action.setText(_("Put back the previous clipboard"))
        self.tray.retranslate()
        self.tray.set_hotkeys_text(self.hotkeys.text())
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


def set_display_name(qt_app: QApplication) -> None:
    """The name Qt appends to every window title on X11 and Windows (「设置 — 客服快捷助手」): which program a
    window belongs to is clear in the task bar beside the chat clients."""
    qt_app.setApplicationDisplayName(_("DeskAssist"))


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
    """`deskassist` without a command: start the tray app (or bring the running one forward).

    When the early start ran (early_start.py: lock taken, hotkeys grabbed before Qt was loaded), its lock and
    X connection are taken over here; otherwise both are made here, as on Windows.
    """
    started = time.perf_counter()
    folder = paths.data_dir(data_dir)
    early = early_start.take(folder)
    try:
        return _run_app(data_dir, folder, early, started)
    finally:
        if early is not None:
            early.abandon()  # ended, or never got as far as the backends: grabs and lock go (no-op otherwise)


def _run_app(data_dir: str | None, folder: Path, early: early_start.EarlyStart | None, started: float) -> int:
    file_dialogs.protect_data_dir(folder)
    log.setup(log_dir=paths.log_dir(folder))
    sys.excepthook = log.log_uncaught  # an error escaping a slot: its kind and frames, not its values
    if QApplication.instance() is None and early is None:  # the early start has reached the display
        from deskassist.platform.factory import check_display

        try:
            check_display()  # before Qt: without a (reachable) display Qt would abort with its own message
        except UserError as exc:
            print(_("Error: {message}").format(message=exc), file=sys.stderr)
            return 1
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)
    qt_app.setApplicationName("DeskAssist")
    set_display_name(qt_app)
    qt_app.setWindowIcon(icons.icon())
    instance = SingleInstance(folder, lock=early.lock if early else None)
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

        backends = create_backends(early.hotkeys if early else None)
        if early is not None:
            early.hotkeys = None  # the hotkey backend owns the connection now
    except UserError as exc:
        log.event(_log, "no_backend")
        QMessageBox.critical(None, _("DeskAssist"), str(exc))
        session.close()
        return 1
    desk = DeskAssistApp(session, backends, autostart_command=default_autostart_command(
        folder if data_dir else None))
    instance.requested.connect(desk.bring_forward)
    desk.start()
    QTimer.singleShot(0, desk.offer_setup)
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
