"""A real XEmbed system tray for the end-to-end tests and benchmarks: Debian's trayer, docked top left.

Standard library only (like x_harness), so benchmarks can import it by path.
"""

from __future__ import annotations

import subprocess

from x_harness import HarnessError, XServer, wait_until

TRAY_HEIGHT = 28


class TrayHost:
    """trayer docked at the top left: an XEmbed system tray like the ones on many Linux desktops."""

    def __init__(self, xserver: XServer) -> None:
        self.xserver = xserver
        self.proc = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "left", "--widthtype", "pixel", "--width", "120",
             "--heighttype", "pixel", "--height", str(TRAY_HEIGHT), "--SetDockType", "true",
             "--transparent", "false"],
            env=xserver.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.x, self.y, self.width, self.height = wait_until(self._geometry, 10, 0.05, what="trayer's window")

    def _geometry(self) -> tuple[int, int, int, int] | None:
        try:
            out = self.xserver.xdotool_run("search", "--class", "trayer", "getwindowgeometry", "%@")
        except HarnessError:
            return None
        best = None
        for block in out.split("Window ")[1:]:
            lines = block.splitlines()
            pos = next(line for line in lines if "Position" in line).split(":")[1].split("(")[0].strip()
            size = next(line for line in lines if "Geometry" in line).split(":")[1].strip()
            x, y = (int(v) for v in pos.split(","))
            w, h = (int(v) for v in size.split("x"))
            if h == TRAY_HEIGHT and (best is None or w > best[2]):
                best = (x, y, w, h)
        return best

    def icon_point(self) -> tuple[int, int]:
        """The middle of the first (only) icon slot."""
        return self.x + self.height // 2, self.y + self.height // 2

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
