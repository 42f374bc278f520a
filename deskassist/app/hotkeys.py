"""The hotkey controller: which global hotkeys are wanted (settings), registering them through the bridge,
pause/resume from the tray, releasing them while Settings records a key, and saying what a failed one was for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from deskassist import log
from deskassist.core.ports import WindowHandle
from deskassist.i18n import _
from deskassist.qt.hotkey_bridge import HotkeyBridge
from deskassist.settings import Settings
from deskassist.ui.tray import TrayController
from deskassist.ui.widgets.keys import combo_text, modifiers_text

SLOTS = range(1, 10)


def hotkey_label(name: str) -> str:
    """What a hotkey does, for messages ("The hotkey Ctrl+Alt+P for the side panel ...")."""
    if name.startswith("slot") and name[4:].isdigit():
        return _("pinned phrase {number}").format(number=name[4:])
    labels = {"picker": _("the phrase picker"), "panel": _("the side panel"), "memo": _("the quick memo"),
              "suggest": _("suggested replies")}
    return labels.get(name, name)


class HotkeyController(QObject):
    """Owns the set of registered hotkeys; the root gives it what the built-in ones do."""

    def __init__(self, bridge: HotkeyBridge, settings: Settings, tray: TrayController, *,
                 show_picker: Callable[[], None], toggle_panel: Callable[[], None],
                 paste_slot: Callable[[int], None], capture_target: Callable[[], WindowHandle | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._settings = settings
        self._tray = tray
        self._show_picker = show_picker
        self._toggle_panel = toggle_panel
        self._paste_slot = paste_slot
        self._capture_target = capture_target
        # name -> (combo setting, handler, setting that switches it on, or None)
        self._extra: dict[str, tuple[str, Callable[[WindowHandle | None], object], str | None]] = {}
        self.registered: dict[str, str] = {}
        self._user_paused = False
        self._started = False
        bridge.triggered.connect(self._triggered)
        bridge.failed.connect(self._failed)

    def add(self, name: str, setting_key: str, handler: Callable[[WindowHandle | None], object],
            enabled_key: str | None = None) -> None:
        """A feature's global hotkey: combo from setting_key, active while enabled_key (if any) is on;
        handler(target) gets the window that had the focus."""
        self._extra[name] = (setting_key, handler, enabled_key)
        combo = self.combos().get(name)
        if self._started and combo and self.bridge.register(name, combo):
            self.registered[name] = combo
        if self._started:
            self._show_in_tray(self.combos())

    def combos(self) -> dict[str, str]:
        """name -> combo text for every hotkey that should be active now (empty combos are left out)."""
        combos = {"picker": self._settings.get("hotkeys.picker"), "panel": self._settings.get("hotkeys.panel")}
        modifiers = self._settings.get("hotkeys.slot_modifiers")
        if modifiers:
            combos.update({f"slot{n}": f"{modifiers}+{n}" for n in SLOTS})
        for name, (key, _handler, enabled_key) in self._extra.items():
            if enabled_key is None or self._settings.get(enabled_key):
                combos[name] = self._settings.get(key)
        return {name: combo for name, combo in combos.items() if combo}

    def register_all(self) -> None:
        """(Re)register every hotkey; each failure is reported by the bridge, the others keep working."""
        self._started = True
        self.bridge.unregister_all()
        self.registered.clear()
        paused = self._user_paused or not self._settings.get("hotkeys.enabled")
        self.bridge.pause(paused)
        combos = self.combos()
        for name, combo in combos.items():
            if self.bridge.register(name, combo):
                self.registered[name] = combo
        self._tray.set_paused(paused)
        self._show_in_tray(combos)
        log.event(log.get("hotkey"), "all_registered", count=len(self.registered), wanted=len(combos))

    def _show_in_tray(self, combos: dict[str, str]) -> None:
        self._tray.set_hotkeys_text(self.text(combos))
        self._tray.show_hotkeys(combos)

    def unregister_all(self) -> None:
        self.bridge.unregister_all()
        self.registered.clear()

    def follows(self, key: str) -> bool:
        """Whether a changed setting changes the hotkeys (their combos, or switching a feature's one on/off)."""
        return key.startswith("hotkeys.") or any(key in (k, on) for k, _h, on in self._extra.values())

    def text(self, combos: dict[str, str] | None = None) -> str:
        """The tray's summary of the hotkeys."""
        combos = self.combos() if combos is None else combos
        lines = []
        if combos.get("picker"):
            lines.append(_("Phrase picker: {combo}").format(combo=combo_text(combos["picker"])))
        if combos.get("panel"):
            lines.append(_("Side panel: {combo}").format(combo=combo_text(combos["panel"])))
        if combos.get("memo"):
            lines.append(_("Quick memo: {combo}").format(combo=combo_text(combos["memo"])))
        if combos.get("suggest"):
            lines.append(_("Suggested replies: {combo}").format(combo=combo_text(combos["suggest"])))
        if combos.get("slot1"):
            lines.append(_("Pinned phrases: {combo}").format(
                combo=modifiers_text(self._settings.get("hotkeys.slot_modifiers")) + "+1…9"))
        return "\n".join(lines)

    def set_paused(self, paused: bool) -> None:
        """Pause from the tray: every hotkey is released for other programs until resumed."""
        self._user_paused = paused
        self.bridge.pause(paused or not self._settings.get("hotkeys.enabled"))
        self._tray.set_paused(paused)

    def capturing(self, active: bool) -> None:
        """While a key field in Settings records a combination, our grabs must not swallow it."""
        self.bridge.pause(active or self._user_paused or not self._settings.get("hotkeys.enabled"))

    def _triggered(self, name: str) -> None:
        if name == "picker":
            self._show_picker()
        elif name == "panel":
            self._toggle_panel()
        elif name.startswith("slot") and name[4:].isdigit():
            self._paste_slot(int(name[4:]))
        elif name in self._extra:
            self._extra[name][1](self._capture_target())

    def _failed(self, name: str, combo: str, reason: str) -> None:
        self._tray.show_message(
            _("Hotkey not available"),
            _("The hotkey {combo} for {what} could not be set up: {reason}. The other hotkeys still work; "
              "choose another combination in Settings.").format(combo=combo_text(combo), what=hotkey_label(name),
                                                                 reason=reason),
            warning=True)
