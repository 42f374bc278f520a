"""python -m deskassist and the `deskassist` command: the tray app grabs its hotkeys first (early_start, before
click, Qt and the UI are loaded) and then starts without the command line; every command goes to the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    from deskassist import early_start

    args = sys.argv[1:] if argv is None else argv
    early_start.start(args)
    launch = early_start.plain_app_launch(args)
    if launch is not None:
        from deskassist.app.launch import launch_tray_app

        sys.exit(launch_tray_app(launch[0]))
    from deskassist.cli import main as cli_main

    cli_main(argv)


if __name__ == "__main__":
    main()
