"""Screenshots of every window of the real tray app in Chinese at 1366×768 (the commonest shop-desk screen) and
1920×1080. The README shows the picker, the side panel and the phrase manager and links the rest.

    python docs/screenshots/make_screenshots.py      (needs Xvfb; writes docs/screenshots/*.png for
                                                      1366×768 and docs/screenshots/1920x1080/*.png)
    python docs/screenshots/make_screenshots.py --lang en --out /tmp/shots
                                                     (English, 1366×768 only, for a walk-through)

Runs DeskAssistApp with the X11 backends on a private Xvfb screen of the shop-desk size, on a throw-away data
folder (and autostart folder): first the first-run setup as a new agent sees it, then, with the setup done,
the default pack, buyers, memos, follow-ups, cases and a handover note from the previous shift, each window as
the tray menu opens it. The whole screen is grabbed (QScreen.grabWindow) after each one shows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = {"1366x768x24": HERE, "1920x1080x24": HERE / "1920x1080"}


class ShotClock:
    """The session's clock, set to a Friday morning shift so every run shows the same days and shifts."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 27, 22, 30)

    def now(self) -> datetime:
        return self.moment


def _seed(session: Any, clock: ShotClock) -> None:
    """A week at a small shop, then Friday morning: buyers, memos, follow-ups, cases, and the handover note
    the evening shift left on Thursday night."""
    from deskassist.services.aftersales import AftersalesService
    from deskassist.services.agents import AgentService
    from deskassist.services.customers import CustomerService
    from deskassist.services.followups import FollowUpService
    from deskassist.services.handover import HandoverService, ItemDraft
    from deskassist.services.memos import MemoService
    from deskassist.services.phrases import PhraseService

    phrases, customers = PhraseService(session), CustomerService(session)
    for day, uses in ((23, 9), (24, 14), (25, 11), (26, 17), (27, 6)):
        clock.moment = datetime(2026, 11, day, 15, 0)
        for phrase in phrases.list()[:uses]:
            phrases.record_use(phrase.id, agent="小美")
    clock.moment = datetime(2026, 11, 25, 16, 0)
    customers.add("tb_小王2024", platform="taobao", group="vip", tags=["尺码偏大", "回头客"], note="喜欢白色，周末收货")
    clock.moment = datetime(2026, 11, 26, 11, 0)
    customers.add("jd_李女士", platform="jd", lost_reason="price")
    cases = AftersalesService(session)
    cases.add("exchange", "J20261126015", buyer="jd_李女士")
    clock.moment = datetime(2026, 11, 27, 20, 0)
    customers.add("pdd_阿杰", platform="pdd", lost_reason="courier")
    clock.moment = datetime(2026, 11, 27, 22, 30)
    AgentService(session).add("小李", "8022")
    HandoverService(session).write("晚班：大促咨询多，两单待处理", [
        ItemDraft("chase", "拍下未付款，明早再催一次", "pdd_阿杰"),
        ItemDraft("aftersales", "退款待仓库确认收货", "tb_小王2024")], agent="小李")
    clock.moment = datetime(2026, 11, 28, 9, 20)
    for phrase in phrases.list()[:6]:
        phrases.record_use(phrase.id, agent="小美")
    memos = MemoService(session)
    memos.pin(memos.add("@tb_小王2024 周五前补发白色 M 码 #补发").id)
    memos.add("下午盘点库存 #仓库")
    cases.add("refund", "T20261128001", buyer="tb_小王2024", notes="尺码偏大，买家要退款")
    followups = FollowUpService(session)
    followups.add("催付：拍下未付款", "10分钟后", buyer="pdd_阿杰")
    followups.add("回访白色 M 码是否合适", "明天下午3点", buyer="tb_小王2024")


def _child(out: Path, language: str) -> None:
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from deskassist.app import DeskAssistApp
    from deskassist.app.root import set_display_name
    from deskassist.platform.factory import create_backends
    from deskassist.qt.translators import apply_language
    from deskassist.services.data_folder import open_session
    from deskassist.services.setup import SetupAnswers, SetupService

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as the tray app: closing a dialog ends nothing
    session = open_session(Path(tempfile.mkdtemp()) / "data")
    clock = ShotClock()
    session.clock = clock
    session.settings.set("ui.language", language)
    apply_language(language)
    set_display_name(app)
    desk = DeskAssistApp(session, create_backends(), tray_available=False, autostart_command=["deskassist"])
    desk.start()
    screen = app.primaryScreen()
    area = screen.availableGeometry()
    steps: list[Callable[[], None]] = []
    notes = desk.notes
    assert notes is not None

    def shot(name: str) -> None:
        app.processEvents()
        out.mkdir(parents=True, exist_ok=True)
        screen.grabWindow(0).save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    def window(name: str, show: Callable[[], QWidget | None], *, size: tuple[int, int] | None = None,
               then: Callable[[QWidget], None] | None = None) -> None:
        """Open the window as the app does, grab the screen, close it."""
        shown: list[QWidget] = []

        def open_it() -> None:
            hide_tray_window()
            widget = show()
            assert widget is not None, name
            if size is not None:
                widget.resize(min(size[0], area.width() - 40), min(size[1], area.height() - 60))
            if widget.objectName() not in ("memoCaptureBox", "picker", "sidePanel", "trayMenu"):
                widget.move(area.left() + 40, area.top() + 30)
            if then is not None:
                then(widget)
            shown.append(widget)

        def grab() -> None:
            shot(name)
            shown[0].hide()

        steps.extend([open_it, grab])

    def hide_tray_window() -> None:
        if desk.tray.window is not None:  # Xvfb has no system tray: the app's fallback window, not shot here
            desk.tray.window.hide()

    steps.append(hide_tray_window)

    def fill_setup(dialog: QWidget) -> None:
        dialog.name.setText("小美")
        dialog.shop.setText("棉麻小铺")

    window("setup", lambda: (desk.open_setup(), desk.windows.get("setup"))[1], then=fill_setup)

    def set_up() -> None:
        setup = desk.windows.get("setup")
        if setup is not None:
            setup.close()
        SetupService(session).complete(SetupAnswers("小美", "8021", "棉麻小铺", "亲"))
        _seed(session, clock)
        desk.changes.check()
        notes.check_shift()

    steps.append(set_up)

    def picker() -> QWidget:
        notes.current_buyer.set_nick("tb_小王2024")
        desk.picker.popup(QPoint(area.left() + 420, area.top() + 160))
        desk.picker.search_field.setText("fh")
        return desk.picker

    window("picker", picker)
    window("side_panel", lambda: (desk.panel.present(), desk.panel)[1])

    def manager() -> QWidget | None:
        desk.open_phrase_manager()
        return desk.windows.get("manager")

    window("phrase_manager", manager, size=(1240, 720))

    def memo_box() -> QWidget:
        box = notes.open_memo_box(None)
        box.editor.insertPlainText("问 @tb")
        return box

    window("memo_box", memo_box)
    window("memo_book", notes.open_memos, size=(820, 520))
    window("customers", notes.open_customers, size=(980, 600))
    window("followups", notes.open_followups, size=(900, 520))
    window("aftersales", notes.open_cases, size=(980, 560))
    window("handover_write", notes.open_handover_write)
    window("handover_history", notes.open_handover_history, size=(980, 600))
    window("handover_ack", notes.open_ack)
    window("agents", notes.open_agents)

    def week(reports: QWidget) -> None:
        reports.period.setCurrentIndex(reports.period.findData("week"))

    window("reports", notes.open_reports, size=(1100, 660), then=week)

    def settings() -> QWidget | None:
        desk.open_settings()
        return desk.windows.get("settings")

    def paste_tab(dialog: QWidget) -> None:
        dialog.tabs.setCurrentIndex(2)
        dialog.paste_advanced.set_expanded(True)

    window("settings_paste", settings, then=paste_tab)
    window("settings_shifts", settings,
           then=lambda dialog: dialog.tabs.setCurrentIndex(dialog.tabs.count() - 2))  # before "Other"

    def about() -> QWidget | None:
        desk.open_about()
        return desk.windows.get("about")

    window("about", about)

    def tray_menu() -> QWidget:
        menu = desk.tray.menu
        menu.popup(QPoint(area.right() - 8, area.bottom() - 8))  # where a tray icon's menu opens
        return menu

    window("tray_menu", tray_menu)

    def modal(name: str, run: Callable[[], object], fill: Callable[[Any], None] | None = None) -> None:
        """A dialog that runs its own loop (exec): fill it in and grab it from a timer, then cancel it."""

        def grab_and_cancel() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None and fill is not None:
                fill(dialog)
            QTimer.singleShot(400, lambda: (shot(name), dialog.reject() if dialog is not None else None))

        def step() -> None:
            hide_tray_window()
            QTimer.singleShot(500, grab_and_cancel)
            run()

        steps.append(step)

    def in_window(open_window: Callable[[], Any], method: str) -> Callable[[], object]:
        def run() -> object:
            window = open_window()
            window.move(area.left() + 40, area.top() + 30)
            return getattr(window, method)()

        return run

    def follow_up(dialog: Any) -> None:
        dialog.text.setText("催付：拍下未付款")
        dialog.due.setText("明天下午3点")

    def new_case(dialog: Any) -> None:
        dialog.order_no.setText("T20261128002")
        dialog.buyer.setText("tb_小王2024")

    def new_customer(dialog: Any) -> None:
        dialog.nick.setText("dy_小鹿")
        dialog.tags.setText("新客 #直播间")

    modal("followup_new", in_window(notes.open_followups, "new_followup"), follow_up)
    modal("customer_new", in_window(notes.open_customers, "new_customer"), new_customer)
    modal("aftersales_new", in_window(notes.open_cases, "new_case"), new_case)

    def close_notes_windows() -> None:
        for key in ("followups", "customers", "cases"):
            window = desk.windows.get(key)
            if window is not None:
                window.hide()

    steps.append(close_notes_windows)

    def export_dialog() -> object:
        from deskassist.ui.library.import_export import export_with_dialog

        return export_with_dialog(None, desk.phrases)

    modal("file_dialog", export_dialog)

    def import_dialog() -> QWidget:
        """A colleague's pack, checked before anything is imported: new phrases, a wording warning, a slot."""
        from deskassist.ui.library.import_export import ImportDialog

        pack = Path.home() / "Documents" / "同事的话术.csv"
        pack.write_text("分组,标题,快捷编码,内容,固定\n"
                        "直播间,直播福利,zbfl,亲，直播间下单有专属优惠券哦～,\n"
                        "直播间,主播同款,zbtk,亲，这款就是主播同款，放心拍～,3\n"
                        "价格优惠,最低价,zdj,亲，这是全网最低价了哦～,\n", encoding="utf-8-sig")
        dialog = ImportDialog(desk.phrases, path=pack)
        dialog.show()
        dialog.check()
        return dialog

    window("import_dialog", import_dialog)

    def no_tray() -> None:
        """Without a system tray (some Linux desktops) this window holds the menu and the hotkeys."""
        if desk.tray.window is not None:
            desk.tray.window.show()

    steps.extend([no_tray, lambda: shot("no_tray")])
    steps.append(app.quit)

    def run(index: int = 0) -> None:
        if index < len(steps):
            steps[index]()
            QTimer.singleShot(700, lambda: run(index + 1))

    QTimer.singleShot(500, run)
    app.exec()
    desk.shutdown()
    session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh_CN", help="zh_CN (the default) or en")
    parser.add_argument("--out", type=Path, help="one folder for the 1366×768 shots (default: docs/screenshots)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.lang)
        return
    sizes = {"1366x768x24": args.out} if args.out else SIZES
    for size, out in sizes.items():
        _run_at(size, out, args.lang)


def _run_at(size: str, out: Path, language: str) -> None:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = ":" + pipe.readline().strip()
    try:
        with tempfile.TemporaryDirectory() as folder:  # the app writes its autostart entry here, not in ~
            home = Path(folder) / "xiaomei"
            (home / "Documents").mkdir(parents=True)  # where export dialogs start
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(home),
                   "XDG_CONFIG_HOME": str(home / ".config"),
                   "LANG": "zh_CN.UTF-8" if language == "zh_CN" else "en_US.UTF-8",
                   "PYTHONPATH": str(HERE.parents[1])}
            subprocess.run([sys.executable, __file__, "--lang", language, "--child", str(out)], env=env,
                           check=True, timeout=300)
    finally:
        xvfb.terminate()
        xvfb.wait()


if __name__ == "__main__":
    main()
