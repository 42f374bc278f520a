"""The settings dialog and its hotkey field."""
