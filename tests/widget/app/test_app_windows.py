"""The one window registry (deskassist.app.windows): the root's windows and the notes windows live in it, one per
kind, and focus goes back to the chat window through it."""

from __future__ import annotations

import logging

import pytest

from deskassist.app.windows import WindowRegistry
from deskassist.ui.notes.feature import NotesFeature

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")


@pytest.fixture
def tray_app(make_desk):
    app = make_desk(load_features=True)
    yield app
    for window in app.windows.values():
        window.close()
        window.deleteLater()


def _notes(app) -> NotesFeature:
    (notes,) = [f for f in app.features if isinstance(f, NotesFeature)]
    return notes


def test_notes_windows_and_the_app_windows_share_one_registry(qtbot, tray_app) -> None:
    notes = _notes(tray_app)
    assert notes.windows is tray_app.windows
    first = notes.open_customers()
    qtbot.waitExposed(first)
    first.close()
    again = notes.open_customers()  # closing only hides a notes window: the same one comes back
    assert again is first and again.isVisible()
    tray_app.open_phrase_manager()
    assert set(tray_app.windows) >= {"customers", "manager"}
    assert tray_app.windows["customers"] is first


def test_closing_the_settings_dialog_removes_it_and_the_next_open_builds_a_new_one(qtbot, tray_app) -> None:
    tray_app.open_settings()
    dialog = tray_app.windows["settings"]
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: "settings" not in tray_app.windows)
    tray_app.open_settings()
    assert tray_app.windows["settings"].isVisible()


def test_a_fresh_dialog_replaces_a_hidden_one_and_the_old_ones_end_leaves_the_new_one(qtbot) -> None:
    from PySide6.QtWidgets import QDialog

    registry = WindowRegistry()
    old = registry.show("write", QDialog, fresh=True)
    old.hide()
    new = registry.show("write", QDialog, fresh=True)
    assert new is not old
    gone: list[bool] = []
    old.destroyed.connect(lambda *_a: gone.append(True))
    old.deleteLater()
    qtbot.waitUntil(lambda: gone == [True])
    assert registry["write"] is new
    new.close()
    new.deleteLater()


class _GoneWindows:
    """A desktop whose target window has been closed meanwhile."""

    def activate(self, window: int) -> bool:
        raise OSError("BadWindow")


def test_focus_back_to_a_vanished_window_is_logged_not_raised(caplog) -> None:
    # an earlier CLI test may have set up the app's loggers (level WARNING, no propagation): listen directly
    app_logger = logging.getLogger("deskassist")
    app_logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="deskassist"):
            WindowRegistry(_GoneWindows()).focus_back(12345)
    finally:
        app_logger.removeHandler(caplog.handler)
    assert [r for r in caplog.records if "focus_back_failed" in r.getMessage()]
