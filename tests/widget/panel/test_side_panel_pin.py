"""Phrases on a pinned slot (Ctrl+Alt+1…9) carry the drawn pin in the side panel and the phrase manager:
the 📌 character is an empty box on a desk without an emoji font."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage

from deskassist.services.phrases import PhraseService
from deskassist.ui.library.manager import PhraseManagerWindow
from deskassist.ui.panel.side_panel import SidePanel
from deskassist.ui.widgets.icons import pin_icon

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _red_pixels(image: QImage, top: int, bottom: int) -> int:
    return sum(1 for y in range(top, bottom) for x in range(image.width())
               if (c := image.pixelColor(x, y)).red() > 200 and c.green() < 90 and c.blue() < 90)


def test_panel_rows_of_pinned_phrases_show_the_drawn_pin(qtbot, session) -> None:
    phrases = PhraseService(session)
    panel = SidePanel(phrases, session.settings, state_dir=session.data_dir)
    qtbot.addWidget(panel)
    panel.present()
    qtbot.waitExposed(panel)
    model = panel.model
    pinned = next(r for r in range(model.rowCount()) if model.phrase_at(r).pinned)
    plain = next(r for r in range(model.rowCount()) if not model.phrase_at(r).pinned)
    icon = model.index(pinned, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and icon.cacheKey() == pin_icon().cacheKey()
    assert model.index(plain, 0).data(Qt.ItemDataRole.DecorationRole) is None
    image = panel.list.viewport().grab().toImage()
    for row, expected in ((pinned, True), (plain, False)):
        rect = panel.list.visualRect(model.index(row, 0))
        assert (_red_pixels(image, rect.top(), rect.bottom()) > 10) is expected, row


def test_manager_rows_of_pinned_phrases_show_the_drawn_pin(qtbot, session) -> None:
    window = PhraseManagerWindow(session)
    qtbot.addWidget(window)
    window.search_edit.setText("hy")
    model = window.phrase_model
    rows = {model.phrase_at(r).pinned: model.index(r, 0) for r in range(model.rowCount())}
    assert any(rows) and None in rows
    assert all((index.data(Qt.ItemDataRole.DecorationRole) is not None) is bool(slot) for slot, index in rows.items())
    window.editor.revert()
