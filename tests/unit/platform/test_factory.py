"""Choosing a backend, and the messages when none can work."""

from __future__ import annotations

import pytest

from deskassist.core.errors import UserError
from deskassist.platform.factory import detect


def test_windows_and_x11_are_chosen_by_platform_and_display() -> None:
    assert detect("win32", {}) == "windows"
    assert detect("linux", {"DISPLAY": ":0"}) == "x11"
    assert detect("linux", {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}) == "x11"  # XWayland


def test_wayland_without_xwayland_says_to_use_an_x11_session() -> None:
    with pytest.raises(UserError, match="X11.*Wayland"):
        detect("linux", {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"})


def test_no_display_points_to_the_command_line() -> None:
    with pytest.raises(UserError, match="DISPLAY is not set.*deskassist --help"):
        detect("linux", {})


def test_other_systems_are_named_in_the_message() -> None:
    with pytest.raises(UserError, match="darwin"):
        detect("darwin", {})
