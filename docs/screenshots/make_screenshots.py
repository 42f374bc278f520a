"""Screenshots for the README: the picker, the side panel and the phrase manager in Chinese at 1366×768.

    python docs/screenshots/make_screenshots.py      (needs Xvfb; writes docs/screenshots/*.png)

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
SIZE = "1366x768x24"


def _child() -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication

    from deskassist.app.root import set_display_name
    from deskassist.qt.translators import apply_language
    from deskassist.services.customers import CustomerService
    from deskassist.services.data_folder import open_session
    from deskassist.services.phrases import PhraseService
    from deskassist.services.setup import SetupAnswers, SetupService
    from deskassist.ui.library.manager import PhraseManagerWindow
    from deskassist.ui.notes.buyer_card import BuyerCardWidget
    from deskassist.ui.notes.feature import CurrentBuyer
    from deskassist.ui.panel.side_panel import SidePanel
    from deskassist.ui.picker.popup import PickerPopup

    app = QApplication(sys.argv[:1])
    session = open_session(Path(tempfile.mkdtemp()) / "data")
    session.settings.set("ui.language", "zh_CN")
    apply_language("zh_CN")
    set_display_name(app)
    SetupService(session).complete(SetupAnswers("小美", "8021", "棉麻小铺", "亲"))
    customers = CustomerService(session)
    customers.add("tb_小王2024", platform="taobao", group="vip", tags=["尺码偏大", "回头客"], note="喜欢白色，周末收货")
    phrases = PhraseService(session)
    buyer = CurrentBuyer(customers)
    screen = app.primaryScreen()

    def shot(name: str) -> None:
        app.processEvents()
        screen.grabWindow(0).save(str(HERE / f"{name}.png"))
        print(HERE / f"{name}.png")

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

    @step
    def grab_manager() -> None:
        shot("phrase_manager")
        app.quit()

    def run(index: int = 0) -> None:
        if index < len(steps):
            steps[index]()
            QTimer.singleShot(700, lambda: run(index + 1))

    QTimer.singleShot(300, run)
    app.exec()
    session.close()


def main() -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SIZE, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "zh_CN.UTF-8",
               "PYTHONPATH": str(HERE.parents[1])}
        subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, timeout=120)
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    _child() if "--child" in sys.argv else main()
