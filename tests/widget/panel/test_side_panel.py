"""The side panel: never takes the focus, category tabs, single click fills in, double click sends,
docks to the configured edge and remembers its size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import QApplication, QDialog, QToolTip

from deskassist.services.phrases import PhraseService
from deskassist.ui.panel.side_panel import SidePanel

TARGET = 777


@pytest.fixture
def phrases(session) -> PhraseService:
    return PhraseService(session)


@pytest.fixture
def panel(qtbot, phrases, session) -> SidePanel:
    captured: list[int] = []

    def capture() -> int:
        captured.append(TARGET)
        return TARGET

    widget = SidePanel(phrases, session.settings, state_dir=session.data_dir, capture_target=capture)
    widget.captured = captured
    qtbot.addWidget(widget)
    widget.present()
    qtbot.waitExposed(widget)
    return widget


def row_point(panel: SidePanel, row: int) -> QPoint:
    return panel.list.visualRect(panel.model.index(row, 0)).center()


def test_window_never_takes_the_focus(panel) -> None:
    flags = panel.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.Tool
    assert panel.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert panel.list.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert panel.categories.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert panel.windowHandle().flags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_categories_in_one_list_and_their_phrases(qtbot, panel, phrases) -> None:
    """Issue 12: 17 category tabs needed arrow scrolling; one drop-down list shows them all."""
    names = [panel.categories.itemText(i) for i in range(panel.categories.count())]
    assert names == ["All"] + [c.name for c in phrases.categories()]
    assert panel.model.rowCount() == len(phrases.list())
    category = phrases.categories()[2].name
    panel.categories.setCurrentIndex(3)
    assert panel.current_category() == category
    shown = [panel.model.phrase_at(r) for r in range(panel.model.rowCount())]
    assert shown and all(p.category == category for p in shown)
    assert [p.id for p in shown] == [p.id for p in phrases.list(category=category)]


def test_single_click_fills_in_without_sending(qtbot, panel) -> None:
    expected = panel.model.phrase_at(1).id
    with qtbot.waitSignal(panel.phrase_chosen, timeout=QApplication.doubleClickInterval() + 2000) as chosen:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=row_point(panel, 1))
    assert chosen.args == [expected, False, TARGET]
    assert panel.captured == [TARGET]


def test_double_click_sends_once_and_no_single_click_follows(qtbot, panel) -> None:
    expected = panel.model.phrase_at(0).id
    received: list[list] = []
    panel.phrase_chosen.connect(lambda *args: received.append(list(args)))
    point = row_point(panel, 0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(QApplication.doubleClickInterval() + 200)
    assert received == [[expected, True, TARGET]]


def test_docks_to_the_configured_edge_and_remembers_size(qtbot, panel, session, phrases) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert panel.geometry().right() == area.right()
    session.settings.set("ui.panel_edge", "left")
    panel.dock()
    assert panel.geometry().left() == area.left()
    panel.setGeometry(QRect(area.left(), area.top() + 50, 350, 400))
    panel.hide()

    again = SidePanel(phrases, session.settings, state_dir=session.data_dir)
    qtbot.addWidget(again)
    again.present()
    assert again.geometry() == QRect(area.left(), area.top() + 50, 350, 400)
    session.settings.set("ui.panel_edge", "right")
    again.dock()
    assert again.geometry().right() == area.right() and again.geometry().width() == 350


def test_search_box_finds_phrases_and_pastes_into_the_chat_window_it_came_from(qtbot, panel, phrases) -> None:
    """Issue 12: no search box. Clicking it lets the panel take the keyboard; the chat window stays the target."""
    qtbot.mouseClick(panel.search, Qt.MouseButton.LeftButton)
    assert panel.captured == [TARGET]  # captured before the panel took the focus
    assert not panel.windowHandle().flags() & Qt.WindowType.WindowDoesNotAcceptFocus
    panel.search.setText("fh")
    wanted = [p.id for p in phrases.search("fh", limit=50)]
    assert wanted and [panel.model.phrase_at(r).id for r in range(panel.model.rowCount())] == wanted
    with qtbot.waitSignal(panel.phrase_chosen, timeout=QApplication.doubleClickInterval() + 2000) as chosen:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=row_point(panel, 0))
    assert chosen.args == [wanted[0], False, TARGET]
    assert panel.captured == [TARGET]  # not the panel itself
    assert panel.windowHandle().flags() & Qt.WindowType.WindowDoesNotAcceptFocus  # never takes focus again
    panel.search.clear()
    assert panel.model.rowCount() == len(phrases.list())


def test_hovering_a_row_shows_its_whole_text(qtbot, panel) -> None:
    """Issue 12: phrases cut to ~15 characters with no hover text."""
    phrase = panel.model.phrase_at(0)
    point = row_point(panel, 0)
    QApplication.sendEvent(panel.list.viewport(), QHelpEvent(QEvent.Type.ToolTip, point,
                                                             panel.list.viewport().mapToGlobal(point)))
    assert QToolTip.text() == phrase.body


def test_the_panel_leaves_the_top_while_another_window_of_ours_is_active(qtbot, panel) -> None:
    """Issue 12: the panel stayed on top of windows opened later (settings, phrase manager)."""
    other = QDialog()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is other.windowHandle())
    assert not panel.windowHandle().flags() & Qt.WindowType.WindowStaysOnTopHint
    other.close()
    panel._focus_window_changed(None)  # another program's window: the chat client
    assert panel.windowHandle().flags() & Qt.WindowType.WindowStaysOnTopHint
