"""The first-run setup: who is answering (客服名, 工号), for which shop, how buyers are addressed, and the
hotkeys with a ten-second try-it. Shown once on the first start (SetupService.needed); every field is in
Settings later too.

Until the name and shop are set the default phrases leave them out; this window shows the greeting as a buyer
would read it while the agent types, so the effect of each field is visible before the first paste.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist.core.errors import UserError
from deskassist.i18n import _
from deskassist.services.setup import SetupAnswers, SetupService

TRY_SECONDS = 10
NICK_CHOICE = "nick"


class SetupDialog(QDialog):
    """Asks once; 完成 writes everything in one transaction, 以后再说 counts as asked."""

    try_started = Signal()  # the app sends the next picker hotkey here instead of opening the picker
    try_ended = Signal()

    def __init__(self, setup: SetupService, hotkeys: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """hotkeys is [(what it does, combo)], the picker's first."""
        super().__init__(parent)
        self.setup = setup
        self.setObjectName("setupDialog")
        self.setWindowTitle(_("First-run setup"))  # Qt appends the app's name
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(520)
        answers = setup.answers()

        intro = QLabel(_("Tell DeskAssist who is answering: phrases fill in your name, ID number and the shop "
                         "({客服}, {工号}, {店铺}) and address buyers the way your shop does ({客户})."))
        intro.setWordWrap(True)
        self.name = QLineEdit(answers.agent_name)
        self.name.setPlaceholderText(_("e.g. 小美"))
        self.name.setAccessibleName(_("Your name as buyers see it"))
        self.agent_id = QLineEdit(answers.agent_id)
        self.agent_id.setPlaceholderText(_("e.g. 8021 (optional)"))
        self.agent_id.setAccessibleName(_("Agent ID number"))
        self.shop = QLineEdit(answers.shop)
        self.shop.setPlaceholderText(_("e.g. 棉麻小铺"))
        self.shop.setAccessibleName(_("Shop name"))
        self.salutation = QComboBox()
        self.salutation.setAccessibleName(_("How to address buyers"))
        for text, value in ((_("亲 (dear)"), "亲"), (_("宝 (darling)"), "宝"),
                            (_("The buyer's nickname"), NICK_CHOICE)):
            self.salutation.addItem(text, value)
        known = self.salutation.findData(answers.salutation)
        if known < 0:
            self.salutation.addItem(answers.salutation, answers.salutation)
            known = self.salutation.count() - 1
        self.salutation.setCurrentIndex(known)

        form = QFormLayout()
        form.addRow(_("Your &name (客服名):"), self.name)
        form.addRow(_("Agent &ID (工号):"), self.agent_id)
        form.addRow(_("&Shop (店铺):"), self.shop)
        form.addRow(_("&Address buyers as:"), self.salutation)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("setupPreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("A buyer reads:"), self.preview_label)

        keys_box = QGroupBox(_("Hotkeys (change them in Settings)"))
        keys_layout = QVBoxLayout(keys_box)
        self.hotkey_lines = QLabel("\n".join(f"{combo}\t{what}" for what, combo in hotkeys if combo))
        keys_layout.addWidget(self.hotkey_lines)
        self._picker_combo = hotkeys[0][1] if hotkeys else ""
        try_row = QHBoxLayout()
        self.try_button = QPushButton(_("&Try the picker hotkey"))
        self.try_button.setEnabled(bool(self._picker_combo))
        self.try_button.clicked.connect(self.start_try)
        self.try_status = QLabel("")
        self.try_status.setObjectName("setupTryStatus")
        self.try_status.setWordWrap(True)
        try_row.addWidget(self.try_button)
        try_row.addWidget(self.try_status, 1)
        keys_layout.addLayout(try_row)

        self.start_at_login = QCheckBox(_("Start DeskAssist when I log in"))
        self.start_at_login.setChecked(answers.start_at_login)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton(_("&Done"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(_("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.finish)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(keys_box)
        layout.addWidget(self.start_at_login)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.try_button.setAutoDefault(False)
        self.done_button.setDefault(True)  # Enter in any field means 完成 (set once the button is in the dialog)

        self._seconds_left = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        for field in (self.name, self.agent_id, self.shop):
            field.textChanged.connect(self._refresh_preview)
        self.salutation.currentIndexChanged.connect(self._refresh_preview)
        self._refresh_preview()

    # --- answers ----------------------------------------------------------------------------------------
    def answers(self) -> SetupAnswers:
        return SetupAnswers(self.name.text(), self.agent_id.text(), self.shop.text(),
                            str(self.salutation.currentData() or self.salutation.currentText()),
                            self.start_at_login.isChecked())

    def _refresh_preview(self) -> None:
        try:
            self.preview_label.setText(self.setup.greeting_preview(self.answers()))
        except UserError:
            self.preview_label.setText("")

    def finish(self) -> None:
        try:
            self.setup.complete(self.answers())
        except UserError as exc:
            self.message.setText(str(exc))
            self.name.setFocus()
            return
        self._stop_try()
        self.accept()

    def reject(self) -> None:
        """Later, Esc or the window's close button: asked once, every field stays in Settings."""
        self.setup.skip()
        self._stop_try()
        super().reject()

    # --- the ten-second try-it --------------------------------------------------------------------------
    def is_trying(self) -> bool:
        return self._tick.isActive()

    def start_try(self) -> None:
        self._seconds_left = TRY_SECONDS
        self.try_status.setText(_("Press {combo} now ({seconds} s) …").format(
            combo=self._picker_combo, seconds=self._seconds_left))
        self._tick.start()
        self.try_started.emit()

    def hotkey_received(self, name: str) -> None:
        """The app hands the picker hotkey here while trying: it works, and nothing opens over this window."""
        if not self.is_trying() or name != "picker":
            return
        self._stop_try()
        self.try_status.setText(_("✓ {combo} works. In the chat window it opens the phrase picker.").format(
            combo=self._picker_combo))

    def _count_down(self) -> None:
        self._seconds_left -= 1
        if self._seconds_left > 0:
            self.try_status.setText(_("Press {combo} now ({seconds} s) …").format(
                combo=self._picker_combo, seconds=self._seconds_left))
            return
        self._stop_try()
        self.try_status.setText(_("{combo} did not arrive: another program may be using it. Choose another "
                                  "combination in Settings.").format(combo=self._picker_combo))

    def _stop_try(self) -> None:
        if self._tick.isActive():
            self._tick.stop()
            self.try_ended.emit()
