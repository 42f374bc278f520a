"""The customer-notes half of the tray app, an ordinary feature wired by the app root (deskassist.app.root).

It provides the tray menu entries (customers, memos, follow-ups, after-sales, handover, reports, switch agent),
the quick memo the root's memo hotkey opens, and timers for due follow-ups and the shift handover
reminder/acknowledgement. Its windows live in the app's one window registry. Time always comes from
session.clock, so tests drive it with a fixed clock.

`CurrentBuyer` is the one piece of state the picker, the side panel and rendering ({客户}) share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.models import Customer, CustomerCard
from deskassist.core.ports import WindowHandle
from deskassist.i18n import N_, _, ngettext
from deskassist.services.changes import Change
from deskassist.ui.widgets.follow import follow

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.core.models import HandoverNote
    from deskassist.services.customers import CustomerService
    from deskassist.services.session import Session
    from deskassist.ui.notes.aftersales import AftersalesWindow
    from deskassist.ui.notes.agents import AgentMenu
    from deskassist.ui.notes.followups import FollowUpsWindow
    from deskassist.ui.notes.handover import HandoverAckDialog
    from deskassist.ui.notes.memo_capture import MemoCaptureBox

_log = log.get("notes")
ACK_REMIND_MINUTES = 15  # a handover note waiting to be read is mentioned again this much later


class CurrentBuyer(QObject):
    """The buyer the agent is talking to now. `changed` fires when it is set, refreshed or cleared."""

    changed = Signal()

    def __init__(self, customers: CustomerService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._customers = customers
        self._card: CustomerCard | None = None
        self._recent: list[Customer] = []

    @property
    def customer(self) -> Customer | None:
        return self._card.customer if self._card else None

    @property
    def card(self) -> CustomerCard | None:
        return self._card

    @property
    def nick(self) -> str:
        """What {客户}/{buyer} renders: the nickname, or "" without a current buyer."""
        return self._card.customer.nick if self._card else ""

    @property
    def groups(self) -> tuple[str, ...]:
        """Group keys for ranking phrases marked for this buyer's group first."""
        return self._customers.group_keys(self.customer)

    def lookup(self, query: str, limit: int = 8) -> list[Customer]:
        """Candidates for `@` + what the agent typed (nickname prefix, pinyin initials, #tag)."""
        return self._customers.lookup(query, limit=limit)

    def recent(self, limit: int = 8) -> list[Customer]:
        """Buyers to offer with one click: the ones made current this session, then the ones changed last."""
        chosen = [c for c in self._recent if self._customers.by_id(c.id) is not None]
        seen = {c.id for c in chosen}
        return (chosen + [c for c in self._customers.recent(limit) if c.id not in seen])[:limit]

    def set_nick(self, query: str) -> Customer | None:
        """`@nick` (exact, else the best prefix/initials match) becomes current; None when nobody matches."""
        customer = self._customers.resolve(query)
        if customer is None:
            return None
        self.set_customer(customer)
        return customer

    def add_nick(self, nick: str) -> Customer:
        """A buyer typed as `@nick` who is not a customer yet: added (in 咨询) and made current; UserError as
        CustomerService.add gives it."""
        customer = self._customers.add(nick)
        self.set_customer(customer)
        return customer

    def set_customer(self, customer: Customer) -> None:
        self._card = self._customers.card(customer)
        self._recent = [customer] + [c for c in self._recent if c.id != customer.id][:7]
        log.event(_log, "buyer_current", customer_id=customer.id)
        self.changed.emit()

    def refresh(self) -> None:
        """Reload the card (after a follow-up, case or group change); drops a buyer that was deleted."""
        if self._card is None:
            return
        customer = self._customers.by_id(self._card.customer.id)
        self._card = self._customers.card(customer) if customer else None
        self.changed.emit()

    def data_changed(self, change: Change) -> None:
        """Buyers, follow-ups or cases changed (in a window, the command line, another process): the card,
        the ranking by group and {客户} follow; a deleted buyer stops being current."""
        if self._card is not None and change.touches("customers", "followups", "cases"):
            self.refresh()

    def clear(self) -> None:
        if self._card is None:
            return
        self._card = None
        self.changed.emit()


# What each window shows, so that a change to it (anywhere) refreshes the window.
WINDOW_SHOWS: dict[str, tuple[str, ...]] = {
    "memos": ("memos", "customers", "agents", "settings"),
    "customers": ("customers", "followups", "cases"),
    "followups": ("followups", "customers"),
    "cases": ("cases", "customers"),
    "handover_history": ("handover", "agents"),
    "reports": ("phrases", "customers", "memos", "followups", "cases", "handover", "agents"),
    "agents": ("agents", "settings"),
}

Notify = Callable[[str, str, bool], None]  # (title, text, warning)


class Windows(Protocol):
    """The app's one window registry (deskassist.app.windows.WindowRegistry), as the notes feature uses it."""

    def __getitem__(self, key: str) -> QWidget: ...

    def __contains__(self, key: object) -> bool: ...

    def get(self, key: str) -> QWidget | None: ...

    def values(self) -> list[QWidget]: ...

    def visible(self, key: str) -> QWidget | None: ...

    def show(self, key: str, build: Callable[[], QWidget], *, keep_on_close: bool = False,
             refresh: bool = False, fresh: bool = False) -> QWidget: ...

    def forget_hidden(self, keys: Iterable[str]) -> None: ...

    def close(self, keys: Iterable[str]) -> None: ...

    def focus_back(self, target: WindowHandle | None) -> None: ...


WINDOW_KINDS = ("memos", "customers", "followups", "cases", "handover_write", "handover_history", "reports",
                "agents")


class NotesFeature(QObject):
    """Services, windows and timers of the customer-notes half; the app hands it a notifier, its window
    registry and a paster."""

    CHECK_MS = 30_000
    handover_reminded = Signal(object)  # ShiftSpan
    ack_dialog_opened = Signal(object)  # HandoverAckDialog
    ack_pending = Signal(object)  # the HandoverNote waiting to be acknowledged, or None: the tray's badge

    def __init__(self, session: Session, notify: Notify, windows: Windows,
                 parent: QObject | None = None, changed: SignalInstance | None = None) -> None:
        super().__init__(parent)
        from deskassist.services.aftersales import AftersalesService
        from deskassist.services.agents import AgentService
        from deskassist.services.customers import CustomerService
        from deskassist.services.followups import FollowUpService
        from deskassist.services.handover import HandoverService
        from deskassist.services.memos import MemoService
        from deskassist.services.reports import ReportService

        self.session = session
        self.notify = notify
        self.customers = CustomerService(session)
        self.followups = FollowUpService(session)
        self.cases = AftersalesService(session)
        self.memos = MemoService(session)
        self.handover = HandoverService(session)
        self.agents = AgentService(session)
        self.reports = ReportService(session)
        self.current_buyer = CurrentBuyer(self.customers, self)
        self.changed = changed  # the app's one change signal: windows and the current buyer follow it
        if changed is not None:
            changed.connect(self.current_buyer.data_changed)
        self.memo_box: MemoCaptureBox | None = None
        self.confirm_switch: Callable[[str], bool] = self._ask_switch  # tests answer for the agent
        self.ack_dialog: HandoverAckDialog | None = None
        self.pending_note: HandoverNote | None = None  # waiting to be acknowledged by the current agent
        self._ack_next_reminder: dict[int, datetime] = {}  # note id -> when to remind again (稍后提醒)
        self.read_ack_action: QAction | None = None
        self.windows = windows
        self._memo_target: WindowHandle | None = None
        self._notified_followups: set[int] = set()
        self._reminded: set[tuple[str, str]] = set()
        self.last_notice: tuple[str, str, str] | None = None
        self.followup_timer = QTimer(self)
        self.followup_timer.setInterval(self.CHECK_MS)
        self.followup_timer.timeout.connect(self.check_followups)
        self.shift_timer = QTimer(self)
        self.shift_timer.setInterval(self.CHECK_MS)
        self.shift_timer.timeout.connect(self.check_shift)
        self.agent_menu: AgentMenu | None = None

    # -- life ------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the timers and check once right away (a note waiting to be acknowledged is announced now)."""
        self.followup_timer.start()
        self.shift_timer.start()
        QTimer.singleShot(0, self.check_followups)
        QTimer.singleShot(0, self.check_shift)

    def stop(self) -> None:
        self.followup_timer.stop()
        self.shift_timer.stop()
        self.windows.close(WINDOW_KINDS)
        if self.memo_box is not None:
            self.memo_box.hide()

    # -- tray menu -------------------------------------------------------------------------------------

    def actions(self) -> list[QAction]:
        """The tray entries, in menu order; the agent submenu is the last one."""
        from deskassist.ui.notes.agents import AgentMenu

        entries: list[tuple[str, Callable[[], object]]] = [
            (N_("Quick memo"), self.open_memo_box),
            (N_("Memo book"), self.open_memos),
            (N_("Customers"), self.open_customers),
            (N_("Follow-ups"), self.open_followups),
            (N_("After-sales cases"), self.open_cases),
            (N_("Write handover note…"), self.open_handover_write),
            (N_("Handover history"), self.open_handover_history),
            (N_("Reports"), self.open_reports),
        ]
        actions = []
        self._entries: list[tuple[QAction, str]] = []
        for text, slot in entries:
            action = QAction(_(text), self)
            action.triggered.connect(lambda _c=False, s=slot: s())
            actions.append(action)
            self._entries.append((action, text))
        self.memo_action = actions[0]  # Quick memo: the tray shows its hotkey beside it
        self.read_ack_action = QAction(self)
        self.read_ack_action.setObjectName("tray:read_handover")
        self.read_ack_action.triggered.connect(lambda _c=False: self.open_ack())
        actions.insert(0, self.read_ack_action)
        self._update_ack_action()
        self.agent_menu = AgentMenu(self.agents)
        self.agent_menu.switched.connect(self.request_switch)
        self.agent_menu.manage_requested.connect(self.open_agents)
        if self.changed is not None:
            follow(self.changed, self.agent_menu, ("agents", "settings"), self.agent_menu.rebuild)
        actions.append(self.agent_menu.menuAction())
        return actions

    def retranslate(self) -> None:
        """After a language change: menu entries now; windows not on screen are rebuilt when next opened."""
        for action, text in getattr(self, "_entries", ()):
            action.setText(_(text))
        self._update_ack_action()
        if self.agent_menu is not None:
            self.agent_menu.rebuild()
        self.windows.forget_hidden(WINDOW_KINDS)
        if self.memo_box is not None and not self.memo_box.isVisible():
            self.memo_box.deleteLater()
            self.memo_box = None

    # -- windows ---------------------------------------------------------------------------------------

    def _show(self, key: str, build: Callable[[], QWidget]) -> QWidget:
        """Notes windows are kept when closed and reload their data when shown again."""
        return self.windows.show(key, build, keep_on_close=True, refresh=True)

    def _follow(self, key: str, window: QWidget, refresh: Callable[[], object]) -> QWidget:
        """The window shows what the feed says changed (WINDOW_SHOWS), from wherever the change came."""
        if self.changed is not None:
            follow(self.changed, window, WINDOW_SHOWS[key], refresh)
        return window

    def open_memo_box(self, target: WindowHandle | None = None) -> QWidget:
        from deskassist.ui.notes.memo_capture import MemoCaptureBox

        if self.memo_box is None:
            self.memo_box = MemoCaptureBox(self.memos, lookup=self.current_buyer.lookup,
                                           current=lambda: self.current_buyer.customer)
            self.memo_box.memo_saved.connect(self._memo_saved)
            self.memo_box.left.connect(self._memo_left)
            self.memo_box.unlinked.connect(lambda _id: self.notify(
                _("Memo saved"), _("No customer has that @nickname, so the memo is not linked to a buyer."), False))
        self._memo_target = target
        self.memo_box.open()
        return self.memo_box

    def _memo_saved(self, memo_id: int) -> None:
        self._give_focus_back()

    def _memo_left(self) -> None:
        self._give_focus_back()

    def _give_focus_back(self) -> None:
        target, self._memo_target = self._memo_target, None
        self.windows.focus_back(target)

    def open_memos(self) -> QWidget:
        from deskassist.ui.notes.memos import MemoWindow

        def build() -> QWidget:
            window = MemoWindow(self.memos)
            return self._follow("memos", window, window.refresh)

        return self._show("memos", build)

    def open_customers(self) -> QWidget:
        from deskassist.ui.notes.customers import CustomersWindow

        def build() -> QWidget:
            window = CustomersWindow(self.customers)
            window.current_requested.connect(self.current_buyer.set_customer)
            window.followup_requested.connect(lambda nick: self.open_followups().new_followup(nick))
            window.case_requested.connect(lambda nick: self.open_cases().new_case(nick))
            def reload() -> None:
                window.reload_groups()
                window.refresh()

            return self._follow("customers", window, reload)

        return self._show("customers", build)

    def open_followups(self) -> FollowUpsWindow:
        from deskassist.ui.notes.followups import FollowUpsWindow

        def build() -> QWidget:
            window = FollowUpsWindow(self.followups, self.session.clock,
                                     current_nick=lambda: self.current_buyer.nick)
            return self._follow("followups", window, window.refresh)

        window = self._show("followups", build)
        assert isinstance(window, FollowUpsWindow)
        return window

    def open_cases(self) -> AftersalesWindow:
        from deskassist.ui.notes.aftersales import AftersalesWindow

        def build() -> QWidget:
            window = AftersalesWindow(self.cases)
            return self._follow("cases", window, window.refresh)

        window = self._show("cases", build)
        assert isinstance(window, AftersalesWindow)
        return window

    def open_handover_write(self) -> QWidget:
        from deskassist.ui.notes.handover import HandoverWriteDialog

        def build() -> QWidget:
            dialog = HandoverWriteDialog(self.handover)
            dialog.accepted.connect(lambda: self._handover_written(dialog))
            return dialog

        return self.windows.show("handover_write", build, fresh=True)

    def _handover_written(self, dialog: QWidget) -> None:
        note = getattr(dialog, "written", None)
        if note is not None:
            self.notify(_("Handover note saved"), _("The next shift will be asked to acknowledge it."), False)

    def open_handover_history(self) -> QWidget:
        """Handover notes are internal: the history copies and exports them for the team, never pastes them
        into a buyer's chat."""
        from deskassist.ui.notes.handover import HandoverHistoryWindow

        def build() -> QWidget:
            window = HandoverHistoryWindow(self.handover)
            window.write_requested.connect(self.open_handover_write)
            def reload() -> None:
                window.reload_authors()
                window.refresh()

            return self._follow("handover_history", window, reload)

        return self._show("handover_history", build)

    def open_reports(self) -> QWidget:
        from deskassist.ui.notes.reports import ReportsWindow

        def build() -> QWidget:
            window = ReportsWindow(self.reports, self.session.clock)
            return self._follow("reports", window, window.refresh)

        return self._show("reports", build)

    def open_agents(self) -> QWidget:
        from deskassist.ui.notes.agents import AgentsDialog

        def build() -> QWidget:
            dialog = AgentsDialog(self.agents, self.request_switch)
            return self._follow("agents", dialog, dialog.refresh)

        return self._show("agents", build)

    # -- agents ----------------------------------------------------------------------------------------

    def request_switch(self, name: str) -> bool:
        """A switch the agent asked for: say which settings change (name, ID number) and switch on a yes."""
        try:
            changes = self.agents.switch_changes(name)
        except UserError as exc:
            self.notify(_("Switch agent"), str(exc), True)
            return False
        if not changes:
            return False
        labels = {"agent.name": _("Agent name"), "agent.id": _("ID number (工号)")}
        lines = [_("{setting}: {old} → {new}").format(setting=labels.get(key, key), old=old or _("(empty)"),
                                                      new=new or _("(empty)")) for key, old, new in changes]
        question = _("Switch to {name}? These settings change:").format(name=name.strip()) + "\n" + "\n".join(lines)
        if not self.confirm_switch(question):
            return False
        self.switch_agent(name)
        return True

    def _ask_switch(self, question: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(None, _("Switch agent"), question,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def switch_agent(self, name: str) -> None:
        """Another agent sits down: settings change, memo book follows, their pending handover opens."""
        try:
            agent = self.agents.switch(name)
        except UserError as exc:
            self.notify(_("Switch agent"), str(exc), True)
            return
        log.event(_log, "agent_switched", agent_id=agent.id)
        self.notify(_("Switch agent"), _("{name} is now at the desk.").format(name=agent.name), False)
        self.check_shift()

    # -- tray messages -------------------------------------------------------------------------------

    def _notice(self, kind: str, title: str, text: str) -> None:
        """A tray message that leads somewhere when clicked (see notice_clicked)."""
        self.last_notice = (kind, title, text)
        self.notify(title, text, False)

    def notice_clicked(self) -> None:
        """The agent clicked our last tray message: open what it talks about."""
        kind = self.last_notice[0] if self.last_notice else None
        if kind == "handover":
            self.open_handover_write()
        elif kind == "handover_ack":
            self.open_ack()
        elif kind == "followups":
            self.open_followups()

    # -- timers ----------------------------------------------------------------------------------------

    def check_followups(self) -> list:
        """Due follow-ups not announced yet: one tray message for all of them."""
        due = [f for f in self.followups.due() if f.id not in self._notified_followups]
        if not due:
            return []
        self._notified_followups.update(f.id for f in due)
        if len(due) == 1:
            f = due[0]
            text = _("{due} {buyer}: {text}").format(due=f.due[11:16], buyer=f.nick or "", text=f.text).strip()
        else:
            text = ngettext("{count} follow-up is due. Open Follow-ups in the tray menu to see it.",
                            "{count} follow-ups are due. Open Follow-ups in the tray menu to see them.",
                            len(due)).format(count=len(due))
        log.event(_log, "followups_due", count=len(due))
        self._notice("followups", _("Follow-up due"), text)
        window = self.windows.visible("followups")
        if window is not None:
            from deskassist.ui.notes.followups import FollowUpsWindow  # loaded: its window is on screen

            if isinstance(window, FollowUpsWindow):
                window.refresh()
        return due

    def check_shift(self) -> None:
        """Reminder before a shift ends; at a shift's start, the last shift's note waits to be acknowledged."""
        from deskassist.ui.notes.handover import clock_time

        span = self.handover.reminder_due()
        if span is not None:
            key = (span.name, span.start.isoformat())
            if key not in self._reminded:
                self._reminded.add(key)
                log.event(log.get("handover"), "handover_reminder", minutes_left=int(
                    (span.end - self.session.clock.now()).total_seconds() // 60))
                self._notice("handover", _("Handover note"), _(
                    "The {shift} shift ends at {end}. Please write the handover note "
                    "(tray menu: Write handover note).").format(shift=span.name, end=clock_time(span.end)))
                self.handover_reminded.emit(span)
        self.check_ack()

    def check_ack(self) -> None:
        """The last shift's note waits for this agent: a tray message and a badge, never a window that takes
        the focus from the chat the agent is typing in. It is said again ACK_REMIND_MINUTES later (or when
        稍后提醒 runs out) until someone acknowledges it."""
        note = self.handover.pending_ack()
        self._set_pending(note)
        if note is None or (self.ack_dialog is not None and self.ack_dialog.isVisible()):
            return
        now = self.session.clock.now()
        if now < self._ack_next_reminder.get(note.id, now):
            return
        self._ack_next_reminder[note.id] = now + timedelta(minutes=ACK_REMIND_MINUTES)
        log.event(log.get("handover"), "ack_reminder", note_id=note.id)
        self._notice("handover_ack", _("Handover note to read"), _(
            "{author} handed over the {shift} shift. Click here, or choose Read the handover note in the tray "
            "menu, when you have a moment.").format(author=note.author or _("(no agent)"), shift=note.shift or "-"))

    def _set_pending(self, note: HandoverNote | None) -> None:
        if (note and note.id) != (self.pending_note and self.pending_note.id):
            self.pending_note = note
            self._update_ack_action()
            self.ack_pending.emit(note)

    def _update_ack_action(self) -> None:
        if self.read_ack_action is None:
            return
        note = self.pending_note
        self.read_ack_action.setVisible(note is not None)
        if note is not None:
            self.read_ack_action.setText(_("Read the handover note from {shift}").format(shift=note.shift or "-"))

    def open_ack(self) -> QWidget | None:
        """The waiting note, when the agent asks for it (tray message or menu). Closing it or 稍后提醒 puts
        the reminder off; acknowledging records who and when."""
        if self.ack_dialog is not None and self.ack_dialog.isVisible():
            self.ack_dialog.raise_()
            self.ack_dialog.activateWindow()
            return self.ack_dialog
        note = self.handover.pending_ack() or self.pending_note
        if note is None:
            return None
        from deskassist.ui.notes.handover import HandoverAckDialog

        dialog = HandoverAckDialog(self.handover, note, [a.name for a in self.agents.list()])
        dialog.acknowledged.connect(lambda _note: self._acknowledged())
        dialog.later_requested.connect(lambda: self._remind_later(note.id))
        self.ack_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        log.event(log.get("handover"), "ack_dialog_opened", note_id=note.id)
        self.ack_dialog_opened.emit(dialog)
        return dialog

    def _remind_later(self, note_id: int) -> None:
        self._ack_next_reminder[note_id] = self.session.clock.now() + timedelta(minutes=ACK_REMIND_MINUTES)
        log.event(log.get("handover"), "ack_later", note_id=note_id)

    def _acknowledged(self) -> None:
        self._set_pending(self.handover.pending_ack())  # the history window follows the change feed itself

