"""python -m deskassist and the `deskassist` command: the tray app grabs its hotkeys first (early_start, before
click, Qt and the UI are loaded), then everything hands over to the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    from deskassist import early_start

    early_start.start(sys.argv[1:] if argv is None else argv)
    from deskassist.cli import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
