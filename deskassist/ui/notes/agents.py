"""Who is at the desk: the "Switch agent" tray submenu and a small dialog to keep the agent list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.i18n import _

if TYPE_CHECKING:  # annotations only: the services are built by the composition root
    from deskassist.services.agents import AgentService


def agent_text(name: str, number: str) -> str:
    return _("{name} (ID {number})").format(name=name, number=number) if number else name


class AgentMenu(QMenu):
    """One checkable entry per agent (the current one ticked) and "Manage agents…" at the end."""

    switched = Signal(str)
    manage_requested = Signal()

    def __init__(self, agents: AgentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agents = agents
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.setTitle(_("Switch agent"))
        self.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
        current = self.agents.current().name
        listed = self.agents.list()
        for agent in listed:
            action = QAction(agent_text(agent.name, agent.number), self)
            action.setCheckable(True)
            action.setChecked(agent.name == current)
            action.setData(agent.name)
            action.triggered.connect(lambda _c=False, name=agent.name: self.switched.emit(name))
            self.group.addAction(action)
            self.addAction(action)
        if not listed:
            empty = QAction(_("(no agents yet)"), self)
            empty.setEnabled(False)
            self.addAction(empty)
        self.addSeparator()
        manage = QAction(_("Manage agents…"), self)
        manage.triggered.connect(self.manage_requested.emit)
        self.addAction(manage)

    def entries(self) -> list[tuple[str, bool]]:
        """(text, ticked) of each agent entry, as the menu shows them."""
        return [(a.text(), a.isChecked()) for a in self.group.actions()]


class AgentsDialog(QDialog):
    """Add agents (name and ID number), rename or remove them, and switch to one."""

    renamed = Signal(str)  # the new name; records follow the agent (they keep its id)

    def __init__(self, agents: AgentService, on_switch: Callable[[str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agents = agents
        self.on_switch = on_switch
        self.setWindowTitle(_("Agents at this desk"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Agents"))
        self.list.itemActivated.connect(lambda _i: self.switch_selected())
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Name buyers see"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("ID number (工号)"))
        self.add_button = QPushButton(_("&Add"))
        self.add_button.clicked.connect(self.add_agent)
        self.name.returnPressed.connect(self.add_agent)
        self.switch_button = QPushButton(_("&Switch to"))
        self.switch_button.clicked.connect(self.switch_selected)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.rename_button = QPushButton(_("Rena&me"))
        self.rename_button.setToolTip(_("Select an agent, type the new name, then press Rename."))
        self.rename_button.clicked.connect(self.rename_selected)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Name"), self.name)
        form.addRow(_("&ID number"), self.number)
        row = QHBoxLayout()
        row.addWidget(self.switch_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.rename_button)
        row.addStretch(1)
        row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        current = self.agents.current().name
        keep = select or self._selected() or current
        self.list.clear()
        for agent in self.agents.list():
            text = agent_text(agent.name, agent.number)
            item = QListWidgetItem(_("{agent} — at the desk").format(agent=text) if agent.name == current else text)
            item.setData(Qt.ItemDataRole.UserRole, agent.name)
            self.list.addItem(item)
            if agent.name == keep:
                self.list.setCurrentItem(item)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_agent(self) -> None:
        try:
            agent = self.agents.add(self.name.text(), self.number.text())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.name.clear()
        self.number.clear()
        self.message.setText(_("Agent {name} added.").format(name=agent.name))
        self.refresh()

    def switch_selected(self) -> None:
        name = self._selected()
        if name:
            self.on_switch(name)
            self.refresh()

    def rename_selected(self) -> None:
        """The selected agent takes the name typed in the Name field; their memos and notes go with them."""
        old, new = self._selected(), self.name.text().strip()
        if not old or not new:
            self.message.setText(_("Select an agent, type the new name, then press Rename."))
            return
        try:
            agent = self.agents.rename(old, new)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.name.clear()
        self.message.setText(_("Agent {old} is now called {new}.").format(old=old, new=agent.name))
        self.refresh(select=agent.name)
        self.renamed.emit(agent.name)

    def remove_selected(self) -> None:
        name = self._selected()
        if not name:
            return
        try:
            self.agents.remove(name)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(_("Agent {name} removed.").format(name=name))
        self.refresh()
