"""Pure Python rules of DeskAssist: never imports PySide6, platform or ui code."""
