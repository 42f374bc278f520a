"""Screenshots in Chinese at 1366×768 (the commonest shop-desk screen) and 1920×1080: the picker, the side
panel and the phrase manager (shown in the README), and the memo box, memo book, agents, reports, settings
and the file dialog (checked by eye).

    python docs/screenshots/make_screenshots.py      (needs Xvfb; writes docs/screenshots/*.png for
                                                      1366×768 and docs/screenshots/1920x1080/*.png)

Runs the real widgets on a private Xvfb screen of the shop-desk size, on a throw-away data folder with the
default pack, a set-up agent and one buyer, and grabs the whole screen (QScreen.grabWindow) after each shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"1366x768x24": HERE, "1920x1080x24": HERE / "1920x1080"}


def _child(out: Path) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from deskassist.app.root import set_display_name
    from deskassist.qt.translators import apply_language
    from deskassist.services.aftersales import AftersalesService
    from deskassist.services.agents import AgentService
    from deskassist.services.customers import CustomerService
    from deskassist.services.data_folder import open_session
    from deskassist.services.memos import MemoService
    from deskassist.services.phrases import PhraseService
    from deskassist.services.reports import ReportService
    from deskassist.services.setup import SetupAnswers, SetupService
    from deskassist.ui.library.manager import PhraseManagerWindow
    from deskassist.ui.notes.agents import AgentsDialog
    from deskassist.ui.notes.buyer_card import BuyerCardWidget
    from deskassist.ui.notes.feature import CurrentBuyer
    from deskassist.ui.notes.memo_capture import MemoCaptureBox
    from deskassist.ui.notes.memos import MemoWindow
    from deskassist.ui.notes.reports import ReportsWindow
    from deskassist.ui.panel.side_panel import SidePanel
    from deskassist.ui.picker.popup import PickerPopup
    from deskassist.ui.settings.dialog import SettingsDialog
    from deskassist.ui.widgets.file_dialogs import SafeFileDialog

    app = QApplication(sys.argv[:1])
    session = open_session(Path(tempfile.mkdtemp()) / "data")
    session.settings.set("ui.language", "zh_CN")
    apply_language("zh_CN")
    set_display_name(app)
    SetupService(session).complete(SetupAnswers("小美", "8021", "棉麻小铺", "亲"))
    customers = CustomerService(session)
    customers.add("tb_小王2024", platform="taobao", group="vip", tags=["尺码偏大", "回头客"], note="喜欢白色，周末收货")
    customers.add("jd_李女士", platform="jd", lost_reason="price")
    customers.add("pdd_阿杰", platform="pdd", lost_reason="courier")
    phrases = PhraseService(session)
    for phrase in phrases.list()[:6]:
        phrases.record_use(phrase.id, agent="小美")
    memos = MemoService(session)
    memos.pin(memos.add("@tb_小王2024 周五前补发白色 M 码 #补发").id)
    memos.add("下午盘点库存 #仓库")
    AftersalesService(session).add("refund", "T20261128001", buyer="tb_小王2024")
    agents = AgentService(session)
    agents.add("小李", "8022")
    buyer = CurrentBuyer(customers)
    screen = app.primaryScreen()

    def shot(name: str) -> None:
        app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        screen.grabWindow(0).save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    picker = PickerPopup(phrases, groups=lambda: buyer.groups,
                         preview=lambda p: phrases.render(p.id, buyer=buyer.nick),
                         missing=lambda p: phrases.empty_placeholders(p.body, buyer=buyer.nick))
    card = BuyerCardWidget(closable=True)
    card.follow(buyer)
    picker.attach_buyer(buyer, card)
    panel = SidePanel(phrases, session.settings, state_dir=session.data_dir, capture_target=lambda: None,
                      preview=lambda p: phrases.render(p.id, buyer=buyer.nick))
    panel.attach_buyer(buyer)
    manager = PhraseManagerWindow(session, service=phrases)

    steps = []

    def step(fn):  # noqa: ANN001, ANN202
        steps.append(fn)
        return fn

    @step
    def show_picker() -> None:
        buyer.set_nick("tb_小王2024")
        picker.popup(QPoint(420, 160))
        picker.search_field.setText("fh")

    @step
    def grab_picker() -> None:
        shot("picker")
        picker.hide()
        panel.present()

    @step
    def grab_panel() -> None:
        shot("side_panel")
        panel.hide()
        manager.resize(1200, 700)
        manager.move(80, 30)
        manager.show()

    memo_box = MemoCaptureBox(memos, lookup=buyer.lookup, current=lambda: buyer.customer)
    memo_book = MemoWindow(memos)
    agents_dialog = AgentsDialog(agents, agents.switch)
    reports = ReportsWindow(ReportService(session), session.clock)
    settings_dialog = SettingsDialog(session.settings, session=session)
    file_dialog = SafeFileDialog(None, "导出话术", str(Path.home()), "Excel 工作簿 (*.xlsx)",
                                 QFileDialog.AcceptMode.AcceptSave)

    @step
    def grab_manager() -> None:
        shot("phrase_manager")
        manager.hide()
        memo_box.open()
        memo_box.editor.insertPlainText("问 @tb")

    def show_then_grab(name: str, widget, before=None):  # noqa: ANN001, ANN202
        def show() -> None:
            if before is not None:
                before()
            widget.move(60, 40)
            widget.show()

        def grab() -> None:
            shot(name)
            widget.hide()

        steps.extend([show, grab])

    @step
    def grab_memo_box() -> None:
        shot("memo_box")
        memo_box.hide()

    show_then_grab("memo_book", memo_book, memo_book.refresh)
    show_then_grab("agents", agents_dialog)
    show_then_grab("reports", reports, lambda: reports.period.setCurrentIndex(reports.period.findData("week")))

    def paste_tab() -> None:
        settings_dialog.tabs.setCurrentIndex(2)
        settings_dialog.paste_advanced.set_expanded(True)

    show_then_grab("settings_paste", settings_dialog, paste_tab)
    show_then_grab("settings_shifts", settings_dialog,
                   lambda: settings_dialog.tabs.setCurrentIndex(settings_dialog.tabs.count() - 2))  # before "Other"
    show_then_grab("file_dialog", file_dialog)
    steps.append(app.quit)

    def run(index: int = 0) -> None:
        if index < len(steps):
            steps[index]()
            QTimer.singleShot(700, lambda: run(index + 1))

    QTimer.singleShot(300, run)
    app.exec()
    session.close()


def main() -> None:
    for size, out in SIZES.items():
        _run_at(size, out)


def _run_at(size: str, out: Path) -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "zh_CN.UTF-8",
               "PYTHONPATH": str(HERE.parents[1])}
        subprocess.run([sys.executable, __file__, "--child", str(out)], env=env, check=True, timeout=180)
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    _child(Path(sys.argv[2])) if "--child" in sys.argv else main()
