"""Start at login on Linux: the XDG autostart desktop file."""

from __future__ import annotations

from pathlib import Path

from deskassist.platform.x11 import XdgAutostart, desktop_exec


def test_enable_writes_a_desktop_entry_and_disable_removes_it(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    assert not autostart.is_enabled()
    autostart.enable(["/usr/bin/python3", "-m", "deskassist", "--data-dir", "/home/小王/客服 数据"])
    text = (tmp_path / "autostart" / "deskassist.desktop").read_text(encoding="utf-8")
    assert "[Desktop Entry]" in text and "Type=Application" in text
    assert 'Exec=/usr/bin/python3 -m deskassist --data-dir "/home/小王/客服 数据"\n' in text
    assert autostart.is_enabled()
    autostart.disable()
    autostart.disable()
    assert not autostart.is_enabled()


def test_xdg_config_home_is_honoured(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert XdgAutostart().path == tmp_path / "cfg" / "autostart" / "deskassist.desktop"


def test_exec_quoting_follows_the_desktop_entry_spec() -> None:
    assert desktop_exec(["a", "b c", 'say "hi"', "$HOME", "50%"]) == r'a "b c" "say \"hi\"" "\$HOME" "50%%"'
