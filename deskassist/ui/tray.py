"""The tray icon and its menu; where the desktop has no system tray, a small window with the same menu
that says where DeskAssist is and which hotkeys open it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from deskassist import log
from deskassist.i18n import _
from deskassist.ui.widgets import icons

_log = log.get("ui")
MESSAGE_MS = 8000


class NoTrayWindow(QWidget):
    """Shown instead of a tray icon: where DeskAssist is, its hotkeys, and the tray menu as a button."""

    def __init__(self, menu: QMenu, quit_action: QAction) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("noTrayWindow")
        self.setWindowIcon(icons.icon())
        layout = QVBoxLayout(self)
        self.notice = QLabel()
        self.notice.setObjectName("noTrayNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        self.status = QLabel()
        self.status.setObjectName("noTrayStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.menu_button = QPushButton()
        self.menu_button.setObjectName("noTrayMenu")
        self.menu_button.setMenu(menu)
        row.addWidget(self.menu_button)
        row.addStretch(1)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(quit_action.trigger)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        self.resize(420, 200)

    def set_texts(self, hotkeys: str) -> None:
        self.setWindowTitle(_("DeskAssist"))
        self.notice.setText(_(
            "DeskAssist is running. This desktop has no system tray, so DeskAssist lives in this window: "
            "use the Menu button below, or the hotkeys:\n{hotkeys}\n"
            "Closing this window hides it; start DeskAssist again to bring it back.").format(hotkeys=hotkeys))
        self.menu_button.setText(_("Menu"))
        self.quit_button.setText(_("Quit DeskAssist"))
        self.fit_text()

    def fit_text(self) -> None:
        """Grow to show every line of the (word-wrapped) notice and status; a fixed size cut them off."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if needed > self.height():
            self.resize(self.width(), needed)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.hide()


class TrayController(QObject):
    """Owns the menu and shows it through a tray icon, or through NoTrayWindow when there is no tray.

    Each menu entry only emits a signal; the app decides what it does.
    """

    picker_requested = Signal()
    help_requested = Signal()
    panel_requested = Signal()
    manager_requested = Signal()
    settings_requested = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, tray_available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray_available = tray_available
        self._hotkeys_text = ""
        self._attention = ""
        self._paused = False
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.picker_action = self._action("picker", self.picker_requested.emit)
        self.panel_action = self._action("panel", self.panel_requested.emit)
        self.menu.addSeparator()
        self.manager_action = self._action("manager", self.manager_requested.emit)
        self.settings_action = self._action("settings", self.settings_requested.emit)
        self.help_action = self._action("help", self.help_requested.emit)
        self._sections_end = self.menu.addSeparator()
        self.pause_action = self._action("pause", lambda: self.pause_toggled.emit(self.pause_action.isChecked()))
        self.pause_action.setCheckable(True)
        self.menu.addSeparator()
        self.quit_action = self._action("quit", self.quit_requested.emit)
        self._sections: list[tuple[Callable[[], str], QAction, list[QAction]]] = []
        self.hotkey_actions: dict[str, QAction] = {"picker": self.picker_action, "panel": self.panel_action}

        self.icon: QSystemTrayIcon | None = None
        self.window: NoTrayWindow | None = None
        if tray_available:
            self.icon = QSystemTrayIcon(icons.icon(), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
        else:
            self.window = NoTrayWindow(self.menu, self.quit_action)
        self.retranslate()

    def _action(self, name: str, handler: Callable[[], None]) -> QAction:
        action = QAction(self.menu)
        action.setObjectName(f"tray:{name}")
        action.triggered.connect(lambda _checked=False, n=name: log.event(_log, "tray_action", action=n))
        action.triggered.connect(lambda _checked=False: handler())
        self.menu.addAction(action)
        return action

    # --- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.picker_action.setText(_("Phrase picker"))
        self.panel_action.setText(_("Side panel"))
        self.manager_action.setText(_("Phrase manager…"))
        self.settings_action.setText(_("Settings…"))
        self.help_action.setText(_("Help and about…"))
        self.pause_action.setText(_("Pause hotkeys"))
        self.quit_action.setText(_("Quit"))
        for title, header, _actions in self._sections:
            header.setText(title())
            label = header.defaultWidget() if isinstance(header, QWidgetAction) else None
            if isinstance(label, QLabel):
                label.setText(title())
        self._update_tooltip()
        if self.window is not None:
            self.window.set_texts(self._hotkeys_text)

    def show_hotkeys(self, combos: dict[str, str]) -> None:
        """Each entry that has a global hotkey shows it at the right, as menus show shortcuts (name -> combo;
        features add their entries to hotkey_actions). Only a reminder: the hotkeys work through the desktop."""
        for name, action in self.hotkey_actions.items():
            combo = combos.get(name, "")
            action.setShortcut(QKeySequence(combo) if combo else QKeySequence())
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # never a second, in-app hotkey
            action.setShortcutVisibleInContextMenu(True)

    def set_hotkeys_text(self, text: str) -> None:
        """The hotkeys as the user should read them (tool tip, no-tray window)."""
        self._hotkeys_text = text
        self._update_tooltip()
        if self.window is not None:
            self.window.set_texts(text)

    def _update_tooltip(self) -> None:
        if self.icon is not None:
            tip = _("DeskAssist")
            if self.pause_action.isChecked():
                tip += " — " + _("hotkeys paused")
            elif self._hotkeys_text:
                tip += "\n" + self._hotkeys_text
            if self._attention:
                tip += "\n● " + self._attention
            self.icon.setToolTip(tip)

    def set_attention(self, text: str) -> None:
        """Something waits for the agent (a handover note to read): a red dot on the icon and a line in its
        tool tip ("" clears both); a badge, not a window, so the chat keeps the focus."""
        self._attention = text
        self._update_icon()
        self._update_tooltip()
        if self.window is not None:
            self.window.status.setText(text)
            self.window.status.setVisible(bool(text))
            self.window.fit_text()

    @property
    def attention(self) -> str:
        return self._attention

    def _update_icon(self) -> None:
        if self.icon is not None:
            name = icons.PAUSED if self._paused else icons.APP
            self.icon.setIcon(icons.badged(name) if self._attention else icons.icon(name))

    # --- extension --------------------------------------------------------------------------------
    def add_section(self, title: Callable[[], str], actions: Sequence[QAction]) -> None:
        """A titled group of entries above "Pause hotkeys"; title is called again on a language change."""
        header = QWidgetAction(self.menu)
        header.setText(title())
        label = QLabel(title())
        label.setObjectName("traySectionHeader")
        # a heading, not a greyed-out entry that looks broken
        label.setStyleSheet("QLabel { font-weight: bold; padding: 4px 10px 2px 10px; color: palette(window-text); }")
        header.setDefaultWidget(label)
        header.setEnabled(False)
        self.menu.insertSeparator(self._sections_end)
        self.menu.insertAction(self._sections_end, header)
        for action in actions:
            if action.parent() is None:
                action.setParent(self.menu)
            self.menu.insertAction(self._sections_end, action)
        self._sections.append((title, header, list(actions)))

    # --- showing ----------------------------------------------------------------------------------
    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()
        elif self.window is not None:
            self.window.show()
            self.window.raise_()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
        if self.window is not None:
            self.window.hide()

    def bring_forward(self) -> None:
        """A second launch asked for us: without a tray, show the window again."""
        if self.window is not None:
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def set_paused(self, paused: bool) -> None:
        self.pause_action.setChecked(paused)
        self._paused = paused
        self._update_icon()
        self._update_tooltip()

    def show_message(self, title: str, text: str, warning: bool = False) -> None:
        """A tray balloon; without a tray, the notice window shows it."""
        log.event(_log, "tray_message", warning=warning)
        if self.icon is not None and self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            kind = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.icon.showMessage(title, text, kind, MESSAGE_MS)
        elif self.window is not None:
            self.window.status.setText(f"{title}: {text}")
            self.window.status.show()
            self.window.fit_text()
            self.window.show()
        self.last_message = (title, text)

    last_message: tuple[str, str] | None = None

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            log.event(_log, "tray_action", action="click")
            self.panel_requested.emit()
