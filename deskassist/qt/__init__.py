"""Qt runtime without widgets: hotkey bridge, paste engine, single instance, translators."""
