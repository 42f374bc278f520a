"""Help and about (tray menu): what the hotkeys do, where the data lives, the version. Short on purpose: an
agent needs the three keys and where to look, not a manual."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from deskassist import __version__
from deskassist.i18n import _
from deskassist.ui.widgets.forms import add_shortcuts


class AboutWindow(QDialog):
    def __init__(self, hotkeys_text: str, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutWindow")
        self.setWindowTitle(_("Help and about"))
        self.setMinimumWidth(460)
        self.body = QLabel(
            "<b>" + _("DeskAssist") + f"</b> {__version__}<br><br>"
            + _("In the chat window press the picker hotkey, type pinyin initials (fh for 发货), a code or a few "
                "characters, and press Enter: the reply lands in the chat box. Alt+1…9 picks a row, Ctrl+Enter "
                "also sends it. Type @ and a nickname first to set the buyer.") + "<br><br>"
            + "<br>".join(_escape(line) for line in hotkeys_text.splitlines()) + "<br><br>"
            + _("Your data: {folder}").format(folder=_escape(data_dir)))
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        add_shortcuts(self, [(_("Close"), "Esc", self.close)])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
