"""Every label with a mnemonic (&W → Alt+W) in the notes dialogs has a buddy: without one Qt shows the
ampersand itself, as the follow-up dialog's 「时间(&T)」 did."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from deskassist.services.aftersales import AftersalesService
from deskassist.services.agents import AgentService
from deskassist.services.customers import CustomerService
from deskassist.services.followups import FollowUpService
from deskassist.services.handover import HandoverService
from deskassist.ui.notes.aftersales import CaseDialog
from deskassist.ui.notes.agents import AgentsDialog
from deskassist.ui.notes.customers import CustomerDialog
from deskassist.ui.notes.followups import FollowUpDialog
from deskassist.ui.notes.handover import HandoverWriteDialog

MNEMONIC = re.compile(r"(?<!&)&(?!&)")

BUILDERS = {
    "follow-up": lambda s: FollowUpDialog(FollowUpService(s)),
    "case": lambda s: CaseDialog(AftersalesService(s)),
    "customer": lambda s: CustomerDialog(CustomerService(s)),
    "handover": lambda s: HandoverWriteDialog(HandoverService(s)),
    "agents": lambda s: AgentsDialog(AgentService(s), lambda _name: None),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_labels_with_a_mnemonic_have_a_buddy(qtbot, session, name: str) -> None:
    dialog: QWidget = BUILDERS[name](session)
    qtbot.addWidget(dialog)
    dialog.show()
    orphans = [label.text() for label in dialog.findChildren(QLabel)
               if label.isVisible() and MNEMONIC.search(label.text()) and label.buddy() is None]
    assert orphans == []
